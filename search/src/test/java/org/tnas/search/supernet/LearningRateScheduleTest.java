package org.tnas.search.supernet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class LearningRateScheduleTest {
  @Test
  void cosineStartsAtTheBaseRateHalvesAtTheMiddleAndEndsNearZero() {
    assertThat(LearningRateSchedule.COSINE.rate(0.01, 0, 100)).isEqualTo(0.01);
    assertThat(LearningRateSchedule.COSINE.rate(0.01, 50, 100)).isCloseTo(0.005, within(1e-15));
    assertThat(LearningRateSchedule.COSINE.rate(0.01, 25, 100)).isCloseTo(0.01 * (1 + Math.sqrt(0.5)) / 2, within(1e-15));
    assertThat(LearningRateSchedule.COSINE.rate(0.01, 99, 100)).isCloseTo(0.01 * (1 + Math.cos(Math.PI * 0.99)) / 2,
        within(1e-15)).isLessThan(3e-6);
    // beyond the planned steps (a run extended by hand) the rate stays at the end of the schedule
    assertThat(LearningRateSchedule.COSINE.rate(0.01, 150, 100)).isEqualTo(0.0);
  }

  @Test
  void constantIsTheBaseRateAtEveryStep() {
    assertThat(LearningRateSchedule.CONSTANT.rate(0.003, 0, 10)).isEqualTo(0.003);
    assertThat(LearningRateSchedule.CONSTANT.rate(0.003, 9, 10)).isEqualTo(0.003);
  }

  @Test
  void badArgumentsAndNamesAreRejected() {
    assertThatThrownBy(() -> LearningRateSchedule.COSINE.rate(0.01, -1, 10)).hasMessage("Invalid step: -1");
    assertThatThrownBy(() -> LearningRateSchedule.COSINE.rate(0.01, 0, 0)).hasMessage("Invalid totalSteps: 0");
    assertThat(LearningRateSchedule.parse(" Cosine ")).isEqualTo(LearningRateSchedule.COSINE);
    assertThatThrownBy(() -> LearningRateSchedule.parse("step"))
        .hasMessage("Invalid learning-rate schedule: step (expected constant or cosine)");
  }

  @Test
  void aTrainerDerivesTheRunLengthFromEpochsBatchAndSamples() {
    assertThat(SupernetTrainer.stepsPerEpoch(272, 16)).isEqualTo(17);
    assertThat(SupernetTrainer.stepsPerEpoch(273, 16)).isEqualTo(17); // a last batch of 1 is skipped
    assertThat(SupernetTrainer.stepsPerEpoch(274, 16)).isEqualTo(18);
  }
}
