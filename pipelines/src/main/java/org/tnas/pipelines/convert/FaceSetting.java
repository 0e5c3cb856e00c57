package org.tnas.pipelines.convert;

import java.util.Locale;

/** The face standardisation setting of a conversion, parsed once. */
public enum FaceSetting {
  /** The layout decides: the aligned face for the Spiking-FER face datasets, none otherwise. */
  AUTO("auto"),
  /** The 68-landmark aligned face (200x200 by default). */
  FACE("face"),
  /** The right-eye region (as the SEE dataset). */
  RIGHT_EYE("right-eye"),
  /** The frames as decoded (optionally resized). */
  NONE("none");

  private final String text;

  FaceSetting(String text) {
    this.text = text;
  }

  @Override
  public String toString() {
    return text;
  }

  /** Parses {@code auto}, {@code face}, {@code right-eye} or {@code none}; {@code key} names the setting. */
  static FaceSetting parse(String value, String key) {
    String lower = value.strip().toLowerCase(Locale.ROOT);
    for (FaceSetting setting : values()) {
      if (setting.text.equals(lower)) {
        return setting;
      }
    }
    throw new IllegalArgumentException("Invalid " + key + ": " + value + " (expected auto, face, right-eye or none)");
  }
}
