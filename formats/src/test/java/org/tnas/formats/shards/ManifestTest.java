package org.tnas.formats.shards;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.tnas.formats.shards.ShardFixtures.GEOMETRY;
import static org.tnas.formats.shards.ShardFixtures.events;
import static org.tnas.formats.shards.ShardFixtures.record;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.RootAllocator;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tnas.formats.errors.EventErrorCode;
import org.tnas.formats.errors.EventFormatException;
import org.tnas.formats.errors.ProjectException;

class ManifestTest {
  @TempDir java.nio.file.Path temp;
  private RootAllocator allocator;
  private final Configuration conf = new Configuration();
  private Path dir;
  private FileSystem fs;

  @BeforeEach
  void setUp() throws IOException {
    allocator = new RootAllocator();
    dir = new Path(temp.resolve("set").toUri());
    fs = dir.getFileSystem(conf);
  }

  @AfterEach
  void tearDown() {
    allocator.close();
  }

  private List<ShardInfo> write(String writerId, String... ids) {
    try (ShardSetWriter writer = ShardSetWriter.open(dir, conf, ShardWriterOptions.defaults(), writerId, allocator)) {
      for (String id : ids) {
        writer.write(record(id), GEOMETRY, events(id.hashCode(), 200));
      }
      return writer.finish();
    }
  }

  @Test
  void concurrentWritersIntoOneDirectoryCommitTheirUnion() throws Exception {
    // interleaved like Spark tasks: both open, both write, both finish, then the driver commits
    ShardSetWriter a = ShardSetWriter.open(dir, conf, ShardWriterOptions.defaults(), "task-0-attempt-0", allocator);
    ShardSetWriter b = ShardSetWriter.open(dir, conf, ShardWriterOptions.defaults(), "task-1-attempt-0", allocator);
    a.write(record("a1"), GEOMETRY, events(1, 100));
    b.write(record("b1"), GEOMETRY, events(2, 100));
    a.write(record("a2"), GEOMETRY, events(3, 100));
    List<ShardInfo> union = new ArrayList<>(b.finish());
    union.addAll(a.finish());
    a.close();
    b.close();
    Manifest committed = Manifest.commit(dir, conf, union, Map.of("job", "import"));
    assertThat(fs.exists(new Path(dir, Manifest.TEMPORARY_DIRECTORY))).isFalse();

    Manifest read = Manifest.read(dir, conf);
    assertThat(read).isEqualTo(committed);
    assertThat(read.sampleIds()).containsExactly("b1", "a1", "a2");
    assertThat(read.sampleCount()).isEqualTo(3);
    assertThat(read.eventCount()).isEqualTo(300);
    assertThat(read.locate("a2")).hasValueSatisfying(l -> assertThat(l.shard().fileName()).isEqualTo("part-task-0-attempt-0-00000.arrow"));
    assertThat(read.locate("zz")).isEmpty();
    String json = new String(fs.open(new Path(dir, Manifest.FILE_NAME)).readAllBytes(), StandardCharsets.UTF_8);
    assertThat(json)
        .contains("\"format\" : \"tnas-event-shards\"", "\"manifest_version\" : 1", "\"sha256\" : \"" + union.get(0).sha256() + "\"")
        .contains("\"samples\" : 3", "\"events\" : 300", "\"bytes\" : " + read.byteSize());
    assertThat(Manifest.fromJson(json, "x")).isEqualTo(committed);
  }

  @Test
  void rejectsDuplicateSampleIdsAcrossWriters() throws IOException {
    List<ShardInfo> union = new ArrayList<>(write("w0", "same", "other"));
    union.addAll(write("w1", "same"));
    assertThatThrownBy(() -> Manifest.commit(dir, conf, union, Map.of()))
        .isInstanceOf(ProjectException.class)
        .hasMessage("Cannot commit manifest in " + dir + ": Invalid shard set: duplicate sample id same in part-w0-00000.arrow and part-w1-00000.arrow")
        .extracting(e -> ((ProjectException) e).code())
        .isEqualTo(EventErrorCode.CORRUPT_SHARD);
    assertThat(fs.exists(new Path(dir, Manifest.FILE_NAME))).isFalse();
  }

