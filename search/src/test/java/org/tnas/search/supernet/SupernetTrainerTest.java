package org.tnas.search.supernet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.tnas.formats.errors.ProjectException;
import org.tnas.search.data.LabelledTensorSet;
import org.tnas.search.data.SyntheticTensors;
import org.tnas.search.space.Genome;
import org.tnas.search.space.SearchSpace;
import org.tnas.search.training.DjlEngines;

class SupernetTrainerTest {
  /** 2 x 6 event frames of 32 x 32, 4 classes (directions of motion). */
  static final SearchSpace SPACE = SearchSpace.defaults(12, 32, 32, 4)
      .withDepthChoices(List.of(2, 3))
      .withKernelChoices(List.of(3, 5))
      .withWidthChoices(List.of(8, 16));
  static final List<Genome> PROBES = List.of(
      Genome.parse("D3:3x16S,5x16S,3x16S"),
      Genome.parse("D2:5x8P,3x16S,3x8N"),
      Genome.parse("D3:3x8S,3x8P,5x16N"));

  private NDManager manager;

  @BeforeEach
  void open() {
    DjlEngines.pytorch(2);
    manager = NDManager.newBaseManager();
  }

  @AfterEach
  void close() {
    manager.close();
  }

  @Test
  void singlePathTrainingLowersValidationLossOnSyntheticEvents() {
    LabelledTensorSet all = SyntheticTensors.movingDiscs(360, 12, 32, 32, 4, 0.01, 21);
    List<LabelledTensorSet> parts = all.split(0.75, 4);
    LabelledTensorSet train = parts.get(0);
    LabelledTensorSet validation = parts.get(1);
    SupernetConfig config = SupernetConfig.defaults().withEpochs(8).withBatchSize(16)
        .withOptimizer(OptimizerKind.ADAM, 1e-2).withSeed(9);
    try (Supernet supernet = Supernet.create(SPACE, manager, 9);
        SupernetTrainer trainer = SupernetTrainer.singlePath(supernet, config)) {
      SubnetEvaluator evaluator = new SubnetEvaluator(supernet, 32);
      List<Double> before = validationLosses(evaluator, train, validation);
      List<EpochResult> epochs = trainer.train(train);
      List<Double> after = validationLosses(evaluator, train, validation);
      assertThat(epochs).hasSize(8);
      assertThat(epochs.get(7).meanLoss()).isLessThan(epochs.get(0).meanLoss());
      assertThat(trainer.stepsCompleted()).isEqualTo(8L * 17);
      double meanBefore = before.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
      double meanAfter = after.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
      assertThat(meanAfter).as("validation loss before %s after %s", before, after).isLessThan(0.85 * meanBefore);
      for (int i = 0; i < PROBES.size(); i++) {
        assertThat(after.get(i)).isLessThan(before.get(i));
      }
      assertThat(evaluator.evaluate(PROBES.get(0), validation).weightedAverageRecall()).isGreaterThan(0.35);
    }
  }

  private static List<Double> validationLosses(SubnetEvaluator evaluator, LabelledTensorSet train,
      LabelledTensorSet validation) {
    List<Double> losses = new ArrayList<>();
    for (Genome genome : PROBES) {
      losses.add(evaluator.recalibrateAndEvaluate(genome, train, 4, 1, validation).meanLoss());
    }
    return losses;
  }

  @Test
  void samplingIsDeterministicInTheSeedAndCoversTheSpace() {
    try (Supernet supernet = Supernet.create(SPACE, manager, 1);
        SupernetTrainer a = SupernetTrainer.singlePath(supernet, SupernetConfig.defaults().withSeed(3));
        SupernetTrainer b = SupernetTrainer.singlePath(supernet, SupernetConfig.defaults().withSeed(3));
        SupernetTrainer c = SupernetTrainer.singlePath(supernet, SupernetConfig.defaults().withSeed(4))) {
      java.util.Set<String> seen = new java.util.HashSet<>();
      for (int step = 0; step < 50; step++) {
        assertThat(a.genomeFor(1, step)).isEqualTo(b.genomeFor(1, step));
        seen.add(a.genomeFor(1, step).toActiveString());
      }
      assertThat(seen.size()).isGreaterThan(40);
      assertThat(a.genomeFor(0, 0)).isNotEqualTo(c.genomeFor(0, 0));
    }
  }

