package org.tnas.search.net;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.tnas.search.space.BlockPlan;
import org.tnas.search.space.HeadKind;
import org.tnas.search.space.SubnetPlan;

/** Test helper: random trained-looking networks for a subnet plan, and random inputs. */
public final class RandomNetworks {
  private RandomNetworks() {}

  /**
   * The layers of {@code plan} with random weights: per block conv (no bias) -> batch norm -> ReLU
   * [-> max-pool 2x2], then global average pool or flatten, hidden linear + ReLU, output linear.
   */
  public static NetworkWeights fromPlan(SubnetPlan plan, SplittableRandom random) {
    List<Layer> layers = new ArrayList<>();
    for (BlockPlan block : plan.blocks()) {
      int fanIn = block.kernel() * block.kernel() * block.inChannels();
      layers.add(new ConvLayer(block.inChannels(), block.outChannels(), block.kernel(), block.stride(), block.padding(),
          gaussian(random, block.outChannels() * fanIn, Math.sqrt(2.0 / fanIn)), new float[block.outChannels()]));
      layers.add(randomBatchNorm(random, block.outChannels()));
      layers.add(new ReluLayer());
      if (block.maxPool()) {
        layers.add(new MaxPoolLayer(2, 2));
      }
    }
    layers.add(plan.headKind() == HeadKind.GLOBAL_AVERAGE_POOL ? new GlobalAveragePoolLayer() : new FlattenLayer());
    List<int[]> shapes = plan.linearShapes();
    for (int i = 0; i < shapes.size(); i++) {
      int in = shapes.get(i)[0];
      int out = shapes.get(i)[1];
      layers.add(new LinearLayer(in, out, gaussian(random, in * out, Math.sqrt(2.0 / in)), gaussian(random, out, 0.1)));
      if (i < shapes.size() - 1) {
        layers.add(new ReluLayer());
      }
    }
    return new NetworkWeights(plan.inputChannels(), plan.inputHeight(), plan.inputWidth(), layers);
  }

  /** A batch norm with gamma in [0.5, 1.5], beta in [-0.3, 0.3], mean in [-0.2, 0.2], var in [0.5, 1.5]. */
  public static BatchNormLayer randomBatchNorm(SplittableRandom random, int channels) {
    float[] gamma = new float[channels];
    float[] beta = new float[channels];
    float[] mean = new float[channels];
    float[] variance = new float[channels];
    for (int c = 0; c < channels; c++) {
      gamma[c] = (float) (0.5 + random.nextDouble());
      beta[c] = (float) (random.nextDouble() * 0.6 - 0.3);
      mean[c] = (float) (random.nextDouble() * 0.4 - 0.2);
      variance[c] = (float) (0.5 + random.nextDouble());
    }
    return new BatchNormLayer(gamma, beta, mean, variance, 1e-5);
  }

  /** Gaussian values with the given standard deviation. */
  public static float[] gaussian(SplittableRandom random, int count, double deviation) {
    float[] values = new float[count];
    for (int i = 0; i < count; i++) {
      values[i] = (float) (gaussian(random) * deviation);
    }
    return values;
  }

  /** A random input in [0, 1] where a fraction {@code zeroFraction} of the values is exactly 0. */
  public static float[] input(SplittableRandom random, int size, double zeroFraction) {
    float[] values = new float[size];
    for (int i = 0; i < size; i++) {
      values[i] = random.nextDouble() < zeroFraction ? 0f : (float) random.nextDouble();
    }
    return values;
  }

  private static double gaussian(SplittableRandom random) {
    double u = 1.0 - random.nextDouble();
    double v = random.nextDouble();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }
}
