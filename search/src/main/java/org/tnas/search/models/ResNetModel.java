package org.tnas.search.models;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.pooling.Pool;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import org.tnas.formats.util.Seeds;
import org.tnas.search.models.ModelSpec.ModelKind;
import org.tnas.search.training.NumericsEnvironment;

/**
 * The two networks of Spiking-FER as one DJL model (written with DJL's functional operators over
 * named parameters, so the initialisation is seeded on the Java side and the parameter list is
 * explicit for checkpoints).
 *
 * <p><b>SNN</b> ({@link ModelKind#SNN}, the paper's SNNModule + MultiStepSEWResNet): the input
 * {@code (N, 2T, H, W)} is read as {@code (N, T, 2, H, W)} and made time-major {@code (T*N, 2, H,
 * W)}; every convolution and batch norm runs on all T steps at once (batch statistics over T x N),
 * then {@link SpikingNeurons#integrateAndFire} steps through time. Stem: conv 7x7/2 pad 3 (no bias),
 * BN, IF, max-pool 3/2/1. Stages of SEW BasicBlocks: {@code sn2(bn2(conv2(sn1(bn1(conv1(x))))))
 * + identity} (ADD), where the identity is {@code sn(bn(conv1x1/s(x)))} when the shape changes;
 * zero-initialised residual BN (bn2's weight = 0). Output accumulator: global average pool per
 * step, Linear(F, F) + Dropout per step, a non-spiking integrator (the sum over the T steps),
 * Linear(F, classes) without bias.
 *
 * <p><b>ANN</b> ({@link ModelKind#ANN}, torchvision ResNet-18 with conv1 from 2T channels, fc =
 * identity, then Linear(F, classes) without bias): conv 7x7/2, BN, ReLU, max-pool, BasicBlocks
 * {@code relu(bn2(conv2(relu(bn1(conv1(x))))) + identity)}, global average pool, classifier.
 * torchvision's default {@code zero_init_residual = False} is kept.
 *
 * <p>Initialisation as torchvision/SpikingJelly: Kaiming normal (fan out, ReLU) convolutions, BN
 * weight 1 and bias 0, PyTorch's default uniform Linear. BN: epsilon 1e-5, running-statistics
 * momentum 0.1 (PyTorch's).
 *
 * <p><b>Numerics.</b> On AVX-512 CPUs oneDNN 3.7.1 (inside PyTorch 2.7.1) computes wrong or NaN
 * values when a convolution's channel counts are not multiples of 16 (the supernet's
 * {@code ChoiceBlock.convolve} pads the output channels for the input gradient; for these models
 * that is not enough: with widths 13/26/52/104 the logits became NaN too, measured with
 * {@code ResNetModelNativeNumericsTest}). The portable numerics pin ({@code NumericsEnvironment},
 * oneDNN capped at SSE4.1, set by the launchers, the Spark executors and the test plugins) avoids
 * those kernels; with {@code TNAS_NUMERICS=native} a model whose widths are not multiples of 16 is
 * refused. Not thread safe.
 */
public final class ResNetModel extends StoredModel {
  private static final float BN_EPSILON = 1e-5f;
  /** DJL's momentum is the weight of the old running value (PyTorch momentum 0.1). */
  private static final float BN_MOMENTUM = 0.9f;
  /** oneDNN's AVX-512 channel block (see the class comment). */
  static final int ONEDNN_CHANNEL_BLOCK = 16;

  private final ModelSpec spec;
  private final List<Block> blocks = new ArrayList<>();
  private final int features;

  private record Block(String name, int in, int out, int stride, boolean downsample) {}

  /** Builds the network of {@code spec} with parameters seeded by {@code seed}. */
  public ResNetModel(ModelSpec spec, NDManager parent, long seed) {
    super(newStore(spec, parent, seed));
    this.spec = spec;
    boolean snn = spec.kind() == ModelKind.SNN;
    int base = spec.baseWidth();
    store.convolution("stem.conv", base, snn ? 2 : spec.inputChannels(), 7);
    batchNorm("stem.bn", base, false);
    int in = base;
    for (int stage = 0; stage < 4; stage++) {
      int out = spec.stageWidth(stage);
      for (int b = 0; b < spec.blocksPerStage(); b++) {
        int stride = stage > 0 && b == 0 ? 2 : 1;
        String name = "layer" + (stage + 1) + "." + b;
        boolean downsample = stride != 1 || in != out;
        store.convolution(name + ".conv1", out, in, 3);
        batchNorm(name + ".bn1", out, false);
        store.convolution(name + ".conv2", out, out, 3);
        batchNorm(name + ".bn2", out, snn);
        if (downsample) {
          store.convolution(name + ".down.conv", out, in, 1);
          batchNorm(name + ".down.bn", out, false);
        }
        blocks.add(new Block(name, in, out, stride, downsample));
        in = out;
      }
    }
    features = in;
    if (snn) {
      store.linear("head.hidden.weight", new Shape(features, features), features);
      store.linear("head.hidden.bias", new Shape(features), features);
    }
    store.linear("head.classifier.weight", new Shape(spec.classCount(), features), features);
  }

