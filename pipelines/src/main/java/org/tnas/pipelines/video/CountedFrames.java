package org.tnas.pipelines.video;

import java.util.NoSuchElementException;

/**
 * Passes the frames of a source through, counting them, optionally only the first {@code limit}
 * (a clip prefix: {@code convert.max-frames}, tests, benchmarks). Closing it closes the source. Not
 * thread-safe.
 */
public final class CountedFrames extends ForwardingFrameSource {
  private final long limit;
  private long count;

  /** Every frame of {@code source}. */
  public CountedFrames(FrameSource source) {
    this(source, Long.MAX_VALUE);
  }

  /** The first {@code limit} frames of {@code source}. */
  public CountedFrames(FrameSource source, long limit) {
    super(source);
    if (limit < 0) {
      throw new IllegalArgumentException("Invalid frame limit: " + limit);
    }
    this.limit = limit;
  }

  /** Frames passed so far. */
  public long count() {
    return count;
  }

  @Override
  public boolean hasNext() {
    return count < limit && source.hasNext();
  }

  @Override
  public TimedFrame next() {
    if (!hasNext()) {
      throw new NoSuchElementException("Cannot read past frame " + count + " of " + source.source());
    }
    count++;
    return source.next();
  }

}
