package org.tnas.pipelines.convert;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tnas.formats.samples.SampleRecord;
import org.tnas.formats.shards.Manifest;
import org.tnas.formats.shards.ShardDataset;
import org.tnas.formats.samples.SkippedInput;
import org.tnas.udfs.testing.LocalSpark;

class CkPlusConvertTest {
  /** A CK+-like sequence of gray PNG frames: a bright bar moving right. */
  private static void sequence(Path root, String subject, String sequence, int frames, String emotion) throws Exception {
    Path dir = Files.createDirectories(root.resolve("cohn-kanade-images").resolve(subject).resolve(sequence));
    for (int f = 0; f < frames; f++) {
      BufferedImage image = new BufferedImage(32, 24, BufferedImage.TYPE_BYTE_GRAY);
      for (int y = 0; y < 24; y++) {
        for (int x = 0; x < 32; x++) {
          image.getRaster().setSample(x, y, 0, Math.abs(x - 4 - 3 * f) < 3 ? 220 : 40);
        }
      }
      ImageIO.write(image, "png", dir.resolve(String.format("%s_%s_%08d.png", subject, sequence, f + 1)).toFile());
    }
    if (emotion != null) {
      Path labels = Files.createDirectories(root.resolve("Emotion").resolve(subject).resolve(sequence));
      Files.writeString(labels.resolve(subject + "_" + sequence + "_00000010_emotion.txt"), "   " + emotion + "\n");
    }
  }

  @Test
  void convertsLabelledSequencesWithTheirFoldsAndReportsEveryOtherOne(@TempDir Path dir) throws Exception {
    Path root = dir.resolve("ckplus");
    sequence(root, "S005", "001", 6, "3.0000000e+00");  // disgust
    sequence(root, "S010", "002", 5, "5.0000000e+00");  // happy
    sequence(root, "S011", "001", 4, "2.0000000e+00");  // contempt: not in the 6 classes
    sequence(root, "S012", "001", 4, null);              // no label file
    sequence(root, "S013", "001", 4, "seven");           // malformed label
    sequence(root, "S014", "001", 4, "7.0000000e+00");   // surprise, but no fold row
    Path folds = dir.resolve("folds.csv");
    Files.writeString(folds, "S005;001;5;0;0;0;1;1;0;0;1;0;0\nS010;002;1;1;0;0;0;0;0;0;0;0;0\n");

    ConvertSettings settings = ConvertSettings.of(java.util.Map.of("convert.input", root.toUri().toString(),
        "convert.output", dir.resolve("out").toUri().toString(), "convert.dataset", "CK+", "convert.preset", "noise-free",
        "convert.clips-per-task", "2", "convert.layout", "ckplus", "convert.folds", folds.toUri().toString(),
        "convert.face", "none", "convert.upsampling", "linear:2"));
    ConvertJob.Result result = ConvertJob.run(settings, LocalSpark.session());
    assertThat(result.inputs()).isEqualTo(6);
    assertThat(result.converted()).isEqualTo(2);
    // 6 + 5 frames upsampled x2: 11 + 9 inserted frames
    assertThat(result.frames()).isEqualTo(20);
    assertThat(result.skipped()).extracting(SkippedInput::reason).containsExactlyInAnyOrder(
        "Invalid label: contempt is not one of the 6 Spiking-FER classes",
        "Cannot label sequence S012/001: no *_emotion.txt in " + new org.apache.hadoop.fs.Path(root.toUri().toString()) + "/Emotion/S012/001",
        "Invalid label file " + new org.apache.hadoop.fs.Path(root.toUri().toString()) + "/Emotion/S013/001/S013_001_00000010_emotion.txt: '   seven\\n' (expected one number 0..7)",
        "Cannot place S014/001 in a fold: " + new org.apache.hadoop.fs.Path(folds.toUri().toString()) + " has no row for it");

    try (ShardDataset dataset = ShardDataset.open(new org.apache.hadoop.fs.Path(settings.output()), new Configuration())) {
      SampleRecord disgust = dataset.entry("S005/001").record();
      assertThat(disgust.labelName()).isEqualTo("disgust");
      assertThat(disgust.labelIndex()).isEqualTo(4);
      assertThat(disgust.subject()).isEqualTo("S005");
      assertThat(disgust.testFolds()).containsExactly(3, 4, 7);
      assertThat(dataset.sample("S010/002").events().size()).isPositive();
      assertThat(dataset.sample("S010/002").geometry().width()).isEqualTo(32);
    }
    assertThat(Manifest.read(new org.apache.hadoop.fs.Path(settings.output()), new Configuration()).sampleCount()).isEqualTo(2);
  }
}
