package org.tnas.pipelines.convert;

import java.io.Serializable;
import java.util.Locale;

/**
 * The frame rate clips are resampled to, parsed once: {@code auto} (the layout's recipe), {@code
 * keep} (the source's rate) or a rate. Immutable and serialisable.
 */
public sealed interface FrameRate extends Serializable permits FrameRate.Auto, FrameRate.Keep, FrameRate.Fixed {
  /** The layout decides (30 fps for the Spiking-FER face datasets, keep otherwise). */
  record Auto() implements FrameRate {
    @Override
    public String toString() {
      return "auto";
    }
  }

  /** The source's own rate. */
  record Keep() implements FrameRate {
    @Override
    public String toString() {
      return "keep";
    }
  }

  /** Resample to {@code fps}. */
  record Fixed(double fps) implements FrameRate {
    public Fixed {
      if (!(fps > 0 && fps <= 100_000)) {
        throw new IllegalArgumentException("Invalid frame rate: " + fps + " (expected (0, 100000])");
      }
    }

    @Override
    public String toString() {
      return Double.toString(fps);
    }
  }

  /** Parses {@code auto}, {@code keep} or a rate in (0, 100000]; {@code key} names the setting. */
  static FrameRate parse(String text, String key) {
    String value = text.strip().toLowerCase(Locale.ROOT);
    if (value.equals("auto")) {
      return new Auto();
    }
    if (value.equals("keep")) {
      return new Keep();
    }
    try {
      return new Fixed(Double.parseDouble(value));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("Invalid " + key + ": " + text + " (expected auto, keep or a rate in (0, 100000])");
    }
  }
}
