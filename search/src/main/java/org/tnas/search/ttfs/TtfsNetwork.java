package org.tnas.search.ttfs;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import org.tnas.formats.errors.ProjectException;
import org.tnas.search.net.ConvLayer;
import org.tnas.search.net.FlattenLayer;
import org.tnas.search.net.GlobalAveragePoolLayer;
import org.tnas.search.net.Layer;
import org.tnas.search.net.LinearLayer;
import org.tnas.search.net.MaxPoolLayer;
import org.tnas.search.net.NetworkWeights;
import org.tnas.search.net.ReluLayer;
import org.tnas.search.space.SearchErrorCode;

/**
 * A TTFS spiking network mapped from a batch-norm-free ReLU network by the identity mapping of
 * TTFS.md: the same weights and biases, one B1 spiking layer per hidden conv/linear layer (with
 * its ReLU), a non-spiking output layer, and the time windows {@code t_min(1) = 1}, {@code t_min(n)
 * = t_max(n-1)}, {@code t_max(n) = t_min(n) + B(n)}, {@code B(n) = factor * X(n)}. A layer whose
 * X(n) is 0 (it never activated on the calibration set) gets {@code B(n) = 1}.
 *
 * <p>Supported layer order (after {@link BatchNormFusion}): optional max-pools of the input, then
 * repeated {@code conv|linear, [max-pool...], ReLU, [max-pool...]}, with flatten anywhere (a no-op
 * on CHW data) and global average pooling directly before a linear layer (folded into it: {@code
 * W'[o][c*HW+p] = W[o][c] / HW}), and a final linear layer without ReLU (the logits). Max-pooling
 * commutes with ReLU, so its position relative to the ReLU does not matter; in the spiking net it
 * is the earliest spike of the window. Anything else fails with {@link
 * SearchErrorCode#MAPPING_FAILED} ("Cannot map network: ...").
 *
 * <p>Immutable and thread-safe. Build with {@link TtfsMapper}; run with {@link TtfsSimulator}.
 */
public final class TtfsNetwork {
  private final NetworkWeights relu;
  private final double factor;
  private final int[][] inputPools;
  private final List<SpikingLayer> layers;

  private TtfsNetwork(NetworkWeights relu, double factor, int[][] inputPools, List<SpikingLayer> layers) {
    this.relu = relu;
    this.factor = factor;
    this.inputPools = inputPools;
    this.layers = layers;
  }

  /**
   * Maps a batch-norm-free network with the measured maximum activations.
   *
   * @param fused a network without batch norm (see {@link BatchNormFusion#fuse})
   * @param maxActivations X(n) per hidden (spiking) layer, in order; see {@link ActivationCalibration}
   * @param factor B(n) / X(n), 1.5 in TTFS.md
   */
  public static TtfsNetwork build(NetworkWeights fused, double[] maxActivations, double factor) {
    Objects.requireNonNull(fused, "fused is null");
    Objects.requireNonNull(maxActivations, "maxActivations is null");
    if (!(factor > 0) || Double.isInfinite(factor)) {
      throw new IllegalArgumentException("Invalid factor: " + factor);
    }
    Structure structure = parse(fused);
    int hidden = structure.groups.size() - 1;
    if (maxActivations.length != hidden) {
      throw new IllegalArgumentException(
          "Invalid maxActivations length: " + maxActivations.length + ", the network has " + hidden + " spiking layers");
    }
    List<SpikingLayer> layers = new ArrayList<>();
    double tMin = 1.0;
    for (int n = 0; n < structure.groups.size(); n++) {
      Group group = structure.groups.get(n);
      boolean output = n == hidden;
      double x = output ? Double.NaN : maxActivations[n];
      if (!output && !(x >= 0) || Double.isInfinite(x)) {
        throw new IllegalArgumentException("Invalid maxActivations[" + n + "]: " + x);
      }
      double window = output ? 0 : (x > 0 ? factor * x : 1.0);
      layers.add(group.toLayer(fused.layers().get(group.layerIndex), output, x, tMin, tMin + window));
      tMin += window;
    }
    return new TtfsNetwork(fused, factor, structure.inputPools.toArray(new int[0][]), List.copyOf(layers));
  }

  /** The layer indices (in {@code network.layers()}) of the hidden conv/linear layers, in order. */
  static int[] hiddenLayerIndices(NetworkWeights network) {
    Structure structure = parse(network);
    int[] indices = new int[structure.groups.size() - 1];
    for (int n = 0; n < indices.length; n++) {
      indices[n] = structure.groups.get(n).layerIndex;
    }
    return indices;
  }

