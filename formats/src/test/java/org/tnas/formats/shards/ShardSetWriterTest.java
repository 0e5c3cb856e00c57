package org.tnas.formats.shards;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.tnas.formats.shards.ShardFixtures.GEOMETRY;
import static org.tnas.formats.shards.ShardFixtures.events;
import static org.tnas.formats.shards.ShardFixtures.record;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.arrow.memory.RootAllocator;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tnas.formats.errors.EventErrorCode;
import org.tnas.formats.errors.EventFormatException;
import org.tnas.formats.errors.ProjectException;
import org.tnas.formats.events.EventBatch;
import org.tnas.formats.events.SensorGeometry;

class ShardSetWriterTest {
  @TempDir java.nio.file.Path temp;
  private RootAllocator allocator;
  private final Configuration conf = new Configuration();
  private Path dir;

  @BeforeEach
  void setUp() {
    allocator = new RootAllocator();
    dir = new Path(temp.resolve("set").toUri());
  }

  @AfterEach
  void tearDown() {
    allocator.close();
  }

  private ShardSetWriter open(ShardWriterOptions options, String writerId) {
    return ShardSetWriter.open(dir, conf, options, writerId, allocator);
  }

  @Test
  void roundTripKeepsEventsRecordsAndCounts() {
    Map<String, EventBatch> written = new HashMap<>();
    List<ShardInfo> shards;
    try (ShardSetWriter writer = open(ShardWriterOptions.defaults().withMaxBatchRows(1000), "w0")) {
      for (int i = 0; i < 5; i++) {
        EventBatch batch = events(i, 700 + 900 * i);
        written.put("s" + i, batch);
        writer.write(record("s" + i), GEOMETRY, batch);
      }
      writer.write(record("empty"), new SensorGeometry(10, 10), new EventBatch(0));
      shards = writer.finish();
    }
    assertThat(shards).hasSize(1);
    ShardInfo shard = shards.get(0);
    assertThat(shard.fileName()).isEqualTo("part-w0-00000.arrow");
    assertThat(shard.sampleIds()).containsExactly("s0", "s1", "s2", "s3", "s4", "empty");
    assertThat(shard.eventCount()).isEqualTo(700 + 1600 + 2500 + 3400 + 4300);
    assertThat(shard.schemaVersion()).isEqualTo(1);
    assertThat(shard.sha256()).hasSize(64);

    Manifest.commit(dir, conf, shards, Map.of("command", "test"));
    try (ShardDataset dataset = ShardDataset.open(dir, conf, allocator)) {
      assertThat(dataset.sampleIds()).containsExactly("s0", "s1", "s2", "s3", "s4", "empty");
      for (int i = 0; i < 5; i++) {
        SampleEvents sample = dataset.sample("s" + i);
        EventBatch expected = written.get("s" + i);
        assertSameEvents(sample.events(), expected);
        assertThat(sample.record()).isEqualTo(record("s" + i));
        assertThat(sample.geometry()).isEqualTo(GEOMETRY);
        assertThat(sample.entry().onCount()).isEqualTo(expected.countOn());
        assertThat(sample.entry().minTimestamp()).isEqualTo(expected.t()[0]);
        assertThat(sample.entry().maxTimestamp()).isEqualTo(expected.t()[expected.size() - 1]);
        // 1000-row batches: a sample of n events is ceil(n / 1000) batches
        assertThat(sample.entry().batchCount()).isEqualTo((expected.size() + 999) / 1000);
      }
      SampleEvents empty = dataset.sample("empty");
      assertThat(empty.events().size()).isZero();
      assertThat(empty.entry().batchCount()).isZero();
      assertThat(empty.geometry()).isEqualTo(new SensorGeometry(10, 10));
      assertThat(dataset.manifest().properties()).containsEntry("command", "test");
    }
  }

