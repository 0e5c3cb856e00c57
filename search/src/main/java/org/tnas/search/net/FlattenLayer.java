package org.tnas.search.net;

/** Reshapes {@code C x H x W} to a vector in (channel, row, column) order; a vector stays as is. */
public record FlattenLayer() implements Layer {
  private static final long serialVersionUID = 1L;

  @Override
  public TensorShape outputShape(TensorShape input) {
    return TensorShape.vector(input.size());
  }

  @Override
  public String describe() {
    return "flatten";
  }
}