  /** The batch-norm-free ReLU network this TTFS network is the twin of. */
  public NetworkWeights reluNetwork() {
    return relu;
  }

  /** B(n) / X(n). */
  public double factor() {
    return factor;
  }

  /** Number of hidden spiking layers (the output layer excluded). */
  public int spikingLayerCount() {
    return layers.size() - 1;
  }

  /** The windows of the hidden layers followed by the output layer's (tMin = tMax = read-out time). */
  public List<TtfsWindow> windows() {
    List<TtfsWindow> windows = new ArrayList<>();
    for (SpikingLayer layer : layers) {
      windows.add(new TtfsWindow(layer.tMin, layer.tMax, layer.maxActivation));
    }
    return Collections.unmodifiableList(windows);
  }

  /** Latency in tau_c units: {@code t_min(N) = 1 + sum of B(n)}, when the logits are read. */
  public double latency() {
    return layers.get(layers.size() - 1).tMin;
  }

  /** Number of hidden spiking neurons (before pooling), the denominator of spikes per neuron. */
  public long neuronCount() {
    long total = 0;
    for (int n = 0; n < layers.size() - 1; n++) {
      total += layers.get(n).neuronCount();
    }
    return total;
  }

  /** Dense MACs of the ReLU twin (as {@link NetworkWeights#macs()}). */
  public long macs() {
    return relu.macs();
  }

  /** MACs of the first conv/linear layer (the analog-input share of the SNN energy estimate). */
  public long firstLayerMacs() {
    SpikingLayer first = layers.get(0);
    return first.convolution
        ? (long) first.kernel * first.kernel * first.inChannels * first.outChannels * first.outHeight * first.outWidth
        : (long) first.inputSize() * first.outChannels;
  }

  /**
   * A copy whose weights are quantised per layer, symmetric and uniform with {@code bits} bits:
   * {@code step = max|W| / (2^(bits-1) - 1)}, {@code W_q = step * round(W / step)}. Biases
   * (thresholds) and the windows are kept unchanged.
   */
  public TtfsNetwork withQuantisedWeights(int bits) {
    if (bits < 2 || bits > 32) {
      throw new IllegalArgumentException("Invalid weight bits: " + bits);
    }
    List<SpikingLayer> quantised = new ArrayList<>();
    double levels = Math.pow(2, bits - 1) - 1;
    for (SpikingLayer layer : layers) {
      double max = 0;
      for (double w : layer.weights) {
        max = Math.max(max, Math.abs(w));
      }
      double[] q = layer.weights.clone();
      if (max > 0) {
        double step = max / levels;
        for (int i = 0; i < q.length; i++) {
          q[i] = step * Math.rint(q[i] / step);
        }
      }
      quantised.add(layer.withWeights(q));
    }
    return new TtfsNetwork(relu, factor, inputPools, List.copyOf(quantised));
  }

  /**
   * A copy whose latency {@code t_min(N)} is at most {@code maxLatency} tau_c: when the windows are
   * longer, every hidden window B(n) is scaled by the same factor {@code (maxLatency - 1) / (latency
   * - 1)} (the input window [0, 1] is fixed), and the windows are re-chained. A shorter window clamps
   * more pre-activations at B(n) (each counted as a violation by the simulator); weights, biases and
   * X(n) are unchanged. Returns this network when it already fits.
   *
   * @param maxLatency the latency budget in tau_c units, above 1
   */
  public TtfsNetwork withLatencyBudget(double maxLatency) {
    if (!(maxLatency > 1) || Double.isInfinite(maxLatency)) {
      throw new IllegalArgumentException("Invalid latency budget: " + maxLatency + " (expected above 1 tau_c)");
    }
    double latency = latency();
    if (latency <= maxLatency) {
      return this;
    }
    double scale = (maxLatency - 1) / (latency - 1);
    List<SpikingLayer> scaled = new ArrayList<>();
    double tMin = 1.0;
    for (SpikingLayer layer : layers) {
      double window = layer.output ? 0 : (layer.tMax - layer.tMin) * scale;
      scaled.add(layer.withWindow(tMin, tMin + window));
      tMin += window;
    }
    return new TtfsNetwork(relu, factor, inputPools, List.copyOf(scaled));
  }

  int[][] inputPools() {
    return inputPools;
  }

  List<SpikingLayer> layers() {
    return layers;
  }

  // ---- structure of the ReLU network --------------------------------------------------------

  private static final class Group {
    final int layerIndex;
    final int inChannels;
    final int inHeight;
    final int inWidth;
    final boolean averaged;
    final List<int[]> pools = new ArrayList<>();
    boolean relu;

