package org.tnas.search.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * SGD with momentum and weight decay with PyTorch's {@code torch.optim.SGD} semantics ({@code d = g
 * + wd * w; u = momentum * u + d; w = w - lr * u}), applied by one fused native call per parameter
 * (PyTorch's in-place SGD kernel through DJL's {@code JniUtils.sgdUpdate}), so a step creates one
 * gradient wrapper per parameter and no other array (the hand-written update of the supernet makes
 * about ten per parameter).
 *
 * <p>The native kernel keeps the learning rate inside its state ({@code v = momentum * v + lr *
 * d; w = w - v}, MXNet's convention), which equals PyTorch's with {@code v = lr * u} as long as the
 * rate is constant. When the rate changes (the cosine schedule changes it once per epoch), {@link
 * #setLearningRate} rescales the state by {@code new / old}, which keeps {@code v = lr * u} and so
 * PyTorch's semantics (checked by a test against the formula). The state lives in a sub-manager of
 * the model's manager. Not thread safe.
 */
public final class SgdMomentum implements AutoCloseable {
  private final TrainableModel model;
  private final double momentum;
  private final double weightDecay;
  private final NDManager stateManager;
  private final Map<String, NDArray> state = new LinkedHashMap<>();
  private double learningRate = Double.NaN;

  /** Zero state for every parameter of {@code model}. */
  public SgdMomentum(TrainableModel model, double momentum, double weightDecay) {
    this.model = model;
    this.momentum = momentum;
    this.weightDecay = weightDecay;
    this.stateManager = model.manager().newSubManager();
    stateManager.setName("sgd-state");
    for (Map.Entry<String, NDArray> parameter : model.parameters().entrySet()) {
      NDArray velocity = stateManager.zeros(parameter.getValue().getShape(), parameter.getValue().getDataType());
      velocity.setName(parameter.getKey() + ".velocity");
      state.put(parameter.getKey(), velocity);
    }
  }

  /** The state arrays by parameter name (learning rate times PyTorch's momentum buffer). */
  public Map<String, NDArray> state() {
    return state;
  }

  /** The learning rate the state is scaled with (NaN before the first call of {@link #setLearningRate}). */
  public double learningRate() {
    return learningRate;
  }

  /** Restores the rate the state was saved with (checkpoints). */
  void restoreLearningRate(double rate) {
    this.learningRate = rate;
  }

  /** Sets the learning rate of the next steps, rescaling the momentum state (see the class documentation). */
  public void setLearningRate(double rate) {
    if (!(rate >= 0)) {
      throw new IllegalArgumentException("Invalid learning rate: " + rate);
    }
    if (!Double.isNaN(learningRate) && learningRate > 0 && rate != learningRate) {
      float factor = (float) (rate / learningRate);
      for (NDArray velocity : state.values()) {
        velocity.muli(factor);
      }
    }
    learningRate = rate;
  }

  /**
   * Applies one update to every parameter from its gradient and clears the gradient. Gradient
   * recording must be off. The gradient wrappers are created in the parameters' current manager
   * (the step's scope).
   */
  public void step() {
    if (Double.isNaN(learningRate)) {
      throw new IllegalStateException("Cannot update: no learning rate set");
    }
    float rate = (float) learningRate;
    for (Map.Entry<String, NDArray> parameter : model.parameters().entrySet()) {
      PtNDArray weight = (PtNDArray) parameter.getValue();
      PtNDArray gradient = weight.getGradient();
      JniUtils.sgdUpdate(weight, gradient, (PtNDArray) state.get(parameter.getKey()), rate, (float) weightDecay, 1f, -1f,
          (float) momentum);
      JniUtils.zeroGrad(weight);
    }
  }

  @Override
  public void close() {
    stateManager.close();
  }
}