  @Test
  void rollsShardsAtTheTargetSizeWithoutSplittingASample() throws IOException {
    long target = 100_000;
    Map<String, EventBatch> written = new HashMap<>();
    List<ShardInfo> shards;
    try (ShardSetWriter writer = open(ShardWriterOptions.defaults().withTargetShardBytes(target).withMaxBatchRows(1000), "roll")) {
      for (int i = 0; i < 12; i++) {
        // sample 6 alone is larger than the target: it must get a shard of its own
        int count = i == 6 ? 20_000 : 2_000 + 150 * i;
        EventBatch batch = events(100 + i, count);
        written.put("s" + i, batch);
        writer.write(record("s" + i), GEOMETRY, batch);
      }
      shards = writer.finish();
    }
    assertThat(shards.size()).isGreaterThan(3);
    FileSystem fs = dir.getFileSystem(conf);
    List<String> seen = new ArrayList<>();
    for (int s = 0; s < shards.size(); s++) {
      ShardInfo shard = shards.get(s);
      assertThat(shard.fileName()).isEqualTo(String.format("part-roll-%05d.arrow", s));
      assertThat(fs.getFileStatus(new Path(dir, shard.fileName())).getLen()).isEqualTo(shard.byteSize());
      seen.addAll(shard.sampleIds());
      if (shard.sampleIds().contains("s6")) {
        assertThat(shard.sampleIds()).containsExactly("s6");
        assertThat(shard.byteSize()).isGreaterThan(target);
      } else if (shard.sampleCount() > 1) {
        long largestSample = shard.samples().stream().mapToLong(SampleEntry::eventCount).max().orElseThrow() * 14 + 4096;
        assertThat(shard.byteSize()).isLessThan(target + largestSample);
      }
      if (s < shards.size() - 1) {
        // a shard is only closed when it reached the target or the next sample would not fit
        long next = shards.get(s + 1).samples().get(0).eventCount();
        assertThat(shard.byteSize() + 14 * next + 400).isGreaterThan(target);
      }
    }
    // every sample in exactly one shard, in write order
    assertThat(seen).containsExactly("s0", "s1", "s2", "s3", "s4", "s5", "s6", "s7", "s8", "s9", "s10", "s11");
    Manifest.commit(dir, conf, shards, Map.of());
    try (ShardDataset dataset = ShardDataset.open(dir, conf, allocator)) {
      for (String id : seen) {
        assertSameEvents(dataset.sample(id).events(), written.get(id));
      }
    }
  }

  @Test
  void streamingWriteSpillsLargeSamplesAndMatchesInMemoryWrite() {
    EventBatch big = events(7, 25_000);
    EventBatch small = events(8, 900);
    List<ShardInfo> shards;
    ShardWriterOptions options = ShardWriterOptions.defaults().withMaxBatchRows(1024).withSampleBufferEvents(3_000);
    try (ShardSetWriter writer = open(options, "stream")) {
      ListEventReader reader = new ListEventReader(big, GEOMETRY, Long.MAX_VALUE);
      writer.write(record("big"), reader);
      // no declared geometry: the smallest one holding every event is inferred
      writer.write(record("small"), new ListEventReader(small, null, Long.MAX_VALUE));
      shards = writer.finish();
    }
    Manifest.commit(dir, conf, shards, Map.of());
    try (ShardDataset dataset = ShardDataset.open(dir, conf, allocator)) {
      assertSameEvents(dataset.sample("big").events(), big);
      assertThat(dataset.sample("big").geometry()).isEqualTo(GEOMETRY);
      assertSameEvents(dataset.sample("small").events(), small);
      int maxX = 0;
      int maxY = 0;
      for (int i = 0; i < small.size(); i++) {
        maxX = Math.max(maxX, small.x()[i]);
        maxY = Math.max(maxY, small.y()[i]);
      }
      assertThat(dataset.sample("small").geometry()).isEqualTo(new SensorGeometry(maxX + 1, maxY + 1));
    }
  }