    Group(int layerIndex, int inChannels, int inHeight, int inWidth, boolean averaged) {
      this.layerIndex = layerIndex;
      this.inChannels = inChannels;
      this.inHeight = inHeight;
      this.inWidth = inWidth;
      this.averaged = averaged;
    }

    SpikingLayer toLayer(Layer layer, boolean output, double x, double tMin, double tMax) {
      int[][] poolArray = pools.toArray(new int[0][]);
      if (layer instanceof ConvLayer c) {
        int k = c.kernel();
        int outH = c.outputSize(inHeight);
        int outW = c.outputSize(inWidth);
        float[] w = c.weights();
        double[] t = new double[w.length];
        for (int o = 0; o < c.outChannels(); o++) {
          for (int ci = 0; ci < c.inChannels(); ci++) {
            for (int j = 0; j < k * k; j++) {
              t[(ci * k * k + j) * c.outChannels() + o] = w[(o * c.inChannels() + ci) * k * k + j];
            }
          }
        }
        return new SpikingLayer(true, output, inChannels, inHeight, inWidth, c.outChannels(), outH, outW, k, c.stride(),
            c.padding(), t, widen(c.bias()), poolArray, x, tMin, tMax);
      }
      LinearLayer l = (LinearLayer) layer;
      int inSize = inChannels * inHeight * inWidth;
      int plane = averaged ? inHeight * inWidth : 1;
      float[] w = l.weights();
      double[] t = new double[inSize * l.outFeatures()];
      for (int i = 0; i < inSize; i++) {
        int source = i / plane;
        for (int o = 0; o < l.outFeatures(); o++) {
          t[i * l.outFeatures() + o] = (double) w[o * l.inFeatures() + source] / plane;
        }
      }
      return new SpikingLayer(false, output, inChannels, inHeight, inWidth, l.outFeatures(), 1, 1, 1, 1, 0, t,
          widen(l.bias()), poolArray, x, tMin, tMax);
    }
  }

  private record Structure(List<int[]> inputPools, List<Group> groups) {}

  private static Structure parse(NetworkWeights network) {
    List<int[]> inputPools = new ArrayList<>();
    List<Group> groups = new ArrayList<>();
    int channels = network.inputChannels();
    int height = network.inputHeight();
    int width = network.inputWidth();
    boolean averaged = false;
    Group current = null;
    for (int i = 0; i < network.layers().size(); i++) {
      Layer layer = network.layers().get(i);
      if (layer instanceof MaxPoolLayer m) {
        (current == null ? inputPools : current.pools).add(new int[] {m.size(), m.stride()});
        height = m.outputSize(height);
        width = m.outputSize(width);
      } else if (layer instanceof ReluLayer) {
        if (current != null) {
          current.relu = true;
        }
      } else if (layer instanceof GlobalAveragePoolLayer) {
        if (i + 1 >= network.layers().size() || !(nextWeightLayer(network, i) instanceof LinearLayer)) {
          throw cannot(i, "global average pooling must be followed by a linear layer");
        }
        averaged = true;
      } else if (layer instanceof FlattenLayer) {
        continue;
      } else if (layer instanceof ConvLayer || layer instanceof LinearLayer) {
        if (current != null && !current.relu) {
          throw cannot(current.layerIndex, network.layers().get(current.layerIndex).describe()
              + " is not followed by a ReLU");
        }
        current = new Group(i, channels, height, width, averaged);
        groups.add(current);
        averaged = false;
        if (layer instanceof ConvLayer c) {
          channels = c.outChannels();
          height = c.outputSize(height);
          width = c.outputSize(width);
        } else {
          channels = ((LinearLayer) layer).outFeatures();
          height = 1;
          width = 1;
        }
      } else {
        throw cannot(i, "unsupported layer " + layer.describe() + " (fuse batch norm first)");
      }
    }
    Group last = groups.get(groups.size() - 1);
    if (last.relu || !last.pools.isEmpty()) {
      throw cannot(last.layerIndex, "the output layer must be a linear layer without ReLU or pooling");
    }
    return new Structure(inputPools, groups);
  }

  private static Layer nextWeightLayer(NetworkWeights network, int from) {
    for (int j = from + 1; j < network.layers().size(); j++) {
      Layer layer = network.layers().get(j);
      if (!(layer instanceof FlattenLayer)) {
        return layer;
      }
    }
    return null;
  }

  private static ProjectException cannot(int index, String reason) {
    return new ProjectException(SearchErrorCode.MAPPING_FAILED, "Cannot map network: layer " + index + ": " + reason);
  }

  private static double[] widen(float[] values) {
    double[] result = new double[values.length];
    for (int i = 0; i < values.length; i++) {
      result[i] = values[i];
    }
    return result;
  }
}
