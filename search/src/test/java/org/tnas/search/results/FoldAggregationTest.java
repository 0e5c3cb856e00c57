package org.tnas.search.results;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class FoldAggregationTest {
  @Test
  void meanAndSampleStandardDeviationPerMetricWithAbsentClassesIgnored() {
    List<MetricSummary> summaries = FoldAggregation.aggregate(List.of(
        new FoldScore(0, 0.5, 0.4, List.of(1.0, Double.NaN), 100, 0.2),
        new FoldScore(1, 0.7, 0.6, List.of(0.5, 0.25), 300, 0.4),
        new FoldScore(2, 0.9, 0.8, List.of(0.0, 0.75), 200, 0.3)));
    assertThat(summaries).extracting(MetricSummary::metric)
        .containsExactly("war", "uar", "synaptic_operations", "spikes_per_neuron", "recall[0]", "recall[1]");
    assertThat(summaries.get(0).mean()).isCloseTo(0.7, within(1e-12));
    // sample standard deviation (n - 1) of 0.5, 0.7, 0.9
    assertThat(summaries.get(0).standardDeviation()).isCloseTo(0.2, within(1e-12));
    assertThat(summaries.get(2).mean()).isCloseTo(200, within(1e-9));
    assertThat(summaries.get(2).standardDeviation()).isCloseTo(100, within(1e-9));
    // class 1 is absent from fold 0: two folds count
    assertThat(summaries.get(5).count()).isEqualTo(2);
    assertThat(summaries.get(5).mean()).isCloseTo(0.5, within(1e-12));
    assertThat(FoldAggregation.summary("one", new double[] {0.3}).standardDeviation()).isZero();
    assertThat(FoldAggregation.toMarkdown(FoldAggregation.Protocol.CROSS_FOLD, summaries))
        .startsWith("Cross-fold (mean ± std over folds)").contains("| war | 0.7000 | 0.2000 | 3 |");
  }

  @Test
  void emptyOrRepeatedFoldsAreRejected() {
    assertThatThrownBy(() -> FoldAggregation.aggregate(List.of())).hasMessage("Invalid fold scores: none");
    FoldScore score = new FoldScore(4, 0.5, 0.5, List.of(), 1, 1);
    assertThatThrownBy(() -> FoldAggregation.aggregate(List.of(score, score)))
        .hasMessage("Invalid fold scores: fold 4 appears twice");
  }
}
