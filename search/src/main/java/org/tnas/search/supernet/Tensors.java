package org.tnas.search.supernet;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import org.tnas.search.data.LabelledTensorSet;
import org.tnas.search.training.TrainingLoop;

/**
 * The labels of a batch as a tensor, for the supernet's evaluator (the training steps are {@code
 * training.TrainingLoop}; the inputs, the loss and gradient recording are {@code
 * training.BatchInputs}, {@code training.Losses} and {@code training.GradientRecording}). Stateless.
 */
final class Tensors {
  private Tensors() {}

  /** The labels of {@code order[from..to)} as an int64 vector in {@code scope}. */
  static NDArray labels(NDManager scope, LabelledTensorSet data, int[] order, int from, int to) {
    return scope.create(TrainingLoop.labels(data, order, from, to));
  }
}
