package org.tnas.search.models;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.pooling.Pool;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.tnas.search.net.BatchNormLayer;
import org.tnas.search.net.ConvLayer;
import org.tnas.search.net.FlattenLayer;
import org.tnas.search.net.GlobalAveragePoolLayer;
import org.tnas.search.net.Layer;
import org.tnas.search.net.LinearLayer;
import org.tnas.search.net.MaxPoolLayer;
import org.tnas.search.net.NetworkWeights;
import org.tnas.search.net.ReluLayer;
import org.tnas.search.training.NumericsEnvironment;
import org.tnas.search.ttfs.HardwareConstraints;

/**
 * A TTFS net under hardware constraints, as a network DJL can train: the closed form of the B1
 * neuron (TTFS.md section 1) makes every spiking layer's decoded output {@code x = t_max - t} equal
 * to {@code min(ReLU(W x + b), B(n))}, so the spiking net is trained in that form, with the
 * constraints of {@link HardwareConstraints} applied exactly as {@link
 * org.tnas.search.ttfs.TtfsSimulator} applies them:
 *
 * <ul>
 *   <li>weights of every conv/linear layer (the output layer included) quantised per layer,
 *       symmetric and uniform ({@code step = max|W| / (2^(bits-1) - 1)}, as {@link
 *       org.tnas.search.ttfs.TtfsNetwork#withQuantisedWeights}); biases are thresholds and stay exact;
 *   <li>the decoded value of every hidden layer clamped to its window B(n) (a pre-activation above it
 *       fires at t_min: a violation in the simulator) and, with {@code timeBits}, rounded to {@code
 *       B(n) / (2^timeBits - 1)}; the input to {@code 1 / (2^timeBits - 1)}.
 * </ul>
 *
 * Rounding has no useful gradient, so both quantisers are straight-through estimators: the forward
 * pass uses the quantised value, the backward pass the gradient of the unquantised one ({@code q(v)
 * = v + stopGradient(round(v) - v)}). The clamp at B(n) passes no gradient above the window. Without
 * constraints (and with windows that hold every training activation, as the 1.5 X(n) margin of the
 * mapping does) the forward pass is the ReLU net's and so is the gradient: the identity mapping
 * means training the TTFS net is training its ReLU twin, which the tests check against finite
 * differences of the event-driven simulator.
 *
 * <p>The layers are those of a batch-norm-free network ({@link
 * org.tnas.search.ttfs.BatchNormFusion#fuse}), with the structure {@link
 * org.tnas.search.ttfs.TtfsNetwork} accepts; hidden layer n is the conv/linear layer before the n-th
 * ReLU. The windows are fixed for the life of the model. Parameters are named {@code
 * layer<i>.weight} / {@code layer<i>.bias} after the layer's index. Not thread safe.
 */
public final class TtfsTwinModel extends StoredModel {
  private final NetworkWeights architecture;
  private final double[] windows;
  private final HardwareConstraints constraints;
  private final String origin;

  private TtfsTwinModel(NetworkWeights architecture, double[] windows, HardwareConstraints constraints, ParameterStore store,
      String origin) {
    super(store);
    this.architecture = architecture;
    this.windows = windows;
    this.constraints = constraints;
    this.origin = origin;
  }

  /**
   * The model holding the weights of {@code fused} (fine-tuning a mapped net).
   *
   * @param windows B(n) of every hidden layer, in order (from the mapped, constrained TTFS net)
   */
  public static TtfsTwinModel of(NetworkWeights fused, double[] windows, HardwareConstraints constraints, NDManager parent) {
    check(fused, windows, constraints);
    ParameterStore store = new ParameterStore(parent, 0, "ttfs-twin");
    for (int i = 0; i < fused.layers().size(); i++) {
      Layer layer = fused.layers().get(i);
      if (layer instanceof ConvLayer c) {
        store.given("layer" + i + ".weight", c.weights(), new Shape(c.outChannels(), c.inChannels(), c.kernel(), c.kernel()));
        store.given("layer" + i + ".bias", c.bias(), new Shape(c.outChannels()));
      } else if (layer instanceof LinearLayer l) {
        store.given("layer" + i + ".weight", l.weights(), new Shape(l.outFeatures(), l.inFeatures()));
        store.given("layer" + i + ".bias", l.bias(), new Shape(l.outFeatures()));
      }
    }
    return new TtfsTwinModel(fused, windows.clone(), constraints, store, "mapped");
  }

