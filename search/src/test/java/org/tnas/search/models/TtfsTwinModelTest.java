package org.tnas.search.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.tnas.formats.util.Seeds;
import org.tnas.search.net.ConvLayer;
import org.tnas.search.net.Layer;
import org.tnas.search.net.LinearLayer;
import org.tnas.search.net.NetworkWeights;
import org.tnas.search.net.RandomNetworks;
import org.tnas.search.net.ReluNetwork;
import org.tnas.search.space.Genome;
import org.tnas.search.space.SearchSpace;
import org.tnas.search.training.DjlEngines;
import org.tnas.search.training.TrainableModel;
import org.tnas.search.ttfs.ActivationCalibration;
import org.tnas.search.ttfs.BatchNormFusion;
import org.tnas.search.ttfs.HardwareConstraints;
import org.tnas.search.ttfs.TtfsMapper;
import org.tnas.search.ttfs.TtfsNetwork;
import org.tnas.search.ttfs.TtfsSimulator;
import org.tnas.search.ttfs.TtfsWindow;

class TtfsTwinModelTest {
  private static final SearchSpace SPACE = SearchSpace.defaults(2, 12, 12, 3).withWidthChoices(List.of(4, 8));

  private record Fixture(NetworkWeights fused, double[] maxActivations, List<float[]> inputs, int[] labels) {}

  private static Fixture fixture(long seed) {
    NetworkWeights trained = RandomNetworks.fromPlan(SPACE.plan(Genome.random(SPACE, Seeds.random(seed))),
        Seeds.random(seed + 1));
    NetworkWeights fused = BatchNormFusion.fuse(trained);
    SplittableRandom random = Seeds.random(seed + 2);
    List<float[]> inputs = new ArrayList<>();
    int[] labels = new int[12];
    for (int i = 0; i < labels.length; i++) {
      inputs.add(RandomNetworks.input(random, fused.inputShape().size(), 0.5));
      labels[i] = random.nextInt(3);
    }
    return new Fixture(fused, ActivationCalibration.maxActivations(fused, inputs), inputs, labels);
  }

  private static double[] windows(TtfsNetwork network) {
    List<TtfsWindow> all = network.windows();
    double[] windows = new double[all.size() - 1];
    for (int n = 0; n < windows.length; n++) {
      windows[n] = all.get(n).tMax() - all.get(n).tMin();
    }
    return windows;
  }

  private static NDArray batch(NDManager manager, NetworkWeights network, List<float[]> inputs) {
    int size = network.inputShape().size();
    float[] values = new float[inputs.size() * size];
    for (int i = 0; i < inputs.size(); i++) {
      System.arraycopy(inputs.get(i), 0, values, i * size, size);
    }
    return manager.create(values, new Shape(inputs.size(), network.inputChannels(), network.inputHeight(),
        network.inputWidth()));
  }

  /** Sum over samples of the softmax cross-entropy of double logits. */
  private static double loss(double[][] logits, int[] labels) {
    double total = 0;
    for (int i = 0; i < labels.length; i++) {
      double max = Double.NEGATIVE_INFINITY;
      for (double z : logits[i]) {
        max = Math.max(max, z);
      }
      double sum = 0;
      for (double z : logits[i]) {
        sum += Math.exp(z - max);
      }
      total += -(logits[i][labels[i]] - max - Math.log(sum));
    }
    return total;
  }

  private static double simulatedLoss(NetworkWeights fused, double[] maxActivations, Fixture f) {
    TtfsSimulator simulator = new TtfsSimulator(TtfsNetwork.build(fused, maxActivations, TtfsMapper.DEFAULT_FACTOR));
    double[][] logits = new double[f.inputs().size()][];
    for (int i = 0; i < logits.length; i++) {
      logits[i] = simulator.simulate(f.inputs().get(i)).logits();
    }
    return loss(logits, f.labels());
  }

  /** {@code fused} with weight {@code index} of layer {@code layer} moved by {@code delta}. */
  private static NetworkWeights perturbed(NetworkWeights fused, int layer, int index, boolean bias, double delta) {
    List<Layer> layers = new ArrayList<>(fused.layers());
    Layer target = layers.get(layer);
    float[] w = target instanceof ConvLayer c ? c.weights() : ((LinearLayer) target).weights();
    float[] b = target instanceof ConvLayer c ? c.bias() : ((LinearLayer) target).bias();
    float[] values = bias ? b : w;
    values[index] = (float) (values[index] + delta);
    if (target instanceof ConvLayer c) {
      layers.set(layer, new ConvLayer(c.inChannels(), c.outChannels(), c.kernel(), c.stride(), c.padding(), w, b));
    } else {
      LinearLayer l = (LinearLayer) target;
      layers.set(layer, new LinearLayer(l.inFeatures(), l.outFeatures(), w, b));
    }
    return new NetworkWeights(fused.inputChannels(), fused.inputHeight(), fused.inputWidth(), layers);
  }