  @Test
  void repeatedTrainingReleasesNativeMemory() {
    LabelledTensorSet data = SyntheticTensors.movingDiscs(30 * 4, 12, 32, 32, 4, 0.01, 5);
    SupernetConfig config = SupernetConfig.defaults().withBatchSize(4).withSeed(2);
    try (Supernet supernet = Supernet.create(SPACE, manager, 2);
        SupernetTrainer trainer = SupernetTrainer.singlePath(supernet, config)) {
      SubnetEvaluator evaluator = new SubnetEvaluator(supernet, 16);
      // the count is recursive over sub-managers: it sees the parameters and would see any leak
      int baseline = manager.getManagedArrays().size();
      assertThat(baseline).isGreaterThanOrEqualTo(supernet.namedParameters().size());
      NDArray leak = supernet.manager().newSubManager().zeros(new ai.djl.ndarray.types.Shape(1));
      assertThat(manager.getManagedArrays()).hasSize(baseline + 1);
      leak.close();
      assertThat(manager.getManagedArrays()).hasSize(baseline);
      for (int round = 0; round < 4; round++) {
        EpochResult epoch = trainer.trainEpoch(data);
        assertThat(epoch.steps()).isEqualTo(30);
        evaluator.recalibrateAndEvaluate(PROBES.get(round % PROBES.size()), data, 2, round, data);
        supernet.extract(PROBES.get(round % PROBES.size()));
        assertThat(manager.getManagedArrays()).as("live arrays after round %d", round).hasSize(baseline);
      }
    }
    assertThat(manager.getManagedArrays()).isEmpty();
  }

  @Test
  void nonFiniteLossStopsTrainingWithTheStepAndGenome() {
    LabelledTensorSet clean = SyntheticTensors.movingDiscs(8, 12, 32, 32, 4, 0.0, 5);
    float[][] inputs = new float[clean.size()][];
    for (int i = 0; i < inputs.length; i++) {
      inputs[i] = clean.input(i);
      inputs[i][0] = Float.NaN;
    }
    LabelledTensorSet poisoned = new LabelledTensorSet(clean.sampleIds(), inputs, clean.labels(), 12, 32, 32, 4);
    SupernetConfig config = SupernetConfig.defaults().withBatchSize(4).withSeed(2);
    try (Supernet supernet = Supernet.create(SPACE, manager, 2);
        SupernetTrainer trainer = SupernetTrainer.singlePath(supernet, config)) {
      Genome first = trainer.genomeFor(0, 0);
      assertThatThrownBy(() -> trainer.trainEpoch(poisoned))
          .isInstanceOf(ProjectException.class)
          .hasMessage("Invalid training loss: NaN at epoch 0 step 0 for genome " + first.toCompactString()
              + " (learning rate 0.001)")
          .satisfies(e -> assertThat(((ProjectException) e).code()).isEqualTo(SupernetErrorCode.NON_FINITE_LOSS));
    }
  }

  @Test
  void rejectsDataOfAnotherShapeOrClassCount() {
    try (Supernet supernet = Supernet.create(SPACE, manager, 2);
        SupernetTrainer trainer = SupernetTrainer.singlePath(supernet, SupernetConfig.defaults())) {
      assertThatThrownBy(() -> trainer.trainEpoch(SyntheticTensors.movingDiscs(8, 10, 32, 32, 4, 0, 1)))
          .isInstanceOf(ProjectException.class)
          .hasMessage("Invalid input shape: expected 12x32x32 (search space), found 10x32x32 (data)");
      assertThatThrownBy(() -> trainer.trainEpoch(SyntheticTensors.movingDiscs(8, 12, 32, 32, 3, 0, 1)))
          .isInstanceOf(ProjectException.class)
          .hasMessage("Invalid class count: expected 4 (search space), found 3 (data)");
    }
  }
}
