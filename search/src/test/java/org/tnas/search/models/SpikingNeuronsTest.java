package org.tnas.search.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.tnas.search.training.DjlEngines;

class SpikingNeuronsTest {
  @BeforeAll
  static void engine() {
    DjlEngines.pytorch(1);
  }

  @Test
  void surrogateGradientIsTheNumericalDerivativeOfTheAtanPrimitive() {
    float[] points = {-2f, -0.5f, -0.1f, -0.01f, 0f, 0.01f, 0.1f, 0.5f, 2f};
    try (NDManager manager = NDManager.newBaseManager(DjlEngines.ENGINE_NAME)) {
      NDArray x = manager.create(points);
      x.setRequiresGradient(true);
      float[] forward;
      try (GradientCollector collector = manager.getEngine().newGradientCollector()) {
        NDArray y = SpikingNeurons.spike(x, SpikingNeurons.ALPHA);
        forward = y.toFloatArray();
        collector.backward(y.sum());
      }
      float[] gradient = x.getGradient().toFloatArray();
      double h = 1e-5;
      for (int i = 0; i < points.length; i++) {
        double numerical = (SpikingNeurons.surrogatePrimitive(points[i] + h, 2) - SpikingNeurons.surrogatePrimitive(points[i] - h, 2))
            / (2 * h);
        assertThat((double) gradient[i]).as("gradient at %s", points[i]).isCloseTo(numerical, within(1e-4 * Math.max(1, numerical)));
        // the paper's sigma'(x) = 1 / (1 + (pi x)^2) for alpha = 2
        assertThat((double) gradient[i]).isCloseTo(1 / (1 + Math.PI * Math.PI * points[i] * points[i]), within(1e-5));
        assertThat(forward[i]).as("H(%s)", points[i]).isEqualTo(points[i] >= 0 ? 1f : 0f);
      }
    }
  }

  @Test
  void withoutGradientRecordingTheSpikesAreTheSameHeavisideValues() {
    float[] values = new float[6 * 40];
    java.util.SplittableRandom random = new java.util.SplittableRandom(3);
    for (int i = 0; i < values.length; i++) {
      values[i] = (float) (random.nextGaussian() * 1.5);
    }
    try (NDManager manager = NDManager.newBaseManager(DjlEngines.ENGINE_NAME)) {
      NDArray x = manager.create(values, new Shape(6, 40));
      x.setRequiresGradient(true);
      float[] recorded;
      try (GradientCollector collector = manager.getEngine().newGradientCollector()) {
        NDArray spikes = SpikingNeurons.integrateAndFire(x, 6);
        recorded = spikes.toFloatArray();
        collector.backward(spikes.sum());
      }
      // evaluation path (no autograd graph): the surrogate term is skipped
      assertThat(ai.djl.pytorch.jni.JniUtils.isGradMode()).isFalse();
      float[] plain = SpikingNeurons.integrateAndFire(x, 6).toFloatArray();
      assertThat(plain).containsExactly(recorded);
      assertThat(plain).contains(0f, 1f).containsOnly(0f, 1f);
    }
  }

  @Test
  void integrateAndFireMatchesAHandComputationOverFourSteps() {
    // three neurons, T = 4, N = 1; hand computation with threshold 1 and hard reset to 0:
    // a: 0.6 -> v 0.6 | 1.2 spike -> 0 | 0.6 | 1.2 spike           -> 0 1 0 1
    // b: 1.0 -> v 1.0 spike -> 0 (every step)                       -> 1 1 1 1
    // c: 0.3, -0.5, 1.5, 0.2 -> v 0.3 | -0.2 | 1.3 spike -> 0 | 0.2  -> 0 0 1 0
    float[][] inputs = {{0.6f, 1.0f, 0.3f}, {0.6f, 1.0f, -0.5f}, {0.6f, 1.0f, 1.5f}, {0.6f, 1.0f, 0.2f}};
    float[][] expected = {{0, 1, 0}, {1, 1, 0}, {0, 1, 1}, {1, 1, 0}};
    try (NDManager manager = NDManager.newBaseManager(DjlEngines.ENGINE_NAME)) {
      float[] flat = new float[12];
      for (int t = 0; t < 4; t++) {
        System.arraycopy(inputs[t], 0, flat, 3 * t, 3);
      }
      NDArray x = manager.create(flat, new Shape(4, 3));
      float[] spikes = SpikingNeurons.integrateAndFire(x, 4).toFloatArray();
      for (int t = 0; t < 4; t++) {
        for (int n = 0; n < 3; n++) {
          assertThat(spikes[3 * t + n]).as("step %d neuron %d", t, n).isEqualTo(expected[t][n]);
        }
      }
    }
  }

  @Test
  void resetIsDetachedSoTheGradientFlowsOnlyThroughTheSurrogate() {
    // one neuron, T = 2, inputs 1.2 then 0.5: v1 = 1.2 (spike, reset), v2 = 0 + 0.5.
    // With the reset detached: d s2 / d x1 = 0 (v2 does not depend on x1 through the reset),
    // d s1 / d x1 = sigma'(0.2), d s2 / d x2 = sigma'(-0.5).
    try (NDManager manager = NDManager.newBaseManager(DjlEngines.ENGINE_NAME)) {
      NDArray x = manager.create(new float[] {1.2f, 0.5f}, new Shape(2, 1));
      x.setRequiresGradient(true);
      try (GradientCollector collector = manager.getEngine().newGradientCollector()) {
        NDArray s = SpikingNeurons.integrateAndFire(x, 2);
        collector.backward(s.get(1).sum());
      }
      float[] gradient = x.getGradient().toFloatArray();
      assertThat((double) gradient[1]).isCloseTo(SpikingNeurons.surrogateDerivative(-0.5, 2), within(1e-6));
      // v2 = x1 * (1 - s1_detached) + x2 = 0 * x1 + x2: the path through the reset carries no gradient
      assertThat(gradient[0]).isEqualTo(0f);
    }
  }

  @Test
  void rejectsRowsThatAreNotAMultipleOfTheTimeSteps() {
    try (NDManager manager = NDManager.newBaseManager(DjlEngines.ENGINE_NAME)) {
      assertThatThrownBy(() -> SpikingNeurons.integrateAndFire(manager.zeros(new Shape(5, 2)), 2))
          .isInstanceOf(IllegalArgumentException.class).hasMessage("Invalid time steps: 2 for 5 rows");
    }
  }
}
