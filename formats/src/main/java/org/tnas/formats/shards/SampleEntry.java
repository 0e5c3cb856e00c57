package org.tnas.formats.shards;

import java.util.Objects;
import org.tnas.formats.events.SensorGeometry;
import org.tnas.formats.samples.SampleRecord;

/**
 * Where and what one sample is inside a shard: its description, sensor geometry, counts, time range
 * and the contiguous run of record batches holding its events. Stored in the shard footer and in
 * the manifest. Immutable and serialisable.
 *
 * @param record the sample's description (id, label, split...)
 * @param geometry the sensor size its coordinates refer to
 * @param eventCount number of events
 * @param onCount number of ON events ({@code p == 1})
 * @param firstBatch index of its first record batch in the shard file
 * @param batchCount number of record batches (0 for an empty sample)
 * @param minTimestamp smallest timestamp in microseconds (0 when the sample is empty)
 * @param maxTimestamp largest timestamp in microseconds (0 when the sample is empty)
 */
public record SampleEntry(
    SampleRecord record,
    SensorGeometry geometry,
    long eventCount,
    long onCount,
    int firstBatch,
    int batchCount,
    long minTimestamp,
    long maxTimestamp)
    implements java.io.Serializable {

  public SampleEntry {
    Objects.requireNonNull(record, "record is null");
    Objects.requireNonNull(geometry, "geometry is null");
    if (eventCount < 0) {
      throw new IllegalArgumentException("Invalid event count: " + eventCount);
    }
    if (onCount < 0 || onCount > eventCount) {
      throw new IllegalArgumentException("Invalid ON count: " + onCount + " of " + eventCount);
    }
    if (firstBatch < 0) {
      throw new IllegalArgumentException("Invalid first batch: " + firstBatch);
    }
    if (batchCount < 0 || (batchCount == 0) != (eventCount == 0)) {
      throw new IllegalArgumentException("Invalid batch count: " + batchCount + " for " + eventCount + " events");
    }
    if (minTimestamp > maxTimestamp) {
      throw new IllegalArgumentException("Invalid time range: " + minTimestamp + " > " + maxTimestamp);
    }
  }

  /** The sample id (shortcut for {@code record().sampleId()}). */
  public String sampleId() {
    return record.sampleId();
  }

  /** Number of OFF events. */
  public long offCount() {
    return eventCount - onCount;
  }
}
