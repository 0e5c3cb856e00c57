package org.tnas.search.net;

import java.util.Arrays;
import java.util.Objects;

/**
 * A fully connected layer {@code y = W x + b}.
 *
 * @param weights {@code outFeatures x inFeatures}, row-major ({@code W[o][i]} at {@code o*in+i}),
 *     copied
 * @param bias {@code outFeatures} values, copied
 */
public record LinearLayer(int inFeatures, int outFeatures, float[] weights, float[] bias) implements Layer {
  private static final long serialVersionUID = 1L;

  public LinearLayer {
    Objects.requireNonNull(weights, "weights is null");
    Objects.requireNonNull(bias, "bias is null");
    if (inFeatures < 1 || outFeatures < 1) {
      throw new IllegalArgumentException("Invalid linear layer: in " + inFeatures + " out " + outFeatures);
    }
    if (weights.length != (long) inFeatures * outFeatures) {
      throw new IllegalArgumentException(
          "Invalid linear weights length: " + weights.length + ", expected " + (long) inFeatures * outFeatures);
    }
    if (bias.length != outFeatures) {
      throw new IllegalArgumentException("Invalid linear bias length: " + bias.length + ", expected " + outFeatures);
    }
    weights = weights.clone();
    bias = bias.clone();
  }

  /** A copy of the row-major weights. */
  @Override
  public float[] weights() {
    return weights.clone();
  }

  /** A copy of the bias. */
  @Override
  public float[] bias() {
    return bias.clone();
  }

  @Override
  public TensorShape outputShape(TensorShape input) {
    if (!input.flat() || input.channels() != inFeatures) {
      throw new IllegalArgumentException("Invalid input " + input + " for " + describe());
    }
    return TensorShape.vector(outFeatures);
  }

  @Override
  public String describe() {
    return "linear " + inFeatures + "->" + outFeatures;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof LinearLayer l && l.inFeatures == inFeatures && l.outFeatures == outFeatures
        && Arrays.equals(l.weights, weights) && Arrays.equals(l.bias, bias);
  }

  @Override
  public int hashCode() {
    return Objects.hash(inFeatures, outFeatures, Arrays.hashCode(weights), Arrays.hashCode(bias));
  }

  @Override
  public String toString() {
    return describe();
  }
}