  @Test
  void aFailingSourceLeavesNoTraceAndTheWriterUsable() {
    EventBatch good = events(1, 5_000);
    ShardWriterOptions options = ShardWriterOptions.defaults().withMaxBatchRows(512).withSampleBufferEvents(1_000);
    List<ShardInfo> shards;
    try (ShardSetWriter writer = open(options, "fail")) {
      writer.write(record("before"), GEOMETRY, good);
      ListEventReader failing = new ListEventReader(events(2, 10_000), GEOMETRY, 4_000);
      assertThatThrownBy(() -> writer.write(record("broken"), failing))
          .isInstanceOf(EventFormatException.class)
          .hasMessage("Invalid word: injected failure (at byte 4000 of memory://list)");
      writer.write(record("after"), GEOMETRY, good);
      // the failed id was never registered, so it can be written once fixed
      writer.write(record("broken"), GEOMETRY, good);
      shards = writer.finish();
    }
    assertThat(shards).hasSize(1);
    assertThat(shards.get(0).sampleIds()).containsExactly("before", "after", "broken");
    assertThat(shards.get(0).eventCount()).isEqualTo(15_000);
    Manifest.commit(dir, conf, shards, Map.of());
    try (ShardDataset dataset = ShardDataset.open(dir, conf, allocator)) {
      assertThat(dataset.verify().problems()).isEmpty();
      assertSameEvents(dataset.sample("after").events(), good);
    }
  }

  @Test
  void rejectsInvalidEventsBeforeWritingAnything() {
    try (ShardSetWriter writer = open(ShardWriterOptions.defaults(), "bad")) {
      EventBatch outside = events(3, 100);
      outside.x()[42] = 346;
      assertThatThrownBy(() -> writer.write(record("a"), GEOMETRY, outside))
          .isInstanceOf(EventFormatException.class)
          .hasMessage("Invalid event coordinates: (346, " + outside.y()[42] + ") outside sensor 346x260 (at byte 42 of sample a)")
          .extracting(e -> ((EventFormatException) e).code())
          .isEqualTo(EventErrorCode.INVALID_EVENT);
      EventBatch polarity = events(3, 100);
      polarity.p()[5] = -1;
      assertThatThrownBy(() -> writer.write(record("b"), GEOMETRY, polarity))
          .hasMessage("Invalid event polarity: -1, expected 0 or 1 (at byte 5 of sample b)");
      EventBatch time = events(3, 100);
      time.t()[0] = -5;
      assertThatThrownBy(() -> writer.write(record("c"), GEOMETRY, time))
          .hasMessage("Invalid event timestamp: -5 us is negative (at byte 0 of sample c)");
      writer.write(record("a"), GEOMETRY, events(3, 100));
      assertThat(writer.finish()).singleElement().satisfies(s -> assertThat(s.sampleIds()).containsExactly("a"));
    }
  }

