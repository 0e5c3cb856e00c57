package org.tnas.pipelines.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tnas.formats.config.StrictConfig;
import org.tnas.search.supernet.LearningRateSchedule;
import org.tnas.search.supernet.PathSampling;

/** Trino-style: the recorded defaults, and every pipeline key mapped from an explicit value. */
class PipelineSettingsTest {
  private static PipelineSettings of(Map<String, String> values) {
    return PipelineSettings.from(StrictConfig.builder(PipelineSettings.KEYS).layer(values, "test").build());
  }

  @Test
  void defaults() {
    PipelineSettings settings = of(Map.of("pipeline.output", "/tmp/run"));
    assertThat(settings).isEqualTo(new PipelineSettings("/tmp/run", "", "", true, 20, "eye", 30, 6, -1, 0.2,
        SpaceChoice.SMALL, 0, 60, 16, 0.005, 15, EvaluatorKind.SPARK, true, 1L, settings.search(), List.of(),
        "source.lighting", null, List.of(), 0.0, 20, 3, 0.5, 0.1, 0.1, Budgets.NONE,
        org.tnas.udfs.core.AugmentationPipeline.parse("spatial_jitter@0.5; random_drop(min_ratio=0,max_ratio=0.2)@0.5"),
        new TrainingOptions(LearningRateSchedule.CONSTANT, PathSampling.UNIFORM, 0.0, LearningRateSchedule.COSINE,
            org.tnas.udfs.core.AugmentationPipeline.parse("spatial_jitter@0.5; random_drop(min_ratio=0,max_ratio=0.2)@0.5"),
            org.tnas.udfs.core.CropDomain.EVENTS),
        new TestPassOptions(0, TestPassOptions.ClipChoice.AUTO, null),
        new TtfsOptions(10, 0.001, 0.01, false, new int[0], 1)));
    assertThat(settings.search().output()).isEqualTo("/tmp/run/search");
    assertThat(settings.supernetEpochsSource()).isEqualTo("sized by pipeline.supernet.steps-per-choice=60");
  }

  @Test
  void explicitValues() {
    Map<String, String> values = new HashMap<>();
    values.put("pipeline.output", "hdfs://nn/run/");
    values.put("pipeline.shards", "hdfs://nn/shards");
    values.put("pipeline.supernet.checkpoint", "hdfs://nn/s.ckpt");
    values.put("pipeline.final-model", "false");
    values.put("pipeline.synthetic.clips-per-class", "7");
    values.put("pipeline.synthetic.mode", "face");
    values.put("pipeline.synthetic.frames", "12");
    values.put("pipeline.time-bins", "4");
    values.put("pipeline.validation-fraction", "0.3");
    values.put("pipeline.space", "default");
    values.put("pipeline.supernet.epochs", "9");
    values.put("pipeline.supernet.steps-per-choice", "80");
    values.put("pipeline.batch-size", "32");
    values.put("pipeline.learning-rate", "0.01");
    values.put("pipeline.retrain.epochs", "30");
    values.put("pipeline.evaluator", "in-process");
    values.put("pipeline.baseline", "false");
    values.put("pipeline.seed", "5");
    values.put("pipeline.report.group-by", "");
    values.put("pipeline.test-subjects", "writer-01, writer-07");
    values.put("pipeline.ranking.subnets", "12");
    values.put("pipeline.ranking.seeds", "5");
    values.put("pipeline.ranking.top-fraction", "0.25");
    values.put("pipeline.supernet.min-loss-reduction", "0.2");
    values.put("pipeline.warn.min-fitness-margin", "0.05");
    values.put("pipeline.budget.max-parameters", "100000");
    values.put("pipeline.budget.max-macs", "5000000");
    values.put("pipeline.budget.max-synaptic-operations", "2000000");
    values.put("pipeline.supernet.augmentation", "none");
    values.put("pipeline.supernet.schedule", "cosine");
    values.put("pipeline.supernet.sampling", "fair");
    values.put("pipeline.weight-decay", "0.0005");
    values.put("pipeline.retrain.schedule", "constant");
    values.put("pipeline.retrain.augmentation", "hflip@0.5");
    values.put("pipeline.crop-domain", "frames");
    values.put("pipeline.test.passes", "5");
    values.put("pipeline.test.clip", "time_clip(duration=200000)");
    values.put("pipeline.ttfs.finetune.epochs", "4");
    values.put("pipeline.ttfs.finetune.learning-rate", "0.002");
    values.put("pipeline.ttfs.scratch.learning-rate", "0.02");
    values.put("pipeline.ttfs.strategies", "true");
    values.put("pipeline.ttfs.sweep", "8, 4,2");
    values.put("pipeline.ttfs.finetune.seeds", "3");
    PipelineSettings settings = of(values);
    assertThat(settings).isEqualTo(new PipelineSettings("hdfs://nn/run/", "hdfs://nn/shards", "hdfs://nn/s.ckpt", false, 7,
        "face", 12, 4, -1, 0.3, SpaceChoice.DEFAULT, 9, 80, 32, 0.01, 30, EvaluatorKind.IN_PROCESS, false, 5L,
        settings.search(), List.of(), "", null, List.of("writer-01", "writer-07"), 0.0, 12, 5, 0.25, 0.2, 0.05,
        new Budgets(100_000, 5_000_000, 2_000_000), org.tnas.udfs.core.AugmentationPipeline.empty(),
        new TrainingOptions(LearningRateSchedule.COSINE, PathSampling.FAIR, 0.0005, LearningRateSchedule.CONSTANT,
            org.tnas.udfs.core.AugmentationPipeline.parse("hflip@0.5"), org.tnas.udfs.core.CropDomain.FRAMES),
        new TestPassOptions(5, TestPassOptions.ClipChoice.GIVEN, new org.tnas.udfs.core.Augmentations.TimeClip(200_000, 1)),
        new TtfsOptions(4, 0.002, 0.02, true, new int[] {8, 4, 2}, 3)));
    assertThat(settings.supernetAugmentation().steps()).isEmpty();
    assertThat(settings.search().output()).isEqualTo("hdfs://nn/run/search");
    assertThat(settings.supernetEpochsSource()).isEqualTo("pipeline.supernet.epochs");
    // fold and folds, test fraction: each on its own (they exclude the subject keys)
    assertThat(of(Map.of("pipeline.output", "/r", "pipeline.fold", "3")).fold()).isEqualTo(3);
    assertThat(of(Map.of("pipeline.output", "/r", "pipeline.folds", "0-2")).folds()).containsExactly(0, 1, 2);
    assertThat(of(Map.of("pipeline.output", "/r", "pipeline.test-fraction", "0.2")).testFraction()).isEqualTo(0.2);
  }

