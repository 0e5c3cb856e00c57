package org.tnas.pipelines.video;

import java.util.Objects;

/**
 * A {@link FrameSource} over another one: its name, size and rate are the wrapped source's unless
 * a subclass overrides them, and closing it closes the wrapped source. The base of the stages that
 * transform a stream of frames (resampling, resizing, interpolation, counting).
 */
public abstract class ForwardingFrameSource implements FrameSource {
  /** The wrapped source. */
  protected final FrameSource source;

  protected ForwardingFrameSource(FrameSource source) {
    this.source = Objects.requireNonNull(source, "source is null");
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
  public void close() {
    source.close();
  }
}