  @Test
  void rejectsARepeatedSampleIdAndBadArguments() {
    try (ShardSetWriter writer = open(ShardWriterOptions.defaults(), "dup")) {
      writer.write(record("x"), GEOMETRY, events(1, 10));
      assertThatThrownBy(() -> writer.write(record("x"), GEOMETRY, events(2, 10)))
          .isInstanceOf(ProjectException.class)
          .hasMessage("Invalid sample id: x was already written by writer dup");
      assertThatThrownBy(() -> writer.write(null, GEOMETRY, events(2, 10))).hasMessage("sample is null");
      assertThatThrownBy(() -> writer.write(record("y"), null, events(2, 10))).hasMessage("geometry is null");
      writer.finish();
      assertThatThrownBy(() -> writer.write(record("z"), GEOMETRY, events(2, 10)))
          .isInstanceOf(IllegalStateException.class)
          .hasMessage("Cannot write sample: the shard writer dup is closed");
    }
    assertThatThrownBy(() -> open(ShardWriterOptions.defaults(), "../escape"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Invalid writer id: '../escape' (letters, digits, '.', '_', '-'; at most 100)");
    assertThatThrownBy(() -> ShardWriterOptions.defaults().withTargetShardBytes(0)).hasMessage("Invalid target shard bytes: 0");
    assertThatThrownBy(() -> ShardWriterOptions.defaults().withMaxBatchRows(0)).hasMessage("Invalid max batch rows: 0");
    assertThatThrownBy(() -> ShardWriterOptions.defaults().withSampleBufferEvents(-1)).hasMessage("Invalid sample buffer events: -1");
  }

  @Test
  void aCrashedWriterLeavesNoVisibleShard() throws IOException {
    FileSystem fs = dir.getFileSystem(conf);
    ShardWriterOptions options = ShardWriterOptions.defaults().withTargetShardBytes(30_000).withMaxBatchRows(1000);
    ShardSetWriter crashed = open(options, "crash");
    for (int i = 0; i < 5; i++) {
      crashed.write(record("c" + i), GEOMETRY, events(i, 1_500));
    }
    // "crash": the process stops here, neither finish() nor close() nor a manifest happen
    assertThat(fs.exists(new Path(dir, Manifest.FILE_NAME))).isFalse();
    assertThatThrownBy(() -> ShardDataset.open(dir, conf, allocator))
        .isInstanceOf(ProjectException.class)
        .hasMessage("Cannot open shard set: " + new Path(dir, Manifest.FILE_NAME) + " does not exist (the set was never committed)");
    // the half-written shard exists only under _temporary
    FileStatus[] temporary = fs.listStatus(new Path(new Path(dir, Manifest.TEMPORARY_DIRECTORY), "crash"));
    assertThat(temporary).extracting(s -> s.getPath().getName()).allMatch(n -> n.startsWith("part-crash-"));

    // another writer completes and commits: the crashed writer's files stay invisible
    List<ShardInfo> shards;
    try (ShardSetWriter writer = open(ShardWriterOptions.defaults(), "ok")) {
      writer.write(record("good"), GEOMETRY, events(9, 300));
      shards = writer.finish();
    }
    Manifest.commit(dir, conf, shards, Map.of());
    try (ShardDataset dataset = ShardDataset.open(dir, conf, allocator)) {
      assertThat(dataset.sampleIds()).containsExactly("good");
      assertThat(dataset.contains("c0")).isFalse();
      assertThatThrownBy(() -> dataset.sample("c0"))
          .isInstanceOf(ProjectException.class)
          .hasMessage("Cannot find sample: c0 is not in " + dataset.directory());
      assertThat(dataset.verify().isValid()).isTrue();
    }
    // free the crashed writer's memory (the allocator check would fail otherwise) and clean up
    crashed.abort();
    try (Stream<java.nio.file.Path> files = Files.list(temp.resolve("set"))) {
      assertThat(files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".arrow")))
          .containsExactly("part-ok-00000.arrow");
    }
  }

  @Test
  void closeWithoutFinishAbortsEverythingTheWriterCreated() throws IOException {
    FileSystem fs = dir.getFileSystem(conf);
    ShardWriterOptions options = ShardWriterOptions.defaults().withTargetShardBytes(10_000).withMaxBatchRows(1000);
    assertThatThrownBy(
            () -> {
              try (ShardSetWriter writer = open(options, "task7")) {
                for (int i = 0; i < 4; i++) {
                  writer.write(record("t" + i), GEOMETRY, events(i, 1_000));
                }
                assertThat(writer.committedShards()).isNotEmpty();
                throw new IllegalStateException("task failed");
              }
            })
        .hasMessage("task failed");
    assertThat(fs.listStatus(dir)).isEmpty();
  }

  static void assertSameEvents(EventBatch actual, EventBatch expected) {
    assertThat(actual.size()).isEqualTo(expected.size());
    EventBatch a = actual.trimmed();
    EventBatch e = expected.trimmed();
    assertThat(a.x()).isEqualTo(e.x());
    assertThat(a.y()).isEqualTo(e.y());
    assertThat(a.t()).isEqualTo(e.t());
    assertThat(a.p()).isEqualTo(e.p());
  }
}
