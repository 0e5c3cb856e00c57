package org.tnas.formats.shards;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tnas.formats.events.EventBatch;

/**
 * {@link ShardCompaction}: 40 writers with 4 small samples each (as 40 Spark tasks leave them)
 * merged into shards near the target size; the committed set holds every sample with the same
 * events, the merged files are gone after the commit, and the plan is deterministic.
 */
class ShardCompactionTest {
  @TempDir java.nio.file.Path dir;

  @Test
  void smallShardsOfManyWritersBecomeFewShardsNearTheTarget() throws Exception {
    Configuration conf = new Configuration();
    Path out = new Path(dir.resolve("set").toUri());
    ShardWriterOptions options = ShardWriterOptions.defaults().withTargetShardBytes(200_000);
    List<ShardInfo> written = new ArrayList<>();
    Map<String, long[]> sums = new HashMap<>();
    for (int task = 0; task < 40; task++) {
      try (ShardSetWriter writer = ShardSetWriter.open(out, conf, options, "task-" + task)) {
        for (int s = 0; s < 4; s++) {
          String id = "clip-" + task + "-" + s;
          EventBatch events = ShardFixtures.events(task * 10L + s, 1_000 + 37 * s);
          sums.put(id, ShardFixtures.sums(events));
          writer.write(ShardFixtures.record(id), ShardFixtures.GEOMETRY, events);
        }
        written.addAll(writer.finish());
      }
    }
    assertThat(written).hasSize(40);
    long total = written.stream().mapToLong(ShardInfo::byteSize).sum();

    ShardCompaction.Plan plan = ShardCompaction.plan(written, options.targetShardBytes());
    assertThat(ShardCompaction.plan(written, options.targetShardBytes())).isEqualTo(plan);
    assertThat(plan.bins()).allSatisfy(bin -> assertThat(bin.bytes()).isLessThanOrEqualTo(options.targetShardBytes()));
    List<ShardInfo> compacted = ShardCompaction.compact(out, conf, options, written, "compact");
    // a bin closes before it would exceed the target, so bins are more than half full: at most twice
    // the minimum number of shards, and every merged shard but the last holds more than half the target
    long minimum = (total + options.targetShardBytes() - 1) / options.targetShardBytes();
    assertThat(compacted.size()).isLessThanOrEqualTo((int) (2 * minimum)).isLessThan(written.size() / 2);
    List<ShardInfo> merged = compacted.subList(plan.kept().size(), compacted.size());
    assertThat(merged.subList(0, merged.size() - 1))
        .allSatisfy(shard -> assertThat(shard.byteSize() * 2).isGreaterThan(options.targetShardBytes()));

    Manifest.commit(out, conf, compacted, Map.of());
    assertThat(ShardCompaction.deleteMerged(out, conf, written, compacted)).isEqualTo(40 - plan.kept().size());
    try (var files = Files.list(dir.resolve("set"))) {
      assertThat(files.filter(f -> f.getFileName().toString().endsWith(ShardSetWriter.SHARD_SUFFIX)).count())
          .isEqualTo(compacted.size());
    }
    try (ShardDataset dataset = ShardDataset.open(out, conf)) {
      assertThat(dataset.sampleIds()).hasSize(160).containsExactlyInAnyOrderElementsOf(sums.keySet());
      for (String id : sums.keySet()) {
        assertThat(ShardFixtures.sums(dataset.sample(id).events())).as(id).isEqualTo(sums.get(id));
      }
    }
  }

  @Test
  void largeShardsStayAndSingleSmallShardsAreNotRewritten() {
    List<ShardInfo> shards = List.of(info("part-a.arrow", 900), info("part-b.arrow", 100), info("part-c.arrow", 600));
    ShardCompaction.Plan plan = ShardCompaction.plan(shards, 1000);
    assertThat(plan.bins()).isEmpty(); // b alone is small: nothing to merge it with
    assertThat(plan.kept()).containsExactlyInAnyOrderElementsOf(shards);
    ShardCompaction.Plan two = ShardCompaction.plan(List.of(info("part-x.arrow", 300), info("part-y.arrow", 400),
        info("part-z.arrow", 450)), 1000);
    assertThat(two.bins()).singleElement().satisfies(bin -> assertThat(bin.shards()).extracting(ShardInfo::fileName)
        .containsExactly("part-x.arrow", "part-y.arrow"));
    assertThat(two.kept()).extracting(ShardInfo::fileName).containsExactly("part-z.arrow");
    assertThatThrownBy(() -> ShardCompaction.plan(shards, 0)).hasMessage("Invalid target shard bytes: 0");
  }

  private static ShardInfo info(String name, long bytes) {
    return new ShardInfo(name, "w", bytes, "0".repeat(64), 1, List.of());
  }
}
