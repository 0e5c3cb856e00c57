package org.tnas.search.ttfs;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.tnas.formats.errors.ProjectException;
import org.tnas.search.metrics.WorkCounts;
import org.tnas.search.space.SearchErrorCode;

/**
 * An event-driven simulator of a {@link TtfsNetwork} with B1 neurons (TTFS.md section 1).
 *
 * <p><b>Input coding.</b> Input value {@code x} (expected in [0, 1]) spikes at {@code t = 1 - x};
 * {@code x = 0} does not spike (it would spike at t_min(1) with no effect). Values outside [0, 1]
 * are clamped and counted as input violations.
 *
 * <p><b>Per layer.</b> The spikes of the previous (pooled) population are sorted by time and
 * processed in that order; each spike at {@code t_j} adds {@code W_ij (t_min(n) - t_j)} to the
 * potential of every neuron {@code i} it reaches (its exact fan-out: for a convolution only the
 * (output position, output channel) pairs whose receptive field holds it, so borders and strides
 * are respected; zero padding has no neurons and never spikes). That is the B1 potential at
 * {@code t_min(n)}: before t_min(n) the slope is the sum of the weights of the spikes received so
 * far, so each spike contributes its weight times the time it has been integrated. The threshold
 * {@code theta_i = B(n) - b_i} is armed from t_min(n), when the slope becomes 1, so neuron i fires
 * at {@code t_i = t_min(n) + theta_i - V_i(t_min(n)) = t_max(n) - (W x + b)_i}; no spike if {@code
 * t_i >= t_max(n)}; if {@code t_i < t_min(n)} (pre-activation > B(n)) the neuron fires at t_min(n)
 * and a violation is counted. Max-pooling takes the earliest spike of each window. The output
 * layer integrates the same way and its potential at t_min(N) plus bias is the logit.
 *
 * <p><b>Work.</b> SynOps are counted per actual spike and equal the number of potential updates
 * (input spikes included and also reported separately); spikes per neuron use hidden neurons only.
 *
 * <p><b>Quantised evaluation.</b> With {@code timeBits > 0}, every population's spike times are
 * quantised within their window before they are sent on: the value {@code x = t_max - t} is
 * rounded to the grid {@code B / (2^timeBits - 1)} (input: {@code 1 / (2^timeBits - 1)}), and a
 * value rounded to 0 does not spike. Combine with {@link TtfsNetwork#withQuantisedWeights(int)}.
 *
 * <p>Thread-safe: the network is immutable and every call allocates its own buffers.
 */
public final class TtfsSimulator {
  private final TtfsNetwork network;
  private final int timeBits;

  /** A full-precision simulator. */
  public TtfsSimulator(TtfsNetwork network) {
    this(network, 0);
  }

  /**
   * @param timeBits bits of spike-time resolution within each window, 0 for full precision
   */
  public TtfsSimulator(TtfsNetwork network, int timeBits) {
    this.network = Objects.requireNonNull(network, "network is null");
    if (timeBits < 0 || timeBits > 30) {
      throw new IllegalArgumentException("Invalid timeBits: " + timeBits);
    }
    this.timeBits = timeBits;
  }

  /** The simulated network. */
  public TtfsNetwork network() {
    return network;
  }

