package org.tnas.search.net;

import java.util.Arrays;
import java.util.Objects;

/**
 * A 2-D convolution with a square kernel, zero padding on all sides and equal strides. Output size
 * {@code (in + 2*padding - kernel) / stride + 1} (floor).
 *
 * @param weights {@code outChannels x inChannels x kernel x kernel}, row-major (OIHW), copied
 * @param bias {@code outChannels} values (all zero for a convolution without bias), copied
 */
public record ConvLayer(int inChannels, int outChannels, int kernel, int stride, int padding, float[] weights, float[] bias)
    implements Layer {
  private static final long serialVersionUID = 1L;

  public ConvLayer {
    Objects.requireNonNull(weights, "weights is null");
    Objects.requireNonNull(bias, "bias is null");
    if (inChannels < 1 || outChannels < 1 || kernel < 1 || stride < 1 || padding < 0 || padding >= kernel) {
      throw new IllegalArgumentException("Invalid convolution: in " + inChannels + " out " + outChannels + " kernel "
          + kernel + " stride " + stride + " padding " + padding);
    }
    long expected = (long) outChannels * inChannels * kernel * kernel;
    if (weights.length != expected) {
      throw new IllegalArgumentException("Invalid convolution weights length: " + weights.length + ", expected " + expected);
    }
    if (bias.length != outChannels) {
      throw new IllegalArgumentException("Invalid convolution bias length: " + bias.length + ", expected " + outChannels);
    }
    weights = weights.clone();
    bias = bias.clone();
  }

  /** A copy of the OIHW weights. */
  @Override
  public float[] weights() {
    return weights.clone();
  }

  /** A copy of the bias. */
  @Override
  public float[] bias() {
    return bias.clone();
  }

  /** The weight at (output channel, input channel, kernel row, kernel column). */
  public float weight(int out, int in, int row, int column) {
    return weights[((out * inChannels + in) * kernel + row) * kernel + column];
  }

  /** Output size along one axis for input size {@code size}. */
  public int outputSize(int size) {
    return (size + 2 * padding - kernel) / stride + 1;
  }

  @Override
  public TensorShape outputShape(TensorShape input) {
    if (input.flat() || input.channels() != inChannels) {
      throw new IllegalArgumentException("Invalid input " + input + " for " + describe());
    }
    int height = outputSize(input.height());
    int width = outputSize(input.width());
    if (height < 1 || width < 1) {
      throw new IllegalArgumentException("Invalid input " + input + " for " + describe() + ": output would be empty");
    }
    return TensorShape.spatial(outChannels, height, width);
  }

  @Override
  public String describe() {
    return "conv " + kernel + "x" + kernel + " " + inChannels + "->" + outChannels + " stride " + stride + " pad " + padding;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof ConvLayer c && c.inChannels == inChannels && c.outChannels == outChannels
        && c.kernel == kernel && c.stride == stride && c.padding == padding
        && Arrays.equals(c.weights, weights) && Arrays.equals(c.bias, bias);
  }

  @Override
  public int hashCode() {
    return Objects.hash(inChannels, outChannels, kernel, stride, padding, Arrays.hashCode(weights), Arrays.hashCode(bias));
  }

  @Override
  public String toString() {
    return describe();
  }
}
