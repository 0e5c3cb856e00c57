package org.tnas.search.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;

/** The loss every trainer and evaluator of the project uses (the supernet, its subnets, the engine). */
public final class Losses {
  private Losses() {}

  /** Per-sample softmax cross-entropy of {@code logits} ({@code N x classes}) against int64 {@code labels}. */
  public static NDArray crossEntropy(NDArray logits, NDArray labels) {
    int classes = Math.toIntExact(logits.getShape().get(1));
    NDArray oneHot = labels.oneHot(classes).toType(DataType.FLOAT32, false);
    return logits.logSoftmax(1).mul(oneHot).sum(new int[] {1}).neg();
  }
}
