package org.tnas.pipelines.pipeline;

import java.util.Objects;
import org.tnas.search.supernet.LearningRateSchedule;
import org.tnas.search.supernet.PathSampling;
import org.tnas.udfs.core.AugmentationPipeline;
import org.tnas.udfs.core.CropDomain;

/**
 * The training choices of {@code tnas pipeline} beyond epochs, batch and learning rate, for the
 * supernet and for the stand-alone retrainings (final model and ranking study).
 *
 * @param supernetSchedule the supernet's learning rate over its steps ({@code pipeline.supernet.schedule})
 * @param sampling how SPOS picks each step's path ({@code pipeline.supernet.sampling})
 * @param weightDecay L2 weight decay of both trainings ({@code pipeline.weight-decay})
 * @param retrainSchedule the retrainings' learning rate over their steps ({@code pipeline.retrain.schedule})
 * @param retrainAugmentation the retrainings' per-epoch event augmentations ({@code
 *     pipeline.retrain.augmentation}; empty: none)
 * @param cropDomain where the Crop and Mirror steps of both trainings' augmentations run ({@code
 *     pipeline.crop-domain})
 */
public record TrainingOptions(LearningRateSchedule supernetSchedule, PathSampling sampling, double weightDecay,
    LearningRateSchedule retrainSchedule, AugmentationPipeline retrainAugmentation, CropDomain cropDomain) {
  public TrainingOptions {
    Objects.requireNonNull(supernetSchedule, "supernetSchedule is null");
    Objects.requireNonNull(sampling, "sampling is null");
    Objects.requireNonNull(retrainSchedule, "retrainSchedule is null");
    Objects.requireNonNull(retrainAugmentation, "retrainAugmentation is null");
    Objects.requireNonNull(cropDomain, "cropDomain is null");
    if (!(weightDecay >= 0) || Double.isInfinite(weightDecay)) {
      throw new IllegalArgumentException("Invalid pipeline.weight-decay: " + weightDecay);
    }
  }
}
