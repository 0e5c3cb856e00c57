package org.tnas.pipelines.importer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tnas.formats.errors.ProjectException;
import org.tnas.formats.events.EventBatch;
import org.tnas.formats.events.EventFormat;
import org.tnas.formats.events.SensorGeometry;
import org.tnas.formats.io.EventFiles;
import org.tnas.formats.io.EventWriter;
import org.tnas.formats.samples.SkippedInput;
import org.tnas.formats.shards.Manifest;
import org.tnas.formats.shards.SampleEvents;
import org.tnas.formats.shards.ShardFile;
import org.tnas.formats.shards.ShardInfo;
import org.tnas.formats.testing.SharedData;
import org.tnas.udfs.testing.LocalSpark;

class ImportJobTest {
  private static final Configuration CONF = new Configuration();

  @Test
  void importsGoodFilesAndListsEveryBadOneWithItsReason(@TempDir Path dir) throws Exception {
    Path input = Files.createDirectories(dir.resolve("in/session-1"));
    EventBatch events = new EventBatch();
    for (int i = 0; i < 5000; i++) {
      events.add(i % 64, (i / 64) % 48, 1000L + i * 3L, i % 2);
    }
    writeNpy(input.resolve("a.npy"), events, 0, 2000);
    writeNpy(input.resolve("b.npy"), events, 2000, 5000);
    Files.writeString(dir.resolve("in/readme.txt"), "not events");
    byte[] valid = Files.readAllBytes(input.resolve("a.npy"));
    Files.write(input.resolve("c-truncated.npy"), java.util.Arrays.copyOf(valid, valid.length / 2));
    Files.writeString(dir.resolve("in/_hidden.csv"), "ignored: hidden files are not inputs");

    ImportSettings settings = new ImportSettings(
        List.of(dir.resolve("in").toUri().toString()), dir.resolve("out").toUri().toString(), null, "unit",
        new SensorGeometry(64, 48), 2, 1L << 20, false);
    ImportResult result = ImportJob.run(settings, LocalSpark.session());

    assertThat(result.inputs()).isEqualTo(4);
    assertThat(result.converted()).isEqualTo(2);
    assertThat(result.events()).isEqualTo(5000);
    assertThat(result.skipped()).extracting(SkippedInput::uri)
        .anySatisfy(uri -> assertThat(uri).endsWith("in/readme.txt"))
        .anySatisfy(uri -> assertThat(uri).endsWith("session-1/c-truncated.npy"));
    assertThat(result.skipped()).filteredOn(s -> s.uri().endsWith("c-truncated.npy"))
        .singleElement().satisfies(s -> {
          assertThat(s.errorCode()).isEqualTo("TRUNCATED_EVENT_FILE");
          assertThat(s.reason()).contains("c-truncated.npy").contains("at byte");
        });

    Manifest manifest = Manifest.read(new org.apache.hadoop.fs.Path(settings.output()), CONF);
    assertThat(manifest.sampleIds()).containsExactly("session-1/a", "session-1/b");
    assertThat(manifest.eventCount()).isEqualTo(5000);
    ShardInfo shard = manifest.shards().stream().filter(s -> s.sampleIds().contains("session-1/b")).findFirst().orElseThrow();
    try (ShardFile file = ShardFile.open(new org.apache.hadoop.fs.Path(settings.output(), shard.fileName()), CONF)) {
      SampleEvents b = file.read("session-1/b");
      assertThat(b.events().size()).isEqualTo(3000);
      assertThat(b.events().t()[0]).isEqualTo(1000L + 2000 * 3L);
      assertThat(b.entry().record().dataset()).isEqualTo("unit");
      assertThat(b.entry().record().parameters()).containsEntry("source_format", "npy");
    }

    JsonNode report = new ObjectMapper().readTree(dir.resolve("out").resolve(ImportJob.REPORT_FILE).toFile());
    assertThat(report.get("inputs").asInt()).isEqualTo(4);
    assertThat(report.get("converted").asInt()).isEqualTo(2);
    assertThat(report.get("skipped")).hasSize(2);
    assertThat(Files.exists(dir.resolve("out/_temporary"))).isFalse();
  }

