package org.tnas.search.evolution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class NsgaRankingTest {
  @Test
  void ranksFrontsByHand() {
    double[][] points = {
        {1, 1}, // 0: dominated by 2
        {0, 3}, // 1: front 0
        {2, 2}, // 2: front 0
        {3, 0}, // 3: front 0
        {0.5, 0.5}, // 4: dominated by 0 -> front 2
        {1, 1}, // 5: equal to 0 -> same front 1
    };
    assertThat(NsgaRanking.ranks(points)).containsExactly(1, 0, 0, 0, 2, 1);
    double[] crowding = NsgaRanking.crowdingDistances(points, NsgaRanking.ranks(points));
    // front 0 sorted by x: 1 (0), 2 (2), 3 (3); middle point 2: (3-0)/3 + (3-0)/3 = 2
    assertThat(crowding[2]).isCloseTo(2.0, within(1e-12));
    assertThat(crowding[1]).isInfinite();
    assertThat(crowding[3]).isInfinite();
    assertThat(NsgaRanking.order(points)).containsExactly(1, 3, 2, 0, 5, 4);
    assertThat(NsgaRanking.dominates(new double[] {1, 1}, new double[] {1, 1})).isFalse();
  }

  @Test
  void hypervolumeByHand() {
    List<Hypervolume.Point> points = List.of(new Hypervolume.Point(0.5, 2), new Hypervolume.Point(0.8, 6),
        new Hypervolume.Point(0.4, 5), new Hypervolume.Point(0.9, 12));
    // reference 10: [2,6) x 0.5 + [6,10) x 0.8 = 2 + 3.2 = 5.2 -> / 10
    assertThat(Hypervolume.of(points, 10)).isCloseTo(0.52, within(1e-12));
    assertThat(Hypervolume.front(points)).containsExactly(new Hypervolume.Point(0.5, 2), new Hypervolume.Point(0.8, 6),
        new Hypervolume.Point(0.9, 12));
    assertThat(Hypervolume.referenceFor(points)).isCloseTo(13.2, within(1e-12));
    assertThat(Hypervolume.of(List.of(), 10)).isZero();
    assertThatThrownBy(() -> Hypervolume.of(points, 0)).hasMessage("Invalid referenceSynapticOperations: 0.0");
  }
}
