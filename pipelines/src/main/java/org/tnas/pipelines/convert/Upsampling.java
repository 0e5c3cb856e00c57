package org.tnas.pipelines.convert;

import java.io.Serializable;
import java.util.Locale;
import java.util.Objects;
import org.tnas.pipelines.video.FlowPreset;

/**
 * Temporal upsampling before the emulator, parsed once from its setting ({@code auto}, {@code
 * none}, {@code linear:<k>}, {@code flow}, {@code flow:<max factor>}, {@code flow:<preset>} or
 * {@code flow:<max factor>:<preset>}, the preset being OpenCV's DIS preset {@code ultrafast},
 * {@code fast} or {@code medium}). {@link Auto} is a setting
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

  /** Optical-flow interpolation with v2e's factor rule, at most {@code maxFactor}, flow by DIS with {@code preset}. */
  record Flow(int maxFactor, FlowPreset preset) implements Upsampling {
    public Flow {
      Objects.requireNonNull(preset, "preset is null");
      if (maxFactor < 2 || maxFactor > 1000) {
        throw new IllegalArgumentException("Invalid flow upsampling factor: " + maxFactor + " (expected 2..1000)");
      }
    }

    /** With the default preset ({@link #DEFAULT_FLOW_PRESET}). */
    public Flow(int maxFactor) {
      this(maxFactor, DEFAULT_FLOW_PRESET);
    }

    /** Always names the preset ({@code flow:16:ultrafast}), as the sample records carry it. */
    @Override
    public String toString() {
      return "flow:" + maxFactor + ":" + preset;
    }
  }

  /**
   * Parses {@code auto}, {@code none}, {@code linear:<k>}, {@code flow}, {@code flow:<max>}, {@code
   * flow:<preset>} or {@code flow:<max>:<preset>} (case-insensitive); {@code key} names the setting in
   * the message.
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
        if (parts.length == 1 && !parts[0].isBlank() && Character.isLetter(parts[0].strip().charAt(0))) {
          return new Flow(DEFAULT_FLOW_MAX_FACTOR, FlowPreset.parse(parts[0]));
        }
        if (parts.length == 1) {
          return new Flow(Integer.parseInt(parts[0].strip()));
        }
        if (parts.length == 2) {
          return new Flow(Integer.parseInt(parts[0].strip()), FlowPreset.parse(parts[1]));
        }
      }
    } catch (IllegalArgumentException e) { // NumberFormatException or a factor out of range
      // reported below
    }
    throw new IllegalArgumentException("Invalid " + key + ": " + text + " (expected auto, none, linear:<1..1000>, flow, flow:<2..1000>, flow:<preset> or flow:<2..1000>:<preset>, preset ultrafast, fast or medium)");
  }
}
