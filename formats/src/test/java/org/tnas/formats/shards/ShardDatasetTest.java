package org.tnas.formats.shards;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.tnas.formats.shards.ShardFixtures.GEOMETRY;
import static org.tnas.formats.shards.ShardFixtures.events;
import static org.tnas.formats.shards.ShardFixtures.record;
import static org.tnas.formats.shards.ShardSetWriterTest.assertSameEvents;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.arrow.memory.RootAllocator;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tnas.formats.errors.EventErrorCode;
import org.tnas.formats.errors.EventFormatException;
import org.tnas.formats.errors.ProjectException;
import org.tnas.formats.events.EventBatch;
import org.tnas.formats.events.EventStatistics;

class ShardDatasetTest {
  private static final int SAMPLES = 16;
  private static final int EVENTS_PER_SAMPLE = 20_000;

  @TempDir java.nio.file.Path temp;
  private RootAllocator allocator;
  private final Configuration conf = CountingFileSystem.configure(new Configuration());
  private final Map<String, EventBatch> written = new LinkedHashMap<>();
  private Path dir;
  private List<ShardInfo> shards;

  @BeforeEach
  void setUp() {
    allocator = new RootAllocator();
    dir = CountingFileSystem.path(temp.resolve("set"));
    try (ShardSetWriter writer =
        ShardSetWriter.open(dir, conf, ShardWriterOptions.defaults().withMaxBatchRows(4096).withTargetShardBytes(2_000_000), "w", allocator)) {
      for (int i = 0; i < SAMPLES; i++) {
        EventBatch batch = events(1000 + i, EVENTS_PER_SAMPLE);
        written.put("s" + i, batch);
        writer.write(record("s" + i), GEOMETRY, batch);
      }
      shards = writer.finish();
    }
    Manifest.commit(dir, conf, shards, Map.of());
  }

  @AfterEach
  void tearDown() {
    allocator.close();
  }

  @Test
  void randomAccessReadsOnlyTheFooterAndTheSamplesBatches() {
    ShardInfo shard = shards.get(0);
    assertThat(shard.sampleCount()).isGreaterThanOrEqualTo(6);
    try (ShardDataset dataset = ShardDataset.open(dir, conf, allocator)) {
      String id = shard.sampleIds().get(3);
      CountingFileSystem.BYTES_READ.set(0);
      SampleEvents sample = dataset.sample(id);
      long read = CountingFileSystem.BYTES_READ.get();
      assertSameEvents(sample.events(), written.get(id));
      // the sample's payload is 13 bytes per event; the rest is footer, batch headers and padding
      long payload = 13L * EVENTS_PER_SAMPLE;
      assertThat(read).isBetween(payload, payload + 40_000);
      assertThat(read).isLessThan(shard.byteSize() / 4);

      // a second sample of the same (cached, open) shard costs only its own batches
      String other = shard.sampleIds().get(5);
      CountingFileSystem.BYTES_READ.set(0);
      assertSameEvents(dataset.sample(other).events(), written.get(other));
      assertThat(CountingFileSystem.BYTES_READ.get()).isBetween(payload, payload + 20_000);
    }
  }

  @Test
  void streamIteratesEverySampleInManifestOrder() {
    try (ShardDataset dataset = ShardDataset.open(dir, conf, allocator);
        Stream<SampleEvents> stream = dataset.stream()) {
      List<String> ids = new ArrayList<>();
      stream.forEach(
          sample -> {
            ids.add(sample.record().sampleId());
            assertSameEvents(sample.events(), written.get(sample.record().sampleId()));
          });
      assertThat(ids).containsExactlyElementsOf(written.keySet());
      assertThat(shards.size()).isGreaterThan(1);
    }
  }

