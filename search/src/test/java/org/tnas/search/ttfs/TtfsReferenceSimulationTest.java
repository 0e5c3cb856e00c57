package org.tnas.search.ttfs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.tnas.formats.util.Seeds;
import org.tnas.search.net.FlattenLayer;
import org.tnas.search.net.Layer;
import org.tnas.search.net.LinearLayer;
import org.tnas.search.net.NetworkWeights;
import org.tnas.search.net.RandomNetworks;
import org.tnas.search.net.ReluLayer;

/**
 * The event-driven {@link TtfsSimulator} against an independent, time-stepped simulation of the B1
 * neurons (docs: shared TTFS.md section 1) on HELD-OUT inputs: the windows are calibrated on one set
 * of inputs and the simulations run on others, so pre-activations may exceed a window (violations)
 * and both simulators must count them alike.
 *
 * <p>The reference integrates every neuron's potential with forward Euler steps of {@link #STEP}
 * in time order: before its layer's t_min the current is {@code sum_j W_ij} over the inputs that
 * have spiked, from t_min on it is 1; from t_min on a neuron fires when its potential reaches
 * {@code B(n) - b_i} (already there at t_min: a violation, fired at t_min as the simulator does). The output layer
 * integrates its inputs plus the bias current {@code b_i / (t_min(N) - t_min(N-1))} and is read at
 * t_min(N). It shares nothing with the simulator but the network's weights and windows. Euler's error
 * per input discontinuity is at most {@code |W_ij| * STEP}, so spike times agree within
 * {@code (1 + sum|W_i|) * STEP} per layer; the tolerances below are a few times that.
 */
class TtfsReferenceSimulationTest {
  private static final double STEP = 1e-5;
  private static final double TIME_TOLERANCE = 2e-3;
  private static final double LOGIT_TOLERANCE = 1e-2;

