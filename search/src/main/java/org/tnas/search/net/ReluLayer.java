package org.tnas.search.net;

/** Element-wise {@code max(0, x)}. */
public record ReluLayer() implements Layer {
  private static final long serialVersionUID = 1L;

  @Override
  public TensorShape outputShape(TensorShape input) {
    return input;
  }

  @Override
  public String describe() {
    return "relu";
  }
}
