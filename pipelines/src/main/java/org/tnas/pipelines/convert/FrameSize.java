package org.tnas.pipelines.convert;

import java.io.Serializable;
import java.util.Locale;

/**
 * A frame size to resize to, or {@link #KEEP} (0x0: the source size). Immutable and serialisable.
 */
public record FrameSize(int width, int height) implements Serializable {
  /** Keep the source size. */
  public static final FrameSize KEEP = new FrameSize(0, 0);

  public FrameSize {
    boolean keep = width == 0 && height == 0;
    if (!keep && (width <= 0 || height <= 0 || width > 32_767 || height > 32_767)) {
      throw new IllegalArgumentException("Invalid frame size: " + width + "x" + height);
    }
  }

  /** Whether this keeps the source size. */
  public boolean isKeep() {
    return width == 0;
  }

  @Override
  public String toString() {
    return isKeep() ? "" : width + "x" + height;
  }

  /** Parses {@code WxH} or empty (keep); {@code key} names the setting. */
  static FrameSize parse(String text, String key) {
    String value = text.strip();
    if (value.isEmpty()) {
      return KEEP;
    }
    String[] parts = value.toLowerCase(Locale.ROOT).split("x");
    try {
      if (parts.length == 2) {
        FrameSize size = new FrameSize(Integer.parseInt(parts[0].strip()), Integer.parseInt(parts[1].strip()));
        if (!size.isKeep()) {
          return size;
        }
      }
    } catch (IllegalArgumentException e) {
      // reported below
    }
    throw new IllegalArgumentException("Invalid " + key + ": " + text + " (expected WxH, e.g. 200x200, or empty)");
  }
}
