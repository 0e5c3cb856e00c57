package org.tnas.pipelines.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code tnas emulate} as a new user runs it on a folder of frames: the frames' own rate
 * ({@code --input-fps}) instead of blending, v2e parameters on top of the preset, and v2e's text
 * layout in float seconds ({@code --seconds}).
 */
class EmulateCommandTest {
  @TempDir Path dir;

  /** 6 frames of 16x8: a bright bar moving one pixel per frame over a dark background. */
  private Path frames() throws Exception {
    Path folder = Files.createDirectories(dir.resolve("frames"));
    for (int f = 0; f < 6; f++) {
      BufferedImage image = new BufferedImage(16, 8, BufferedImage.TYPE_BYTE_GRAY);
      for (int y = 0; y < 8; y++) {
        for (int x = 0; x < 16; x++) {
          image.getRaster().setSample(x, y, 0, x == 4 + f ? 220 : 30);
        }
      }
      ImageIO.write(image, "png", folder.resolve(String.format("f%03d.png", f)).toFile());
    }
    return folder;
  }

  private static String[] run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine commandLine = Tnas.commandLine();
    commandLine.setOut(new PrintWriter(out));
    commandLine.setErr(new PrintWriter(err));
    int code = commandLine.execute(args);
    return new String[] {Integer.toString(code), out.toString(), err.toString()};
  }

  @Test
  void inputRateIsDeclaredNotBlendedAndSecondsAreFloat() throws Exception {
    Path folder = frames();
    Path output = dir.resolve("events.txt");
    String[] result = run("emulate", folder.toUri().toString(), "-o", output.toUri().toString(), "--preset", "noise-free",
        "--input-fps", "100", "--seconds");
    assertThat(result[0]).as(result[2]).isEqualTo("0");
    assertThat(result[1]).contains("6 frames").contains("100.00 fps");
    assertThat(result[2]).doesNotContain("Resampling");
    List<String> lines = Files.readAllLines(output, StandardCharsets.UTF_8);
    assertThat(lines).isNotEmpty();
    float last = 0;
    for (String line : lines) {
      String[] fields = line.split(" ");
      assertThat(fields).hasSize(4);
      float t = Float.parseFloat(fields[0]);
      assertThat(t).isGreaterThan(0f).isLessThanOrEqualTo(0.05f); // frames at k / 100 s, k = 0..5
      assertThat(fields[3]).isIn("0", "1");
      last = Math.max(last, t);
    }
    assertThat(last).isEqualTo(0.05f); // the last frame's events end at its time (30 fps would give 1/6 s)
  }

  @Test
  void resamplingIsAnnouncedAndParametersOverrideThePreset() throws Exception {
    Path folder = frames();
    String[] coarse = run("emulate", folder.toUri().toString(), "-o", dir.resolve("a.csv").toUri().toString(),
        "--preset", "noise-free");
    String[] fine = run("emulate", folder.toUri().toString(), "-o", dir.resolve("b.csv").toUri().toString(),
        "--preset", "noise-free", "--pos-threshold", "0.05", "--neg-threshold", "0.05");
    assertThat(coarse[0]).isEqualTo("0");
    assertThat(fine[0]).isEqualTo("0");
    long coarseEvents = Files.readAllLines(dir.resolve("a.csv")).size();
    long fineEvents = Files.readAllLines(dir.resolve("b.csv")).size();
    assertThat(fineEvents).isGreaterThan(coarseEvents); // 4x smaller thresholds, more events
    String[] resampled = run("emulate", folder.toUri().toString(), "-o", dir.resolve("c.csv").toUri().toString(),
        "--fps", "25");
    assertThat(resampled[0]).isEqualTo("0");
    assertThat(resampled[2]).contains("Resampling to 25 fps by blending frames");
    String[] invalid = run("emulate", folder.toUri().toString(), "-o", dir.resolve("d.csv").toUri().toString(),
        "--cutoff-hz", "-1");
    assertThat(invalid[0]).isEqualTo("2");
    assertThat(invalid[2]).contains("Invalid cutoffHz: -1.0");
  }
}
