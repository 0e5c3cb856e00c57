package org.tnas.pipelines.emulator;

/** How the emulator interprets frame values. */
public enum InputEncoding {
  /**
   * Linear gray levels 0..255 (v2e's default): the emulator applies v2e's lin-log mapping (linear
   * below the lin-log threshold, natural log above), computed in float64, rounded to 1e-8 and stored
   * as float32.
   */
  LINEAR,
  /**
   * Values are already log intensities (v2e's {@code --hdr}, 255 maps to ln 255 = 5.54): the lin-log
   * mapping is skipped and the whole pixel state is kept in float64, as v2e does.
   */
  LOGARITHMIC
}
