package org.tnas.pipelines.convert;

import java.io.Serializable;
import java.util.Locale;

/**
 * Temporal upsampling before the emulator, parsed once from its setting ({@code auto}, {@code
 * none}, {@code linear:<k>}, {@code flow} or {@code flow:<max factor>}). {@link Auto} is a setting
 * only: a conversion resolves it for its layout ({@link ConvertSettings#resolvedUpsampling()}).
 * Immutable and serialisable.
 */
public sealed interface Upsampling extends Serializable
    permits Upsampling.Auto, Upsampling.None, Upsampling.Linear, Upsampling.Flow {
  /** The largest optical-flow upsampling factor when {@code flow} names none. */
  int DEFAULT_FLOW_MAX_FACTOR = 16;

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

  /** Optical-flow interpolation with v2e's factor rule, at most {@code maxFactor}. */
  record Flow(int maxFactor) implements Upsampling {
    public Flow {
      if (maxFactor < 2 || maxFactor > 1000) {
        throw new IllegalArgumentException("Invalid flow upsampling factor: " + maxFactor + " (expected 2..1000)");
      }
    }

    @Override
    public String toString() {
      return "flow:" + maxFactor;
    }
  }

  /**
   * Parses {@code auto}, {@code none}, {@code linear:<k>}, {@code flow} or {@code flow:<max>} (case-insensitive);
   * {@code key} names the setting in the message.
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
        return new Flow(Integer.parseInt(value.substring(5).strip()));
      }
    } catch (IllegalArgumentException e) { // NumberFormatException or a factor out of range
      // reported below
    }
    throw new IllegalArgumentException("Invalid " + key + ": " + text + " (expected auto, none, linear:<1..1000>, flow or flow:<2..1000>)");
  }
}
