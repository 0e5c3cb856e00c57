package org.tnas.formats.shards;

import java.util.Objects;
import org.tnas.formats.events.EventBatch;
import org.tnas.formats.events.SensorGeometry;
import org.tnas.formats.samples.SampleRecord;

/**
 * One sample read back from a shard: its entry (description, geometry, counts) and all its events
 * in one {@link EventBatch} whose arrays are exactly {@code eventCount} long. The batch is mutable
 * and owned by the caller; not thread safe.
 */
public record SampleEvents(SampleEntry entry, EventBatch events) {
  public SampleEvents {
    Objects.requireNonNull(entry, "entry is null");
    Objects.requireNonNull(events, "events is null");
  }

  /** The sample's description. */
  public SampleRecord record() {
    return entry.record();
  }

  /** The sensor geometry of the events. */
  public SensorGeometry geometry() {
    return entry.geometry();
  }
}
