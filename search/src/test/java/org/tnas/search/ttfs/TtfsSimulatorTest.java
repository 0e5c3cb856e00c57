package org.tnas.search.ttfs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.tnas.formats.errors.ProjectException;
import org.tnas.formats.util.Seeds;
import org.tnas.search.net.ConvLayer;
import org.tnas.search.net.FlattenLayer;
import org.tnas.search.net.GlobalAveragePoolLayer;
import org.tnas.search.net.LinearLayer;
import org.tnas.search.net.MaxPoolLayer;
import org.tnas.search.net.NetworkWeights;
import org.tnas.search.net.RandomNetworks;
import org.tnas.search.net.ReluLayer;
import org.tnas.search.net.ReluNetwork;
import org.tnas.search.space.Genome;
import org.tnas.search.space.SearchErrorCode;
import org.tnas.search.space.SearchSpace;

class TtfsSimulatorTest {
  private static float[] filled(int size, float value) {
    float[] values = new float[size];
    Arrays.fill(values, value);
    return values;
  }

  @Test
  void synapticOperationsByHandWithPaddingBorders() {
    // conv 3x3 stride 1 pad 1 on 1x3x3, 2 output channels (+1 weights and -1 weights), then 18 -> 2
    float[] w = new float[18];
    Arrays.fill(w, 0, 9, 1f);
    Arrays.fill(w, 9, 18, -1f);
    NetworkWeights network = new NetworkWeights(1, 3, 3, List.of(
        new ConvLayer(1, 2, 3, 1, 1, w, new float[2]), new ReluLayer(), new FlattenLayer(),
        new LinearLayer(18, 2, filled(36, 0.1f), new float[2])));
    float[] input = new float[9];
    input[0] = 0.5f; // corner (0,0): reaches outputs (0..1, 0..1) = 4 positions x 2 channels = 8
    input[1] = 0.3f; // edge (0,1): outputs rows 0..1, columns 0..2 = 6 x 2 = 12
    input[4] = 0.8f; // centre: all 9 positions x 2 = 18
    TtfsNetwork ttfs = TtfsMapper.map(network, List.of(input));
    TtfsResult result = new TtfsSimulator(ttfs).simulate(input);
    assertThat(result.layerSynapticOperations()[0]).isEqualTo(8 + 12 + 18);
    // channel 0 (all +1) fires at all 9 positions (the centre is in every window), channel 1 never:
    // 9 spikes x 2 outputs
    assertThat(result.layerSpikes()).containsExactly(9);
    assertThat(result.layerSynapticOperations()[1]).isEqualTo(18);
    assertThat(result.work().synapticOperations()).isEqualTo(56);
    assertThat(result.work().inputSynapticOperations()).isEqualTo(38);
    assertThat(result.work().inputSpikes()).isEqualTo(3);
    assertThat(result.work().neurons()).isEqualTo(18);
    assertThat(result.work().spikesPerNeuron()).isEqualTo(0.5);
    // centre output of channel 0 = 0.5 + 0.3 + 0.8 = 1.6 = X(1): it spikes first, at t_min(1) + 1.5*1.6 - 1.6
    assertThat(ttfs.windows().get(0).maxActivation()).isCloseTo(1.6, within(1e-6));
    assertThat(result.spikeTimes().get(1)[4]).isCloseTo(1 + 0.8, within(1e-6));
    assertThat(result.spikeTimes().get(0)[4]).isCloseTo(0.2, within(1e-7));
  }