  @Test
  void rejectsMissingOrResizedShardsAndASecondCommit() throws IOException {
    List<ShardInfo> shards = write("w0", "a");
    ShardInfo shard = shards.get(0);
    ShardInfo ghost = new ShardInfo("part-ghost-00000.arrow", "ghost", 10, shard.sha256(), 1, List.of());
    assertThatThrownBy(() -> Manifest.commit(dir, conf, List.of(shard, ghost), Map.of()))
        .hasMessage("Cannot commit manifest: shard part-ghost-00000.arrow does not exist in " + dir);
    ShardInfo resized = new ShardInfo(shard.fileName(), "w0", shard.byteSize() + 1, shard.sha256(), 1, shard.samples());
    assertThatThrownBy(() -> Manifest.commit(dir, conf, List.of(resized), Map.of()))
        .hasMessage(
            "Cannot commit manifest: shard " + shard.fileName() + " has " + shard.byteSize() + " bytes, its writer reported " + (shard.byteSize() + 1));
    assertThatThrownBy(() -> Manifest.commit(dir, conf, List.of(shard, shard), Map.of()))
        .hasMessage("Cannot commit manifest in " + dir + ": Invalid shard list: " + shard.fileName() + " is listed twice");
    Manifest.commit(dir, conf, shards, Map.of());
    assertThatThrownBy(() -> Manifest.commit(dir, conf, shards, Map.of()))
        .hasMessage("Cannot commit manifest: " + new Path(dir, Manifest.FILE_NAME) + " already exists");
  }

  @Test
  void readerSeesOnlyListedShardsAndIgnoresOrphansAndTemporaryFiles() throws IOException {
    List<ShardInfo> listed = write("listed", "l1", "l2");
    write("orphan", "o1");
    try (OutputStream out = fs.create(new Path(new Path(dir, Manifest.TEMPORARY_DIRECTORY), "junk/part-junk-00000.arrow"))) {
      out.write(new byte[] {1, 2, 3});
    }
    Manifest.commit(dir, conf, listed, Map.of());
    try (ShardDataset dataset = ShardDataset.open(dir, conf, allocator)) {
      assertThat(dataset.sampleIds()).containsExactly("l1", "l2");
      assertThat(dataset.contains("o1")).isFalse();
      try (var stream = dataset.stream()) {
        assertThat(stream.map(s -> s.record().sampleId())).containsExactly("l1", "l2");
      }
      assertThat(dataset.verify().isValid()).isTrue();
    }
  }

  @Test
  void readValidatesVersionAndStructure() throws IOException {
    Manifest.commit(dir, conf, write("w0", "a"), Map.of());
    String json = new String(fs.open(new Path(dir, Manifest.FILE_NAME)).readAllBytes(), StandardCharsets.UTF_8);
    assertThatThrownBy(() -> Manifest.fromJson(json.replace("\"manifest_version\" : 1", "\"manifest_version\" : 2"), "m.json"))
        .isInstanceOf(EventFormatException.class)
        .hasMessage("Invalid manifest version: 2 (this build reads 1) (in m.json)");
    assertThatThrownBy(() -> Manifest.fromJson(json.replace("\"schema_version\" : 1,\n  \"samples\"", "\"schema_version\" : 9,\n  \"samples\""), "m.json"))
        .hasMessage("Invalid schema version: 9 (this build reads 1) (in m.json)");
    assertThatThrownBy(() -> Manifest.fromJson(json.replace("\"sha256\"", "\"sha\""), "m.json"))
        .hasMessage("Invalid field sha256: missing or not a string (in m.json)");
    String tampered = json.replace("\"events\" : 200,\n  \"bytes\"", "\"events\" : 201,\n  \"bytes\"");
    assertThat(tampered).isNotEqualTo(json);
    Manifest manifest = Manifest.fromJson(json, "m.json");
    assertThatThrownBy(() -> Manifest.fromJson(tampered, "m.json"))
        .hasMessage(
            "Invalid manifest: totals (1 samples, 201 events, " + manifest.byteSize() + " bytes) disagree with its shards (1, 200, "
                + manifest.byteSize() + ") (in m.json)");
    assertThatThrownBy(() -> Manifest.fromJson("{\"format\": \"tnas-event-shards\", ", "m.json"))
        .isInstanceOf(EventFormatException.class)
        .hasMessageStartingWith("Invalid JSON: Unexpected end-of-input")
        .hasMessageEndingWith("of m.json)");
    assertThatThrownBy(() -> Manifest.fromJson("[]", "m.json")).hasMessage("Invalid manifest: format is not tnas-event-shards (in m.json)");
  }

  @Test
  void shardTotalsMustAgreeWithEntries() throws IOException {
    Manifest.commit(dir, conf, write("w0", "a", "b"), Map.of());
    String json = new String(fs.open(new Path(dir, Manifest.FILE_NAME)).readAllBytes(), StandardCharsets.UTF_8);
    String tampered = json.replace("\"samples\" : 2,\n    \"events\"", "\"samples\" : 3,\n    \"events\"");
    assertThat(tampered).isNotEqualTo(json);
    assertThatThrownBy(() -> Manifest.fromJson(tampered, "m.json"))
        .hasMessage(
            "Invalid shard entry part-w0-00000.arrow: totals (3 samples, 400 events) disagree with its sample entries (2, 400) (in m.json)");
  }
}
