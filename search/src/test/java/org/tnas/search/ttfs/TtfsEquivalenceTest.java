package org.tnas.search.ttfs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.tnas.formats.util.Seeds;
import org.tnas.search.net.ConvLayer;
import org.tnas.search.net.FlattenLayer;
import org.tnas.search.net.GlobalAveragePoolLayer;
import org.tnas.search.net.Layer;
import org.tnas.search.net.LinearLayer;
import org.tnas.search.net.MaxPoolLayer;
import org.tnas.search.net.NetworkWeights;
import org.tnas.search.net.RandomNetworks;
import org.tnas.search.net.ReluLayer;
import org.tnas.search.net.ReluNetwork;
import org.tnas.search.net.TensorShape;
import org.tnas.search.space.Genome;
import org.tnas.search.space.HeadKind;
import org.tnas.search.space.SearchSpace;

/**
 * The identity mapping holds on random networks of random genomes: with BN, max-pool, stride 2,
 * global-average-pool and flatten heads, the TTFS logits equal the ReLU logits and the simulator's
 * SynOps equal an independent count from the ReLU activations.
 */
class TtfsEquivalenceTest {
  private static final int SAMPLES = 12;

  @Test
  void ttfsLogitsEqualReluLogitsOnRandomGenomes() {
    SearchSpace gap = SearchSpace.defaults(2, 16, 16, 4).withWidthChoices(List.of(4, 8, 12));
    SearchSpace flatten = gap.withHead(HeadKind.FLATTEN, List.of(10));
    SearchSpace gapHidden = gap.withHead(HeadKind.GLOBAL_AVERAGE_POOL, List.of(6, 5));
    int models = 0;
    boolean sawPool = false;
    boolean sawStride = false;
    for (SearchSpace space : List.of(gap, flatten, gapHidden)) {
      for (int g = 0; g < 5; g++) {
        Genome genome = Genome.random(space, Seeds.random(2024, models));
        for (var block : genome.activeBlocks()) {
          sawPool |= block.downsampling().usesMaxPool();
          sawStride |= block.downsampling().convolutionStride() == 2;
        }
        NetworkWeights trained = RandomNetworks.fromPlan(space.plan(genome), Seeds.random(7, models));
        checkEquivalence(trained, Seeds.random(99, models));
        models++;
      }
    }
    assertThat(models).isEqualTo(15);
    assertThat(sawPool).isTrue();
    assertThat(sawStride).isTrue();
  }

  @Test
  void handBuiltNetworkWithInputPoolAndPoolBeforeRelu() {
    SplittableRandom random = Seeds.random(3);
    List<Layer> layers = List.of(
        new MaxPoolLayer(2, 2),
        new ConvLayer(3, 5, 3, 1, 1, RandomNetworks.gaussian(random, 5 * 3 * 9, 0.5), RandomNetworks.gaussian(random, 5, 0.1)),
        new MaxPoolLayer(3, 2),
        new ReluLayer(),
        new ConvLayer(5, 6, 3, 2, 0, RandomNetworks.gaussian(random, 6 * 5 * 9, 0.4), RandomNetworks.gaussian(random, 6, 0.1)),
        RandomNetworks.randomBatchNorm(random, 6),
        new ReluLayer(),
        new FlattenLayer(),
        new LinearLayer(6, 3, RandomNetworks.gaussian(random, 18, 0.5), RandomNetworks.gaussian(random, 3, 0.1)));
    NetworkWeights trained = new NetworkWeights(3, 14, 13, layers);
    assertThat(trained.outputShapes().get(4)).isEqualTo(TensorShape.spatial(6, 1, 1));
    checkEquivalence(trained, Seeds.random(4));
  }

