package org.tnas.udfs.core;

import org.tnas.formats.events.EventBatch;
import org.tnas.formats.events.SensorGeometry;

/**
 * The closed set of augmentations this project ships ({@link Augmentations}): each transforms
 * {@link ValidEvents} without checking them again, and its result is valid for {@link
 * #outputGeometry} by construction. {@link AugmentationPipeline} chains them with one input check.
 * Any other {@link Augmentation} is still accepted by the pipeline; its output is checked.
 */
public sealed interface BuiltInAugmentation extends Augmentation
    permits Augmentations.Crop, Augmentations.HorizontalFlip, Augmentations.BackgroundNoise,
        Augmentations.UniformNoise, Augmentations.PolarityFlip, Augmentations.TimeReversal,
        Augmentations.DropByTime, Augmentations.DropByArea, Augmentations.RandomDrop,
        Augmentations.EventDrop, Augmentations.Mirror, Augmentations.SpatialJitter,
        Augmentations.TimeJitter, Augmentations.TimeClip, Augmentations.Denoise, Augmentations.RefractoryFilter,
        Augmentations.CenterCrop, Augmentations.Downsample {

  /**
   * Applies the augmentation to checked events, all random choices drawn from {@code seed}; the
   * result may share arrays with the input (read-only).
   */
  EventBatch transform(ValidEvents events, long seed);

  /** As {@link #transform}, the result wrapped as valid for {@link #outputGeometry}. */
  default ValidEvents apply(ValidEvents events, long seed) {
    return EventChecks.trusted(transform(events, seed), outputGeometry(events.geometry()));
  }

  @Override
  default EventBatch apply(EventBatch events, SensorGeometry geometry, long seed) {
    return transform(EventChecks.validate(events, geometry), seed);
  }
}
