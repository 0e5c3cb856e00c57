package org.tnas.udfs.core;

import java.io.Serial;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.tnas.formats.events.EventBatch;
import org.tnas.formats.events.SensorGeometry;

/**
 * The input path of one training sample for a {@link FrameRepresentation} (any slicing, binary or
 * count frames, optional region), with the pipeline's Crop and Mirror in either {@link CropDomain}:
 * the search side's counterpart of {@link SpikingFerInput}, which bins by Spiking-FER's event-count
 * rule instead. The result has the representation's shape in both domains.
 *
 * <p>{@link CropDomain#EVENTS}: the whole pipeline runs on the events, then the representation
 * encodes the result (the same tensor as {@link AugmentationPipeline#augment} followed by {@link
 * FrameRepresentation#encode}).
 *
 * <p>{@link CropDomain#FRAMES}: the pipeline's {@link Augmentations.Crop} and {@link
 * Augmentations.Mirror} steps, which must be its last steps ({@link CropDomain#requireOrder}), are
 * taken out and the steps before them run on the events. When the crop step fires, the events are
 * binned at the native size of the representation's area (its region, or the whole sensor of the
 * augmented events when the region is null: the same slicing, mode and region, one frame pixel per
 * sensor pixel), {@link FrameAugmentations.RandomResizedCrop} (the step's scale and aspect range)
 * draws its box on that size and {@link FrameKernels#resizedCrop} takes the box to the output size;
 * otherwise the events are encoded at the output size directly, as without augmentation. When the
 * mirror step fires, {@link FrameAugmentations.FaceMirror} mirrors the result (fused into the crop's
 * gather when both fire). Every step keeps its index in the pipeline for its draws ({@code
 * Seeds.derive(runSeed, sampleId, epoch, i)}), exactly as {@link SpikingFerInput} draws them, so the
 * two domains make the same firing decisions and mirror the same half for the same run seed, sample
 * and epoch.
 *
 * <p>{@link CropDomain#FRAMES_BINNED}: as {@link CropDomain#FRAMES}, but a firing crop's box (the
 * same box, shifted onto the sensor by the area's origin) is encoded directly at the output size by
 * a representation of that region, the representation's own rescale, instead of resized by NEAREST.
 *
 * <p>Immutable, serialisable (safe to ship to Spark executors), thread safe; never modifies its input.
 *
 * @param augmentation the augmentations (empty: none)
 * @param representation the encoding and its output size
 * @param domain where Crop and Mirror run
 */
public record FrameInput(AugmentationPipeline augmentation, FrameRepresentation representation, CropDomain domain)
    implements java.io.Serializable {
  @Serial private static final long serialVersionUID = 1L;

  /**
   * @throws IllegalArgumentException "Invalid crop domain: frames (...)" when the domain is frames and
   *     a Crop or Mirror step is followed by another step, or appears twice
   */
  public FrameInput {
    Objects.requireNonNull(augmentation, "augmentation is null");
    Objects.requireNonNull(representation, "representation is null");
    Objects.requireNonNull(domain, "domain is null");
    domain.requireOrder(augmentation);
  }

  /** Number of channels of the result. */
  public int channels() {
    return representation.channels();
  }

  /** The encoding without augmentation (validation and test samples): {@link FrameRepresentation#encode}. */
  public float[] encode(EventBatch events, SensorGeometry geometry) {
    return representation.encode(events, geometry);
  }

  /**
   * The augmented encoding of one sample for one epoch (see the class documentation).
   *
   * @return a new array of {@code channels() * height * width} values of the representation
   * @throws org.tnas.formats.errors.ProjectException INVALID_EVENT if the input violates {@link EventChecks}
   */
  public float[] encode(EventBatch events, SensorGeometry geometry, long runSeed, String sampleId, int epoch) {
    Objects.requireNonNull(sampleId, "sampleId is null");
    return encode(EventChecks.validate(events, geometry), runSeed, sampleId, epoch);
  }

  /**
   * As {@link #encode(EventBatch, SensorGeometry, long, String, int)} for a sample checked before
   * ({@link EventChecks#validate}, e.g. once when it is loaded). Same result.
   *
   * @return a new array of {@code channels() * height * width} values of the representation
   */
  public float[] encode(ValidEvents events, long runSeed, String sampleId, int epoch) {
    Objects.requireNonNull(events, "events is null");
    Objects.requireNonNull(sampleId, "sampleId is null");
    if (domain == CropDomain.EVENTS) {
      ValidEvents augmented = augmentation.augmentShared(events, runSeed, sampleId, epoch);
      return representation.encode(augmented.events(), augmented.geometry());
    }
    List<AugmentationPipeline.Step> steps = augmentation.steps();
    int start = FrameSteps.start(augmentation);
    AugmentationPipeline eventSteps = start == steps.size() ? augmentation : new AugmentationPipeline(steps.subList(0, start));
    ValidEvents augmented = eventSteps.augmentShared(events, runSeed, sampleId, epoch);
    FrameSteps.Choices choices = FrameSteps.choose(steps, start, runSeed, sampleId, epoch);
    PixelRegion area = representation.region() == null ? PixelRegion.of(augmented.geometry()) : representation.region();
    FrameSteps.BoxBinning boxBinning = domain != CropDomain.FRAMES_BINNED ? null
        : (box, width, height) -> new FrameRepresentation(representation.slicing(), representation.mode(), width, height,
            new PixelRegion(area.x() + box.x(), area.y() + box.y(), box.width(), box.height()))
            .encode(augmented.events(), augmented.geometry());
    return FrameSteps.apply(choices, (width, height) -> at(width, height).encode(augmented.events(), augmented.geometry()),
        boxBinning, channels(), area.width(), area.height(), representation.width(), representation.height());
  }

  /** The representation with the same slicing, mode and region at {@code width x height}. */
  private FrameRepresentation at(int width, int height) {
    return width == representation.width() && height == representation.height() ? representation
        : new FrameRepresentation(representation.slicing(), representation.mode(), width, height, representation.region());
  }

  /** The steps that run on the events in this domain (all of them in {@link CropDomain#EVENTS}). */
  public AugmentationPipeline eventSteps() {
    return domain == CropDomain.EVENTS ? augmentation
        : new AugmentationPipeline(new ArrayList<>(augmentation.steps().subList(0, FrameSteps.start(augmentation))));
  }
}
