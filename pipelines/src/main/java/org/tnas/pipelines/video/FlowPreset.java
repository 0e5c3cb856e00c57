package org.tnas.pipelines.video;

import java.util.Locale;
import org.bytedeco.opencv.opencv_video.DISOpticalFlow;

/**
 * OpenCV's DIS optical-flow presets (patch size, stride, gradient-descent iterations, variational
 * refinement), from the cheapest to the most thorough. The preset changes the flow, so the
 * interpolated frames, v2e's upsampling factor and the converted events; docs/convert.md records
 * how far each one's interpolated frames are from real frames on the shared face videos.
 */
public enum FlowPreset {
  /** {@code DISOpticalFlow.PRESET_ULTRAFAST}. */
  ULTRAFAST(DISOpticalFlow.PRESET_ULTRAFAST),
  /** {@code DISOpticalFlow.PRESET_FAST}. */
  FAST(DISOpticalFlow.PRESET_FAST),
  /** {@code DISOpticalFlow.PRESET_MEDIUM} (the only preset before it became a setting). */
  MEDIUM(DISOpticalFlow.PRESET_MEDIUM);

  private final int opencvPreset;

  FlowPreset(int opencvPreset) {
    this.opencvPreset = opencvPreset;
  }

  /** OpenCV's constant for {@code DISOpticalFlow.create}. */
  public int opencvPreset() {
    return opencvPreset;
  }

  /** The setting's spelling: {@code ultrafast}, {@code fast} or {@code medium}. */
  @Override
  public String toString() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses {@code ultrafast}, {@code fast} or {@code medium} (case-insensitive). */
  public static FlowPreset parse(String text) {
    for (FlowPreset preset : values()) {
      if (preset.toString().equals(text.strip().toLowerCase(Locale.ROOT))) {
        return preset;
      }
    }
    throw new IllegalArgumentException("Invalid optical-flow preset: " + text + " (expected ultrafast, fast or medium)");
  }
}
