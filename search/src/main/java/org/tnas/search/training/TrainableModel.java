package org.tnas.search.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.Map;

/**
 * A network the {@link Trainer} can train: named trainable parameters, named non-trainable buffers
 * (e.g. batch-norm running statistics) and a forward pass from a batch of channel-stacked inputs
 * {@code (N, C, H, W)} to logits {@code (N, classes)}.
 *
 * <p>Contract: {@link #forward} creates every array in {@code scope} (it temporarily attaches the
 * parameters and buffers it reads to {@code scope}, see {@link NDArray#tempAttach}), so closing
 * {@code scope} frees everything the pass made; in training mode it updates the buffers in place.
 * All randomness of the pass (e.g. dropout masks) comes from {@link Pass#seed()}. Parameter and
 * buffer names and shapes are fixed for the life of the model (checkpoints rely on them). Not thread
 * safe; one model per thread.
 */
public interface TrainableModel extends AutoCloseable {
  /** A short description, e.g. {@code snn(sew-resnet, width 0.25, blocks 1, T 6)}. */
  String describe();

  /** The manager that owns the parameters and buffers. */
  NDManager manager();

  /** Trainable parameters by name, in a stable order. */
  Map<String, NDArray> parameters();

  /** Non-trainable buffers by name, in a stable order. */
  Map<String, NDArray> buffers();

  /** Input shape of one sample {@code {C, H, W}}. */
  int[] inputShape();

  /** Number of classes. */
  int classCount();

  /** The logits of a batch. */
  NDArray forward(NDManager scope, NDArray input, Pass pass);

  /** Frees the parameters and buffers. */
  @Override
  void close();

  /**
   * How a forward pass runs.
   *
   * @param training training mode (batch statistics, dropout) or evaluation mode
   * @param seed the seed of every random choice of the pass
   * @param recorder receives per-layer activity (for the energy estimate), or null
   */
  record Pass(boolean training, long seed, LayerRecorder recorder) {
    /** An evaluation pass without recording. */
    public static Pass evaluation() {
      return new Pass(false, 0, null);
    }
  }
}
