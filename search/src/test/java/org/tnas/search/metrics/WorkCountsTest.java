package org.tnas.search.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class WorkCountsTest {
  @Test
  void aggregatesAndEnergy() {
    WorkCounts a = new WorkCounts(1000, 200, 30, 40, 100, 0, 5000, 800, 4.5, 1);
    WorkCounts b = new WorkCounts(3000, 400, 10, 20, 100, 2, 5000, 800, 4.5, 1);
    WorkCounts sum = WorkCounts.ZERO.plus(a).plus(b);
    assertThat(sum.samples()).isEqualTo(2);
    assertThat(sum.meanSynapticOperations()).isEqualTo(2000);
    assertThat(sum.spikesPerNeuron()).isEqualTo(0.2);
    assertThat(sum.meanLatency()).isEqualTo(4.5);
    assertThat(sum.meanViolations()).isEqualTo(1);
    // E_ANN = 4.6 * 5000; E_SNN = 0.9 * 2000; analog input: 0.9 * (2000 - 300) + 4.6 * 800
    assertThat(sum.meanAnnPicojoules()).isCloseTo(23000, within(1e-9));
    assertThat(sum.meanSnnPicojoules(false)).isCloseTo(1800, within(1e-9));
    assertThat(sum.meanSnnPicojoules(true)).isCloseTo(0.9 * 1700 + 4.6 * 800, within(1e-9));
    assertThat(EnergyModel.annPicojoules(10)).isCloseTo(46, within(1e-12));
    EvaluationMetrics evaluation = new EvaluationMetrics(ConfusionMatrix.of(2, new int[] {0, 1}, new int[] {0, 0}), sum);
    assertThat(evaluation.energyRatio()).isCloseTo(23000 / 1800.0, within(1e-9));
    assertThat(evaluation.war()).isEqualTo(0.5);
    assertThat(WorkCounts.ZERO.spikesPerNeuron()).isNaN();
  }

  @Test
  void rejectsInconsistentCounts() {
    assertThatThrownBy(() -> new WorkCounts(10, 20, 0, 0, 0, 0, 0, 0, 0, 1))
        .hasMessageStartingWith("Invalid work counts: 10 SynOps, 20 input SynOps");
  }
}
