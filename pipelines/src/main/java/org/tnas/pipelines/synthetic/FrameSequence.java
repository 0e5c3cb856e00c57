package org.tnas.pipelines.synthetic;

import java.util.List;
import java.util.Objects;

/**
 * A short clip of gray frames (values 0..255, row-major {@code y * width + x}) at a fixed frame rate;
 * frame {@code i} is at {@code i / fps} seconds. Immutable list, but the frame arrays are shared: do
 * not modify them.
 */
public record FrameSequence(int width, int height, double fps, List<float[]> frames) {

  public FrameSequence {
    if (width <= 0) {
      throw new IllegalArgumentException("Invalid width: " + width);
    }
    if (height <= 0) {
      throw new IllegalArgumentException("Invalid height: " + height);
    }
    if (!(fps > 0) || Double.isInfinite(fps)) {
      throw new IllegalArgumentException("Invalid fps: " + fps);
    }
    frames = List.copyOf(Objects.requireNonNull(frames, "frames is null"));
    for (float[] frame : frames) {
      if (frame.length != width * height) {
        throw new IllegalArgumentException("Invalid frame length: " + frame.length);
      }
    }
  }

  public int frameCount() {
    return frames.size();
  }

  /** The time of frame {@code index} in seconds. */
  public double timeOf(int index) {
    return index / fps;
  }
}
