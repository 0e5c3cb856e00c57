package org.tnas.search.supernet;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.jni.JniUtils;
import org.tnas.search.data.LabelledTensorSet;

/**
 * Small helpers of the supernet's evaluator and checkpoints (the training steps are {@code
 * training.TrainingLoop}; the inputs and the loss are {@code training.BatchInputs} and {@code
 * training.Losses}). Stateless.
 */
final class Tensors {
  private Tensors() {}

  /** The labels of {@code order[from..to)} as an int64 vector in {@code scope}. */
  static NDArray labels(NDManager scope, LabelledTensorSet data, int[] order, int from, int to) {
    long[] labels = new long[to - from];
    for (int i = from; i < to; i++) {
      labels[i - from] = data.label(order[i]);
    }
    return scope.create(labels);
  }

  /** Turns PyTorch's (thread-local) gradient recording off for the current thread. */
  static void noGradient() {
    if (JniUtils.isGradMode()) {
      JniUtils.setGradMode(false);
    }
  }
}