  @Test
  void synapticOperationsByHandWithStride2() {
    // conv 3x3 stride 2 pad 1 on 1x5x5 -> 3x3. Rows reaching output rows: y=0 -> {0}, 1 -> {0,1},
    // 2 -> {1}, 3 -> {1,2}, 4 -> {2}; fan-out(y, x) = f(y) * f(x) with f = 1,2,1,2,1.
    NetworkWeights network = new NetworkWeights(1, 5, 5, List.of(
        new ConvLayer(1, 1, 3, 2, 1, filled(9, 1f), new float[1]), new ReluLayer(), new FlattenLayer(),
        new LinearLayer(9, 3, filled(27, 0.2f), new float[3])));
    float[] input = new float[25];
    input[0] = 1f; // (0,0): 1*1 = 1
    input[6] = 0.4f; // (1,1): 2*2 = 4
    input[2 * 5 + 3] = 0.7f; // (2,3): 1*2 = 2
    input[24] = 0.1f; // (4,4): 1
    TtfsResult result = new TtfsSimulator(TtfsMapper.map(network, List.of(input))).simulate(input);
    assertThat(result.layerSynapticOperations()[0]).isEqualTo(1 + 4 + 2 + 1);
    // outputs whose window [2oy-1, 2oy+1] x [2ox-1, 2ox+1] holds a spike:
    // (0,0) (0,1) (1,0) (1,1) (1,2) (2,2) -> 6 spikes x 3 outputs
    assertThat(result.layerSpikes()).containsExactly(6);
    double[] times = result.spikeTimes().get(1);
    double tMax = result.spikeTimes().get(1).length == 9 ? TtfsMapper.map(network, List.of(input)).windows().get(0).tMax() : 0;
    assertThat(times[2]).isEqualTo(tMax); // (0,2) silent
    assertThat(times[6]).isEqualTo(tMax); // (2,0) silent
    assertThat(times[7]).isEqualTo(tMax); // (2,1) silent
    assertThat(result.layerSynapticOperations()[1]).isEqualTo(18);
    assertThat(result.work().synapticOperations()).isEqualTo(26);
  }

  @Test
  void synapticOperationsByHandWithMaxPoolAndGlobalAveragePool() {
    // conv 1x1 (weight 1) on 1x4x4 -> ReLU -> max-pool 2x2 -> GAP folded into linear 1 -> 2
    NetworkWeights network = new NetworkWeights(1, 4, 4, List.of(
        new ConvLayer(1, 1, 1, 1, 0, new float[] {1f}, new float[1]), new ReluLayer(), new MaxPoolLayer(2, 2),
        new GlobalAveragePoolLayer(), new LinearLayer(1, 2, new float[] {1f, -2f}, new float[] {0.5f, 0f})));
    float[] input = new float[16];
    input[0] = 0.2f;
    input[1] = 0.6f;
    input[15] = 0.9f;
    TtfsNetwork ttfs = TtfsMapper.map(network, List.of(input));
    TtfsResult result = new TtfsSimulator(ttfs).simulate(input);
    // 3 input spikes x fan-out 1; 3 hidden spikes, pooled to 2 (windows (0,0) and (1,1)) x 2 outputs
    assertThat(result.layerSynapticOperations()).containsExactly(3, 4);
    assertThat(result.layerSpikes()).containsExactly(3);
    assertThat(result.work().spikesPerNeuron()).isEqualTo(3.0 / 16);
    // GAP of pooled [0.6, 0, 0, 0.9] = 0.375; logits 0.5 + 0.375, -0.75
    assertThat(result.logits()[0]).isCloseTo(0.875, within(1e-6));
    assertThat(result.logits()[1]).isCloseTo(-0.75, within(1e-6));
    // latency = 1 + 1.5 * 0.9
    assertThat(ttfs.latency()).isCloseTo(1 + 1.5 * 0.9, within(1e-6));
  }

