package org.tnas.search.supernet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDManager;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tnas.formats.errors.ProjectException;
import org.tnas.search.data.LabelledTensorSet;
import org.tnas.search.data.SyntheticTensors;
import org.tnas.search.net.ReluNetwork;
import org.tnas.search.space.Genome;

class SubnetTrainerTest {
  @Test
  void retrainedSubnetLearnsAndRunsIdenticallyInDjlAndPureJava() {
    LabelledTensorSet all = SyntheticTensors.movingDiscs(240, 12, 32, 32, 4, 0.01, 8);
    List<LabelledTensorSet> parts = all.split(0.75, 2);
    Genome genome = Genome.parse("D3:3x16S,5x16S,3x16S");
    SupernetConfig config = SupernetConfig.defaults().withEpochs(5).withBatchSize(16)
        .withOptimizer(OptimizerKind.ADAM, 1e-2).withSeed(4).withThreads(2);
    RetrainedSubnet retrained = SubnetTrainer.retrain(SupernetTrainerTest.SPACE, genome, parts.get(0), parts.get(1),
        config);
    assertThat(retrained.epochs()).hasSize(5);
    assertThat(retrained.epochs().get(4).meanLoss()).isLessThan(0.7 * retrained.epochs().get(0).meanLoss());
    assertThat(retrained.validation().weightedAverageRecall()).isGreaterThan(0.5);
    ReluNetwork reference = new ReluNetwork(retrained.weights());
    LabelledTensorSet validation = parts.get(1);
    try (NDManager manager = NDManager.newBaseManager();
        PlainDjlNetwork plain = new PlainDjlNetwork(retrained.weights(), manager)) {
      float[] batch = new float[4 * validation.inputSize()];
      validation.copyInputs(new int[] {0, 1, 2, 3}, 0, 4, batch);
      float[] logits = plain.forward(batch, 4);
      for (int i = 0; i < 4; i++) {
        double[] expected = reference.forward(validation.input(i));
        for (int c = 0; c < 4; c++) {
          assertThat((double) logits[i * 4 + c]).isCloseTo(expected[c], within(1e-4));
          assertThat((double) retrained.validation().logits()[i][c]).isCloseTo(expected[c], within(1e-4));
        }
      }
    }
  }

  @Test
  void theExportedBatchNormStatisticsAreThoseOfTheFinalWeightsOnTheTrainingSet() {
    // 192 training samples = 12 full batches of 16: the recomputed means are the exact training-set means
    LabelledTensorSet all = SyntheticTensors.movingDiscs(256, 12, 32, 32, 4, 0.01, 8);
    LabelledTensorSet train = all.split(0.75, 2).get(0);
    assertThat(train.size()).isEqualTo(192);
    Genome genome = Genome.parse("D3:3x16S,5x16S,3x16S");
    SupernetConfig config = SupernetConfig.defaults().withEpochs(3).withBatchSize(16)
        .withOptimizer(OptimizerKind.ADAM, 1e-2).withSeed(4).withThreads(2);
    RetrainedSubnet retrained = SubnetTrainer.retrain(SupernetTrainerTest.SPACE, genome, train, null, config);
    org.tnas.search.net.NetworkWeights weights = retrained.weights();
    assertThat(weights.layers().get(1)).isInstanceOf(org.tnas.search.net.BatchNormLayer.class);
    org.tnas.search.net.BatchNormLayer norm = (org.tnas.search.net.BatchNormLayer) weights.layers().get(1);
    ReluNetwork network = new ReluNetwork(weights);
    int channels = norm.channels();
    double[] mean = new double[channels];
    for (int i = 0; i < train.size(); i++) {
      double[] convolved = network.activations(train.input(i)).get(0);
      int plane = convolved.length / channels;
      for (int c = 0; c < channels; c++) {
        for (int p = 0; p < plane; p++) {
          mean[c] += convolved[c * plane + p] / plane / train.size();
        }
      }
    }
    // the running averages of training (momentum over the last batches of drifting weights) miss this by far more
    for (int c = 0; c < channels; c++) {
      assertThat((double) norm.runningMean()[c]).isCloseTo(mean[c], within(1e-4 + 1e-3 * Math.abs(mean[c])));
    }
  }

  @Test
  void rejectsAGenomeOutsideTheSpace() {
    LabelledTensorSet data = SyntheticTensors.movingDiscs(8, 12, 32, 32, 4, 0.01, 8);
    assertThatThrownBy(() -> SubnetTrainer.retrain(SupernetTrainerTest.SPACE, Genome.parse("D4:3x16S,5x16S,3x16S,3x8N"),
        data, null, SupernetConfig.defaults()))
        .isInstanceOf(ProjectException.class)
        .hasMessage("Invalid genome: depth 4 is not one of [2, 3] in D4:3x16S,5x16S,3x16S,3x8N");
  }
}
