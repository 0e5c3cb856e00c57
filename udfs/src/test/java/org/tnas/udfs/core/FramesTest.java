package org.tnas.udfs.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.tnas.formats.errors.ProjectException;
import org.tnas.formats.events.EventBatch;
import org.tnas.formats.events.SensorGeometry;

class FramesTest {
  private static final SensorGeometry SENSOR = new SensorGeometry(40, 30);

  @Test
  void countFramesHoldEveryEventAtItsPixel() {
    EventBatch events = TestEvents.of(1, 2, 0, 1, 1, 2, 5, 1, 3, 4, 10, 0, 39, 29, 20, 1);
    FrameTensor frames = Frames.toFrames(events, SENSOR, Slicing.byTimeBins(2), FrameMode.COUNT);
    assertThat(frames.slices()).isEqualTo(2);
    assertThat(frames.values()).hasSize(2 * 2 * 30 * 40);
    assertThat(frames.value(0, 1, 2, 1)).isEqualTo(2f);
    assertThat(frames.value(1, 0, 4, 3)).isEqualTo(1f);
    assertThat(frames.value(1, 1, 29, 39)).isEqualTo(1f);
    assertThat(frames.sliceSum(0) + frames.sliceSum(1)).isEqualTo(4);
  }

  @Test
  void propertiesOnRandomSamples() {
    for (long seed = 0; seed < 20; seed++) {
      EventBatch events = TestEvents.random(seed, 2000, SENSOR, 1_600_000_000_000_000L);
      EventBatch before = events.copy();
      int bins = 1 + (int) (seed % 7);
      FrameTensor counts = Frames.toFrames(events, SENSOR, Slicing.byTimeBins(bins), FrameMode.COUNT);
      FrameTensor binary = Frames.toFrames(events, SENSOR, Slicing.byTimeBins(bins), FrameMode.BINARY);
      double total = 0;
      for (int i = 0; i < counts.values().length; i++) {
        total += counts.values()[i];
        assertThat(binary.values()[i]).isEqualTo(counts.values()[i] > 0 ? 1f : 0f);
      }
      assertThat(total).isEqualTo(2000);
      assertThat(TestEvents.same(events, before)).as("input unchanged").isTrue();
      // same input, same output
      assertThat(Frames.toFrames(events, SENSOR, Slicing.byTimeBins(bins), FrameMode.COUNT)).isEqualTo(counts);
      // down-scaling keeps every event (sum pooling)
      FrameTensor small = Frames.toFrames(events, SENSOR, Slicing.byTimeBins(bins), FrameMode.COUNT, PixelRegion.of(SENSOR), 13, 7);
      double smallTotal = 0;
      for (float v : small.values()) {
        smallTotal += v;
      }
      assertThat(smallTotal).isEqualTo(2000);
    }
  }

  @Test
  void upscalingEqualsNearestNeighbourResizeOfTheFrame() {
    EventBatch events = TestEvents.random(3, 500, SENSOR, 0);
    PixelRegion region = new PixelRegion(5, 4, 17, 11);
    int width = 64;
    int height = 48;
    FrameTensor full = Frames.toFrames(events, SENSOR, Slicing.byTimeBins(2), FrameMode.COUNT);
    FrameTensor resized = Frames.toFrames(events, SENSOR, Slicing.byTimeBins(2), FrameMode.COUNT, region, width, height);
    for (int s = 0; s < 2; s++) {
      for (int p = 0; p < 2; p++) {
        for (int j = 0; j < height; j++) {
          for (int i = 0; i < width; i++) {
            int sourceX = region.x() + (int) ((long) i * region.width() / width);
            int sourceY = region.y() + (int) ((long) j * region.height() / height);
            assertThat(resized.value(s, p, j, i)).isEqualTo(full.value(s, p, sourceY, sourceX));
          }
        }
      }
    }
  }

