package org.tnas.pipelines.face;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tnas.formats.errors.ProjectException;
import org.tnas.formats.testing.SharedData;
import org.tnas.pipelines.video.TimedFrame;
import org.tnas.pipelines.video.VideoFrames;

class Dlib68ModelTest {
  static Dlib68Model model() {
    assumeTrue(Dlib68Model.isDebianModelInstalled(),
        "Skipping: " + Dlib68Model.DEBIAN_MODEL_PATH + " is absent (apt-get install libdlib-data)");
    return Dlib68Model.debian();
  }

  @Test
  void vectorLeafAdditionsEqualTheScalarLoopBitForBit() {
    assumeTrue(LeafVectorSupport.AVAILABLE, "Skipping: no Vector API (--add-modules jdk.incubator.vector) or vectors below 256 bits");
    java.util.SplittableRandom random = new java.util.SplittableRandom(7);
    // 136 = the 68 landmarks' coordinates (four 32-coordinate passes and one of 8); the other sizes
    // reach the 8-wide and the scalar remainder loops
    for (int points : new int[] {136, 5, 8, 13, 40, 71}) {
      int trees = 500;
      int leaves = 16;
      float[] values = new float[trees * leaves * points];
      for (int i = 0; i < values.length; i++) {
        values[i] = (float) random.nextDouble(-3, 3);
      }
      int[] offsets = new int[trees];
      for (int t = 0; t < trees; t++) {
        offsets[t] = (t * leaves + random.nextInt(leaves)) * points;
      }
      float[] scalar = new float[points];
      for (int i = 0; i < points; i++) {
        scalar[i] = (float) random.nextDouble(-100, 100);
      }
      float[] vector = scalar.clone();
      Dlib68Model.addLeaves(scalar, values, offsets, trees);
      LeafVectors.addLeaves(vector, values, offsets, trees);
      for (int i = 0; i < points; i++) {
        assertThat(Float.floatToRawIntBits(vector[i])).as("%d coordinates, coordinate %d", points, i)
            .isEqualTo(Float.floatToRawIntBits(scalar[i]));
      }
    }
  }

  @Test
  void readsTheStructureOfDebiansModel() {
    Dlib68Model model = model();
    assertThat(model.cascadeCount()).isEqualTo(15);
    assertThat(model.treesPerCascade()).isEqualTo(500);
    assertThat(model.treeDepth()).isEqualTo(4);
    assertThat(model.featurePixelsPerCascade()).isEqualTo(500);
    float[] mean = model.initialShape();
    assertThat(mean).hasSize(136);
    // the mean shape lies in the unit box; the subject's right eye (36-41) left of the left eye (42-47)
    for (float v : mean) {
      assertThat(v).isBetween(-0.2f, 1.2f);
    }
    assertThat(mean[2 * 36]).isLessThan(mean[2 * 45]);
    assertThat(mean[2 * 8 + 1]).isGreaterThan(mean[2 * 27 + 1]);
  }

  @Test
  void missingTruncatedAndForeignFilesAreNamed(@TempDir Path dir) throws Exception {
    Path missing = dir.resolve("missing.dat");
    assertThatThrownBy(() -> Dlib68Model.load(missing))
        .isInstanceOf(ProjectException.class)
        .hasMessage("Cannot find the dlib landmark model: " + missing + " (Debian: apt-get install libdlib-data)")
        .extracting(e -> ((ProjectException) e).code()).isEqualTo(FaceErrorCode.MODEL_NOT_FOUND);
    Path foreign = dir.resolve("foreign.dat");
    Files.write(foreign, new byte[] {1, 2});
    assertThatThrownBy(() -> Dlib68Model.load(foreign))
        .hasMessage("Invalid dlib shape predictor " + foreign + ": unsupported shape_predictor version 2 (expected 1)");
    Path text = dir.resolve("text.dat");
    Files.writeString(text, "hello");
    assertThatThrownBy(() -> Dlib68Model.load(text))
        .hasMessage("Invalid dlib shape predictor " + text + ": invalid integer control byte 0x68 at byte 1");
    assumeTrue(Dlib68Model.isDebianModelInstalled(), "Skipping the truncated-model case: no Debian model");
    Path truncated = dir.resolve("truncated.dat");
    try (InputStream in = Files.newInputStream(Path.of(Dlib68Model.DEBIAN_MODEL_PATH))) {
      Files.write(truncated, in.readNBytes(1 << 20));
    }
    assertThatThrownBy(() -> Dlib68Model.load(truncated))
        .isInstanceOf(ProjectException.class)
        .hasMessage("Invalid dlib shape predictor " + truncated + ": the file ends early, at byte " + (1 << 20))
        .extracting(e -> ((ProjectException) e).code()).isEqualTo(FaceErrorCode.INVALID_MODEL);
  }

  @Test
  void theSimilarityFitRecoversAKnownTransform() {
    float[] from = {0, 0, 1, 0, 0, 1, 1, 1, 0.3f, 0.7f};
    double scale = 2.5;
    double angle = 0.3;
    float[] to = new float[from.length];
    for (int i = 0; i < from.length; i += 2) {
      to[i] = (float) (scale * (Math.cos(angle) * from[i] - Math.sin(angle) * from[i + 1]) + 10);
      to[i + 1] = (float) (scale * (Math.sin(angle) * from[i] + Math.cos(angle) * from[i + 1]) - 4);
    }
    double[] fit = Dlib68Model.similarityWithTranslation(from, to);
    assertThat(fit[0]).isCloseTo(scale * Math.cos(angle), within(1e-5));
    assertThat(fit[1]).isCloseTo(-scale * Math.sin(angle), within(1e-5));
    assertThat(fit[2]).isCloseTo(scale * Math.sin(angle), within(1e-5));
    assertThat(fit[4]).isCloseTo(10, within(1e-5));
    assertThat(fit[5]).isCloseTo(-4, within(1e-5));
  }

  @Test
  void reproducesDlibsLandmarksOnRealFrames() {
    Dlib68Model model = model();
    int checked = 0;
    Map<String, List<DlibGolden>> byVideo = new TreeMap<>();
    for (DlibGolden golden : DlibGolden.all()) {
      byVideo.computeIfAbsent(golden.video(), v -> new ArrayList<>()).add(golden);
    }
    for (Map.Entry<String, List<DlibGolden>> entry : byVideo.entrySet()) {
      Path clip = SharedData.require("video/" + entry.getKey());
      try (VideoFrames frames = VideoFrames.open(new org.apache.hadoop.fs.Path(clip.toUri()), new Configuration())) {
        int index = 0;
        for (DlibGolden golden : entry.getValue()) {
          TimedFrame frame = null;
          while (index <= golden.frame()) {
            frame = frames.next();
            index++;
          }
          FaceLandmarks landmarks = model.predict(frame.gray(), frames.width(), frames.height(), golden.box());
          double worst = 0;
          double sum = 0;
          for (int i = 0; i < 136; i++) {
            double d = Math.abs(Math.floor(landmarks.coordinates()[i] + 0.5) - golden.points()[i]);
            worst = Math.max(worst, d);
            sum += d;
          }
          // every rounded coordinate equals dlib's (the goldens were decoded by OpenCV 4.6's FFmpeg, these
          // frames by JavaCV's FFmpeg 8: the same frames)
          assertThat(worst).as("worst landmark error on %s frame %d (mean %.4f)", entry.getKey(), golden.frame(), sum / 136)
              .isEqualTo(0);
          checked++;
        }
      }
    }
    assertThat(checked).isEqualTo(DlibGolden.all().size()).isEqualTo(16);
  }
}
