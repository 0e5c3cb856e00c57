package org.tnas.pipelines.video;

import java.util.NoSuchElementException;
import java.util.Objects;
import org.tnas.pipelines.convert.TimedFrame;

/**
 * Passes the frames of a source through, counting them, optionally only the first {@code limit}
 * (a clip prefix: {@code convert.max-frames}, tests, benchmarks). Closing it closes the source. Not
 * thread-safe.
 */
public final class CountedFrames implements FrameSource {
  private final FrameSource source;
  private final long limit;
  private long count;

  /** Every frame of {@code source}. */
  public CountedFrames(FrameSource source) {
    this(source, Long.MAX_VALUE);
  }

  /** The first {@code limit} frames of {@code source}. */
  public CountedFrames(FrameSource source, long limit) {
    this.source = Objects.requireNonNull(source, "source is null");
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
  public String source() {
    return source.source();
  }

  @Override
  public int width() {
    return source.width();
  }

  @Override
  public int height() {
    return source.height();
  }

  @Override
  public double fps() {
    return source.fps();
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

  @Override
  public void close() {
    source.close();
  }
}
