package org.tnas.pipelines.video;

import java.util.Objects;

/**
 * One gray frame at a time: {@code width * height} linear gray values 0..255, row-major, and its
 * time in seconds from the start of the clip.
 */
public record TimedFrame(float[] gray, double timeSeconds) {
  public TimedFrame {
    Objects.requireNonNull(gray, "gray is null");
    if (!Double.isFinite(timeSeconds) || timeSeconds < 0) {
      throw new IllegalArgumentException("Invalid frame time: " + timeSeconds);
    }
  }
}