  @Test
  void violationsAreCountedWhenTheWindowIsTooShort() {
    SearchSpace space = SearchSpace.defaults(2, 12, 12, 3).withWidthChoices(List.of(4, 8));
    NetworkWeights trained = RandomNetworks.fromPlan(space.plan(Genome.random(space, Seeds.random(8))), Seeds.random(9));
    SplittableRandom random = Seeds.random(10);
    List<float[]> inputs = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      inputs.add(RandomNetworks.input(random, trained.inputShape().size(), 0.5));
    }
    TtfsNetwork ttfs = TtfsMapper.map(trained, inputs, 0.5);
    double limit = ttfs.windows().get(0).length();
    int firstLayer = TtfsNetwork.hiddenLayerIndices(ttfs.reluNetwork())[0];
    ReluNetwork twin = new ReluNetwork(ttfs.reluNetwork());
    TtfsSimulator simulator = new TtfsSimulator(ttfs);
    long total = 0;
    for (float[] input : inputs) {
      long expected = Arrays.stream(twin.activations(input).get(firstLayer)).filter(v -> v > limit).count();
      TtfsResult result = simulator.simulate(input);
      assertThat(result.layerViolations()[1]).isEqualTo(expected);
      assertThat(result.work().violations()).isGreaterThanOrEqualTo(expected);
      total += expected;
      // clamped neurons fire at t_min (never earlier)
      for (double t : result.spikeTimes().get(1)) {
        assertThat(t).isGreaterThanOrEqualTo(ttfs.windows().get(0).tMin());
      }
    }
    assertThat(total).isPositive();
  }

  @Test
  void inputOutsideTheUnitIntervalIsClampedAndCounted() {
    NetworkWeights network = new NetworkWeights(1, 1, 3, List.of(new FlattenLayer(),
        new LinearLayer(3, 1, new float[] {1, 1, 1}, new float[1])));
    TtfsNetwork ttfs = TtfsMapper.map(network, List.of(new float[] {0.5f, 0.5f, 0.5f}));
    TtfsResult result = new TtfsSimulator(ttfs).simulate(new float[] {1.5f, -0.2f, 0.25f});
    assertThat(result.layerViolations()[0]).isEqualTo(2);
    assertThat(result.work().violations()).isEqualTo(2);
    assertThat(result.logits()[0]).isCloseTo(1.25, within(1e-9));
  }

  @Test
  void quantisedEvaluationConvergesWithMoreBits() {
    SearchSpace space = SearchSpace.defaults(2, 12, 12, 3).withWidthChoices(List.of(4, 8));
    NetworkWeights trained = RandomNetworks.fromPlan(space.plan(Genome.random(space, Seeds.random(11))), Seeds.random(12));
    SplittableRandom random = Seeds.random(13);
    List<float[]> inputs = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      inputs.add(RandomNetworks.input(random, trained.inputShape().size(), 0.5));
    }
    TtfsNetwork ttfs = TtfsMapper.map(trained, inputs);
    TtfsSimulator exact = new TtfsSimulator(ttfs);
    double coarse = maxLogitError(exact, new TtfsSimulator(ttfs.withQuantisedWeights(3), 3), inputs);
    double fine = maxLogitError(exact, new TtfsSimulator(ttfs.withQuantisedWeights(16), 16), inputs);
    assertThat(coarse).isGreaterThan(1e-3);
    assertThat(fine).isLessThan(1e-2).isLessThan(coarse / 10);
    // quantised input times lie on the grid 1/(2^b - 1)
    TtfsResult result = new TtfsSimulator(ttfs, 3).simulate(inputs.get(0));
    for (double t : result.spikeTimes().get(0)) {
      double level = (1 - t) * 7;
      assertThat(level).isCloseTo(Math.rint(level), within(1e-9));
    }
  }

  private static double maxLogitError(TtfsSimulator exact, TtfsSimulator quantised, List<float[]> inputs) {
    double error = 0;
    for (float[] input : inputs) {
      double[] a = exact.simulate(input).logits();
      double[] b = quantised.simulate(input).logits();
      for (int i = 0; i < a.length; i++) {
        error = Math.max(error, Math.abs(a[i] - b[i]));
      }
    }
    return error;
  }

  @Test
  void inputShapeMismatchIsAnError() {
    NetworkWeights network = new NetworkWeights(1, 2, 2, List.of(new FlattenLayer(),
        new LinearLayer(4, 2, new float[8], new float[2])));
    TtfsSimulator simulator = new TtfsSimulator(TtfsMapper.map(network, List.of(new float[4])));
    assertThatThrownBy(() -> simulator.simulate(new float[3]))
        .isInstanceOf(ProjectException.class)
        .satisfies(e -> assertThat(((ProjectException) e).code()).isEqualTo(SearchErrorCode.SHAPE_MISMATCH))
        .hasMessage("Invalid input length: 3, expected 4 for shape [1x2x2]");
    assertThatThrownBy(() -> TtfsMapper.map(network, List.of(new float[5])))
        .hasMessage("Invalid input length: 5, expected 4 for shape [1x2x2]");
    assertThatThrownBy(() -> TtfsMapper.map(network, List.of()))
        .hasMessage("Invalid calibration set: empty");
  }

  @Test
  void unsupportedLayerOrdersAreRejected() {
    NetworkWeights noRelu = new NetworkWeights(1, 3, 3, List.of(
        new ConvLayer(1, 1, 3, 1, 1, new float[9], new float[1]), new FlattenLayer(),
        new LinearLayer(9, 2, new float[18], new float[2])));
    assertThatThrownBy(() -> TtfsMapper.map(noRelu, List.of(new float[9])))
        .isInstanceOf(ProjectException.class)
        .satisfies(e -> assertThat(((ProjectException) e).code()).isEqualTo(SearchErrorCode.MAPPING_FAILED))
        .hasMessage("Cannot map network: layer 0: conv 3x3 1->1 stride 1 pad 1 is not followed by a ReLU");
    assertThatThrownBy(() -> TtfsNetwork.build(noRelu, new double[0], 0))
        .hasMessage("Invalid factor: 0.0");
  }
}
