package org.tnas.search.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.tnas.search.data.LabelledTensorSet;

/**
 * Batches of a set's inputs as {@code N x C x H x W} float32 tensors, copied through one reused
 * native-order direct buffer from which the engine creates the tensor: no fresh zeroed direct buffer
 * per batch (which {@code NDManager.create(float[])} makes: 2.6 ms per 6.3 MB batch against 0.23 ms
 * for numpy, issue 12). The values are exactly the set's. One instance per trainer or evaluator; not
 * thread safe.
 */
public final class BatchInputs {
  private ByteBuffer buffer;

  /** The inputs of samples {@code order[from..to)} as a tensor of {@code scope}. */
  public NDArray copy(NDManager scope, LabelledTensorSet data, int[] order, int from, int to) {
    int size = data.inputSize();
    int count = to - from;
    long bytes = (long) count * size * Float.BYTES;
    if (buffer == null || buffer.capacity() < bytes) {
      buffer = ByteBuffer.allocateDirect(Math.toIntExact(bytes)).order(ByteOrder.nativeOrder());
    }
    ByteBuffer view = buffer.duplicate().order(ByteOrder.nativeOrder());
    view.clear();
    data.putInputs(order, from, to, view.asFloatBuffer());
    view.limit(Math.toIntExact(bytes));
    return scope.create(view.slice().order(ByteOrder.nativeOrder()), new Shape(count, data.channels(), data.height(),
        data.width()), DataType.FLOAT32);
  }
}
