package org.tnas.formats.shards;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.tnas.formats.shards.ShardFixtures.GEOMETRY;
import static org.tnas.formats.shards.ShardFixtures.events;
import static org.tnas.formats.shards.ShardFixtures.record;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.memory.RootAllocator;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tnas.formats.events.EventBatch;

/**
 * Cross-implementation check: shards written by Java are read by the JavaScript Arrow
 * implementation (npm apache-arrow, deploy/arrow-check/check.mjs) with identical row counts and
 * column sums. Skipped when node or deploy/arrow-check/node_modules is absent (run {@code npm ci}
 * in deploy/arrow-check first).
 */
class ArrowJsCrossCheckTest {
  @TempDir java.nio.file.Path temp;
  private RootAllocator allocator;

  @BeforeEach
  void setUp() {
    allocator = new RootAllocator();
  }

  @AfterEach
  void tearDown() {
    allocator.close();
  }

  static Optional<java.nio.file.Path> checkDirectory() {
    java.nio.file.Path dir = Paths.get(System.getProperty("user.dir")).toAbsolutePath();
    for (int i = 0; i < 4 && dir != null; i++, dir = dir.getParent()) {
      java.nio.file.Path candidate = dir.resolve("deploy").resolve("arrow-check");
      if (Files.isRegularFile(candidate.resolve("check.mjs"))) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  static boolean nodeAvailable() {
    try {
      Process process = new ProcessBuilder("node", "--version").redirectErrorStream(true).start();
      process.getInputStream().readAllBytes();
      return process.waitFor(20, TimeUnit.SECONDS) && process.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  @Test
  void javaScriptArrowReadsTheSameRowsAndSums() throws Exception {
    Optional<java.nio.file.Path> check = checkDirectory();
    assumeTrue(check.isPresent(), "deploy/arrow-check not found above " + System.getProperty("user.dir"));
    assumeTrue(Files.isDirectory(check.get().resolve("node_modules").resolve("apache-arrow")),
        "apache-arrow is not installed: run 'npm ci' in " + check.get());
    assumeTrue(nodeAvailable(), "node is not on the PATH");

    Configuration conf = new Configuration();
    Path dir = new Path(temp.resolve("set").toUri());
    long[] javaSums = new long[4];
    long rows = 0;
    List<ShardInfo> shards;
    ShardWriterOptions options = ShardWriterOptions.defaults().withMaxBatchRows(3000).withTargetShardBytes(300_000);
    try (ShardSetWriter writer = ShardSetWriter.open(dir, conf, options, "js", allocator)) {
      for (int i = 0; i < 8; i++) {
        EventBatch batch = events(500 + i, 10_000 + 1_234 * i);
        writer.write(record("js" + i), GEOMETRY, batch);
        long[] sums = ShardFixtures.sums(batch);
        for (int c = 0; c < 4; c++) {
          javaSums[c] += sums[c];
        }
        rows += batch.size();
      }
      writer.write(record("empty"), GEOMETRY, new EventBatch(0));
      shards = writer.finish();
    }
    assertThat(shards.size()).isGreaterThan(1);
    Manifest.commit(dir, conf, shards, Map.of());
    // the Java side of the comparison: what the shard reader reads back
    long[] readSums = new long[4];
    try (ShardDataset dataset = ShardDataset.open(dir, conf, allocator); var stream = dataset.stream()) {
      stream.forEach(
          s -> {
            long[] sums = ShardFixtures.sums(s.events());
            for (int c = 0; c < 4; c++) {
              readSums[c] += sums[c];
            }
          });
    }
    assertThat(readSums).isEqualTo(javaSums);

    List<String> command = new ArrayList<>(List.of("node", "check.mjs"));
    for (ShardInfo shard : shards) {
      command.add(temp.resolve("set").resolve(shard.fileName()).toString());
    }
    Process process = new ProcessBuilder(command).directory(check.get().toFile()).redirectErrorStream(false).start();
    byte[] out = process.getInputStream().readAllBytes();
    String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as("node check.mjs stderr: %s", err).isZero();
    JsonNode json = ShardJson.MAPPER.readTree(out);
    assertThat(json.get("rows").asLong()).isEqualTo(rows);
    String[] columns = {"x", "y", "t", "p"};
    for (int c = 0; c < 4; c++) {
      assertThat(Long.parseLong(json.get("sums").get(columns[c]).asText())).as("sum of %s", columns[c]).isEqualTo(javaSums[c]);
    }
    assertThat(json.get("files")).hasSize(shards.size());
    for (int s = 0; s < shards.size(); s++) {
      JsonNode file = json.get("files").get(s);
      assertThat(file.get("rows").asLong()).isEqualTo(shards.get(s).eventCount());
      assertThat(file.get("schemaVersion").asText()).isEqualTo("1");
      int batches = shards.get(s).samples().stream().mapToInt(SampleEntry::batchCount).sum();
      assertThat(file.get("batches").asInt()).isEqualTo(batches);
    }
  }
}
