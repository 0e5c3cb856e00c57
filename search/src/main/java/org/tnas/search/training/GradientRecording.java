package org.tnas.search.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;

/**
 * How a {@link TrainingLoop} step records gradients. Both ways give the same gradients (the
 * backward pass starts from a tensor of ones shaped like the loss, through the same PyTorch
 * call); they differ in what else they do, and each trainer keeps the way it had before the loop
 * was shared.
 */
public enum GradientRecording {
  /**
   * PyTorch's grad mode switched on and off for the calling thread only ({@code
   * JniUtils.setGradMode}), the backward pass from {@code scope.ones(loss shape)}: no JVM-wide lock,
   * so trainers in several threads (e.g. Spark tasks of one executor) may train at once. {@link
   * Trainer} records this way.
   */
  THREAD_GRAD_MODE {
    @Override
    public Recorder start(NDManager scope) {
      JniUtils.setGradMode(true);
      return new Recorder() {
        @Override
        public void backward(NDArray loss) {
          JniUtils.backward((PtNDArray) loss, (PtNDArray) scope.ones(loss.getShape()), false, false);
        }

        @Override
        public void close() {
          JniUtils.setGradMode(false);
        }
      };
    }
  },
  /**
   * DJL's {@link GradientCollector} of the scope's engine ({@code collector.backward(loss)}), which
   * allows one collector per JVM at a time. The supernet's trainer records this way (and so trains
   * one network per JVM at a time).
   */
  ENGINE_COLLECTOR {
    @Override
    public Recorder start(NDManager scope) {
      GradientCollector collector = scope.getEngine().newGradientCollector();
      return new Recorder() {
        @Override
        public void backward(NDArray loss) {
          collector.backward(loss);
        }

        @Override
        public void close() {
          collector.close();
        }
      };
    }
  };

  /** Switches recording on for a step's forward pass; {@link Recorder#close} switches it off. */
  public abstract Recorder start(NDManager scope);

  /** Recording of one step. */
  public interface Recorder extends AutoCloseable {
    /** Back-propagates the scalar {@code loss} into the gradients of the parameters it depends on. */
    void backward(NDArray loss);

    @Override
    void close();
  }

  /** Turns PyTorch's (thread-local) gradient recording off for the current thread when it is on. */
  public static void stop() {
    if (JniUtils.isGradMode()) {
      JniUtils.setGradMode(false);
    }
  }
}
