package org.tnas.pipelines.video;

import java.util.Locale;

/**
 * The resolution at which DIS computes the optical flow of a frame pair. {@link #FULL}: the frames
 * as they are. {@link #HALF}: both frames shrunk by 2 with {@code INTER_AREA} (a 200x200 face to
 * 100x100), the flow resized back to the frame size bilinearly and its vectors multiplied by the
 * size ratio (2 for even sizes). The warp always samples the full-resolution frames. Like the
 * preset, the resolution changes the flow, so the interpolated frames, v2e's upsampling factor and
 * the converted events; docs/convert.md records how far each one's interpolated frames are from real
 * frames on the shared face videos.
 */
public enum FlowResolution {
  /** The flow of the frames as they are. */
  FULL,
  /** The flow of the frames shrunk by 2 ({@code INTER_AREA}), resized back bilinearly and scaled by 2. */
  HALF;

  /** The setting's spelling: {@code full} or {@code half}. */
  @Override
  public String toString() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses {@code full} or {@code half} (case-insensitive). */
  public static FlowResolution parse(String text) {
    FlowResolution resolution = named(text);
    if (resolution == null) {
      throw new IllegalArgumentException("Invalid optical-flow resolution: " + text + " (expected full or half)");
    }
    return resolution;
  }

  /** Whether {@code text} names a resolution ({@code full} or {@code half}, case-insensitive). */
  public static boolean isResolution(String text) {
    return named(text) != null;
  }

  private static FlowResolution named(String text) {
    String value = text.strip().toLowerCase(Locale.ROOT);
    for (FlowResolution resolution : values()) {
      if (resolution.toString().equals(value)) {
        return resolution;
      }
    }
    return null;
  }
}
