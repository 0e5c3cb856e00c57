package org.tnas.search.net;

/**
 * Max-pooling over {@code size x size} windows with the given stride, no padding, floor mode:
 * output size {@code (in - size) / stride + 1}.
 */
public record MaxPoolLayer(int size, int stride) implements Layer {
  private static final long serialVersionUID = 1L;

  public MaxPoolLayer {
    if (size < 1 || stride < 1) {
      throw new IllegalArgumentException("Invalid max-pool: size " + size + " stride " + stride);
    }
  }

  /** Output size along one axis. */
  public int outputSize(int in) {
    return in < size ? 0 : (in - size) / stride + 1;
  }

  @Override
  public TensorShape outputShape(TensorShape input) {
    if (input.flat() || outputSize(input.height()) < 1 || outputSize(input.width()) < 1) {
      throw new IllegalArgumentException("Invalid input " + input + " for " + describe());
    }
    return TensorShape.spatial(input.channels(), outputSize(input.height()), outputSize(input.width()));
  }

  @Override
  public String describe() {
    return "max-pool " + size + "x" + size + " stride " + stride;
  }
}
