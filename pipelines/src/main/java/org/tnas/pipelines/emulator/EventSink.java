package org.tnas.pipelines.emulator;

import java.util.Objects;
import org.tnas.formats.events.EventBatch;

/**
 * Receives the events of an {@link EventEmulator}, one call per event, in emission order (time
 * monotonic). Timestamps are v2e's float32 seconds; polarity is 1 (ON) or 0 (OFF).
 */
@FunctionalInterface
public interface EventSink {
  /**
   * Receives one event.
   *
   * @param x column, 0..width-1
   * @param y row, 0..height-1
   * @param timeSeconds v2e's float32 timestamp in seconds
   * @param polarity 1 = ON (brighter), 0 = OFF (darker)
   */
  void accept(int x, int y, float timeSeconds, int polarity);

  /**
   * A sink appending to {@code batch} in the canonical schema, with {@code t} in microseconds as
   * v2e's HDF5 writer computes it (see {@link #microseconds(float)}).
   */
  static EventSink into(EventBatch batch) {
    Objects.requireNonNull(batch, "batch is null");
    return (x, y, timeSeconds, polarity) -> batch.add(x, y, microseconds(timeSeconds), polarity);
  }

  /**
   * v2e's HDF5 timestamp: the float32 time multiplied by 1e6 in float32 (numpy keeps float32), then
   * truncated to an integer ({@code astype(uint32)}). Unlike v2e's uint32 column this does not
   * wrap after 4,294.97 s.
   */
  static long microseconds(float timeSeconds) {
    return (long) (timeSeconds * 1e6f);
  }
}