  /**
   * Simulates one sample (CHW, values in [0, 1]).
   *
   * @throws ProjectException {@link SearchErrorCode#SHAPE_MISMATCH} when the input length differs
   *     from the network's input shape
   */
  public TtfsResult simulate(float[] input) {
    Objects.requireNonNull(input, "input is null");
    List<SpikingLayer> layers = network.layers();
    int expected = network.reluNetwork().inputShape().size();
    if (input.length != expected) {
      throw new ProjectException(SearchErrorCode.SHAPE_MISMATCH, "Invalid input length: " + input.length
          + ", expected " + expected + " for shape " + network.reluNetwork().inputShape());
    }
    int hidden = layers.size() - 1;
    long[] layerSynapticOperations = new long[layers.size()];
    long[] layerSpikes = new long[hidden];
    long[] layerViolations = new long[hidden + 1];
    List<double[]> spikeTimes = new ArrayList<>(layers.size());

    // input population: window [0, 1]
    double[] times = new double[input.length];
    long inputSpikes = 0;
    for (int i = 0; i < input.length; i++) {
      double x = input[i];
      if (!(x >= 0 && x <= 1)) {
        layerViolations[0]++;
        x = x > 1 ? 1 : 0; // NaN and negatives become 0
      }
      times[i] = 1.0 - x;
    }
    quantise(times, 0.0, 1.0);
    for (double t : times) {
      inputSpikes += t < 1.0 ? 1 : 0;
    }
    spikeTimes.add(times);
    int[] size = {network.reluNetwork().inputChannels(), network.reluNetwork().inputHeight(),
        network.reluNetwork().inputWidth()};
    times = pool(times, size, network.inputPools());
    double previousMax = 1.0;
    double[] logits = null;
    long spikes = 0;
    for (int n = 0; n < layers.size(); n++) {
      SpikingLayer layer = layers.get(n);
      if (times.length != layer.inputSize()) {
        throw new IllegalStateException("Cannot simulate: layer " + n + " expects " + layer.inputSize()
            + " inputs, got " + times.length);
      }
      double[] potential = new double[layer.neuronCount()];
      layerSynapticOperations[n] = integrate(layer, times, previousMax, potential);
      if (layer.output) {
        // potential is in (row, column, channel) order; dense layers have one position
        logits = new double[layer.outChannels];
        for (int o = 0; o < logits.length; o++) {
          logits[o] = potential[o] + layer.bias[o];
        }
        break;
      }
      double[] out = fire(layer, potential, layerViolations, n + 1);
      long layerSpikeCount = 0;
      for (double t : out) {
        layerSpikeCount += t < layer.tMax ? 1 : 0;
      }
      layerSpikes[n] = layerSpikeCount;
      spikes += layerSpikeCount;
      spikeTimes.add(out);
      int[] outSize = {layer.outChannels, layer.outHeight, layer.outWidth};
      times = pool(out, outSize, layer.pools);
      previousMax = layer.tMax;
    }
    long synapticOperations = 0;
    for (long count : layerSynapticOperations) {
      synapticOperations += count;
    }
    long violations = 0;
    for (long count : layerViolations) {
      violations += count;
    }
    WorkCounts work = new WorkCounts(synapticOperations, layerSynapticOperations[0], spikes, inputSpikes,
        network.neuronCount(), violations, network.macs(), network.firstLayerMacs(), network.latency(), 1);
    int prediction = 0;
    for (int o = 1; o < logits.length; o++) {
      if (logits[o] > logits[prediction]) {
        prediction = o;
      }
    }
    return new TtfsResult(logits, prediction, work, layerSynapticOperations, layerSpikes, layerViolations, spikeTimes);
  }

  /**
   * Processes the spikes of the previous population in time order and accumulates potentials at
   * t_min(n) = previousMax. Returns the number of synaptic operations.
   */
  private static long integrate(SpikingLayer layer, double[] times, double previousMax, double[] potential) {
    int[] order = spikeOrder(times, previousMax);
    long operations = 0;
    double[] w = layer.weights;
    int outChannels = layer.outChannels;
    if (!layer.convolution) {
      for (int j : order) {
        double elapsed = previousMax - times[j];
        int base = j * outChannels;
        for (int o = 0; o < outChannels; o++) {
          potential[o] += w[base + o] * elapsed;
        }
        operations += outChannels;
      }
      return operations;
    }
    int k = layer.kernel;
    int s = layer.stride;
    int p = layer.padding;
    int plane = layer.inHeight * layer.inWidth;
    for (int j : order) {
      double elapsed = previousMax - times[j];
      int c = j / plane;
      int y = (j % plane) / layer.inWidth;
      int x = j % layer.inWidth;
      for (int ky = 0; ky < k; ky++) {
        int numY = y + p - ky;
        if (numY < 0 || numY % s != 0) {
          continue;
        }
        int oy = numY / s;
        if (oy >= layer.outHeight) {
          continue;
        }
        for (int kx = 0; kx < k; kx++) {
          int numX = x + p - kx;
          if (numX < 0 || numX % s != 0) {
            continue;
          }
          int ox = numX / s;
          if (ox >= layer.outWidth) {
            continue;
          }
          int wBase = ((c * k + ky) * k + kx) * outChannels;
          int pBase = (oy * layer.outWidth + ox) * outChannels;
          for (int o = 0; o < outChannels; o++) {
            potential[pBase + o] += w[wBase + o] * elapsed;
          }
          operations += outChannels;
        }
      }
    }
    return operations;
  }

