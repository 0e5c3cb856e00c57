package org.tnas.search.models;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;

/**
 * Spiking primitives of the Spiking-FER SNN (SpikingJelly's IFNode with its defaults as used by
 * the paper's code): the Heaviside spike with the ATan surrogate gradient, and multi-step
 * integrate-and-fire neurons (threshold 1, hard reset to 0, detached reset). Stateless.
 */
public final class SpikingNeurons {
  /** The firing threshold. */
  public static final double THRESHOLD = 1.0;
  /** ATan's alpha in the paper's code (SpikingJelly's default). */
  public static final double ALPHA = 2.0;

  private SpikingNeurons() {}

  /**
   * {@code H(x)} (1 where {@code x >= 0}, else 0) in the forward pass; in the backward pass the
   * derivative of the ATan primitive {@code s(x) = (1/pi) atan(pi/2 * alpha * x) + 1/2}, i.e.
   * {@code (alpha/2) / (1 + (pi/2 * alpha * x)^2)}. Written as {@code H(x).stopGradient() + s(x) -
   * s(x).stopGradient()}: the value is H(x) (the two s terms cancel), and autograd only sees s.
   */
  public static NDArray spike(NDArray x, double alpha) {
    // float32 0-d operands: DJL's x.gte(Number) / x.sub(double) wrap the number in an int32 or
    // float64 0-d array, which sends PyTorch's element-wise kernels down their slower casting path
    NDArray heaviside = x.gte(x.getManager().zeros(new Shape(), DataType.FLOAT32)).toType(DataType.FLOAT32, false)
        .stopGradient();
    if (!JniUtils.isGradMode()) {
      // no autograd graph is recorded: the surrogate term is exactly 0 (p - p), so skip its five
      // element-wise operations (evaluation passes run about twice as fast, same values)
      return heaviside;
    }
    // The constants are engine-owned arrays kept in x's manager until the step ends: DJL's
    // x.mul(Number) wraps the number in a temporary array over a Java direct buffer and closes it
    // at once, although autograd keeps the multiplier for the backward pass.
    NDArray factor = x.getManager().full(new Shape(), (float) (Math.PI / 2 * alpha), DataType.FLOAT32);
    NDArray inversePi = x.getManager().full(new Shape(), (float) (1 / Math.PI), DataType.FLOAT32);
    NDArray primitive = x.mul(factor).atan().mul(inversePi);
    return heaviside.add(primitive.sub(primitive.stopGradient()));
  }

  /** The surrogate derivative at {@code x}: {@code (alpha/2) / (1 + (pi/2 * alpha * x)^2)}. */
  public static double surrogateDerivative(double x, double alpha) {
    double z = Math.PI / 2 * alpha * x;
    return alpha / 2 / (1 + z * z);
  }

  /** The ATan primitive {@code (1/pi) atan(pi/2 * alpha * x) + 1/2}. */
  public static double surrogatePrimitive(double x, double alpha) {
    return Math.atan(Math.PI / 2 * alpha * x) / Math.PI + 0.5;
  }

  /**
   * Multi-step IF neurons over {@code x} of shape {@code (T * N, ...)} (time-major: step t holds rows
   * {@code t*N .. t*N + N - 1}). Per step: {@code v = v + x[t]}; {@code s = H(v - 1)}; {@code v = v
   * * (1 - s)} with {@code s} detached (hard reset to 0, SpikingJelly's detach_reset). The membrane
   * starts at 0. Returns the spikes, same shape as {@code x}.
   */
  public static NDArray integrateAndFire(NDArray x, int timeSteps) {
    Shape shape = x.getShape();
    long rows = shape.get(0);
    if (timeSteps < 1 || rows % timeSteps != 0) {
      throw new IllegalArgumentException("Invalid time steps: " + timeSteps + " for " + rows + " rows");
    }
    // split (a native view op), not get(t): DJL's indexing may build index arrays over Java buffers
    // that are closed before autograd's backward pass reads them
    NDList steps = x.split(timeSteps, 0);
    NDList spikes = new NDList(timeSteps);
    NDArray threshold = x.getManager().full(new Shape(), (float) THRESHOLD, DataType.FLOAT32);
    NDArray one = x.getManager().full(new Shape(), 1f, DataType.FLOAT32);
    NDArray membrane = null;
    for (int t = 0; t < timeSteps; t++) {
      NDArray input = steps.get(t);
      membrane = membrane == null ? input : membrane.add(input);
      NDArray spike = spike(membrane.sub(threshold), ALPHA);
      spikes.add(spike);
      membrane = membrane.mul(one.sub(spike.stopGradient()));
    }
    return NDArrays.concat(spikes, 0);
  }
}
