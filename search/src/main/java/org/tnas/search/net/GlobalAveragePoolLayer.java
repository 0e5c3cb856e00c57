package org.tnas.search.net;

/** Mean over all positions of each channel: {@code C x H x W -> [C]}. */
public record GlobalAveragePoolLayer() implements Layer {
  private static final long serialVersionUID = 1L;

  @Override
  public TensorShape outputShape(TensorShape input) {
    if (input.flat()) {
      throw new IllegalArgumentException("Invalid input " + input + " for " + describe());
    }
    return TensorShape.vector(input.channels());
  }

  @Override
  public String describe() {
    return "global average pool";
  }
}