  @Test
  void verifyAcceptsAnIntactSetAndNamesTheShardWithAFlippedByte() throws IOException {
    try (ShardDataset dataset = ShardDataset.open(dir, conf, allocator)) {
      VerificationReport report = dataset.verify();
      assertThat(report.problems()).isEmpty();
      assertThat(report.shardsChecked()).isEqualTo(shards.size());
      assertThat(report.bytesChecked()).isEqualTo(shards.stream().mapToLong(ShardInfo::byteSize).sum());
    }
    ShardInfo victim = shards.get(1);
    java.nio.file.Path file = temp.resolve("set").resolve(victim.fileName());
    try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
      long middle = raf.length() / 2;
      raf.seek(middle);
      int b = raf.read();
      raf.seek(middle);
      raf.write(b ^ 0x10);
    }
    try (ShardDataset dataset = ShardDataset.open(dir, conf, allocator)) {
      VerificationReport report = dataset.verify();
      assertThat(report.isValid()).isFalse();
      assertThat(report.problems())
          .singleElement()
          .asString()
          .startsWith(victim.fileName() + ": Invalid SHA-256: ")
          .endsWith(", the manifest lists " + victim.sha256());
    }
  }

  @Test
  void aTruncatedShardIsReportedWithItsFileName() throws IOException {
    ShardInfo victim = shards.get(0);
    java.nio.file.Path file = temp.resolve("set").resolve(victim.fileName());
    byte[] bytes = Files.readAllBytes(file);
    Files.write(file, java.util.Arrays.copyOf(bytes, bytes.length - 100));
    Path path = new Path(dir, victim.fileName());
    try (ShardDataset dataset = ShardDataset.open(dir, conf, allocator)) {
      assertThatThrownBy(() -> dataset.sample(victim.sampleIds().get(0)))
          .isInstanceOf(EventFormatException.class)
          .hasMessage(
              "Invalid shard size: " + (bytes.length - 100) + " bytes, the manifest lists " + bytes.length + " (truncated or replaced) (in "
                  + path + ")")
          .extracting(e -> ((ProjectException) e).code())
          .isEqualTo(EventErrorCode.CORRUPT_SHARD);
      assertThat(dataset.verify().problems())
          .containsExactly(victim.fileName() + ": Invalid size: " + (bytes.length - 100) + " bytes, the manifest lists " + bytes.length);
      // other shards stay readable
      String elsewhere = shards.get(1).sampleIds().get(0);
      assertSameEvents(dataset.sample(elsewhere).events(), written.get(elsewhere));
    }
    // opened directly (no manifest to compare sizes with), Arrow's own footer check fails
    assertThatThrownBy(() -> ShardFile.open(path, conf, allocator))
        .isInstanceOf(EventFormatException.class)
        .hasMessageStartingWith("Cannot read shard footer: ")
        .hasMessageEndingWith("(in " + path + ")");
  }

  @Test
  void aMissingShardIsReportedWithItsFileName() throws IOException {
    ShardInfo victim = shards.get(0);
    Files.delete(temp.resolve("set").resolve(victim.fileName()));
    try (ShardDataset dataset = ShardDataset.open(dir, conf, allocator)) {
      assertThatThrownBy(() -> dataset.sample(victim.sampleIds().get(0)))
          .isInstanceOf(EventFormatException.class)
          .hasMessage("Cannot open shard: the file does not exist (in " + new Path(dir, victim.fileName()) + ")");
      assertThat(dataset.verify().problems()).containsExactly(victim.fileName() + ": Cannot read shard: the file does not exist");
      assertThatThrownBy(() -> dataset.sample("nope"))
          .isInstanceOf(ProjectException.class)
          .hasMessage("Cannot find sample: nope is not in " + dataset.directory())
          .extracting(e -> ((ProjectException) e).code())
          .isEqualTo(EventErrorCode.SAMPLE_NOT_FOUND);
    }
  }

  @Test
  void shardFileSummarisesASingleShardForInspect() {
    ShardInfo shard = shards.get(0);
    try (ShardFile file = ShardFile.open(new Path(dir, shard.fileName()), conf, allocator)) {
      assertThat(file.samples()).isEqualTo(shard.samples());
      assertThat(file.writerId()).isEqualTo("w");
      assertThat(file.schemaVersion()).isEqualTo(1);
      assertThat(file.byteSize()).isEqualTo(shard.byteSize());
      assertThat(file.eventCount()).isEqualTo(shard.eventCount());
      assertThat(file.samples()).allSatisfy(e -> assertThat(e.geometry()).isEqualTo(GEOMETRY));
      EventStatistics statistics = file.statistics();
      EventStatistics expected = new EventStatistics();
      shard.sampleIds().forEach(id -> expected.accept(written.get(id)));
      assertThat(statistics.toMap()).isEqualTo(expected.toMap());
      assertThat(statistics.onCount() + statistics.offCount()).isEqualTo(shard.eventCount());
      assertThat(file.read(shard.sampleIds().get(1)).events().size()).isEqualTo(EVENTS_PER_SAMPLE);
      assertThatThrownBy(() -> file.read("s999"))
          .hasMessage("Cannot find sample: s999 in " + new Path(dir, shard.fileName()));
    }
  }

  @Test
  void aForeignArrowFileIsRejected() throws Exception {
    java.nio.file.Path foreign = temp.resolve("foreign.arrow");
    try (org.apache.arrow.vector.VectorSchemaRoot root =
            org.apache.arrow.vector.VectorSchemaRoot.create(org.tnas.formats.events.EventSchema.arrowSchema(null), allocator);
        var channel = java.nio.channels.FileChannel.open(foreign, java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.WRITE);
        var writer = new org.apache.arrow.vector.ipc.ArrowFileWriter(root, null, channel)) {
      writer.start();
      writer.end();
    }
    Path path = CountingFileSystem.path(foreign);
    assertThatThrownBy(() -> ShardFile.open(path, conf, allocator))
        .isInstanceOf(EventFormatException.class)
        .hasMessage("Invalid shard footer: no tnas.shard.samples metadata (not written by this project) (in " + path + ")");
  }
}