  @Test
  void sameInputsGiveIdenticalShards(@TempDir Path dir) throws Exception {
    Path input = Files.createDirectories(dir.resolve("in"));
    EventBatch events = new EventBatch();
    for (int i = 0; i < 3000; i++) {
      events.add(i % 32, i % 16, i, i % 2);
    }
    for (int f = 0; f < 5; f++) {
      writeNpy(input.resolve("clip-" + f + ".npy"), events, f * 100, 1000 + f * 100);
    }
    Manifest first = importInto(input, dir.resolve("out1"), false);
    Manifest second = importInto(input, dir.resolve("out2"), false);
    assertThat(first.shards()).extracting(ShardInfo::sha256).isEqualTo(second.shards().stream().map(ShardInfo::sha256).toList());
    assertThat(first.shards()).hasSize(3); // 5 files, 2 per task, one shard per task
    Manifest compacted = importInto(input, dir.resolve("out3"), true);
    Manifest again = importInto(input, dir.resolve("out4"), true);
    assertThat(compacted.shards()).extracting(ShardInfo::sha256).isEqualTo(again.shards().stream().map(ShardInfo::sha256).toList());
  }

  @Test
  void compactionMergesTheTasksSmallShardsIntoFewNearTheTarget(@TempDir Path dir) throws Exception {
    Path input = Files.createDirectories(dir.resolve("in"));
    EventBatch events = new EventBatch();
    for (int i = 0; i < 3000; i++) {
      events.add(i % 32, (i / 32) % 16, i * 2L, i % 2);
    }
    int files = 12;
    for (int f = 0; f < files; f++) {
      writeNpy(input.resolve(String.format(java.util.Locale.ROOT, "clip-%02d.npy", f)), events, f * 50, 1000 + f * 50);
    }
    ImportSettings perTask = new ImportSettings(List.of(input.toUri().toString()), dir.resolve("tasks").toUri().toString(), null, "",
        new SensorGeometry(32, 16), 1, 1L << 20, false).withCompactShards(false);
    ImportJob.run(perTask, LocalSpark.session());
    Manifest tasks = Manifest.read(new org.apache.hadoop.fs.Path(perTask.output()), CONF);
    assertThat(tasks.shards()).hasSize(files); // one small shard per task

    // a target of about a third of all bytes: the small shards fill 3 to 4 bins, never one per file
    long total = tasks.shards().stream().mapToLong(ShardInfo::byteSize).sum();
    long target = total / 3 + 1;
    ImportSettings compact = new ImportSettings(List.of(input.toUri().toString()), dir.resolve("out").toUri().toString(), null, "",
        new SensorGeometry(32, 16), 1, target, false);
    ImportResult result = ImportJob.run(compact, LocalSpark.session());
    Manifest merged = Manifest.read(new org.apache.hadoop.fs.Path(compact.output()), CONF);
    assertThat(merged.shards()).hasSizeBetween(3, 4);
    assertThat(result.shards()).isEqualTo(merged.shards().size());
    assertThat(merged.sampleIds()).containsExactlyInAnyOrderElementsOf(tasks.sampleIds());
    assertThat(merged.eventCount()).isEqualTo(tasks.eventCount()).isEqualTo(files * 1000L);
    // the merged files were deleted after the commit: only the manifest's shards are left
    try (var listing = Files.list(dir.resolve("out"))) {
      assertThat(listing.map(f -> f.getFileName().toString()).filter(name -> name.endsWith(".arrow")).sorted().toList())
          .isEqualTo(merged.shards().stream().map(ShardInfo::fileName).sorted().toList());
    }
    for (ShardInfo shard : merged.shards()) {
      try (ShardFile file = ShardFile.open(new org.apache.hadoop.fs.Path(compact.output(), shard.fileName()), CONF)) {
        for (String id : shard.sampleIds()) {
          int f = Integer.parseInt(id.substring("clip-".length()));
          SampleEvents sample = file.read(id);
          assertThat(sample.events().size()).isEqualTo(1000);
          assertThat(sample.events().t()[0]).isEqualTo(f * 50 * 2L);
        }
      }
    }
  }

