package org.tnas.formats.io;

import java.io.Closeable;
import org.tnas.formats.events.EventBatch;
import org.tnas.formats.events.EventFormat;

/**
 * A writer of one event file in the canonical schema. Lifecycle: create (through {@link
 * EventFiles#create} or a writer's constructor), {@link #write} batches in time order, then {@link
 * #close()}, which completes the file; a file is only valid after close. Not thread safe.
 */
public interface EventWriter extends Closeable {
  /** The format being written. */
  EventFormat format();

  /** Appends events {@code from .. from+count} of {@code batch}. */
  void write(EventBatch batch, int from, int count);

  /** Appends all events of {@code batch}. */
  default void write(EventBatch batch) {
    write(batch, 0, batch.size());
  }

  /** Number of events written so far. */
  long count();

  /** Completes and closes the file; I/O failures are {@link java.io.UncheckedIOException}s. */
  @Override
  void close();

  /** Checks a range of a batch; shared by the writers. */
  static void checkRange(EventBatch batch, int from, int count) {
    java.util.Objects.requireNonNull(batch, "batch is null");
    if (from < 0 || count < 0 || (long) from + count > batch.size()) {
      throw new IndexOutOfBoundsException("Invalid range: " + from + "+" + count + " of " + batch.size());
    }
  }
}
