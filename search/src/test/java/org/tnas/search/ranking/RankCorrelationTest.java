package org.tnas.search.ranking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RankCorrelationTest {
  @Test
  void kendallAndSpearmanMatchHandComputedValues() {
    // pairs (1,2) and (3,4) swapped: 8 concordant, 2 discordant of 10 -> tau 0.6;
    // rank differences -1,1,-1,1,0 -> rho = 1 - 6 * 4 / (5 * 24) = 0.8
    double[] x = {1, 2, 3, 4, 5};
    double[] y = {2, 1, 4, 3, 5};
    assertThat(RankCorrelation.kendallTauB(x, y)).isCloseTo(0.6, within(1e-12));
    assertThat(RankCorrelation.spearmanRho(x, y)).isCloseTo(0.8, within(1e-12));
    assertThat(RankCorrelation.kendallTauB(x, x)).isEqualTo(1.0);
    assertThat(RankCorrelation.kendallTauB(x, new double[] {5, 4, 3, 2, 1})).isEqualTo(-1.0);
  }

  @Test
  void tiesFollowTauB() {
    // 4 concordant, 0 discordant, one tie in x only, one in y only: 4 / sqrt(5 * 5) = 0.8
    assertThat(RankCorrelation.kendallTauB(new double[] {1, 1, 2, 3}, new double[] {1, 2, 2, 3}))
        .isCloseTo(0.8, within(1e-12));
    assertThat(RankCorrelation.ranks(new double[] {10, 20, 20, 30})).containsExactly(1, 2.5, 2.5, 4);
    assertThat(RankCorrelation.kendallTauB(new double[] {1, 1, 1}, new double[] {1, 2, 3})).isNaN();
  }

  @Test
  void theBootstrapIntervalIsSeededAndCoversTheEstimate() {
    java.util.SplittableRandom random = new java.util.SplittableRandom(3);
    double[] x = new double[30];
    double[] y = new double[30];
    for (int i = 0; i < x.length; i++) {
      x[i] = random.nextDouble();
      y[i] = x[i] + 0.3 * random.nextGaussian();
    }
    RankCorrelation.Estimate a = RankCorrelation.bootstrap(RankCorrelation.Statistic.KENDALL, x, y, 500, 0.95, 7);
    RankCorrelation.Estimate b = RankCorrelation.bootstrap(RankCorrelation.Statistic.KENDALL, x, y, 500, 0.95, 7);
    assertThat(a).isEqualTo(b);
    assertThat(a.lower()).isLessThan(a.value());
    assertThat(a.upper()).isGreaterThan(a.value());
    assertThat(a.lower()).isGreaterThan(0);
    assertThatThrownBy(() -> RankCorrelation.bootstrap(RankCorrelation.Statistic.KENDALL, x, y, 5, 0.95, 7))
        .hasMessage("Invalid resamples: 5 (expected at least 10)");
  }

  @Test
  void theStudySeparatesTheNoiseFloorFromTheRanking() {
    List<RankingStudy.Subnet> subnets = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      // stand-alone means 0.5 + 0.05 i, seeds +-0.01: well above the noise floor, ranked like inherited
      subnets.add(new RankingStudy.Subnet("g" + i, i < 4 ? "search-top" : "random", 0.3 + 0.02 * i,
          new double[] {0.49 + 0.05 * i, 0.51 + 0.05 * i, 0.5 + 0.05 * i}));
    }
    RankingStudy study = RankingStudy.of(subnets, 100, 1);
    assertThat(study.kendall().value()).isEqualTo(1.0);
    assertThat(study.withinSubnetSd()).isCloseTo(0.01, within(1e-9));
    assertThat(study.noiseSwampsDifferences()).isFalse();
    assertThat(study.seedAgreement()).isEqualTo(1.0);
    assertThat(study.verdict()).startsWith("the supernet ranks subnets better than chance");
    assertThat(study.csv()).startsWith("genome,origin,inherited_fitness").contains("\"g3\",search-top,0.360000,0.650000");

    List<RankingStudy.Subnet> noisy = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      noisy.add(new RankingStudy.Subnet("g" + i, "random", 0.3 + 0.02 * i,
          new double[] {0.5 + 0.001 * i + (i % 2 == 0 ? 0.1 : -0.1), 0.5 + 0.001 * i - (i % 2 == 0 ? 0.1 : -0.1)}));
    }
    RankingStudy swamped = RankingStudy.of(noisy, 76, 1);
    assertThat(swamped.noiseSwampsDifferences()).isTrue();
    assertThat(swamped.verdict()).startsWith("the noise floor swamps the differences")
        .contains("this validation split (76 samples)");
  }
}
