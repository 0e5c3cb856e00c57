package org.tnas.pipelines.convert;

import org.tnas.formats.events.EventBatch;
import org.tnas.formats.events.EventReader;

/**
 * An {@link EventReader} whose events are made one frame at a time: {@link #read} asks {@link
 * #nextFrame} for a frame's events only when the previous frame's are used up, so memory holds one
 * frame's events. Not thread-safe.
 */
abstract class FrameByFrameEventReader implements EventReader {
  private final EventBatch pending = new EventBatch(4096);
  private int pendingOffset;
  private long eventsRead;

  /**
   * Appends the next frame's events (possibly none) to the empty {@code events}.
   *
   * @return false at the end of the frames
   */
  abstract boolean nextFrame(EventBatch events);

  /** Events returned so far. */
  public final long eventsRead() {
    return eventsRead;
  }

  @Override
  public final int read(EventBatch into, int maxEvents) {
    if (maxEvents < 1) {
      throw new IllegalArgumentException("Invalid maximum event count: " + maxEvents);
    }
    while (pendingOffset == pending.size()) {
      pending.clear();
      pendingOffset = 0;
      if (!nextFrame(pending)) {
        return 0;
      }
    }
    int count = Math.min(maxEvents, pending.size() - pendingOffset);
    into.addAll(pending, pendingOffset, count);
    pendingOffset += count;
    eventsRead += count;
    return count;
  }
}
