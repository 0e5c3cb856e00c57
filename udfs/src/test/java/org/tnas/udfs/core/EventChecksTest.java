package org.tnas.udfs.core;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.tnas.formats.errors.EventErrorCode;
import org.tnas.formats.errors.ProjectException;
import org.tnas.formats.events.EventBatch;
import org.tnas.formats.events.SensorGeometry;

class EventChecksTest {
  private static final SensorGeometry SENSOR = new SensorGeometry(320, 240);

  @Test
  void acceptsValidAndEmptySamples() {
    assertThatCode(() -> EventChecks.requireValid(TestEvents.of(0, 0, 0, 0, 319, 239, 0, 1, 5, 5, 7, 0), SENSOR))
        .doesNotThrowAnyException();
    assertThatCode(() -> EventChecks.requireValid(new EventBatch(0), SENSOR)).doesNotThrowAnyException();
  }

  @Test
  void rejectsEventOutsideTheSensor() {
    assertThatThrownBy(() -> EventChecks.requireValid(TestEvents.of(1, 1, 0, 0, 400, 3, 5, 1), SENSOR))
        .isInstanceOf(ProjectException.class)
        .hasMessage("Invalid event 1: x = 400 is outside the sensor 320x240")
        .satisfies(e -> org.assertj.core.api.Assertions.assertThat(((ProjectException) e).code()).isEqualTo(EventErrorCode.INVALID_EVENT));
    assertThatThrownBy(() -> EventChecks.requireValid(TestEvents.of(-1, 1, 0, 0), SENSOR))
        .hasMessage("Invalid event 0: x = -1 is outside the sensor 320x240");
    assertThatThrownBy(() -> EventChecks.requireValid(TestEvents.of(1, 240, 0, 0), SENSOR))
        .hasMessage("Invalid event 0: y = 240 is outside the sensor 320x240");
  }

  @Test
  void rejectsBadPolarityNegativeAndUnsortedTime() {
    assertThatThrownBy(() -> EventChecks.requireValid(TestEvents.of(1, 1, 0, -1), SENSOR))
        .hasMessage("Invalid event 0: polarity = -1, expected 0 or 1");
    assertThatThrownBy(() -> EventChecks.requireValid(TestEvents.of(1, 1, -5, 1), SENSOR))
        .hasMessage("Invalid event 0: t = -5 is negative");
    assertThatThrownBy(() -> EventChecks.requireValid(TestEvents.of(1, 1, 20, 1, 1, 1, 10, 1), SENSOR))
        .hasMessage("Invalid event 1: t = 10 is before the previous t = 20 (timestamps must be sorted)");
    assertThatThrownBy(() -> EventChecks.requireSortedTime(new long[] {3, 2}, 2))
        .hasMessage("Invalid event 1: t = 2 is before the previous t = 3 (timestamps must be sorted)");
  }

  @Test
  void rejectsNulls() {
    assertThatThrownBy(() -> EventChecks.requireValid(null, SENSOR)).hasMessage("events is null");
    assertThatThrownBy(() -> EventChecks.requireValid(new EventBatch(0), null)).hasMessage("geometry is null");
  }
}
