package org.tnas.search.net;

import java.io.Serializable;

/**
 * The shape of one activation tensor of a single sample: {@code channels x height x width} for a
 * feature map (row-major CHW), or a flat vector of {@code channels} features ({@code flat == true},
 * height = width = 1). Immutable and serialisable.
 */
public record TensorShape(int channels, int height, int width, boolean flat) implements Serializable {
  public TensorShape {
    if (channels < 1 || height < 1 || width < 1) {
      throw new IllegalArgumentException("Invalid shape: " + channels + "x" + height + "x" + width);
    }
    if (flat && (height != 1 || width != 1)) {
      throw new IllegalArgumentException("Invalid flat shape: " + channels + "x" + height + "x" + width);
    }
  }

  /** A feature-map shape. */
  public static TensorShape spatial(int channels, int height, int width) {
    return new TensorShape(channels, height, width, false);
  }

  /** A flat vector shape. */
  public static TensorShape vector(int features) {
    return new TensorShape(features, 1, 1, true);
  }

  /** Number of elements. */
  public int size() {
    return channels * height * width;
  }

  @Override
  public String toString() {
    return flat ? "[" + channels + "]" : "[" + channels + "x" + height + "x" + width + "]";
  }
}
