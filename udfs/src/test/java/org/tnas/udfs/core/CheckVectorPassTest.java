package org.tnas.udfs.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.tnas.formats.events.EventBatch;
import org.tnas.formats.events.SensorGeometry;

/** The vectorised column checks return what the scalar ones return, in the vector body and the tail. */
class CheckVectorPassTest {
  @Test
  void coordinatesAgreeWithTheScalarCheck() {
    Assumptions.assumeTrue(VectorSupport.AVAILABLE, VectorSupport.REASON);
    SplittableRandom random = new SplittableRandom(1);
    short[] planted = {-1, 0, 199, 200, 201, Short.MIN_VALUE, Short.MAX_VALUE, -200};
    for (int n : new int[] {0, 1, 7, 31, 32, 33, 64, 100, 1000}) {
      short[] values = new short[n];
      for (int i = 0; i < n; i++) {
        values[i] = (short) random.nextInt(200);
      }
      assertThat(CheckVectorPass.coordinatesValid(values, n, 200)).isTrue().isEqualTo(EventChecks.coordinatesValid(values, n, 200));
      for (int at = 0; at < n; at += Math.max(1, n / 9)) {
        for (short value : planted) {
          short[] copy = values.clone();
          copy[at] = value;
          assertThat(CheckVectorPass.coordinatesValid(copy, n, 200)).as("n %d at %d value %d", n, at, value)
              .isEqualTo(EventChecks.coordinatesValid(copy, n, 200)).isEqualTo(value >= 0 && value < 200);
        }
      }
    }
    short[] wide = {0, 32766, 5};
    assertThat(CheckVectorPass.coordinatesValid(wide, 3, 32767)).isTrue();
  }

  @Test
  void polaritiesAgreeWithTheScalarCheck() {
    Assumptions.assumeTrue(VectorSupport.AVAILABLE, VectorSupport.REASON);
    SplittableRandom random = new SplittableRandom(2);
    byte[] planted = {-1, 0, 1, 2, Byte.MIN_VALUE, Byte.MAX_VALUE};
    for (int n : new int[] {0, 1, 63, 64, 65, 130, 1000}) {
      byte[] values = new byte[n];
      for (int i = 0; i < n; i++) {
        values[i] = (byte) random.nextInt(2);
      }
      assertThat(CheckVectorPass.polaritiesValid(values, n)).isTrue();
      for (int at = 0; at < n; at += Math.max(1, n / 9)) {
        for (byte value : planted) {
          byte[] copy = values.clone();
          copy[at] = value;
          assertThat(CheckVectorPass.polaritiesValid(copy, n)).as("n %d at %d value %d", n, at, value)
              .isEqualTo(EventChecks.polaritiesValid(copy, n)).isEqualTo(value == 0 || value == 1);
        }
      }
    }
  }

  @Test
  void timesAgreeWithTheScalarCheck() {
    Assumptions.assumeTrue(VectorSupport.AVAILABLE, VectorSupport.REASON);
    for (int n : new int[] {0, 1, 2, 8, 9, 17, 100, 1000}) {
      long[] t = new long[n];
      for (int i = 0; i < n; i++) {
        t[i] = 1000 + i / 3;
      }
      assertThat(CheckVectorPass.timesValid(t, n)).isTrue();
      for (int at = 0; at < n; at += Math.max(1, n / 9)) {
        long[] decreasing = t.clone();
        decreasing[at] -= at == 0 ? 2000 : 2;
        assertThat(CheckVectorPass.timesValid(decreasing, n)).as("n %d at %d", n, at)
            .isEqualTo(EventChecks.timesValid(decreasing, n)).isFalse();
      }
    }
  }

  @Test
  void largeBatchesReportTheFirstInvalidEventAsBefore() {
    SensorGeometry sensor = new SensorGeometry(64, 48);
    EventBatch events = TestEvents.random(4, 5000, sensor, 0);
    EventChecks.requireValid(events, sensor);
    EventBatch bad = events.copy();
    bad.x()[4321] = 64;
    assertThatThrownBy(() -> EventChecks.requireValid(bad, sensor)).hasMessage("Invalid event 4321: x = 64 is outside the sensor 64x48");
  }
}
