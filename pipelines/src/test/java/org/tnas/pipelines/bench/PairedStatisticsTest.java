package org.tnas.pipelines.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class PairedStatisticsTest {
  @Test
  void theTestsMatchHandComputedValues() {
    // 10 wins, 0 losses: p = 2 / 2^10
    assertThat(PairedStatistics.signTestP(10, 0)).isCloseTo(2.0 / 1024, within(1e-12));
    assertThat(PairedStatistics.signTestP(5, 5)).isEqualTo(1.0);
    // differences 1..10: W+ = 55, mean 27.5, variance 10*11*21/24 = 96.25, z = 27/sqrt(96.25) = 2.752
    double[] differences = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
    assertThat(PairedStatistics.wilcoxonP(differences)).isCloseTo(2 * (1 - PairedStatistics.standardNormal(27 / Math.sqrt(96.25))),
        within(1e-12));
    assertThat(PairedStatistics.wilcoxonP(differences)).isCloseTo(0.00592, within(2e-4));
    assertThat(PairedStatistics.standardNormal(1.959964)).isCloseTo(0.975, within(1e-6));
    double[] interval = PairedStatistics.bootstrapMeanInterval(differences, 2000, 0.95, 1);
    assertThat(interval[0]).isLessThan(5.5).isGreaterThan(3);
    assertThat(interval[1]).isGreaterThan(5.5).isLessThan(8);
  }
}
