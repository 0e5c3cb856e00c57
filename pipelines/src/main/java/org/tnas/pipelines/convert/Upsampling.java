package org.tnas.pipelines.convert;

import java.io.Serializable;
import java.util.Locale;
import java.util.Objects;
import org.tnas.pipelines.video.FlowPreset;
import org.tnas.pipelines.video.FlowResolution;

/**
 * Temporal upsampling before the emulator, parsed once from its setting ({@code auto}, {@code
 * none}, {@code linear:<k>}, or {@code flow[:<max factor>][:<preset>][:<resolution>]}: the parts
 * after {@code flow} optional but in this order, the preset being OpenCV's DIS preset {@code
 * ultrafast}, {@code fast} or {@code medium}, the resolution of the flow {@code full} or {@code
 * half}, e.g. {@code flow:16:ultrafast:half}). {@link Auto} is a setting
 * only: a conversion resolves it for its layout ({@link ConvertSettings#resolvedUpsampling()}).
 * Immutable and serialisable.
 */
public sealed interface Upsampling extends Serializable
    permits Upsampling.Auto, Upsampling.None, Upsampling.Linear, Upsampling.Flow {
  /** The largest optical-flow upsampling factor when {@code flow} names none. */
  int DEFAULT_FLOW_MAX_FACTOR = 16;

  /**
   * The DIS preset when {@code flow} names none. MEDIUM until 2026-12-06; the three presets'
   * interpolated frames are equally close to held-out real frames of the shared face videos, and
   * ULTRAFAST costs the least CPU time (docs/convert.md, "Optical-flow preset and the warp").
   * {@code flow:16:medium} gives the earlier behaviour.
   */
  FlowPreset DEFAULT_FLOW_PRESET = FlowPreset.ULTRAFAST;

  /**
   * The resolution of the flow when {@code flow} names none: HALF (the frames shrunk by 2 for DIS,
   * the flow scaled back) since 2026-12-06, FULL (the frames as they are) before. On the shared face
   * videos HALF's interpolated frames are as close to held-out real frames as FULL's (paired
   * difference 0.0009 [-0.0012, 0.0030] gray levels with ULTRAFAST) and the recipe was faster with it
   * in each of the alternating benchmark runs (docs/convert.md, "Half-resolution optical flow").
   * {@code flow:16:ultrafast:full} gives the earlier behaviour.
   */
  FlowResolution DEFAULT_FLOW_RESOLUTION = FlowResolution.HALF;

  /** The layout decides: optical flow for the Spiking-FER face datasets, none otherwise. */
  record Auto() implements Upsampling {
    @Override
    public String toString() {
      return "auto";
    }
  }

  /** No upsampling. */
  record None() implements Upsampling {
    @Override
    public String toString() {
      return "none";
    }
  }

  /** {@code factor - 1} linearly blended frames between source frames (factor 1: none). */
  record Linear(int factor) implements Upsampling {
    public Linear {
      if (factor < 1 || factor > 1000) {
        throw new IllegalArgumentException("Invalid linear upsampling factor: " + factor + " (expected 1..1000)");
      }
    }

    @Override
    public String toString() {
      return "linear:" + factor;
    }
  }

  /**
   * Optical-flow interpolation with v2e's factor rule, at most {@code maxFactor}, flow by DIS with
   * {@code preset} at {@code resolution}.
   */
  record Flow(int maxFactor, FlowPreset preset, FlowResolution resolution) implements Upsampling {
    public Flow {
      Objects.requireNonNull(preset, "preset is null");
      Objects.requireNonNull(resolution, "resolution is null");
      if (maxFactor < 2 || maxFactor > 1000) {
        throw new IllegalArgumentException("Invalid flow upsampling factor: " + maxFactor + " (expected 2..1000)");
      }
    }

    /** With the default resolution ({@link #DEFAULT_FLOW_RESOLUTION}). */
    public Flow(int maxFactor, FlowPreset preset) {
      this(maxFactor, preset, DEFAULT_FLOW_RESOLUTION);
    }

    /** With the default preset and resolution ({@link #DEFAULT_FLOW_PRESET}, {@link #DEFAULT_FLOW_RESOLUTION}). */
    public Flow(int maxFactor) {
      this(maxFactor, DEFAULT_FLOW_PRESET);
    }

    /**
     * Always names the preset, and the resolution when it is half ({@code flow:16:ultrafast} for
     * full, {@code flow:16:ultrafast:half}), as the sample records carry it: a record written before
     * the resolution existed ({@code flow:16:ultrafast}) reads as the full resolution it was.
     */
    @Override
    public String toString() {
      return "flow:" + maxFactor + ":" + preset + (resolution == FlowResolution.FULL ? "" : ":" + resolution);
    }
  }

  /**
   * Parses {@code auto}, {@code none}, {@code linear:<k>} or {@code flow[:<max>][:<preset>][:<resolution>]}
   * (case-insensitive; {@code flow:} must be followed by at least one part); {@code key} names the
   * setting in the message.
   */
  static Upsampling parse(String text, String key) {
    String value = text.strip().toLowerCase(Locale.ROOT);
    try {
      if (value.equals("auto")) {
        return new Auto();
      }
      if (value.equals("none")) {
        return new None();
      }
      if (value.equals("flow")) {
        return new Flow(DEFAULT_FLOW_MAX_FACTOR);
      }
      if (value.startsWith("linear:")) {
        return new Linear(Integer.parseInt(value.substring(7).strip()));
      }
      if (value.startsWith("flow:")) {
        String[] parts = value.substring(5).split(":", -1);
        int next = 0;
        int maxFactor = DEFAULT_FLOW_MAX_FACTOR;
        FlowPreset preset = DEFAULT_FLOW_PRESET;
        FlowResolution resolution = DEFAULT_FLOW_RESOLUTION;
        if (next < parts.length && !parts[next].isBlank() && !Character.isLetter(parts[next].strip().charAt(0))) {
          maxFactor = Integer.parseInt(parts[next++].strip());
        }
        if (next < parts.length && !parts[next].isBlank() && !FlowResolution.isResolution(parts[next])) {
          preset = FlowPreset.parse(parts[next++]);
        }
        if (next < parts.length && FlowResolution.isResolution(parts[next])) {
          resolution = FlowResolution.parse(parts[next++]);
        }
        if (next == parts.length && next > 0) {
          return new Flow(maxFactor, preset, resolution);
        }
      }
    } catch (IllegalArgumentException e) { // NumberFormatException or a factor out of range
      // reported below
    }
    throw new IllegalArgumentException("Invalid " + key + ": " + text + " (expected auto, none, linear:<1..1000> or flow[:<2..1000>][:<preset>][:<resolution>], preset ultrafast, fast or medium, resolution full or half)");
  }
}
