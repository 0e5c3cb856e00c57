package org.tnas.formats.events;

import java.io.Closeable;
import java.util.Optional;

/**
 * A streaming reader of one event recording, normalised to the canonical schema.
 *
 * <p>Lifecycle: open (through {@code EventFiles} or a format's reader constructor), call {@link
 * #read(EventBatch, int)} until it returns 0, then {@link #close()}. Memory is bounded by the
 * batch size asked for, never by the file size. Not thread safe.
 *
 * <p>Every decoding problem is reported as an {@link org.tnas.formats.errors.EventFormatException}
 * naming the source, the byte offset and what was expected; I/O failures of the underlying stream
 * are reported as {@link java.io.UncheckedIOException}.
 */
public interface EventReader extends Closeable {
  /** The format being decoded. */
  EventFormat format();

  /** The source (file or URI) used in messages. */
  String source();

  /**
   * The sensor geometry declared by the file header, if the format declares one. Formats without a
   * declared geometry return empty; callers may then infer it from the maximum coordinates.
   */
  Optional<SensorGeometry> geometry();

  /**
   * Appends up to {@code maxEvents} (at least 1) further events to {@code into}.
   *
   * @return the number of events appended; 0 means the end of the recording
   */
  int read(EventBatch into, int maxEvents);

  /** Reads the whole remaining recording into one batch (use only for small files). */
  default EventBatch readAll() {
    EventBatch batch = new EventBatch();
    while (read(batch, 1 << 16) > 0) {
      // keep reading
    }
    return batch;
  }

  @Override
  void close();
}
