package org.tnas.formats.io;

import java.util.Objects;
import java.util.Optional;
import org.tnas.formats.events.EventBatch;
import org.tnas.formats.events.EventFormat;
import org.tnas.formats.events.EventReader;
import org.tnas.formats.events.SensorGeometry;

/**
 * Common lifecycle of the streaming readers: argument checks, the end flag and closing the byte
 * source. Subclasses implement {@link #decode(EventBatch, int)}.
 */
abstract class AbstractEventReader implements EventReader {
  protected final ByteSource in;
  private final EventFormat format;
  private SensorGeometry geometry;
  private boolean finished;
  private boolean closed;

  AbstractEventReader(ByteSource in, EventFormat format) {
    this.in = Objects.requireNonNull(in, "in is null");
    this.format = Objects.requireNonNull(format, "format is null");
  }

  @Override
  public final EventFormat format() {
    return format;
  }

  @Override
  public final String source() {
    return in.source();
  }

  @Override
  public Optional<SensorGeometry> geometry() {
    return Optional.ofNullable(geometry);
  }

  protected final void setGeometry(SensorGeometry geometry) {
    this.geometry = geometry;
  }

  @Override
  public final int read(EventBatch into, int maxEvents) {
    Objects.requireNonNull(into, "into is null");
    if (maxEvents < 1) {
      throw new IllegalArgumentException("Invalid maxEvents: " + maxEvents);
    }
    if (closed) {
      throw new IllegalStateException("Cannot read " + source() + ": the reader is closed");
    }
    if (finished) {
      return 0;
    }
    int count = decode(into, maxEvents);
    if (count == 0) {
      finished = true;
    }
    return count;
  }

  /**
   * Appends up to {@code maxEvents} events; returns 0 only at the end of the recording (a call that
   * finds no event in a non-empty remainder must keep decoding until it finds one or the end).
   */
  protected abstract int decode(EventBatch into, int maxEvents);

  /** The room to reserve in a batch for one decode step producing at most {@code wanted} events. */
  static int reserve(EventBatch into, int maxEvents, long wanted) {
    int room = (int) Math.min(maxEvents, Math.max(1, wanted));
    into.ensureRoom(room);
    return room;
  }

  @Override
  public void close() {
    if (!closed) {
      closed = true;
      in.close();
    }
  }
}