  private void batchNorm(String name, int channels, boolean zeroWeight) {
    store.constant(name + ".weight", channels, zeroWeight ? 0f : 1f);
    store.constant(name + ".bias", channels, 0f);
    store.buffer(name + ".running_mean", channels, 0f);
    store.buffer(name + ".running_var", channels, 1f);
  }

  /** The specification. */
  public ModelSpec spec() {
    return spec;
  }

  private static ParameterStore newStore(ModelSpec spec, NDManager parent, long seed) {
    Objects.requireNonNull(spec, "spec is null");
    if (spec.baseWidth() % ONEDNN_CHANNEL_BLOCK != 0 && NumericsEnvironment.mode().equals(NumericsEnvironment.NATIVE)) {
      throw new IllegalArgumentException("Cannot build " + spec.describe() + " with " + NumericsEnvironment.MODE_VARIABLE + "="
          + NumericsEnvironment.NATIVE + ": its widths " + spec.baseWidth() + "/" + spec.stageWidth(1) + "/" + spec.stageWidth(2)
          + "/" + spec.stageWidth(3) + " are not multiples of 16, for which oneDNN's AVX-512 convolutions compute wrong or NaN"
          + " values; use the portable numerics (the default) or a width multiplier that is a multiple of 0.25");
    }
    return new ParameterStore(parent, seed, spec.kind().name().toLowerCase(java.util.Locale.ROOT));
  }

  /** Number of trainable scalars. */
  public long parameterCount() {
    return store.parameterCount();
  }

  @Override
  public String describe() {
    return spec.describe() + " (" + parameterCount() + " parameters)";
  }

  @Override
  public int[] inputShape() {
    return new int[] {spec.inputChannels(), spec.inputSize(), spec.inputSize()};
  }

  @Override
  public int classCount() {
    return spec.classCount();
  }

  @Override
  public NDArray forward(NDManager scope, NDArray input, Pass pass) {
    Objects.requireNonNull(pass, "pass is null");
    attach(scope);
    long n = input.getShape().get(0);
    Shape expected = new Shape(n, spec.inputChannels(), spec.inputSize(), spec.inputSize());
    if (!input.getShape().equals(expected)) {
      throw new IllegalArgumentException("Invalid input shape: " + input.getShape() + " (expected " + expected + ")");
    }
    return spec.kind() == ModelKind.SNN ? forwardSnn(input, n, pass) : forwardAnn(input, n, pass);
  }

  private NDArray forwardAnn(NDArray input, long n, Pass pass) {
    NDArray x = conv("stem.conv", input, 2, 3, n, 1, pass, false);
    x = Activation.relu(bn("stem.bn", x, pass));
    x = Pool.maxPool2d(x, new Shape(3, 3), new Shape(2, 2), new Shape(1, 1), false);
    for (Block block : blocks) {
      NDArray y = conv(block.name + ".conv1", x, block.stride, 1, n, 1, pass, false);
      y = Activation.relu(bn(block.name + ".bn1", y, pass));
      y = conv(block.name + ".conv2", y, 1, 1, n, 1, pass, false);
      y = bn(block.name + ".bn2", y, pass);
      NDArray identity = x;
      if (block.downsample) {
        identity = bn(block.name + ".down.bn", conv(block.name + ".down.conv", x, block.stride, 0, n, 1, pass, false), pass);
      }
      x = Activation.relu(y.add(identity));
    }
    NDArray pooled = globalAveragePool(x);
    return linear("head.classifier", pooled, false, n, 1, pass, false);
  }

