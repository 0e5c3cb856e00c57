package org.tnas.formats.shards;

import java.util.Objects;

/**
 * How a {@link ShardSetWriter} cuts and encodes shards. Immutable, serialisable (Spark ships it to
 * executors).
 *
 * @param targetShardBytes the size at which a shard is closed and the next one started. A shard is
 *     closed after the sample that makes it reach the target, and before a sample of known size
 *     that would push a non-empty shard past it; a sample never spans two shards, so a single
 *     sample larger than the target makes a shard of its own, larger than the target
 * @param maxBatchRows the largest number of events in one Arrow record batch (a sample is cut into
 *     batches of at most this many rows; also the read granularity of random access)
 * @param compression buffer compression (only {@link ShardCompression#NONE})
 * @param sampleBufferEvents how many events of a streamed sample ({@link
 *     ShardSetWriter#write(org.tnas.formats.samples.SampleRecord,
 *     org.tnas.formats.events.EventReader)}) are held in memory before the rest of the sample is
 *     spilled to a local temporary file, so a long recording never sits in memory whole
 */
public record ShardWriterOptions(
    long targetShardBytes, int maxBatchRows, ShardCompression compression, long sampleBufferEvents)
    implements java.io.Serializable {
  /** 256 MiB: large enough for efficient scans on HDFS/S3, small enough to parallelise. */
  public static final long TARGET_SHARD_BYTES_DEFAULT = 256L << 20;
  /** 64 Ki events per record batch: about 850 KB per batch. */
  public static final int MAX_BATCH_ROWS_DEFAULT = 1 << 16;
  /** 4 Mi events (about 52 MB) of a streamed sample are kept in memory before spilling. */
  public static final long SAMPLE_BUFFER_EVENTS_DEFAULT = 1L << 22;

  public ShardWriterOptions {
    Objects.requireNonNull(compression, "compression is null");
    if (targetShardBytes <= 0) {
      throw new IllegalArgumentException("Invalid target shard bytes: " + targetShardBytes);
    }
    if (maxBatchRows <= 0 || maxBatchRows > (1 << 24)) {
      throw new IllegalArgumentException("Invalid max batch rows: " + maxBatchRows);
    }
    if (sampleBufferEvents < 0) {
      throw new IllegalArgumentException("Invalid sample buffer events: " + sampleBufferEvents);
    }
  }

  /** The defaults: 256 MiB shards, 65536-row batches, no compression, 4 Mi buffered events. */
  public static ShardWriterOptions defaults() {
    return new ShardWriterOptions(
        TARGET_SHARD_BYTES_DEFAULT, MAX_BATCH_ROWS_DEFAULT, ShardCompression.NONE, SAMPLE_BUFFER_EVENTS_DEFAULT);
  }

  /** A copy with another target shard size. */
  public ShardWriterOptions withTargetShardBytes(long bytes) {
    return new ShardWriterOptions(bytes, maxBatchRows, compression, sampleBufferEvents);
  }

  /** A copy with another maximum batch size. */
  public ShardWriterOptions withMaxBatchRows(int rows) {
    return new ShardWriterOptions(targetShardBytes, rows, compression, sampleBufferEvents);
  }

  /** A copy with another in-memory limit for streamed samples. */
  public ShardWriterOptions withSampleBufferEvents(long events) {
    return new ShardWriterOptions(targetShardBytes, maxBatchRows, compression, events);
  }
}
