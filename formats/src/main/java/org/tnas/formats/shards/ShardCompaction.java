package org.tnas.formats.shards;

import java.io.IOException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Merges the small shards that parallel writers leave (one per task, often far below the target
 * size) into shards near the target size, before the manifest is committed. The shard set's
 * contract is unchanged: the driver plans bins ({@link #plan}), each bin is rewritten by one task or
 * call ({@link #rewrite}: samples read and written again, whole, in bin order, by a {@link
 * ShardSetWriter} of its own), the driver commits the manifest with the untouched shards plus the
 * rewritten ones, and only then deletes the merged files ({@link #deleteMerged}). Until that commit
 * the set is uncommitted as before; a failure leaves the old shards in place.
 *
 * <p>Stateless; the bins are serialisable (shipped to Spark tasks).
 */
public final class ShardCompaction {
  private ShardCompaction() {}

  /** Shards merged into one (or, when they outgrow the target, a few) new shards. */
  public record Bin(int index, List<ShardInfo> shards) implements Serializable {
    public Bin {
      shards = List.copyOf(Objects.requireNonNull(shards, "shards is null"));
      if (shards.size() < 2) {
        throw new IllegalArgumentException("Invalid compaction bin: " + shards.size() + " shard(s)");
      }
    }

    /** The bytes of the bin's shards. */
    public long bytes() {
      return shards.stream().mapToLong(ShardInfo::byteSize).sum();
    }
  }

  /** A plan: the shards kept as they are and the bins to merge. */
  public record Plan(List<ShardInfo> kept, List<Bin> bins) implements Serializable {
    public Plan {
      kept = List.copyOf(kept);
      bins = List.copyOf(bins);
    }
  }

  /**
   * Plans the merge deterministically: shards of at least half the target stay; the others, in file
   * name order, fill bins of at most {@code targetBytes} (a bin is closed when the next shard would
   * exceed the target). A bin of one shard is kept as it is.
   */
  public static Plan plan(List<ShardInfo> shards, long targetBytes) {
    Objects.requireNonNull(shards, "shards is null");
    if (targetBytes <= 0) {
      throw new IllegalArgumentException("Invalid target shard bytes: " + targetBytes);
    }
    List<ShardInfo> kept = new ArrayList<>();
    List<ShardInfo> small = new ArrayList<>();
    for (ShardInfo shard : shards) {
      (shard.byteSize() * 2 >= targetBytes ? kept : small).add(shard);
    }
    small.sort(Comparator.comparing(ShardInfo::fileName));
    List<Bin> bins = new ArrayList<>();
    List<ShardInfo> current = new ArrayList<>();
    long currentBytes = 0;
    for (ShardInfo shard : small) {
      if (!current.isEmpty() && currentBytes + shard.byteSize() > targetBytes) {
        close(current, kept, bins);
        current = new ArrayList<>();
        currentBytes = 0;
      }
      current.add(shard);
      currentBytes += shard.byteSize();
    }
    close(current, kept, bins);
    return new Plan(kept, bins);
  }

  private static void close(List<ShardInfo> current, List<ShardInfo> kept, List<Bin> bins) {
    if (current.size() == 1) {
      kept.add(current.get(0));
    } else if (current.size() > 1) {
      bins.add(new Bin(bins.size(), current));
    }
  }

  /**
   * Rewrites one bin's samples, whole and in order, into new shards of writer {@code writerId} in
   * {@code dir} (near {@code options.targetShardBytes()}); the bin's files are left in place (see
   * {@link #deleteMerged}).
   *
   * @return the new shards, to commit instead of the bin's
   */
  public static List<ShardInfo> rewrite(Path dir, Configuration conf, ShardWriterOptions options, Bin bin, String writerId) {
    Objects.requireNonNull(bin, "bin is null");
    try (ShardSetWriter writer = ShardSetWriter.open(dir, conf, options, writerId)) {
      for (ShardInfo shard : bin.shards()) {
        try (ShardFile file = ShardFile.open(new Path(dir, shard.fileName()), conf)) {
          for (SampleEntry entry : file.samples()) {
            SampleEvents sample = file.read(entry);
            writer.write(sample.record(), sample.geometry(), sample.events());
          }
        }
      }
      return writer.finish();
    }
  }

  /**
   * Merges in this JVM (no Spark): plan, rewrite every bin, and return the shards to commit (kept
   * ones first, then the new ones). The merged files stay until {@link #deleteMerged}.
   */
  public static List<ShardInfo> compact(Path dir, Configuration conf, ShardWriterOptions options, List<ShardInfo> shards,
      String writerIdPrefix) {
    Plan plan = plan(shards, options.targetShardBytes());
    List<ShardInfo> result = new ArrayList<>(plan.kept());
    for (Bin bin : plan.bins()) {
      result.addAll(rewrite(dir, conf, options, bin, writerIdPrefix + "-" + bin.index()));
    }
    return result;
  }

  /**
   * Deletes the files of {@code before} that are not in {@code committed} (the merged small shards),
   * after the manifest naming {@code committed} was written.
   *
   * @return the number of files deleted
   */
  public static int deleteMerged(Path dir, Configuration conf, List<ShardInfo> before, List<ShardInfo> committed) {
    Set<String> live = new HashSet<>();
    for (ShardInfo shard : committed) {
      live.add(shard.fileName());
    }
    int deleted = 0;
    try {
      FileSystem fs = dir.getFileSystem(conf);
      for (ShardInfo shard : before) {
        if (!live.contains(shard.fileName()) && fs.delete(new Path(dir, shard.fileName()), false)) {
          deleted++;
        }
      }
    } catch (IOException e) {
      throw ShardIo.failure("delete merged shards in " + dir, e);
    }
    return deleted;
  }
}