  /**
   * Indices of the neurons that spike (time before {@code tMax}), sorted by spike time. The sort
   * key is the time's IEEE bits (monotonic for non-negative doubles) with the lowest bits replaced
   * by the index, so times closer than about 2^-(52 - log2(n)) relative are ordered by index; the
   * exact times are used for the potentials.
   */
  private static int[] spikeOrder(double[] times, double tMax) {
    int count = 0;
    for (double t : times) {
      count += t < tMax ? 1 : 0;
    }
    int indexBits = 32 - Integer.numberOfLeadingZeros(Math.max(1, times.length - 1));
    long mask = (1L << indexBits) - 1;
    long[] keys = new long[count];
    int at = 0;
    for (int i = 0; i < times.length; i++) {
      if (times[i] < tMax) {
        keys[at++] = (Double.doubleToRawLongBits(times[i] + 0.0) & ~mask) | i;
      }
    }
    Arrays.sort(keys);
    int[] order = new int[count];
    for (int i = 0; i < count; i++) {
      order[i] = (int) (keys[i] & mask);
    }
    return order;
  }

  /** Spike times of a hidden layer from its potentials at t_min, in CHW order. */
  private double[] fire(SpikingLayer layer, double[] potential, long[] layerViolations, int violationIndex) {
    int positions = layer.outHeight * layer.outWidth;
    double[] out = new double[potential.length];
    double window = layer.tMax - layer.tMin;
    for (int position = 0; position < positions; position++) {
      for (int o = 0; o < layer.outChannels; o++) {
        double value = potential[position * layer.outChannels + o] + layer.bias[o];
        double t;
        if (value > window) {
          layerViolations[violationIndex]++;
          t = layer.tMin;
        } else if (value > 0) {
          t = layer.tMax - value;
        } else {
          t = layer.tMax;
        }
        out[o * positions + position] = t;
      }
    }
    quantise(out, layer.tMin, layer.tMax);
    return out;
  }

  private void quantise(double[] times, double tMin, double tMax) {
    if (timeBits == 0) {
      return;
    }
    double step = (tMax - tMin) / ((1 << timeBits) - 1);
    for (int i = 0; i < times.length; i++) {
      double value = Math.rint((tMax - times[i]) / step) * step;
      times[i] = value > 0 ? tMax - value : tMax;
    }
  }

  /** Applies max-pools as minima over spike times (CHW order). */
  private static double[] pool(double[] times, int[] size, int[][] pools) {
    double[] current = times;
    int channels = size[0];
    int height = size[1];
    int width = size[2];
    for (int[] pool : pools) {
      int window = pool[0];
      int stride = pool[1];
      int outH = (height - window) / stride + 1;
      int outW = (width - window) / stride + 1;
      double[] next = new double[channels * outH * outW];
      for (int c = 0; c < channels; c++) {
        for (int oy = 0; oy < outH; oy++) {
          for (int ox = 0; ox < outW; ox++) {
            double earliest = Double.POSITIVE_INFINITY;
            for (int dy = 0; dy < window; dy++) {
              int row = (c * height + oy * stride + dy) * width + ox * stride;
              for (int dx = 0; dx < window; dx++) {
                earliest = Math.min(earliest, current[row + dx]);
              }
            }
            next[(c * outH + oy) * outW + ox] = earliest;
          }
        }
      }
      current = next;
      height = outH;
      width = outW;
    }
    return current;
  }
}
