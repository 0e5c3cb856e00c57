package org.tnas.pipelines.study;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class RegressionTest {
  @Test
  void matchesAHandComputedFit() {
    // y = 1, 2, 3, 5 on x = 0, 0, 1, 1: b0 = mean(1, 2) = 1.5, b1 = mean(3, 5) - 1.5 = 2.5;
    // residuals -0.5, 0.5, -1, 1: SSR = 2.5, df = 2, s^2 = 1.25, Sxx = 1, xbar = 0.5;
    // SE(b1) = sqrt(1.25 / 1) = 1.118034, t1 = 2.236068; SE(b0) = sqrt(1.25 (1/4 + 0.25 / 1)) = 0.790569, t0 = 1.897367;
    // Student t with 2 df: P(T <= t) = 1/2 + t / (2 sqrt(2 + t^2)), so p1 = 1 - t1 / sqrt(7) = 0.154845 and
    // p0 = 1 - t0 / sqrt(5.6) = 0.198216.
    List<Regression.Coefficient> fit = Regression.fit(new double[][] {{0}, {0}, {1}, {1}}, new double[] {1, 2, 3, 5}, List.of("x"));
    assertThat(fit).hasSize(2);
    Regression.Coefficient intercept = fit.get(0);
    Regression.Coefficient slope = fit.get(1);
    assertThat(intercept.name()).isEqualTo("intercept");
    assertThat(intercept.estimate()).isCloseTo(1.5, within(1e-12));
    assertThat(intercept.standardError()).isCloseTo(0.790569, within(1e-6));
    assertThat(intercept.t()).isCloseTo(1.897367, within(1e-6));
    assertThat(intercept.p()).isCloseTo(1 - 1.897367 / Math.sqrt(5.6), within(1e-6));
    assertThat(slope.name()).isEqualTo("x");
    assertThat(slope.estimate()).isCloseTo(2.5, within(1e-12));
    assertThat(slope.standardError()).isCloseTo(1.118034, within(1e-6));
    assertThat(slope.t()).isCloseTo(2.236068, within(1e-6));
    assertThat(slope.p()).isCloseTo(1 - 2.236068 / Math.sqrt(7), within(1e-6));
  }

  @Test
  void rejectsTooFewObservations() {
    assertThatThrownBy(() -> Regression.fit(new double[][] {{0}, {1}}, new double[] {1, 2}, List.of("x")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Cannot fit regression: 2 observations for 1 regressors and an intercept (need at least 3)");
  }
}