  @Test
  void unconstrainedGradientEqualsFiniteDifferencesOfTheEventDrivenSimulator() {
    DjlEngines.pytorch(1);
    Fixture f = fixture(21);
    TtfsNetwork mapped = TtfsNetwork.build(f.fused(), f.maxActivations(), TtfsMapper.DEFAULT_FACTOR);
    try (NDManager manager = NDManager.newBaseManager();
        TtfsTwinModel model = TtfsTwinModel.of(f.fused(), windows(mapped), HardwareConstraints.NONE, manager)) {
      try (NDManager scope = manager.newSubManager();
          GradientCollector collector = Engine.getInstance().newGradientCollector()) {
        NDArray logits = model.forward(scope, batch(scope, f.fused(), f.inputs()), TrainableModel.Pass.evaluation());
        NDArray oneHot = scope.create(java.util.Arrays.stream(f.labels()).asLongStream().toArray()).oneHot(3);
        NDArray loss = logits.logSoftmax(1).mul(oneHot).sum().neg();
        collector.backward(loss);
        int checked = 0;
        SplittableRandom pick = Seeds.random(5);
        for (int layer = 0; layer < f.fused().layers().size(); layer++) {
          Layer l = f.fused().layers().get(layer);
          if (!(l instanceof ConvLayer || l instanceof LinearLayer)) {
            continue;
          }
          float[] weightGradient = model.parameters().get("layer" + layer + ".weight").getGradient().toFloatArray();
          float[] biasGradient = model.parameters().get("layer" + layer + ".bias").getGradient().toFloatArray();
          for (int k = 0; k < 6; k++) {
            boolean bias = k % 3 == 2;
            int index = pick.nextInt(bias ? biasGradient.length : weightGradient.length);
            double eps = 1e-3;
            double numeric = (simulatedLoss(perturbed(f.fused(), layer, index, bias, eps), f.maxActivations(), f)
                - simulatedLoss(perturbed(f.fused(), layer, index, bias, -eps), f.maxActivations(), f)) / (2 * eps);
            double analytic = bias ? biasGradient[index] : weightGradient[index];
            assertThat(analytic).as("layer %d %s %d", layer, bias ? "bias" : "weight", index)
                .isCloseTo(numeric, within(2e-3 + 2e-2 * Math.abs(numeric)));
            checked++;
          }
        }
        assertThat(checked).isGreaterThanOrEqualTo(18);
      }
    }
  }

  @Test
  void unconstrainedForwardIsTheReluNet() {
    DjlEngines.pytorch(1);
    Fixture f = fixture(31);
    TtfsNetwork mapped = TtfsNetwork.build(f.fused(), f.maxActivations(), TtfsMapper.DEFAULT_FACTOR);
    ReluNetwork relu = new ReluNetwork(f.fused());
    try (NDManager manager = NDManager.newBaseManager();
        TtfsTwinModel model = TtfsTwinModel.of(f.fused(), windows(mapped), HardwareConstraints.NONE, manager);
        NDManager scope = manager.newSubManager()) {
      float[] logits = model.forward(scope, batch(scope, f.fused(), f.inputs()), TrainableModel.Pass.evaluation())
          .toFloatArray();
      for (int i = 0; i < f.inputs().size(); i++) {
        double[] reference = relu.forward(f.inputs().get(i));
        for (int c = 0; c < reference.length; c++) {
          assertThat((double) logits[i * reference.length + c]).isCloseTo(reference[c], within(1e-4));
        }
      }
      // and the exported weights are the ones it was given
      assertThat(model.toNetwork()).isEqualTo(f.fused());
    }
  }

  @Test
  void constrainedForwardPredictsAsTheQuantisedSimulator() {
    DjlEngines.pytorch(1);
    Fixture f = fixture(41);
    TtfsNetwork mapped = TtfsNetwork.build(f.fused(), f.maxActivations(), TtfsMapper.DEFAULT_FACTOR);
    // a latency budget of 60 % of the exact net's shrinks every window (clamping, violations)
    HardwareConstraints constraints = new HardwareConstraints(3, 3, 1 + 0.6 * (mapped.latency() - 1), 1, 0.9, 0);
    TtfsNetwork constrained = constraints.apply(mapped);
    assertThat(constrained.latency()).isCloseTo(constraints.maxLatency(), within(1e-9));
    TtfsSimulator simulator = constraints.simulator(mapped);
    TtfsSimulator exact = new TtfsSimulator(mapped);
    try (NDManager manager = NDManager.newBaseManager();
        TtfsTwinModel model = TtfsTwinModel.of(f.fused(), windows(constrained), constraints, manager);
        NDManager scope = manager.newSubManager()) {
      float[] logits = model.forward(scope, batch(scope, f.fused(), f.inputs()), TrainableModel.Pass.evaluation())
          .toFloatArray();
      double largestDifference = 0;
      double largestChange = 0;
      for (int i = 0; i < f.inputs().size(); i++) {
        double[] simulated = simulator.simulate(f.inputs().get(i)).logits();
        double[] unconstrained = exact.simulate(f.inputs().get(i)).logits();
        for (int c = 0; c < simulated.length; c++) {
          largestDifference = Math.max(largestDifference, Math.abs(logits[i * simulated.length + c] - simulated[c]));
          largestChange = Math.max(largestChange, Math.abs(unconstrained[c] - simulated[c]));
        }
      }
      // the constraints change the logits, and the twin follows the simulator's change
      assertThat(largestChange).isGreaterThan(1e-2);
      assertThat(largestDifference).isLessThan(1e-3 * Math.max(1, largestChange));
    }
  }

  @Test
  void refusesBatchNormAndWrongWindowCounts() {
    NetworkWeights trained = RandomNetworks.fromPlan(SPACE.plan(Genome.random(SPACE, Seeds.random(3))), Seeds.random(4));
    try (NDManager manager = NDManager.newBaseManager()) {
      assertThatThrownBy(() -> TtfsTwinModel.of(trained, new double[] {1}, HardwareConstraints.NONE, manager))
          .hasMessageContaining("Cannot build a TTFS twin: the network has batch norm");
      NetworkWeights fused = BatchNormFusion.fuse(trained);
      assertThatThrownBy(() -> TtfsTwinModel.of(fused, new double[] {1}, HardwareConstraints.NONE, manager))
          .hasMessageContaining("Invalid windows: 1 values for");
    }
  }
}
