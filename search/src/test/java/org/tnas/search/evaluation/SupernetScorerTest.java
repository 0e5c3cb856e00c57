package org.tnas.search.evaluation;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tnas.formats.util.Seeds;
import org.tnas.search.data.LabelledTensorSet;
import org.tnas.search.space.Genome;
import org.tnas.search.space.SearchSpace;
import org.tnas.search.training.DjlEngines;
import org.tnas.search.supernet.OptimizerKind;
import org.tnas.search.supernet.Supernet;
import org.tnas.search.supernet.SupernetCheckpoint;
import org.tnas.search.supernet.SupernetConfig;
import org.tnas.search.supernet.SupernetTrainer;

/** The real scorer: a tiny supernet trained on synthetic event frames, saved, loaded by the factory. */
public class SupernetScorerTest {
  /** 2 x 2 event frames of 16 x 16, 3 classes. */
  public static final SearchSpace SPACE = SearchSpace.defaults(4, 16, 16, 3)
      .withDepthChoices(List.of(2, 3))
      .withKernelChoices(List.of(3, 5))
      .withWidthChoices(List.of(8, 16));
  public static final SyntheticDataSource DATA = new SyntheticDataSource(150, 4, 16, 16, 3, 0.01, 11, 0.6);

  /** Trains the tiny supernet for two epochs and saves it under {@code directory}; returns the path. */
  public static String trainCheckpoint(Path directory) {
    EvaluationData data = DATA.load();
    LabelledTensorSet train = data.calibration();
    SupernetConfig config = SupernetConfig.defaults().withEpochs(3).withBatchSize(16)
        .withOptimizer(OptimizerKind.ADAM, 1e-2).withSeed(4).withThreads(1);
    String path = directory.resolve("supernet.ckpt").toUri().toString();
    DjlEngines.pytorch(1);
    try (NDManager manager = NDManager.newBaseManager();
        Supernet supernet = Supernet.create(SPACE, manager, 4);
        SupernetTrainer trainer = SupernetTrainer.singlePath(supernet, config)) {
      trainer.train(train);
      SupernetCheckpoint.save(supernet, new org.apache.hadoop.fs.Path(path), new Configuration());
    }
    return path;
  }

  public static SupernetScorerFactory factory(String checkpoint) {
    return new SupernetScorerFactory(checkpoint, SPACE, DATA, 32, 2, 12, 1);
  }

  @AfterEach
  void clearPool() {
    ScorerPool.clear();
  }

  @Test
  void scoresInheritedSubnetsDeterministicallyWithTtfsWork(@TempDir Path directory) {
    SupernetScorerFactory factory = factory(trainCheckpoint(directory));
    List<CandidateSpec> specs = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      specs.add(CandidateSpec.first("real", 8, 0, i, Genome.random(SPACE, Seeds.random(8, i)).toCompactString()));
    }
    List<EvaluationResult> first;
    List<EvaluationResult> second;
    try (InProcessEvaluator evaluator = new InProcessEvaluator(factory, 1, 1)) {
      first = evaluator.evaluate(specs);
      second = evaluator.evaluate(specs);
    }
    assertThat(ScorerPool.created(factory)).isEqualTo(1);
    assertThat(first).hasSize(4);
    for (EvaluationResult result : first) {
      assertThat(result.status()).as(result.errorMessage()).isEqualTo(EvaluationStatus.OK);
      assertThat(result.war()).isBetween(0.0, 1.0);
      assertThat(result.perClassRecall()).hasSize(3);
      assertThat(result.synapticOperations()).isGreaterThan(0);
      assertThat(result.spikesPerNeuron()).isBetween(0.0, 1.0);
      Genome genome = Genome.parse(result.genome());
      assertThat(result.macs()).isEqualTo(SPACE.plan(genome).macs());
      assertThat(result.parameters()).isEqualTo(SPACE.plan(genome).parameters());
    }
    // after 3 epochs of SPOS the best inherited subnet is clearly above chance (1/3)
    assertThat(first.stream().mapToDouble(EvaluationResult::war).max().orElseThrow()).isGreaterThan(0.45);
    assertThat(second.stream().map(EvaluationResult::withoutRunEnvironment).toList())
        .isEqualTo(first.stream().map(EvaluationResult::withoutRunEnvironment).toList());
  }
}
