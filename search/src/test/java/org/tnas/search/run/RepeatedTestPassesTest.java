package org.tnas.search.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tnas.search.data.LabelledTensorSet;
import org.tnas.search.net.FlattenLayer;
import org.tnas.search.net.LinearLayer;
import org.tnas.search.net.NetworkWeights;
import org.tnas.search.net.ReluLayer;
import org.tnas.search.ttfs.TtfsMapper;
import org.tnas.search.ttfs.TtfsNetwork;

/** Repeated test passes on a 2-input net that predicts the larger input: known per-pass scores. */
class RepeatedTestPassesTest {
  private static final float[] IDENTITY = {1, 0, 0, 1};

  private static TtfsNetwork network() {
    NetworkWeights weights = new NetworkWeights(1, 1, 2, List.of(new FlattenLayer(),
        new LinearLayer(2, 2, IDENTITY.clone(), new float[2]), new ReluLayer(), new LinearLayer(2, 2, IDENTITY.clone(), new float[2])));
    return TtfsMapper.map(weights, List.of(new float[] {1, 0}, new float[] {0, 1}));
  }

  /** 4 samples, labels 0, 0, 1, 1; the first {@code correct} are given inputs that predict their label. */
  private static LabelledTensorSet pass(int correct) {
    int[] labels = {0, 0, 1, 1};
    float[][] inputs = new float[4][];
    for (int i = 0; i < 4; i++) {
      int predicted = i < correct ? labels[i] : 1 - labels[i];
      inputs[i] = predicted == 0 ? new float[] {0.9f, 0.1f} : new float[] {0.1f, 0.9f};
    }
    return new LabelledTensorSet(List.of("s0", "s1", "s2", "s3"), inputs, labels, 1, 1, 2, 2);
  }

  @Test
  void thePassesAreSummarisedAsMeanAndSampleStandardDeviation() {
    Map<String, String> groups = Map.of("s0", "low", "s2", "low", "s1", "normal");
    int[] correct = {4, 2, 0};
    RepeatedTestPasses.Result result = RepeatedTestPasses.evaluate(network(), 3, k -> pass(correct[k - 1]), groups::get);
    assertThat(result.passes()).extracting(p -> p.metrics().war()).containsExactly(1.0, 0.5, 0.0);
    assertThat(result.summary("war").mean()).isCloseTo(0.5, within(1e-12));
    assertThat(result.summary("war").standardDeviation()).isCloseTo(0.5, within(1e-12));
    assertThat(result.summary("war").count()).isEqualTo(3);
    // pass 2: s0, s1 right, s2, s3 wrong: recall of class 0 is 1, of class 1 is 0
    assertThat(result.passes().get(1).metrics().perClassRecall()).containsExactly(1.0, 0.0);
    assertThat(result.summary("recall[0]").mean()).isCloseTo(2.0 / 3, within(1e-12));
    assertThat(result.summary("recall[1]").mean()).isCloseTo(1.0 / 3, within(1e-12));
    // groups: low = s0 (class 0) and s2 (class 1) -> 1, 0.5, 0; normal = s1 -> 1, 1, 0; s3 has no group
    assertThat(result.groups()).containsExactly("low", "normal");
    assertThat(result.summary("war[low]").mean()).isCloseTo(0.5, within(1e-12));
    assertThat(result.summary("war[normal]").mean()).isCloseTo(2.0 / 3, within(1e-12));
    assertThat(result.summary("war[normal]").standardDeviation()).isCloseTo(Math.sqrt(1.0 / 3), within(1e-12));
    assertThat(result.summary("relu_agreement").mean()).isEqualTo(1.0);
    assertThat(result.toCsv(2).lines().toList()).containsExactly(
        "pass,samples,war,uar,synaptic_operations,spikes_per_neuron,relu_agreement,recall[0],recall[1],\"war[low]\",\"uar[low]\",\"war[normal]\",\"uar[normal]\"",
        result.toCsv(2).lines().toList().get(1), result.toCsv(2).lines().toList().get(2), result.toCsv(2).lines().toList().get(3));
    assertThat(result.toCsv(2).lines().toList().get(2)).startsWith("2,4,0.500000,0.500000,").endsWith(",1.000000,1.000000,0.000000,0.500000,0.500000,1.000000,1.000000");
    assertThat(result.summaryCsv()).startsWith("metric,mean,std,passes\n\"war\",0.500000,0.500000,3\n");
    assertThat(result.toMarkdown("Test passes", "three passes", List.of("zero", "one"), "lighting"))
        .contains("| WAR | 0.5000 | 0.5000 | 3 |").contains("| lighting = low: WAR (accuracy) | 0.5000 | 0.5000 | 3 |")
        .contains("| recall zero | 0.6667 |").contains("| 3 | 4 | 0.0000 | 0.0000 | 0.0000 | 0.0000 |");
    // the same passes give the same result
    assertThat(RepeatedTestPasses.evaluate(network(), 3, k -> pass(correct[k - 1]), groups::get).summaries())
        .isEqualTo(result.summaries());
  }

  @Test
  void badPassesAreRejected() {
    assertThatThrownBy(() -> RepeatedTestPasses.evaluate(network(), 0, k -> pass(4), id -> null))
        .hasMessage("Invalid test passes: 0 (expected at least 1)");
    assertThatThrownBy(() -> RepeatedTestPasses.evaluate(network(), 1,
        k -> new LabelledTensorSet(List.of("a"), new float[][] {{0, 1}}, new int[] {0}, 1, 1, 2, 3), id -> null))
        .hasMessage("Invalid test pass 1: 3 classes, the network has 2 outputs");
    assertThatThrownBy(() -> RepeatedTestPasses.evaluate(network(), 1, k -> pass(4), id -> null).summary("auc"))
        .hasMessage("Invalid metric: auc (not summarised)");
  }
}
