package org.tnas.udfs.core;

import java.util.List;

/**
 * The Crop and Mirror steps of a pipeline run on the binned frames ({@link CropDomain#FRAMES}),
 * shared by the input paths that bin in that domain ({@link SpikingFerInput}, {@link FrameInput}):
 * where the frame steps start, the choices they make for one sample and epoch, and how those
 * choices turn a binning into the cropped and mirrored tensor. Stateless.
 */
final class FrameSteps {
  private FrameSteps() {}

  /**
   * The index of the first Crop or Mirror step; every later step must be one too (at most one of each).
   *
   * @throws IllegalArgumentException "Invalid crop domain: frames (...)" otherwise
   */
  static int start(AugmentationPipeline pipeline) {
    List<AugmentationPipeline.Step> steps = pipeline.steps();
    int start = steps.size();
    while (start > 0 && isFrameStep(steps.get(start - 1).augmentation())) {
      start--;
    }
    boolean crop = false;
    boolean mirror = false;
    for (int i = 0; i < steps.size(); i++) {
      Augmentation augmentation = steps.get(i).augmentation();
      if (i < start && isFrameStep(augmentation)) {
        throw new IllegalArgumentException("Invalid crop domain: frames (step " + i + " " + augmentation.spec()
            + " is followed by event augmentations; crop and mirror must be the last steps: " + pipeline.spec() + ")");
      }
      if (i >= start) {
        boolean isCrop = augmentation instanceof Augmentations.Crop;
        if ((isCrop && crop) || (!isCrop && mirror)) {
          throw new IllegalArgumentException("Invalid crop domain: frames (two " + (isCrop ? "crop" : "mirror") + " steps: " + pipeline.spec() + ")");
        }
        crop |= isCrop;
        mirror |= !isCrop;
      }
    }
    return start;
  }

  private static boolean isFrameStep(Augmentation augmentation) {
    return augmentation instanceof Augmentations.Crop || augmentation instanceof Augmentations.Mirror;
  }

  /**
   * What the frame steps do to one sample in one epoch.
   *
   * @param crop the crop step when it fires, else null
   * @param cropSeed the seed of its box (0 when it does not fire)
   * @param mirror the half the mirror step keeps when it fires, else null
   */
  record Choices(Augmentations.Crop crop, long cropSeed, GeometryKernels.Side mirror) {}

  /**
   * The choices of steps {@code [start, steps.size())} (the frame steps, {@link #start}) for this
   * sample and epoch: each step keeps its index in the pipeline for its draw ({@link
   * AugmentationPipeline#draw}: first whether it fires, then its seed), so the firing decisions and
   * the mirror side are those of the same steps run on the events.
   */
  static Choices choose(List<AugmentationPipeline.Step> steps, int start, long runSeed, String sampleId, int epoch) {
    Augmentations.Crop crop = null;
    long cropSeed = 0;
    GeometryKernels.Side mirror = null;
    for (int i = start; i < steps.size(); i++) {
      AugmentationPipeline.Step step = steps.get(i);
      AugmentationPipeline.Draw draw = AugmentationPipeline.draw(step, i, runSeed, sampleId, epoch);
      if (!draw.fires()) {
        continue;
      }
      if (step.augmentation() instanceof Augmentations.Crop c) {
        crop = c;
        cropSeed = draw.seed();
      } else if (step.augmentation() instanceof Augmentations.Mirror m) {
        mirror = new FrameAugmentations.FaceMirror(m.side()).chosenSide(draw.seed());
      }
    }
    return new Choices(crop, cropSeed, mirror);
  }

  /** A binning of one sample's (already augmented) events into {@code (channels, height, width)} frames. */
  @FunctionalInterface
  interface Binning {
    float[] frames(int width, int height);
  }

  /**
   * A binning of the events of {@code box} (in the coordinates of the area the native frames cover)
   * into {@code (channels, height, width)} frames with the binning's own rescale.
   */
  @FunctionalInterface
  interface BoxBinning {
    float[] frames(PixelRegion box, int width, int height);
  }

  /**
   * The frames of {@code choices}: when the crop fires, the events are binned at {@code
   * nativeWidth x nativeHeight}, {@link FrameAugmentations.RandomResizedCrop} (the crop step's scale
   * and aspect range) draws the box on that size and {@link FrameKernels#resizedCrop} takes it to
   * {@code width x height}, the mirror fused into its gather; otherwise the events are binned at
   * {@code width x height} and mirrored when the mirror fires. With a {@code boxBinning} ({@link
   * CropDomain#FRAMES_BINNED}; null otherwise) a firing crop's box (the same box) is binned at
   * {@code width x height} by it instead of cropped out of the native frames and resized by NEAREST,
   * then mirrored when the mirror fires.
   *
   * @return a new array of {@code channels * height * width} values
   */
  static float[] apply(Choices choices, Binning binning, BoxBinning boxBinning, int channels, int nativeWidth, int nativeHeight,
      int width, int height) {
    Augmentations.Crop crop = choices.crop();
    if (crop != null) {
      FrameAugmentations.RandomResizedCrop resized = new FrameAugmentations.RandomResizedCrop(width, height, crop.minScale(),
          crop.maxScale(), crop.minAspect(), crop.maxAspect());
      PixelRegion box = resized.box(nativeWidth, nativeHeight, choices.cropSeed());
      if (boxBinning != null) {
        float[] frames = boxBinning.frames(box, width, height);
        return choices.mirror() == null ? frames : FrameKernels.mirror(frames, channels, height, width, choices.mirror());
      }
      float[] full = binning.frames(nativeWidth, nativeHeight);
      return FrameKernels.resizedCrop(full, channels, nativeHeight, nativeWidth, box, width, height, choices.mirror());
    }
    float[] frames = binning.frames(width, height);
    return choices.mirror() == null ? frames : FrameKernels.mirror(frames, channels, height, width, choices.mirror());
  }
}
