package org.tnas.udfs.core;

import java.util.Objects;

/**
 * Time-to-first-spike input coding (see TTFS.md): each input value is normalised to {@code x in
 * [0, 1]} and its neuron spikes once, at {@code t = 1 - x} (larger value, earlier spike; {@code x =
 * 0} spikes at 1 = t_min of the first layer and contributes nothing).
 *
 * <p>Normalisation: {@link Normalisation#NONE} requires every value in [0, 1] already; {@link
 * Normalisation#SAMPLE_MAXIMUM} divides by the largest value of the sample (all-zero input gives
 * all spikes at 1); {@link Normalisation#FIXED_SCALE} divides by {@code scale}. Values that are
 * negative, NaN or (after normalisation) above 1 are errors, never clipped silently. Immutable,
 * serialisable, thread safe.
 */
public record TtfsInputCoding(Normalisation normalisation, double scale) implements java.io.Serializable {

  /** How raw values become {@code x in [0, 1]}. */
  public enum Normalisation {
    /** Values are already in [0, 1]. */
    NONE,
    /** Divide by the largest value of the sample. */
    SAMPLE_MAXIMUM,
    /** Divide by a fixed scale. */
    FIXED_SCALE
  }

  public TtfsInputCoding {
    Objects.requireNonNull(normalisation, "normalisation is null");
    if (!(scale > 0) || Double.isInfinite(scale)) {
      throw new IllegalArgumentException("Invalid scale: " + scale);
    }
  }

  /** Values already in [0, 1]. */
  public static TtfsInputCoding unnormalised() {
    return new TtfsInputCoding(Normalisation.NONE, 1);
  }

  /** Values divided by the sample's maximum. */
  public static TtfsInputCoding perSampleMaximum() {
    return new TtfsInputCoding(Normalisation.SAMPLE_MAXIMUM, 1);
  }

  /** Values divided by {@code scale}. */
  public static TtfsInputCoding fixedScale(double scale) {
    return new TtfsInputCoding(Normalisation.FIXED_SCALE, scale);
  }

  /**
   * The spike time of each input neuron, in [0, 1].
   *
   * @return a new array of the same length
   * @throws IllegalArgumentException "Invalid input value at i: v ..." for a value that cannot be coded
   */
  public float[] spikeTimes(float[] values) {
    Objects.requireNonNull(values, "values is null");
    double divisor = switch (normalisation) {
      case NONE -> 1;
      case FIXED_SCALE -> scale;
      case SAMPLE_MAXIMUM -> maximum(values);
    };
    float[] times = new float[values.length];
    for (int i = 0; i < values.length; i++) {
      float v = values[i];
      if (!(v >= 0)) {
        throw new IllegalArgumentException("Invalid input value at " + i + ": " + v + " (expected a non-negative number)");
      }
      double x = divisor == 0 ? 0 : v / divisor;
      if (x > 1) {
        throw new IllegalArgumentException("Invalid input value at " + i + ": " + v + " is above 1 after normalisation " + normalisation + " by " + divisor);
      }
      times[i] = (float) (1 - x);
    }
    return times;
  }

  /** The values {@code x = 1 - t} a TTFS network decodes from the spike times. */
  public static float[] decode(float[] spikeTimes) {
    float[] values = new float[spikeTimes.length];
    for (int i = 0; i < values.length; i++) {
      values[i] = 1 - spikeTimes[i];
    }
    return values;
  }

  private static double maximum(float[] values) {
    double max = 0;
    for (float v : values) {
      if (v > max) {
        max = v;
      }
    }
    return max;
  }
}