  @Test
  void representationStacksPolarityChannelsPerTimeBin() {
    EventBatch events = TestEvents.of(0, 0, 0, 0, 10, 10, 100, 1, 39, 29, 600, 1);
    FrameRepresentation representation = FrameRepresentation.timeBins(6, FrameMode.BINARY, 40, 30);
    float[] input = representation.encode(events, SENSOR);
    assertThat(representation.shape()).containsExactly(12, 30, 40);
    assertThat(input).hasSize(12 * 30 * 40);
    int plane = 30 * 40;
    assertThat(input[0]).isEqualTo(1f); // bin 0, OFF, (0, 0)
    assertThat(input[(2 * 1 + 1) * plane + 10 * 40 + 10]).isEqualTo(1f); // t = 100 of [0, 600]: bin 1, ON
    assertThat(input[(2 * 5 + 1) * plane + 29 * 40 + 39]).isEqualTo(1f); // the last event: bin 5, ON
    double sum = 0;
    for (float v : input) {
      sum += v;
    }
    assertThat(sum).isEqualTo(3);
  }

  @Test
  void emptySampleGivesZeroFramesOfTheNormalShape() {
    FrameRepresentation representation = FrameRepresentation.timeBins(6, FrameMode.COUNT, 16, 8);
    float[] input = representation.encode(new EventBatch(0), SENSOR);
    assertThat(input).hasSize(12 * 8 * 16).containsOnly(0f);
    FrameTensor window = Frames.toFrames(new EventBatch(0), SENSOR, Slicing.byTimeWindow(1000), FrameMode.COUNT);
    assertThat(window.slices()).isEqualTo(1);
    assertThat(window.values()).containsOnly(0f);
  }

  @Test
  void rejectsInvalidInputAndParameters() {
    FrameRepresentation representation = FrameRepresentation.timeBins(6, FrameMode.BINARY, 16, 16);
    assertThatThrownBy(() -> representation.encode(TestEvents.of(40, 0, 0, 0), SENSOR))
        .isInstanceOf(ProjectException.class)
        .hasMessage("Invalid event 0: x = 40 is outside the sensor 40x30");
    assertThatThrownBy(() -> representation.encode(TestEvents.of(1, 0, 9, 0, 1, 1, 3, 1), SENSOR))
        .hasMessage("Invalid event 1: t = 3 is before the previous t = 9 (timestamps must be sorted)");
    assertThatThrownBy(() -> representation.encode(TestEvents.of(1, 0, -9, 0), SENSOR))
        .hasMessage("Invalid event 0: t = -9 is negative");
    // off-sensor events later in the sample, on the down-scaling and the up-scaling paths
    EventBatch late = TestEvents.of(1, 1, 1, 0, 2, 2, 2, 1, 3, 31, 3, 1, 4, 4, 4, 0);
    assertThatThrownBy(() -> representation.encode(late, SENSOR)).hasMessage("Invalid event 2: y = 31 is outside the sensor 40x30");
    assertThatThrownBy(() -> FrameRepresentation.timeBins(2, FrameMode.COUNT, 100, 100).encode(late, SENSOR))
        .hasMessage("Invalid event 2: y = 31 is outside the sensor 40x30");
    assertThatThrownBy(() -> representation.encode(TestEvents.of(1, 1, 1, 0, 2, 2, 2, 2), SENSOR))
        .hasMessage("Invalid event 1: polarity = 2, expected 0 or 1");
    assertThatThrownBy(() -> Frames.toFrames(TestEvents.of(1, 1, 1, 0, 2, 2, 2, 1, -3, 2, 500, 1), SENSOR, Slicing.byTimeWindow(10), FrameMode.COUNT))
        .hasMessage("Invalid event 2: x = -3 is outside the sensor 40x30");
    assertThatThrownBy(() -> FrameRepresentation.timeBins(0, FrameMode.BINARY, 16, 16))
        .hasMessage("Invalid number of time bins: 0");
    assertThatThrownBy(() -> FrameRepresentation.timeBins(6, FrameMode.BINARY, 0, 16))
        .hasMessage("Invalid frame size: 0x16");
    assertThatThrownBy(() -> new FrameRepresentation(Slicing.byTimeWindow(100), FrameMode.BINARY, 8, 8, null))
        .hasMessage("Invalid slicing: time_window=100,overlap=0 (a representation needs a fixed number of slices: time or event bins)");
    assertThatThrownBy(() -> representation.withRegion(new PixelRegion(30, 0, 20, 10)).encode(new EventBatch(0), SENSOR))
        .hasMessage("Invalid region: 20x10+30+0 is not inside the sensor 40x30");
    assertThatThrownBy(() -> new PixelRegion(0, 0, 0, 3)).hasMessage("Invalid region size: 0x3");
  }