  @Test
  void refusesToOverwriteAndRejectsMissingInputsAndIdCollisions(@TempDir Path dir) throws Exception {
    Path input = Files.createDirectories(dir.resolve("in"));
    EventBatch events = new EventBatch();
    events.add(1, 1, 5, 1);
    writeNpy(input.resolve("x.npy"), events, 0, 1);
    Files.createDirectories(dir.resolve("out"));
    Files.writeString(dir.resolve("out/existing"), "keep me");
    String out = dir.resolve("out").toUri().toString();
    assertThatThrownBy(() -> ImportJob.run(settings(input, out), LocalSpark.session()))
        .isInstanceOf(ProjectException.class)
        .hasMessage("Cannot import: output " + new org.apache.hadoop.fs.Path(out) + " exists and is not empty (use --overwrite to replace it)");

    String missing = dir.resolve("nowhere").toUri().toString();
    assertThatThrownBy(() -> ImportJob.run(settings(dir.resolve("nowhere"), dir.resolve("o2").toUri().toString()), LocalSpark.session()))
        .isInstanceOf(ProjectException.class)
        .hasMessage("Cannot import: input does not exist: " + missing);

    writeNpy(input.resolve("x.bin"), events, 0, 1);
    assertThatThrownBy(() -> ImportJob.run(settings(input, dir.resolve("o3").toUri().toString()), LocalSpark.session()))
        .isInstanceOf(ProjectException.class)
        .hasMessageContaining("both map to sample id 'x'");
  }

  @Test
  void importsEveryRealRecordingOfTheSharedData(@TempDir Path dir) {
    Path events = SharedData.require("events/evt3_sample.raw").getParent();
    ImportSettings settings = new ImportSettings(List.of(events.toUri().toString()), dir.resolve("out").toUri().toString(),
        null, "shared", null, 2, 8L << 20, false);
    ImportResult result = ImportJob.run(settings, LocalSpark.session());
    assertThat(result.skipped()).isEmpty();
    assertThat(result.converted()).isEqualTo(result.inputs());
    Manifest manifest = Manifest.read(new org.apache.hadoop.fs.Path(settings.output()), CONF);
    assertThat(manifest.sampleIds()).contains("evt3_sample", "evt2_sample", "tonic_sample", "tonic_sample_ncars", "tonic_sample_nmnist");
    long expected = 219_596L + 539_481L + 111_954L + 2_009L + 4_325L + 219_596L; // + the .npy reference of evt3
    assertThat(manifest.eventCount()).isEqualTo(expected);
  }

  private static Manifest importInto(Path input, Path output, boolean compact) {
    ImportSettings settings = new ImportSettings(List.of(input.toUri().toString()), output.toUri().toString(), null, "",
        new SensorGeometry(32, 16), 2, 1L << 20, false).withCompactShards(compact);
    ImportJob.run(settings, LocalSpark.session());
    return Manifest.read(new org.apache.hadoop.fs.Path(settings.output()), CONF);
  }

  private static ImportSettings settings(Path input, String output) {
    return new ImportSettings(List.of(input.toUri().toString()), output, null, "", new SensorGeometry(32, 16), 2, 1L << 20, false);
  }

  private static void writeNpy(Path file, EventBatch events, int from, int to) {
    try (EventWriter writer = EventFiles.create(new org.apache.hadoop.fs.Path(file.toUri()), CONF, EventFormat.NPY, null)) {
      writer.write(events, from, to - from);
    }
  }
}
