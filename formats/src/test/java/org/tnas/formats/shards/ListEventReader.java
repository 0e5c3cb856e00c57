package org.tnas.formats.shards;

import java.util.Optional;
import org.tnas.formats.errors.EventErrorCode;
import org.tnas.formats.errors.EventFormatException;
import org.tnas.formats.events.EventBatch;
import org.tnas.formats.events.EventFormat;
import org.tnas.formats.events.EventReader;
import org.tnas.formats.events.SensorGeometry;

/**
 * A hand-written in-memory EventReader over a batch, optionally failing like a corrupt file after
 * a given number of events (a fake, not a mock: it follows the EventReader contract).
 */
final class ListEventReader implements EventReader {
  private final EventBatch events;
  private final SensorGeometry geometry;
  private final long failAfter;
  private int position;
  boolean closed;

  ListEventReader(EventBatch events, SensorGeometry geometry, long failAfter) {
    this.events = events;
    this.geometry = geometry;
    this.failAfter = failAfter;
  }

  @Override
  public EventFormat format() {
    return EventFormat.CSV;
  }

  @Override
  public String source() {
    return "memory://list";
  }

  @Override
  public Optional<SensorGeometry> geometry() {
    return Optional.ofNullable(geometry);
  }

  @Override
  public int read(EventBatch into, int maxEvents) {
    if (position >= failAfter) {
      throw new EventFormatException(EventErrorCode.CORRUPT_EVENT_FILE, source(), position, "Invalid word: injected failure");
    }
    int n = (int) Math.min(Math.min(maxEvents, events.size() - position), failAfter - position);
    into.addAll(events, position, n);
    position += n;
    return n;
  }

  @Override
  public void close() {
    closed = true;
  }
}
