package org.tnas.udfs.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.junit.jupiter.api.Test;
import org.tnas.formats.events.EventBatch;
import org.tnas.formats.events.EventReader;
import org.tnas.formats.events.SensorGeometry;
import org.tnas.formats.io.EventFiles;
import org.tnas.formats.io.EventReadOptions;

/**
 * Representations and augmentations on the real recordings of ../shared/data/events (skipped when
 * the folder is absent): every event is counted, every augmentation yields a valid sample.
 */
class RealRecordingsTest {

  /** The shared data folder, found by walking up from the working directory, or a skipped test. */
  static Path sharedFile(String relative) {
    Path dir = Paths.get(System.getProperty("user.dir")).toAbsolutePath();
    for (int i = 0; i < 6 && dir != null; i++, dir = dir.getParent()) {
      Path candidate = dir.resolve("shared").resolve("data").resolve(relative);
      if (Files.isRegularFile(candidate)) {
        return candidate;
      }
    }
    assumeTrue(false, "Skipping: shared test data ../shared/data/" + relative + " is absent");
    return null;
  }

  static EventBatch readAll(Path file) throws Exception {
    EventBatch all = new EventBatch();
    try (InputStream input = Files.newInputStream(file);
        EventReader reader = EventFiles.open(input, file.toString(), null, EventReadOptions.defaults())) {
      EventBatch chunk = new EventBatch(1 << 16);
      while (true) {
        chunk.clear();
        if (reader.read(chunk, 1 << 16) == 0) {
          break;
        }
        all.addAll(chunk);
      }
    }
    return all;
  }

  private static void checkEverything(EventBatch events, SensorGeometry sensor, int expectedCount) {
    assertThat(events.size()).isEqualTo(expectedCount);
    EventChecks.requireValid(events, sensor);
    FrameTensor frames = Frames.toFrames(events, sensor, Slicing.byTimeBins(6), FrameMode.COUNT);
    double total = 0;
    for (int s = 0; s < 6; s++) {
      total += frames.sliceSum(s);
    }
    assertThat(total).as("every event is binned (Tonic drops those at the last timestamp)").isEqualTo(expectedCount);
    AugmentationPipeline pipeline = AugmentationPipeline.spikingFer()
        .with(new Augmentations.DropByTime(0.5, 0.5), 1)
        .with(new Augmentations.Denoise(5000), 1);
    for (int epoch = 0; epoch < 5; epoch++) {
      EventBatch augmented = pipeline.apply(events, sensor, 7, "real", epoch);
      EventChecks.requireValid(augmented, sensor);
      assertThat(augmented.size()).isPositive();
      float[] input = FrameRepresentation.timeBins(6, FrameMode.BINARY, 32, 32).encode(augmented, sensor);
      assertThat(input).hasSize(12 * 32 * 32);
    }
    // the time drop is relative to the sample's own span, so half of the span is removed
    EventBatch half = new Augmentations.DropByTime(0.5, 0.5).apply(events, sensor, 3);
    assertThat(half.size()).isLessThan(events.size());
    long span = events.t()[events.size() - 1] - events.t()[0];
    long largestGap = 0;
    for (int i = 1; i < half.size(); i++) {
      largestGap = Math.max(largestGap, half.t()[i] - half.t()[i - 1]);
    }
    assertThat(largestGap).isGreaterThanOrEqualTo(span / 2);
  }

  @Test
  void nmnistSample() throws Exception {
    Path file = sharedFile("events/tonic_sample_nmnist.bin");
    checkEverything(readAll(file), new SensorGeometry(34, 34), 4325);
  }

  @Test
  void aedat4SampleWithUnixTimestamps() throws Exception {
    Path file = sharedFile("events/tonic_sample.aedat4");
    EventBatch events = readAll(file);
    assertThat(events.t()[0]).isEqualTo(1605537493718345L);
    checkEverything(events, new SensorGeometry(320, 240), 111_954);
  }
}
