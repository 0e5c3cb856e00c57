package org.tnas.search.ttfs;

import java.util.List;
import java.util.Objects;
import org.tnas.search.net.NetworkWeights;
import org.tnas.search.net.ReluNetwork;

/**
 * Measures X(n), the largest ReLU output of every hidden conv/linear layer of a batch-norm-free
 * network over a calibration set (TTFS.md: "measure it after training", normally over the training
 * set). The value is taken on the layer's full output before any pooling, so that every spiking
 * neuron of the mapped net, including those a floor-mode pool ignores, stays inside its window.
 *
 * <p>Stateless and thread-safe.
 */
public final class ActivationCalibration {
  private ActivationCalibration() {}

  /**
   * X(n) per hidden layer, in order.
   *
   * @throws IllegalArgumentException "Invalid calibration set: empty" when no sample is given
   */
  public static double[] maxActivations(NetworkWeights fused, Iterable<float[]> samples) {
    Objects.requireNonNull(fused, "fused is null");
    Objects.requireNonNull(samples, "samples is null");
    int[] indices = TtfsNetwork.hiddenLayerIndices(fused);
    double[] max = new double[indices.length];
    ReluNetwork network = new ReluNetwork(fused);
    int count = 0;
    for (float[] sample : samples) {
      List<double[]> activations = network.activations(sample);
      for (int n = 0; n < indices.length; n++) {
        for (double value : activations.get(indices[n])) {
          if (value > max[n]) {
            max[n] = value;
          }
        }
      }
      count++;
    }
    if (count == 0) {
      throw new IllegalArgumentException("Invalid calibration set: empty");
    }
    return max;
  }
}
