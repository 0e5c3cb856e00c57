package org.tnas.udfs.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.tnas.formats.events.EventBatch;
import org.tnas.formats.events.SensorGeometry;

/** The vectorised copy loop of an up-scaling resize ({@link ResizeVectorPass}) against the scalar loop. */
class ResizeVectorPassTest {
  @Test
  void vectorisedAndScalarResizeGiveTheSameEvents() {
    SplittableRandom random = new SplittableRandom(13);
    SensorGeometry[] sensors = {new SensorGeometry(200, 200), new SensorGeometry(41, 33), new SensorGeometry(7, 5)};
    int cases = 0;
    for (SensorGeometry sensor : sensors) {
      for (int n : new int[] {0, 1, 9, 500}) {
        EventBatch events = TestEvents.random(n + sensor.width(), n, sensor, 100);
        ValidEvents valid = EventChecks.validate(events, sensor);
        for (int trial = 0; trial < 12; trial++) {
          // boxes from 1 pixel (the largest blocks) to the whole sensor, targets smaller and larger
          int w = 1 + random.nextInt(sensor.width());
          int h = 1 + random.nextInt(sensor.height());
          PixelRegion box = new PixelRegion(random.nextInt(sensor.width() - w + 1), random.nextInt(sensor.height() - h + 1), w, h);
          int width = trial % 3 == 0 ? sensor.width() : 1 + random.nextInt(Math.min(SensorGeometry.MAX_SIDE, 9 * w));
          int height = trial % 3 == 0 ? sensor.height() : 1 + random.nextInt(Math.min(SensorGeometry.MAX_SIDE, 9 * h));
          EventBatch scalar = GeometryKernels.resize(valid, box, width, height, false);
          EventBatch vector = GeometryKernels.resize(valid, box, width, height, true);
          assertThat(vector.size()).as("%s %d events, %s -> %dx%d", sensor, n, box, width, height).isEqualTo(scalar.size());
          assertThat(TestEvents.xs(vector)).isEqualTo(TestEvents.xs(scalar));
          assertThat(TestEvents.ys(vector)).isEqualTo(TestEvents.ys(scalar));
          assertThat(TestEvents.times(vector)).isEqualTo(TestEvents.times(scalar));
          assertThat(TestEvents.ps(vector)).isEqualTo(TestEvents.ps(scalar));
          cases += scalar.size() > n ? 1 : 0;
        }
      }
    }
    assertThat(cases).as("cases with replicated events").isGreaterThan(10);
  }
}