  private static void checkEquivalence(NetworkWeights trained, SplittableRandom random) {
    List<float[]> inputs = new ArrayList<>();
    for (int i = 0; i < SAMPLES; i++) {
      inputs.add(RandomNetworks.input(random, trained.inputShape().size(), 0.6));
    }
    TtfsNetwork ttfs = TtfsMapper.map(trained, inputs);
    NetworkWeights fused = ttfs.reluNetwork();
    assertThat(BatchNormFusion.isFused(fused)).isTrue();
    ReluNetwork twin = new ReluNetwork(fused);
    ReluNetwork original = new ReluNetwork(trained);
    TtfsSimulator simulator = new TtfsSimulator(ttfs);
    double expectedLatency = 1.0;
    for (TtfsWindow window : ttfs.windows().subList(0, ttfs.spikingLayerCount())) {
      expectedLatency += window.length();
      assertThat(window.length()).isCloseTo(
          window.maxActivation() > 0 ? 1.5 * window.maxActivation() : 1.0, within(1e-12));
    }
    assertThat(ttfs.latency()).isCloseTo(expectedLatency, within(1e-12));
    for (float[] input : inputs) {
      TtfsResult result = simulator.simulate(input);
      double[] reluLogits = twin.forward(input);
      double[] originalLogits = original.forward(input);
      for (int o = 0; o < reluLogits.length; o++) {
        assertThat(result.logits()[o]).isCloseTo(reluLogits[o], within(1e-9));
        assertThat(result.logits()[o]).isCloseTo(originalLogits[o], within(1e-4));
      }
      assertThat(result.prediction()).isEqualTo(ReluNetwork.argmax(reluLogits));
      assertThat(result.work().violations()).isZero();
      assertThat(result.work().synapticOperations()).isEqualTo(independentSynapticOperations(fused, input));
      assertThat(result.work().inputSpikes()).isEqualTo(countPositive(input));
      assertThat(result.work().latency()).isEqualTo(ttfs.latency());
      assertThat(result.work().spikesPerNeuron()).isBetween(0.0, 1.0);
      checkSpikeTimesDecode(ttfs, twin, input, result);
    }
  }

  /** Spike times of every hidden layer decode to the ReLU outputs: x = t_max - t. */
  private static void checkSpikeTimesDecode(TtfsNetwork ttfs, ReluNetwork twin, float[] input, TtfsResult result) {
    List<double[]> activations = twin.activations(input);
    int[] indices = TtfsNetwork.hiddenLayerIndices(ttfs.reluNetwork());
    for (int n = 0; n < indices.length; n++) {
      double[] times = result.spikeTimes().get(n + 1);
      double[] preActivation = activations.get(indices[n]);
      TtfsWindow window = ttfs.windows().get(n);
      long spikes = 0;
      for (int i = 0; i < times.length; i++) {
        assertThat(window.tMax() - times[i]).isCloseTo(Math.max(0, preActivation[i]), within(1e-9));
        assertThat(times[i]).isBetween(window.tMin(), window.tMax());
        spikes += times[i] < window.tMax() ? 1 : 0;
      }
      assertThat(result.layerSpikes()[n]).isEqualTo(spikes);
    }
  }

  /**
   * SynOps from the ReLU activations: for each population feeding a conv/linear layer, sum over
   * positive values of the fan-out, where a convolution's fan-out map is the transposed
   * convolution of an all-ones kernel (counted by brute force over outputs).
   */
  static long independentSynapticOperations(NetworkWeights network, float[] input) {
    List<double[]> activations = new ReluNetwork(network).activations(input);
    List<TensorShape> shapes = network.outputShapes();
    double[] population = new double[input.length];
    for (int i = 0; i < input.length; i++) {
      population[i] = input[i];
    }
    TensorShape shape = network.inputShape();
    long total = 0;
    for (int l = 0; l < network.layers().size(); l++) {
      Layer layer = network.layers().get(l);
      if (layer instanceof ConvLayer c) {
        long[] fanout = new long[shape.size()];
        TensorShape out = shapes.get(l);
        for (int oy = 0; oy < out.height(); oy++) {
          for (int ox = 0; ox < out.width(); ox++) {
            for (int ky = 0; ky < c.kernel(); ky++) {
              for (int kx = 0; kx < c.kernel(); kx++) {
                int y = oy * c.stride() - c.padding() + ky;
                int x = ox * c.stride() - c.padding() + kx;
                if (y >= 0 && y < shape.height() && x >= 0 && x < shape.width()) {
                  for (int ci = 0; ci < c.inChannels(); ci++) {
                    fanout[(ci * shape.height() + y) * shape.width() + x] += c.outChannels();
                  }
                }
              }
            }
          }
        }
        for (int j = 0; j < population.length; j++) {
          total += population[j] > 0 ? fanout[j] : 0;
        }
      } else if (layer instanceof LinearLayer linear) {
        total += countPositive(population) * linear.outFeatures();
      }
      if (layer instanceof ReluLayer || layer instanceof MaxPoolLayer) {
        population = activations.get(l);
        shape = shapes.get(l);
      } else if (layer instanceof ConvLayer || layer instanceof LinearLayer) {
        shape = shapes.get(l);
      }
      // global average pooling and flatten are folded: the population stays the same
      assertThat(layer instanceof GlobalAveragePoolLayer || layer instanceof FlattenLayer
          || activations.get(l).length == shapes.get(l).size()).isTrue();
    }
    return total;
  }

  private static long countPositive(float[] values) {
    long count = 0;
    for (float v : values) {
      count += v > 0 ? 1 : 0;
    }
    return count;
  }

  private static long countPositive(double[] values) {
    long count = 0;
    for (double v : values) {
      count += v > 0 ? 1 : 0;
    }
    return count;
  }
}