  @Test
  void vectorisedAndScalarBinningGiveTheSameFrames() {
    // sizes around the vector length and the chunk size, so that vector body, scalar tail and
    // several chunks (and slices starting mid-chunk) all run
    int[] sizes = {0, 1, 7, 15, 16, 17, 33, 1023, 1024, 1025, 3000};
    SensorGeometry[] sensors = {SENSOR, new SensorGeometry(200, 200), new SensorGeometry(1, 1)};
    for (SensorGeometry sensor : sensors) {
      for (int n : sizes) {
        EventBatch events = TestEvents.random(n * 31L + sensor.width(), n, sensor, 1_000);
        for (FrameMode mode : FrameMode.values()) {
          for (Slicing slicing : new Slicing[] {Slicing.byTimeBins(1), Slicing.byTimeBins(6), Slicing.byEventBins(5)}) {
            FrameTensor scalar = Frames.toFrames(events, sensor, slicing, mode, PixelRegion.of(sensor), sensor.width(), sensor.height(), false);
            FrameTensor vector = Frames.toFrames(events, sensor, slicing, mode, PixelRegion.of(sensor), sensor.width(), sensor.height(), true);
            assertThat(vector).as("%s, %d events, %s, %s", sensor, n, mode, slicing.spec()).isEqualTo(scalar);
            if (mode == FrameMode.COUNT) {
              double total = 0;
              for (int s = 0; s < vector.slices(); s++) {
                total += vector.sliceSum(s);
              }
              assertThat(total).isEqualTo(n);
            }
          }
        }
      }
    }
  }

  @Test
  void vectorisedBinningReportsTheFirstInvalidEventAsTheChecker() {
    SensorGeometry sensor = new SensorGeometry(200, 200);
    // positions in the vector body, the scalar tail and a later chunk; values just off each range
    int[] positions = {0, 5, 16, 1030, 2047, 2049};
    for (int position : positions) {
      for (int column = 0; column < 5; column++) {
        EventBatch events = TestEvents.random(position, 2050, sensor, 0);
        switch (column) {
          case 0 -> events.x()[position] = 200;
          case 1 -> events.x()[position] = -1;
          case 2 -> events.y()[position] = 200;
          case 3 -> events.y()[position] = Short.MIN_VALUE;
          default -> events.p()[position] = 2;
        }
        String expected = catchMessage(() -> EventChecks.requireValid(events, sensor));
        assertThat(expected).startsWith("Invalid event " + position + ":");
        for (boolean vectorPass : new boolean[] {false, true}) {
          assertThatThrownBy(() -> Frames.toFrames(events, sensor, Slicing.byTimeBins(6), FrameMode.BINARY, PixelRegion.of(sensor), 200, 200, vectorPass))
              .isInstanceOf(ProjectException.class).hasMessage(expected);
        }
      }
    }
  }

  private static String catchMessage(Runnable check) {
    try {
      check.run();
    } catch (ProjectException e) {
      return e.getMessage();
    }
    throw new AssertionError("the checker accepted an invalid event");
  }
}