  @Test
  void badTestPassValuesAreRejected() {
    assertThat(of(Map.of("pipeline.output", "/r", "pipeline.test.clip", "None")).testPasses())
        .isEqualTo(new TestPassOptions(0, TestPassOptions.ClipChoice.NONE, null));
    assertThatThrownBy(() -> of(Map.of("pipeline.output", "/r", "pipeline.test.passes", "-1")))
        .hasMessageStartingWith("Invalid pipeline.test.passes: -1");
    assertThatThrownBy(() -> of(Map.of("pipeline.output", "/r", "pipeline.test.passes", "twenty")))
        .hasMessageStartingWith("Invalid pipeline.test.passes: twenty");
    assertThatThrownBy(() -> of(Map.of("pipeline.output", "/r", "pipeline.test.passes", "3", "pipeline.test.clip", "none")))
        .hasMessage("Invalid pipeline.test.passes: 3 (pipeline.test.clip=none: every pass would see the same whole test"
            + " clips; set a clip, e.g. time_clip(duration=132000,step=33000))");
    assertThatThrownBy(() -> of(Map.of("pipeline.output", "/r", "pipeline.test.clip", "hflip")))
        .hasMessage("Invalid pipeline.test.clip: hflip (expected auto, none or one time_clip(duration=<microseconds>,"
            + "step=<microseconds>))");
    assertThatThrownBy(() -> of(Map.of("pipeline.output", "/r", "pipeline.test.clip", "time_clip(duration=10)@0.5")))
        .hasMessageStartingWith("Invalid pipeline.test.clip: time_clip(duration=10)@0.5 (expected auto, none or one");
    assertThatThrownBy(() -> of(Map.of("pipeline.output", "/r", "pipeline.test.clip", "time_clip(duration=0)")))
        .hasMessage("Invalid pipeline.test.clip: time_clip(duration=0) (Invalid time clip duration: 0 (expected at least"
            + " 1 microsecond))");
    assertThatThrownBy(() -> of(Map.of("pipeline.output", "/r", "pipeline.test.clip", "time_clip(length=5)")))
        .hasMessage("Invalid pipeline.test.clip: time_clip(length=5) (Invalid time_clip: missing duration)");
  }

  @Test
  void theSupernetBudgetIsSizedBySteps() {
    PipelineSettings settings = of(Map.of("pipeline.output", "/r", "pipeline.supernet.steps-per-choice", "100"));
    org.tnas.search.space.SearchSpace space = SpaceChoice.SMALL.create(12, 48, 48, 10);
    long choices = (long) space.kernelChoices().size() * space.widthChoices().size() * space.downsamplingChoices().size();
    // 700 samples at batch 16: 43 steps per epoch
    assertThat(settings.supernetEpochs(700, space)).isEqualTo((int) ((100 * choices + 42) / 43));
    // never fewer than 10 epochs
    assertThat(settings.supernetEpochs(100_000, space)).isEqualTo(PipelineSettings.MIN_SIZED_EPOCHS);
    assertThatThrownBy(() -> of(Map.of("pipeline.output", "/r", "pipeline.ttfs.sweep", "8,1")))
        .hasMessage("Invalid pipeline.ttfs.sweep: 1 bits (expected 2..30)");
    assertThatThrownBy(() -> of(Map.of("pipeline.output", "/r", "ttfs.time-bits", "1")))
        .hasMessageStartingWith("Invalid spike-time bits: 1");
    assertThatThrownBy(() -> of(Map.of("pipeline.output", "/r", "pipeline.space", "huge")))
        .hasMessageStartingWith("Invalid pipeline.space: huge (expected one of small, default)");
    assertThatThrownBy(() -> of(Map.of("pipeline.output", "/r", "pipeline.supernet.augmentation", "wobble@0.5")))
        .hasMessageStartingWith("Invalid pipeline.supernet.augmentation: wobble@0.5 (");
    assertThatThrownBy(() -> of(Map.of("pipeline.output", "/r", "pipeline.test-subjects", "a", "pipeline.test-fraction", "0.2")))
        .hasMessage("Invalid pipeline.test-fraction: 0.2 (pipeline.test-subjects is set too: use one)");
  }
}
