package org.tnas.search.supernet;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tnas.search.data.LabelledTensorSet;
import org.tnas.search.data.SyntheticTensors;
import org.tnas.search.training.DjlEngines;

class SupernetTrainingTest {
  @Test
  void theSameSeedTrainsTheSameSupernetTwiceInOneJvmAndTheProbeLearns(@TempDir Path dir) throws Exception {
    LabelledTensorSet all = SyntheticTensors.movingDiscs(160, 12, 32, 32, 4, 0.01, 8);
    List<LabelledTensorSet> parts = all.split(0.75, 2);
    SupernetConfig config = SupernetConfig.defaults().withEpochs(3).withBatchSize(16)
        .withOptimizer(OptimizerKind.ADAM, 5e-3).withSeed(9).withThreads(2);
    SupernetTraining.Outcome first = SupernetTraining.train(SupernetTrainerTest.SPACE, parts.get(0), parts.get(1), config,
        new org.apache.hadoop.fs.Path(dir.resolve("a.ckpt").toUri()), new Configuration());
    // another thread count set in between (as a scorer would) must not change the next training
    DjlEngines.pytorch(1);
    SupernetTraining.Outcome second = SupernetTraining.train(SupernetTrainerTest.SPACE, parts.get(0), parts.get(1), config,
        new org.apache.hadoop.fs.Path(dir.resolve("b.ckpt").toUri()), new Configuration());
    assertThat(second.probeLossAfter()).isEqualTo(first.probeLossAfter());
    assertThat(Files.readAllBytes(dir.resolve("b.ckpt"))).isEqualTo(Files.readAllBytes(dir.resolve("a.ckpt")));
    assertThat(first.probeLossAfter()).isLessThan(first.probeLossBefore());
    assertThat(first.chanceLoss()).isEqualTo(Math.log(4));
    assertThat(first.steps()).isEqualTo(3L * (120 / 16 + (120 % 16 >= 2 ? 1 : 0)));
  }
}
