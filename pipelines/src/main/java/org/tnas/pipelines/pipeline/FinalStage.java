package org.tnas.pipelines.pipeline;

import java.util.HashMap;
import java.util.Map;
import org.tnas.formats.shards.SampleEntry;
import org.tnas.formats.shards.ShardInfo;
import org.tnas.search.data.AugmentedEpochs;
import org.tnas.search.metrics.ClassificationMetrics;
import org.tnas.search.run.FinalModel;
import org.tnas.search.space.Genome;
import org.tnas.search.supernet.SupernetConfig;
import org.tnas.udfs.core.AugmentationPipeline;

/**
 * Stage 6 of {@code tnas pipeline}: the winner retrained from scratch with the final-model recipe,
 * mapped onto its TTFS twin and verified sample by sample on the test split; its test metrics per
 * group of samples ({@code pipeline.report.group-by}, e.g. SEE's lighting).
 */
final class FinalStage {
  private FinalStage() {}

  /**
   * @param model the final model, or null when not built
   * @param groups its test metrics by group (empty for none)
   */
  record Result(FinalModel model, Map<String, ClassificationMetrics> groups) {}

  /** The final-model recipe: the supernet's training settings with the retraining epochs and schedule. */
  static SupernetConfig retraining(SupernetConfig training, PipelineSettings settings) {
    return training.withEpochs(settings.retrainEpochs()).withSchedule(settings.training().retrainSchedule());
  }

  static Result run(PipelineSettings settings, PipelineData data, FoldInputs inputs, String genome, SupernetConfig training) {
    if (inputs.test() == null || !settings.finalModel()) {
      return new Result(null, Map.of());
    }
    AugmentationPipeline augmentation = settings.training().retrainAugmentation();
    AugmentedEpochs augmented = augmentation.steps().isEmpty() && inputs.source().clip() == null ? null
        : new AugmentedEpochs(inputs.source(), augmentation, settings.seed(), settings.training().cropDomain());
    FinalModel model = FinalModel.build(inputs.space(), Genome.parse(genome), inputs.data().calibration(), augmented,
        inputs.data().validation(), inputs.test(), retraining(training, settings));
    Map<String, ClassificationMetrics> groups = Map.of();
    if (!settings.groupBy().isEmpty()) {
      Map<String, String> groupOf = new HashMap<>();
      for (ShardInfo shard : data.manifest().shards()) {
        for (SampleEntry entry : shard.samples()) {
          String value = entry.record().parameters().get(settings.groupBy());
          if (value != null) {
            groupOf.put(entry.sampleId(), value);
          }
        }
      }
      groups = model.metricsByGroup(groupOf::get, data.classNames().size());
    }
    return new Result(model, groups);
  }
}