  private NDArray forwardSnn(NDArray input, long n, Pass pass) {
    int steps = spec.timeSteps();
    Shape shape = input.getShape();
    NDArray x = input.reshape(n, steps, 2, shape.get(2), shape.get(3)).transpose(1, 0, 2, 3, 4)
        .reshape(steps * n, 2, shape.get(2), shape.get(3));
    x = conv("stem.conv", x, 2, 3, n, steps, pass, true);
    x = SpikingNeurons.integrateAndFire(bn("stem.bn", x, pass), steps);
    x = Pool.maxPool2d(x, new Shape(3, 3), new Shape(2, 2), new Shape(1, 1), false);
    for (Block block : blocks) {
      NDArray y = conv(block.name + ".conv1", x, block.stride, 1, n, steps, pass, true);
      y = SpikingNeurons.integrateAndFire(bn(block.name + ".bn1", y, pass), steps);
      y = conv(block.name + ".conv2", y, 1, 1, n, steps, pass, true);
      y = SpikingNeurons.integrateAndFire(bn(block.name + ".bn2", y, pass), steps);
      NDArray identity = x;
      if (block.downsample) {
        identity = conv(block.name + ".down.conv", x, block.stride, 0, n, steps, pass, true);
        identity = SpikingNeurons.integrateAndFire(bn(block.name + ".down.bn", identity, pass), steps);
      }
      x = y.add(identity);
    }
    NDArray pooled = globalAveragePool(x);
    NDArray hidden = linear("head.hidden", pooled, true, n, steps, pass, true);
    if (pass.training() && spec.dropout() > 0) {
      hidden = hidden.mul(dropoutMask(hidden, pass.seed()));
    }
    NDArray integrated = hidden.reshape(steps, n, features).sum(new int[] {0});
    return linear("head.classifier", integrated, false, n, 1, pass, false);
  }

  private static NDArray globalAveragePool(NDArray x) {
    Shape shape = x.getShape();
    return x.reshape(shape.get(0), shape.get(1), shape.get(2) * shape.get(3)).mean(new int[] {2});
  }

  /** Inverted dropout: each element kept with probability 1 - p and scaled by 1 / (1 - p). */
  private NDArray dropoutMask(NDArray like, long seed) {
    SplittableRandom random = Seeds.random(seed, Seeds.stableHash("dropout"));
    float[] mask = new float[Math.toIntExact(like.getShape().size())];
    float keep = (float) (1 / (1 - spec.dropout()));
    for (int i = 0; i < mask.length; i++) {
      mask[i] = random.nextDouble() < spec.dropout() ? 0f : keep;
    }
    return like.getManager().create(mask, like.getShape());
  }

  private NDArray conv(String name, NDArray x, int stride, int padding, long samples, int steps, Pass pass,
      boolean spikingInput) {
    NDArray weight = store.parameters().get(name);
    NDArray y = Conv2d.conv2d(x, weight, null, new Shape(stride, stride), new Shape(padding, padding))
        .singletonOrThrow();
    if (pass.recorder() != null) {
      Shape w = weight.getShape();
      Shape o = y.getShape();
      double operations = (double) w.get(2) * w.get(3) * o.get(2) * o.get(3) * w.get(1) * w.get(0);
      pass.recorder().record(name, "conv " + w.get(2) + "x" + w.get(3) + "/" + stride, x, samples, operations, spikingInput);
    }
    return y;
  }

  private NDArray linear(String name, NDArray x, boolean bias, long samples, int steps, Pass pass, boolean spikingInput) {
    NDArray weight = store.parameters().get(name + ".weight");
    // without bias: a plain matrix product
    NDArray y = bias
        ? Linear.linear(x, weight, store.parameters().get(name + ".bias")).singletonOrThrow()
        : x.matMul(weight.transpose());
    if (pass.recorder() != null) {
      double operations = (double) weight.getShape().get(0) * weight.getShape().get(1);
      pass.recorder().record(name, "linear", x, samples, operations, spikingInput);
    }
    return y;
  }

  private NDArray bn(String name, NDArray x, Pass pass) {
    Map<String, NDArray> p = store.parameters();
    Map<String, NDArray> b = store.buffers();
    return BatchNorm.batchNorm(x, b.get(name + ".running_mean"), b.get(name + ".running_var"), p.get(name + ".weight"),
        p.get(name + ".bias"), 1, BN_MOMENTUM, BN_EPSILON, pass.training()).singletonOrThrow();
  }
}
