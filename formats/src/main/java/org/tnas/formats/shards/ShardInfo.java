package org.tnas.formats.shards;

import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One committed shard as listed in the manifest: its file name (relative to the shard set
 * directory), writer, size, SHA-256 of the whole file, schema version and the entries of its
 * samples in file order. Immutable and serialisable (Spark tasks return these to the driver, which
 * commits their union with {@link Manifest#commit}).
 *
 * @param fileName the file name inside the shard set directory, e.g. {@code part-w3-00000.arrow}
 * @param writerId the id of the writer that produced it
 * @param byteSize the file size in bytes
 * @param sha256 lower-case hex SHA-256 of the whole file
 * @param schemaVersion the event schema version ({@link org.tnas.formats.events.EventSchema#VERSION})
 * @param samples the samples, in file (batch) order
 */
public record ShardInfo(
    String fileName, String writerId, long byteSize, String sha256, int schemaVersion, List<SampleEntry> samples)
    implements java.io.Serializable {
  private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
  private static final Pattern FILE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

  public ShardInfo {
    Objects.requireNonNull(fileName, "fileName is null");
    Objects.requireNonNull(writerId, "writerId is null");
    Objects.requireNonNull(sha256, "sha256 is null");
    if (!FILE_NAME.matcher(fileName).matches()) {
      throw new IllegalArgumentException("Invalid shard file name: " + fileName);
    }
    if (byteSize <= 0) {
      throw new IllegalArgumentException("Invalid shard byte size: " + byteSize);
    }
    if (!SHA256.matcher(sha256).matches()) {
      throw new IllegalArgumentException("Invalid SHA-256: " + sha256);
    }
    if (schemaVersion <= 0) {
      throw new IllegalArgumentException("Invalid schema version: " + schemaVersion);
    }
    samples = List.copyOf(Objects.requireNonNull(samples, "samples is null"));
  }

  /** Number of samples. */
  public int sampleCount() {
    return samples.size();
  }

  /** Number of events (rows) over all samples. */
  public long eventCount() {
    long events = 0;
    for (SampleEntry entry : samples) {
      events += entry.eventCount();
    }
    return events;
  }

  /** The sample ids in file order. */
  public List<String> sampleIds() {
    return samples.stream().map(SampleEntry::sampleId).toList();
  }

  /** Smallest timestamp over the non-empty samples (0 if all are empty). */
  public long minTimestamp() {
    return samples.stream().filter(e -> e.eventCount() > 0).mapToLong(SampleEntry::minTimestamp).min().orElse(0);
  }

  /** Largest timestamp over the non-empty samples (0 if all are empty). */
  public long maxTimestamp() {
    return samples.stream().filter(e -> e.eventCount() > 0).mapToLong(SampleEntry::maxTimestamp).max().orElse(0);
  }
}
