package org.tnas.search.supernet;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import org.tnas.search.data.LabelledTensorSet;

/** Small helpers shared by the trainer and the evaluator. Stateless. */
final class Tensors {
  private Tensors() {}

  /** The inputs of {@code order[from..to)} as an {@code N x C x H x W} array in {@code scope}. */
  static NDArray inputs(NDManager scope, LabelledTensorSet data, int[] order, int from, int to, float[] buffer) {
    int count = data.copyInputs(order, from, to, buffer);
    float[] values = count * data.inputSize() == buffer.length
        ? buffer
        : java.util.Arrays.copyOf(buffer, count * data.inputSize());
    return scope.create(values, new Shape(count, data.channels(), data.height(), data.width()));
  }

  /** The labels of {@code order[from..to)} as an int64 vector in {@code scope}. */
  static NDArray labels(NDManager scope, LabelledTensorSet data, int[] order, int from, int to) {
    long[] labels = new long[to - from];
    for (int i = from; i < to; i++) {
      labels[i - from] = data.label(order[i]);
    }
    return scope.create(labels);
  }

  /** Per-sample softmax cross-entropy of {@code logits} (N x classes) against int64 {@code labels}. */
  static NDArray crossEntropy(NDArray logits, NDArray labels) {
    int classes = Math.toIntExact(logits.getShape().get(1));
    NDArray oneHot = labels.oneHot(classes).toType(DataType.FLOAT32, false);
    return logits.logSoftmax(1).mul(oneHot).sum(new int[] {1}).neg();
  }

  /** Turns PyTorch's (thread-local) gradient recording off for the current thread. */
  static void noGradient() {
    if (JniUtils.isGradMode()) {
      JniUtils.setGradMode(false);
    }
  }
}
