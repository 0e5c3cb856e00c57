package org.tnas.pipelines.video;

import java.util.List;
import java.util.NoSuchElementException;

/** A hand-written in-memory frame source for tests. */
final class ArrayFrames implements FrameSource {
  private final List<TimedFrame> frames;
  private final int width;
  private final int height;
  private final double fps;
  private int index;
  boolean closed;

  ArrayFrames(List<TimedFrame> frames, int width, int height, double fps) {
    this.frames = frames;
    this.width = width;
    this.height = height;
    this.fps = fps;
  }

  @Override
  public String source() {
    return "memory";
  }

  @Override
  public int width() {
    return width;
  }

  @Override
  public int height() {
    return height;
  }

  @Override
  public double fps() {
    return fps;
  }

  @Override
  public boolean hasNext() {
    return index < frames.size();
  }

  @Override
  public TimedFrame next() {
    if (!hasNext()) {
      throw new NoSuchElementException("Cannot read past the last frame of memory");
    }
    return frames.get(index++);
  }

  @Override
  public void close() {
    closed = true;
  }
}
