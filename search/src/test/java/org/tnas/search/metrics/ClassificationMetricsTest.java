package org.tnas.search.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class ClassificationMetricsTest {
  // 4 classes, class 3 absent: class 0 2/3 right, class 1 1/2, class 2 1/1
  private static final int[] LABELS = {0, 0, 0, 1, 1, 2};
  private static final int[] PREDICTIONS = {0, 0, 1, 1, 0, 2};

  @Test
  void warUarAndPerClassRecallByHand() {
    ClassificationMetrics metrics = ConfusionMatrix.of(4, LABELS, PREDICTIONS);
    assertThat(metrics.total()).isEqualTo(6);
    assertThat(metrics.correct()).isEqualTo(4);
    assertThat(metrics.war()).isCloseTo(4.0 / 6, within(1e-12));
    double[] recall = metrics.perClassRecall();
    assertThat(recall[0]).isCloseTo(2.0 / 3, within(1e-12));
    assertThat(recall[1]).isCloseTo(0.5, within(1e-12));
    assertThat(recall[2]).isEqualTo(1.0);
    assertThat(recall[3]).isNaN();
    assertThat(metrics.absentClasses()).containsExactly(3);
    assertThat(metrics.uar()).isCloseTo((2.0 / 3 + 0.5 + 1.0) / 3, within(1e-12));
    assertThat(metrics.fitness(0.33)).isCloseTo(0.33 * metrics.uar() + 0.67 * metrics.war(), within(1e-12));
    assertThat(metrics.fitness(0)).isEqualTo(metrics.war());
    assertThat(metrics.confusion()[0]).containsExactly(2, 1, 0, 0);
    assertThat(metrics.confusion()[1]).containsExactly(1, 1, 0, 0);
  }

  @Test
  void uarDiffersFromWarOnImbalancedSets() {
    // 9 of class 0 all right, 1 of class 1 wrong: WAR 0.9, UAR 0.5
    int[] labels = {0, 0, 0, 0, 0, 0, 0, 0, 0, 1};
    int[] predictions = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
    ClassificationMetrics metrics = ConfusionMatrix.of(2, labels, predictions);
    assertThat(metrics.war()).isCloseTo(0.9, within(1e-12));
    assertThat(metrics.uar()).isCloseTo(0.5, within(1e-12));
    assertThat(metrics.absentClasses()).isEmpty();
  }

  @Test
  void emptySetAndMergeAndErrors() {
    ConfusionMatrix empty = new ConfusionMatrix(3);
    assertThat(empty.metrics().war()).isNaN();
    assertThat(empty.metrics().uar()).isNaN();
    assertThat(empty.metrics().absentClasses()).containsExactly(0, 1, 2);
    ConfusionMatrix a = new ConfusionMatrix(3).add(0, 0);
    a.merge(new ConfusionMatrix(3).add(1, 2));
    assertThat(a.metrics().total()).isEqualTo(2);
    assertThatThrownBy(() -> a.add(3, 0)).hasMessage("Invalid label: 3 (classes 0..2)");
    assertThatThrownBy(() -> a.add(0, -1)).hasMessage("Invalid prediction: -1 (classes 0..2)");
    assertThatThrownBy(() -> a.merge(new ConfusionMatrix(2))).hasMessage("Cannot merge confusion matrices: 2 vs 3 classes");
    assertThatThrownBy(() -> a.metrics().fitness(1.5)).hasMessage("Invalid lambda: 1.5");
    assertThatThrownBy(() -> ConfusionMatrix.of(2, new int[2], new int[1])).hasMessage("Invalid predictions length: 1, labels 2");
  }
}
