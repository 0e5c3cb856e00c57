package org.tnas.search.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tnas.search.data.TestSplit;
import org.tnas.search.space.HeadKind;
import org.tnas.search.space.SearchSpace;
import org.tnas.search.supernet.LearningRateSchedule;
import org.tnas.search.supernet.OptimizerKind;
import org.tnas.search.supernet.SupernetConfig;
import org.tnas.udfs.core.AugmentationPipeline;

class RunRecipeTest {
  @Test
  void aRecipeReadsBackAsWritten(@TempDir Path dir) throws Exception {
    SearchSpace space = SearchSpace.defaults(12, 48, 48, 10).withWidthChoices(List.of(8, 16)).withHead(HeadKind.FLATTEN,
        List.of(64, 32)).withBudgets(100_000, Long.MAX_VALUE, 5_000_000);
    RunRecipe recipe = new RunRecipe("hdfs://nn/digits", TestSplit.ofSubjects(List.of("writer 01", "writer-07")), 0.3, 5,
        6, 48, 48, space, SupernetConfig.defaults().withEpochs(15).withOptimizer(OptimizerKind.SGD, 0.01).withSeed(3)
            .withSchedule(LearningRateSchedule.COSINE).withWeightDecay(1e-4),
        AugmentationPipeline.parse("spatial_jitter@0.5; random_drop(min_ratio=0,max_ratio=0.2)@0.5"), 0.33);
    org.apache.hadoop.fs.Path folder = new org.apache.hadoop.fs.Path(dir.toUri());
    recipe.write(folder, new Configuration());
    assertThat(RunRecipe.read(folder, new Configuration())).isEqualTo(recipe);
    // edited by hand (the local file system's checksum file goes with it)
    Files.deleteIfExists(dir.resolve("." + RunRecipe.FILE_NAME + ".crc"));
    Files.writeString(dir.resolve(RunRecipe.FILE_NAME), Files.readString(dir.resolve(RunRecipe.FILE_NAME))
        .replaceAll("(?m)^fitness.lambda=.*$", ""));
    assertThatThrownBy(() -> RunRecipe.read(folder, new Configuration()))
        .hasMessageEndingWith(RunRecipe.FILE_NAME + ": missing key fitness.lambda");
  }
}
