package org.tnas.search.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.tnas.formats.errors.ProjectException;
import org.tnas.search.space.SearchSpace;

class LabelledTensorSetTest {
  @Test
  void validatesLengthsLabelsAndShape() {
    assertThatThrownBy(() -> new LabelledTensorSet(List.of("a"), new float[][] {new float[3]}, new int[] {0}, 1, 2, 2, 2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Invalid input length of sample a: expected 4 (1x2x2), found 3");
    assertThatThrownBy(() -> new LabelledTensorSet(List.of("a"), new float[][] {new float[4]}, new int[] {2}, 1, 2, 2, 2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Invalid label of sample a: 2 (class count 2)");
    assertThatThrownBy(() -> new LabelledTensorSet(List.of("a", "b"), new float[][] {new float[4]}, new int[] {0}, 1, 2, 2, 2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Invalid sample counts: 2 ids, 1 inputs, 1 labels");
  }

  @Test
  void inputsAreCopiedInAndOut() {
    float[] input = {1, 2, 3, 4};
    LabelledTensorSet set = new LabelledTensorSet(List.of("a"), new float[][] {input}, new int[] {1}, 1, 2, 2, 2);
    input[0] = 9;
    set.input(0)[1] = 9;
    assertThat(set.input(0)).containsExactly(1, 2, 3, 4);
  }

  @Test
  void syntheticSetIsBalancedDeterministicAndSplitsReproducibly() {
    LabelledTensorSet a = SyntheticTensors.movingDiscs(40, 4, 16, 16, 4, 0.01, 7);
    LabelledTensorSet b = SyntheticTensors.movingDiscs(40, 4, 16, 16, 4, 0.01, 7);
    assertThat(a.classCounts()).containsExactly(10, 10, 10, 10);
    assertThat(a.input(5)).isEqualTo(b.input(5));
    assertThat(a.input(5)).isNotEqualTo(SyntheticTensors.movingDiscs(40, 4, 16, 16, 4, 0.01, 8).input(5));
    List<LabelledTensorSet> first = a.split(0.75, 3);
    List<LabelledTensorSet> second = b.split(0.75, 3);
    assertThat(first.get(0).size()).isEqualTo(30);
    assertThat(first.get(1).size()).isEqualTo(10);
    assertThat(first.get(0).sampleIds()).isEqualTo(second.get(0).sampleIds());
    assertThat(first.get(0).sampleIds()).doesNotContainAnyElementsOf(first.get(1).sampleIds());
  }

  @Test
  void checkFitsNamesTheDifference() {
    LabelledTensorSet set = SyntheticTensors.movingDiscs(4, 4, 16, 16, 3, 0, 1);
    set.checkFits(SearchSpace.defaults(4, 16, 16, 3));
    assertThatThrownBy(() -> set.checkFits(SearchSpace.defaults(4, 16, 17, 3)))
        .isInstanceOf(ProjectException.class)
        .hasMessage("Invalid input shape: expected 4x16x17 (search space), found 4x16x16 (data)");
    assertThatThrownBy(() -> set.checkFits(SearchSpace.defaults(4, 16, 16, 5)))
        .isInstanceOf(ProjectException.class)
        .hasMessage("Invalid class count: expected 5 (search space), found 3 (data)");
  }
}
