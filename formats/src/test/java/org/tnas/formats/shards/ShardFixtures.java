package org.tnas.formats.shards;

import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.tnas.formats.events.EventBatch;
import org.tnas.formats.events.SensorGeometry;
import org.tnas.formats.samples.SampleRecord;
import org.tnas.formats.util.Seeds;

/** Deterministic synthetic samples for the shard tests (every random choice from Seeds). */
final class ShardFixtures {
  static final SensorGeometry GEOMETRY = new SensorGeometry(346, 260);

  private ShardFixtures() {}

  static SampleRecord record(String id) {
    return new SampleRecord(
        id, "synthetic", "S" + Math.floorMod(id.hashCode(), 7), Math.floorMod(id.hashCode(), 7), "class" + Math.floorMod(id.hashCode(), 7),
        "train", Set.of(1, 3), "file:///in/" + id + ".raw", Map.of("format", "evt3", "seed", "42"));
  }

  /** {@code count} events with sorted timestamps, uniformly on the geometry. */
  static EventBatch events(long seed, int count, SensorGeometry geometry) {
    SplittableRandom random = Seeds.random(seed, count);
    EventBatch batch = new EventBatch(count);
    long t = random.nextLong(1_000);
    for (int i = 0; i < count; i++) {
      t += random.nextInt(50);
      batch.addUnchecked(random.nextInt(geometry.width()), random.nextInt(geometry.height()), t, random.nextInt(2));
    }
    return batch;
  }

  static EventBatch events(long seed, int count) {
    return events(seed, count, GEOMETRY);
  }

  /** Column sums {x, y, t, p} of a batch. */
  static long[] sums(EventBatch batch) {
    long[] sums = new long[4];
    for (int i = 0; i < batch.size(); i++) {
      sums[0] += batch.x()[i];
      sums[1] += batch.y()[i];
      sums[2] += batch.t()[i];
      sums[3] += batch.p()[i];
    }
    return sums;
  }
}
