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
import org.tnas.udfs.core.CropDomain;

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

  private static RunRecipe recipe(String augmentation, CropDomain domain) {
    SearchSpace space = SearchSpace.defaults(12, 48, 48, 10).withWidthChoices(List.of(8, 16));
    return new RunRecipe("hdfs://nn/faces", TestSplit.ofFold(2), 0.2, 7, 6, 48, 48, space,
        SupernetConfig.defaults().withEpochs(3).withSeed(4), AugmentationPipeline.parse(augmentation), domain, 0.5);
  }

  @Test
  void theCropDomainReadsBackAndAnOldRecipeWithoutItReadsAsEvents(@TempDir Path dir) throws Exception {
    org.apache.hadoop.fs.Path folder = new org.apache.hadoop.fs.Path(dir.toUri());
    RunRecipe frames = recipe("spiking_fer", CropDomain.FRAMES);
    frames.write(folder, new Configuration());
    assertThat(Files.readString(dir.resolve(RunRecipe.FILE_NAME))).contains("retrain.crop-domain=frames");
    RunRecipe read = RunRecipe.read(folder, new Configuration());
    assertThat(read).isEqualTo(frames);
    assertThat(read.cropDomain()).isEqualTo(CropDomain.FRAMES);
    assertThat(read.augmentedEpochs(9).domain()).isEqualTo(CropDomain.FRAMES);
    // a recipe written before the key existed: its retraining augmented on the events
    Files.deleteIfExists(dir.resolve("." + RunRecipe.FILE_NAME + ".crc"));
    Files.writeString(dir.resolve(RunRecipe.FILE_NAME), Files.readString(dir.resolve(RunRecipe.FILE_NAME))
        .replaceAll("(?m)^retrain.crop-domain=.*$", ""));
    RunRecipe old = RunRecipe.read(folder, new Configuration());
    assertThat(old.cropDomain()).isEqualTo(CropDomain.EVENTS);
    assertThat(old).isEqualTo(recipe("spiking_fer", CropDomain.EVENTS));
    assertThat(old.augmentedEpochs(9).domain()).isEqualTo(CropDomain.EVENTS);
    // the 11-argument constructor is the events domain
    assertThat(new RunRecipe(old.shards(), old.testSplit(), old.validationFraction(), old.dataSeed(), old.timeBins(), old.width(),
        old.height(), old.space(), old.retraining(), old.retrainAugmentation(), old.lambda())).isEqualTo(old);
    // a bad value, or a crop that is not trailing in the frames domain, is an invalid recipe
    Files.deleteIfExists(dir.resolve("." + RunRecipe.FILE_NAME + ".crc"));
    Files.writeString(dir.resolve(RunRecipe.FILE_NAME), Files.readString(dir.resolve(RunRecipe.FILE_NAME)) + "retrain.crop-domain=pixels\n");
    assertThatThrownBy(() -> RunRecipe.read(folder, new Configuration()))
        .hasMessageEndingWith(RunRecipe.FILE_NAME + ": Invalid crop domain: pixels (expected events, frames or frames-binned)");
    assertThatThrownBy(() -> recipe("crop; hflip@0.5", CropDomain.FRAMES))
        .hasMessageStartingWith("Invalid crop domain: frames (step 0 crop(");
  }
}