  @Test
  void heldOutInputsAgreeWithATimeSteppedReferenceSimulation() {
    SplittableRandom random = Seeds.random(11);
    List<Layer> layers = List.of(
        new FlattenLayer(),
        new LinearLayer(10, 8, RandomNetworks.gaussian(random, 80, 0.5), RandomNetworks.gaussian(random, 8, 0.1)),
        new ReluLayer(),
        new LinearLayer(8, 6, RandomNetworks.gaussian(random, 48, 0.5), RandomNetworks.gaussian(random, 6, 0.1)),
        new ReluLayer(),
        new LinearLayer(6, 4, RandomNetworks.gaussian(random, 24, 0.5), RandomNetworks.gaussian(random, 4, 0.1)));
    NetworkWeights trained = new NetworkWeights(1, 1, 10, layers);
    SplittableRandom calibrationRandom = Seeds.random(12);
    List<float[]> calibration = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      // calibrated on weaker inputs than the held-out ones, so that some held-out activations leave
      // their windows and both simulators must clamp and count them alike
      float[] weak = RandomNetworks.input(calibrationRandom, 10, 0.3);
      for (int j = 0; j < weak.length; j++) {
        weak[j] *= 0.5f;
      }
      calibration.add(weak);
    }
    SplittableRandom heldOutRandom = Seeds.random(13);
    List<float[]> heldOut = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      heldOut.add(RandomNetworks.input(heldOutRandom, 10, 0.3));
    }
    TtfsNetwork ttfs = TtfsMapper.map(trained, calibration);
    TtfsSimulator simulator = new TtfsSimulator(ttfs);
    List<LinearLayer> linear = ttfs.reluNetwork().layers().stream()
        .filter(LinearLayer.class::isInstance).map(LinearLayer.class::cast).toList();
    assertThat(linear).hasSize(3);

    int withViolations = 0;
    int compared = 0;
    for (float[] input : heldOut) {
      TtfsResult result = simulator.simulate(input);
      Reference reference = simulate(linear, ttfs.windows(), input);
      assertThat(result.work().violations()).as("violations").isEqualTo(reference.violations());
      withViolations += reference.violations() > 0 ? 1 : 0;
      for (int n = 1; n < reference.spikeTimes().size(); n++) {
        double[] expected = reference.spikeTimes().get(n);
        double[] actual = result.spikeTimes().get(n);
        for (int i = 0; i < expected.length; i++) {
          assertThat(actual[i]).as("layer %d neuron %d", n, i).isCloseTo(expected[i], within(TIME_TOLERANCE));
        }
      }
      for (int o = 0; o < reference.logits().length; o++) {
        assertThat(result.logits()[o]).as("logit %d", o).isCloseTo(reference.logits()[o], within(LOGIT_TOLERANCE));
      }
      double[] sorted = reference.logits().clone();
      Arrays.sort(sorted);
      if (sorted[sorted.length - 1] - sorted[sorted.length - 2] > 2 * LOGIT_TOLERANCE) {
        assertThat(result.prediction()).isEqualTo(argmax(reference.logits()));
        compared++;
      }
    }
    // held-out inputs do leave the calibrated windows now and then, and most predictions are clear
    assertThat(withViolations).isPositive().isLessThan(heldOut.size());
    assertThat(compared).isGreaterThanOrEqualTo(20);
  }

  private record Reference(List<double[]> spikeTimes, double[] logits, long violations) {}

  private static Reference simulate(List<LinearLayer> layers, List<TtfsWindow> windows, float[] input) {
    List<double[]> times = new ArrayList<>();
    double[] inputTimes = new double[input.length];
    for (int j = 0; j < input.length; j++) {
      inputTimes[j] = 1 - input[j];
    }
    times.add(inputTimes);
    long violations = 0;
    double previousStart = 0;
    double previousEnd = 1;
    for (int n = 0; n < layers.size(); n++) {
      LinearLayer layer = layers.get(n);
      float[] w = layer.weights();
      float[] b = layer.bias();
      double[] in = times.get(n);
      Integer[] order = new Integer[in.length];
      for (int j = 0; j < in.length; j++) {
        order[j] = j;
      }
      Arrays.sort(order, Comparator.comparingDouble(j -> in[j]));
      boolean output = n == layers.size() - 1;
      TtfsWindow window = windows.get(n);
      double tMin = window.tMin();
      double tMax = output ? tMin : window.tMax();
      assertThat(tMin).isCloseTo(previousEnd, within(1e-12));
      int outputs = layer.outFeatures();
      double[] potential = new double[outputs];
      double[] current = new double[outputs];
      double[] spikes = new double[outputs];
      Arrays.fill(spikes, Double.NaN);
      double biasCurrent = output ? 1.0 / (tMin - previousStart) : 0;
      int next = 0;
      long steps = Math.round((tMax - previousStart) / STEP);
      for (long k = 0; k < steps; k++) {
        double t = previousStart + k * STEP;
        // inputs that have spiked by t start their current now (time order)
        while (next < order.length && in[order[next]] <= t) {
          int j = order[next++];
          if (in[j] < previousEnd) {
            for (int i = 0; i < outputs; i++) {
              current[i] += w[i * layer.inFeatures() + j];
            }
          }
        }
        for (int i = 0; i < outputs; i++) {
          if (output) {
            potential[i] += (current[i] + b[i] * biasCurrent) * STEP;
          } else if (t < tMin) {
            potential[i] += current[i] * STEP;
          } else {
            if (Double.isNaN(spikes[i]) && potential[i] >= window.length() - b[i]) {
              // already at the threshold when the window opens: the pre-activation exceeded B(n)
              boolean atOpening = t < tMin + STEP;
              violations += atOpening ? 1 : 0;
              spikes[i] = atOpening ? tMin : t;
            }
            potential[i] += STEP;
          }
        }
      }
      if (output) {
        return new Reference(times, potential, violations);
      }
      for (int i = 0; i < outputs; i++) {
        if (Double.isNaN(spikes[i]) || spikes[i] > tMax) {
          spikes[i] = tMax;
        }
      }
      times.add(spikes);
      previousStart = tMin;
      previousEnd = tMax;
    }
    throw new IllegalStateException("no output layer");
  }

  private static int argmax(double[] values) {
    int best = 0;
    for (int i = 1; i < values.length; i++) {
      if (values[i] > values[best]) {
        best = i;
      }
    }
    return best;
  }
}