  /**
   * A model of the same architecture as {@code fused} with fresh weights drawn from {@code seed}
   * (convolutions Kaiming normal, fan-out; linear layers PyTorch's default uniform; biases 0): TTFS
   * training from scratch.
   */
  public static TtfsTwinModel initialised(NetworkWeights fused, double[] windows, HardwareConstraints constraints,
      NDManager parent, long seed) {
    check(fused, windows, constraints);
    ParameterStore store = new ParameterStore(parent, seed, "ttfs-twin");
    for (int i = 0; i < fused.layers().size(); i++) {
      Layer layer = fused.layers().get(i);
      if (layer instanceof ConvLayer c) {
        store.convolution("layer" + i + ".weight", c.outChannels(), c.inChannels(), c.kernel());
        store.constant("layer" + i + ".bias", c.outChannels(), 0f);
      } else if (layer instanceof LinearLayer l) {
        store.linear("layer" + i + ".weight", new Shape(l.outFeatures(), l.inFeatures()), l.inFeatures());
        store.constant("layer" + i + ".bias", l.outFeatures(), 0f);
      }
    }
    return new TtfsTwinModel(fused, windows.clone(), constraints, store, "scratch");
  }

  private static void check(NetworkWeights fused, double[] windows, HardwareConstraints constraints) {
    Objects.requireNonNull(fused, "fused is null");
    Objects.requireNonNull(windows, "windows is null");
    Objects.requireNonNull(constraints, "constraints is null");
    int relus = 0;
    for (Layer layer : fused.layers()) {
      if (layer instanceof BatchNormLayer) {
        throw new IllegalArgumentException("Cannot build a TTFS twin: the network has batch norm (fuse it first)");
      }
      if (layer instanceof ConvLayer c && NumericsEnvironment.mode().equals(NumericsEnvironment.NATIVE)
          && c.outChannels() % 16 != 0) {
        throw new IllegalArgumentException("Cannot train a TTFS twin with " + NumericsEnvironment.MODE_VARIABLE + "="
            + NumericsEnvironment.NATIVE + ": a convolution has " + c.outChannels() + " output channels, not a multiple"
            + " of 16, for which oneDNN's AVX-512 kernels compute wrong gradients; use the portable numerics (the default)");
      }
      relus += layer instanceof ReluLayer ? 1 : 0;
    }
    if (windows.length != relus) {
      throw new IllegalArgumentException("Invalid windows: " + windows.length + " values for " + relus + " spiking layers");
    }
    for (double window : windows) {
      if (!(window > 0) || Double.isInfinite(window)) {
        throw new IllegalArgumentException("Invalid window: " + window);
      }
    }
  }

  @Override
  public String describe() {
    StringBuilder layers = new StringBuilder();
    for (Layer layer : architecture.layers()) {
      if (layer instanceof ConvLayer || layer instanceof LinearLayer) {
        layers.append(layers.length() == 0 ? "" : ",").append(layer.describe());
      }
    }
    return String.format(Locale.ROOT, "ttfs-twin(%s; %s; %s)", origin, layers, constraints.describe());
  }

  @Override
  public int[] inputShape() {
    return new int[] {architecture.inputChannels(), architecture.inputHeight(), architecture.inputWidth()};
  }

  @Override
  public int classCount() {
    return architecture.outputSize();
  }

  /** B(n) of every hidden layer (a copy). */
  public double[] windows() {
    return windows.clone();
  }

  /** The constraints the model trains under. */
  public HardwareConstraints constraints() {
    return constraints;
  }

