package org.tnas.udfs.core;

import java.util.Arrays;
import java.util.Objects;

/**
 * Event frames of shape {@code (slices, polarities, height, width)} in one flat row-major array:
 * {@code values[((s * polarities + p) * height + y) * width + x]}. The same memory is the
 * channel-stacked network input of shape {@code (slices * polarities, height, width)} with channel
 * {@code s * polarities + p} (polarity 0 = OFF, 1 = ON).
 *
 * <p>{@link #values()} is the live array (no copy, for speed); treat it as read-only. Equality
 * compares shapes and contents. Serialisable.
 */
public record FrameTensor(int slices, int polarities, int height, int width, float[] values)
    implements java.io.Serializable {

  public FrameTensor {
    Objects.requireNonNull(values, "values is null");
    if (slices < 0 || polarities <= 0 || height <= 0 || width <= 0) {
      throw new IllegalArgumentException("Invalid frame shape: " + slices + "x" + polarities + "x" + height + "x" + width);
    }
    if ((long) slices * polarities * height * width != values.length) {
      throw new IllegalArgumentException("Invalid frame values: " + values.length + " values for shape "
          + slices + "x" + polarities + "x" + height + "x" + width);
    }
  }

  /** The value at slice {@code s}, polarity {@code p}, row {@code y}, column {@code x}. */
  public float value(int s, int p, int y, int x) {
    return values[((s * polarities + p) * height + y) * width + x];
  }

  /** Number of channels of the stacked form: slices * polarities. */
  public int channels() {
    return slices * polarities;
  }

  /** The sum of all values of slice {@code s}. */
  public double sliceSum(int s) {
    int plane = polarities * height * width;
    double sum = 0;
    for (int i = s * plane; i < (s + 1) * plane; i++) {
      sum += values[i];
    }
    return sum;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof FrameTensor that
        && slices == that.slices
        && polarities == that.polarities
        && height == that.height
        && width == that.width
        && Arrays.equals(values, that.values);
  }

  @Override
  public int hashCode() {
    return Objects.hash(slices, polarities, height, width, Arrays.hashCode(values));
  }

  @Override
  public String toString() {
    return "FrameTensor[" + slices + "x" + polarities + "x" + height + "x" + width + "]";
  }
}
