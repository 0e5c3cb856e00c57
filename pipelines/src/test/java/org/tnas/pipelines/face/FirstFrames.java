package org.tnas.pipelines.face;

import java.util.NoSuchElementException;
import org.tnas.pipelines.convert.TimedFrame;
import org.tnas.pipelines.video.FrameSource;

/** The first {@code limit} frames of a source (tests and benchmarks use clip prefixes). */
final class FirstFrames implements FrameSource {
  private final FrameSource source;
  private final long limit;
  private long taken;

  FirstFrames(FrameSource source, long limit) {
    this.source = source;
    this.limit = limit;
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
    return taken < limit && source.hasNext();
  }

  @Override
  public TimedFrame next() {
    if (!hasNext()) {
      throw new NoSuchElementException("Cannot read past frame " + limit);
    }
    taken++;
    return source.next();
  }

  @Override
  public void close() {
    source.close();
  }
}