  @Override
  public NDArray forward(NDManager scope, NDArray input, Pass pass) {
    Objects.requireNonNull(pass, "pass is null");
    attach(scope);
    long n = input.getShape().get(0);
    Shape expected = new Shape(n, architecture.inputChannels(), architecture.inputHeight(), architecture.inputWidth());
    if (!input.getShape().equals(expected)) {
      throw new IllegalArgumentException("Invalid input shape: " + input.getShape() + " (expected " + expected + ")");
    }
    NDArray x = input;
    if (constraints.timeBits() > 0) {
      double levels = (1 << constraints.timeBits()) - 1;
      x = roundStraightThrough(x.clip(0, 1), 1 / levels);
    }
    Map<String, NDArray> p = store.parameters();
    int hidden = 0;
    List<Layer> layers = architecture.layers();
    for (int i = 0; i < layers.size(); i++) {
      Layer layer = layers.get(i);
      if (layer instanceof ConvLayer c) {
        x = Conv2d.conv2d(x, weight(p.get("layer" + i + ".weight")), p.get("layer" + i + ".bias"),
            new Shape(c.stride(), c.stride()), new Shape(c.padding(), c.padding())).singletonOrThrow();
      } else if (layer instanceof LinearLayer) {
        x = Linear.linear(x, weight(p.get("layer" + i + ".weight")), p.get("layer" + i + ".bias")).singletonOrThrow();
      } else if (layer instanceof ReluLayer) {
        x = spikingActivation(x, windows[hidden++]);
      } else if (layer instanceof MaxPoolLayer m) {
        x = Pool.maxPool2d(x, new Shape(m.size(), m.size()), new Shape(m.stride(), m.stride()), new Shape(0, 0), false);
      } else if (layer instanceof GlobalAveragePoolLayer) {
        x = Pool.globalAvgPool2d(x).reshape(n, x.getShape().get(1));
      } else if (layer instanceof FlattenLayer) {
        x = x.reshape(n, -1);
      } else {
        throw new IllegalStateException("Cannot run layer: " + layer.describe());
      }
    }
    return x;
  }

  /** {@code min(ReLU(a), B)}, then rounded to {@code B / (2^timeBits - 1)} (straight through). */
  private NDArray spikingActivation(NDArray preActivation, double window) {
    NDArray y = Activation.relu(preActivation).minimum(window);
    if (constraints.timeBits() == 0) {
      return y;
    }
    return roundStraightThrough(y, window / ((1 << constraints.timeBits()) - 1));
  }

  /** The weight as the hardware stores it: per-layer symmetric uniform quantisation (straight through). */
  private NDArray weight(NDArray w) {
    if (constraints.weightBits() == 0) {
      return w;
    }
    double levels = Math.pow(2, constraints.weightBits() - 1) - 1;
    double max = w.abs().max().getFloat();
    if (max == 0) {
      return w;
    }
    return roundStraightThrough(w, max / levels);
  }

  /** {@code v + stopGradient(step * round(v / step) - v)}: the rounded value forward, identity gradient backward. */
  private static NDArray roundStraightThrough(NDArray v, double step) {
    NDArray rounded = v.div(step).round().mul(step);
    return v.add(rounded.sub(v).stopGradient());
  }

  /**
   * The current weights as a batch-norm-free network of the model's architecture (for the TTFS
   * mapping and the simulator; the weights are exported unquantised, the simulator quantises them).
   */
  public NetworkWeights toNetwork() {
    Map<String, NDArray> p = store.parameters();
    List<Layer> layers = new ArrayList<>();
    for (int i = 0; i < architecture.layers().size(); i++) {
      Layer layer = architecture.layers().get(i);
      if (layer instanceof ConvLayer c) {
        layers.add(new ConvLayer(c.inChannels(), c.outChannels(), c.kernel(), c.stride(), c.padding(),
            p.get("layer" + i + ".weight").toFloatArray(), p.get("layer" + i + ".bias").toFloatArray()));
      } else if (layer instanceof LinearLayer l) {
        layers.add(new LinearLayer(l.inFeatures(), l.outFeatures(), p.get("layer" + i + ".weight").toFloatArray(),
            p.get("layer" + i + ".bias").toFloatArray()));
      } else {
        layers.add(layer);
      }
    }
    return new NetworkWeights(architecture.inputChannels(), architecture.inputHeight(), architecture.inputWidth(), layers);
  }
}
