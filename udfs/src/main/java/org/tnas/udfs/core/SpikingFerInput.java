package org.tnas.udfs.core;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import org.tnas.formats.events.EventBatch;
import org.tnas.formats.events.SensorGeometry;
import org.tnas.formats.util.Seeds;

/**
 * Spiking-FER's whole input path of one training sample: event augmentations, binning into T
 * binary frames ("CustomToFrame", SPIKING_FER.md section 2), and, in the {@link CropDomain#FRAMES}
 * domain, Crop and Mirror on the frame tensor. The result has the shape {@code (2T, size, size)} in
 * both domains, channel {@code 2t + p}.
 *
 * <p>Binning ({@link #frames}): with N events, when {@code N / eventCount >= T} the sample is cut
 * into {@code n = N / eventCount} slices of {@code eventCount} consecutive events (incomplete slice
 * dropped) and the T central ones are kept (from slice {@code (n - T) / 2}); otherwise the events
 * are cut into T event bins ({@link Slicing.ByEventBins}, every event kept). Frames are binary and
 * the whole sensor is rescaled to the output size by {@link Frames#toFrames} (down-scaling ORs the
 * sensor pixels of a frame pixel).
 *
 * <p>{@link CropDomain#EVENTS}: the whole pipeline runs on the events ({@link
 * AugmentationPipeline#augment}), then the result is binned at {@code size x size}.
 *
 * <p>{@link CropDomain#FRAMES}: the pipeline's {@link Augmentations.Crop} and {@link
 * Augmentations.Mirror} steps, which must be its last steps, are taken out: the steps before them
 * run on the events, then the result is binned. When the crop step fires, the events are binned
 * at the sensor's own size and {@link FrameAugmentations.RandomResizedCrop} (torchvision's, same
 * scale and aspect range as the step) takes the box to {@code size x size}; otherwise (no crop step
 * or it does not fire) they are binned at {@code size x size} directly, as without augmentation
 * (Spiking-FER resizes with NEAREST there; we keep the encoding of the validation samples, so
 * training and validation inputs are made alike). When the mirror step fires, {@link
 * FrameAugmentations.FaceMirror} mirrors the result (fused into the crop's gather when both fire).
 * Every step keeps its index in the pipeline for its seed ({@code Seeds.derive(runSeed, sampleId,
 * epoch, i)}: first whether it fires, then its seed, as {@link AugmentationPipeline} draws them), so
 * the two domains make the same firing decisions and the same mirror side for the same run seed,
 * sample and epoch, and crop boxes that differ only where the two box rules round differently
 * ({@link FrameAugmentations.RandomResizedCrop}).
 *
 * <p>Immutable, serialisable, thread safe; never modifies its input.
 *
 * @param augmentation the event augmentations, in Spiking-FER's order (empty: none)
 * @param timeSteps T (paper 6)
 * @param eventCount events per slice (paper 2500)
 * @param size output height = width (paper 128)
 * @param domain where Crop and Mirror run
 */
public record SpikingFerInput(AugmentationPipeline augmentation, int timeSteps, int eventCount, int size, CropDomain domain)
    implements java.io.Serializable {

  public SpikingFerInput {
    Objects.requireNonNull(augmentation, "augmentation is null");
    Objects.requireNonNull(domain, "domain is null");
    if (timeSteps < 1) {
      throw new IllegalArgumentException("Invalid time steps: " + timeSteps);
    }
    if (eventCount < 1) {
      throw new IllegalArgumentException("Invalid event count: " + eventCount);
    }
    if (size < 1) {
      throw new IllegalArgumentException("Invalid frame size: " + size);
    }
    if (domain == CropDomain.FRAMES) {
      frameStart(augmentation);
    }
  }

  /**
   * The index of the first Crop or Mirror step; every later step must be one too (at most one of each).
   *
   * @throws IllegalArgumentException otherwise
   */
  static int frameStart(AugmentationPipeline pipeline) {
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

  /** Number of channels, {@code 2T}. */
  public int channels() {
    return Frames.POLARITIES * timeSteps;
  }

  /** The encoding without augmentation (validation and test samples): {@link #frames} at {@code size x size}. */
  public float[] encode(EventBatch events, SensorGeometry geometry) {
    return frames(events, geometry, timeSteps, eventCount, size, size);
  }

  /**
   * The augmented encoding of one sample for one epoch (see the class documentation).
   *
   * @return a new array of {@code 2T * size * size} values
   * @throws org.tnas.formats.errors.ProjectException INVALID_EVENT if the input violates {@link EventChecks}
   */
  public float[] encode(EventBatch events, SensorGeometry geometry, long runSeed, String sampleId, int epoch) {
    Objects.requireNonNull(sampleId, "sampleId is null");
    if (domain == CropDomain.EVENTS) {
      ValidEvents augmented = augmentation.augmentShared(events, geometry, runSeed, sampleId, epoch);
      return frames(augmented.events(), augmented.geometry(), timeSteps, eventCount, size, size);
    }
    List<AugmentationPipeline.Step> steps = augmentation.steps();
    int start = frameStart(augmentation);
    ValidEvents augmented = new AugmentationPipeline(steps.subList(0, start)).augmentShared(events, geometry, runSeed, sampleId, epoch);
    FrameAugmentations.RandomResizedCrop crop = null;
    long cropSeed = 0;
    GeometryKernels.Side mirror = null;
    for (int i = start; i < steps.size(); i++) {
      AugmentationPipeline.Step step = steps.get(i);
      SplittableRandom random = new SplittableRandom(Seeds.derive(runSeed, sampleId, epoch, i));
      boolean fires = random.nextDouble() < step.probability();
      long seed = random.nextLong();
      if (!fires) {
        continue;
      }
      if (step.augmentation() instanceof Augmentations.Crop c) {
        crop = new FrameAugmentations.RandomResizedCrop(size, size, c.minScale(), c.maxScale(), c.minAspect(), c.maxAspect());
        cropSeed = seed;
      } else if (step.augmentation() instanceof Augmentations.Mirror m) {
        mirror = new FrameAugmentations.FaceMirror(m.side()).chosenSide(seed);
      }
    }
    EventBatch binned = augmented.events();
    SensorGeometry sensor = augmented.geometry();
    if (crop != null) {
      float[] full = frames(binned, sensor, timeSteps, eventCount, sensor.width(), sensor.height());
      PixelRegion box = crop.box(sensor.width(), sensor.height(), cropSeed);
      return FrameKernels.resizedCrop(full, channels(), sensor.height(), sensor.width(), box, size, size, mirror);
    }
    float[] frames = frames(binned, sensor, timeSteps, eventCount, size, size);
    return mirror == null ? frames : FrameKernels.mirror(frames, channels(), size, size, mirror);
  }

  /**
   * The event index range {@code {from, to}} that is binned for {@code n} events: the T central
   * slices of {@code eventCount} events when there are at least T, else all events.
   */
  public static int[] framedRange(int n, int timeSteps, int eventCount) {
    int slices = n / eventCount;
    if (slices >= timeSteps) {
      int start = (slices - timeSteps) / 2;
      return new int[] {start * eventCount, (start + timeSteps) * eventCount};
    }
    return new int[] {0, n};
  }

  /**
   * Spiking-FER's binning ("CustomToFrame", see the class documentation) of the whole sensor into
   * T binary frames of {@code width x height}: {@code 2T} channels, channel {@code 2t + p}. The T
   * central count slices are exactly T event bins of the events {@link #framedRange}, so both
   * cases are {@link Slicing.ByEventBins} over a range of the events.
   */
  public static float[] frames(EventBatch events, SensorGeometry geometry, int timeSteps, int eventCount, int width, int height) {
    Objects.requireNonNull(events, "events is null");
    int[] range = framedRange(events.size(), timeSteps, eventCount);
    EventBatch framed = events;
    if (range[0] != 0 || range[1] != events.size()) {
      framed = EventBatch.wrap(Arrays.copyOfRange(events.x(), range[0], range[1]), Arrays.copyOfRange(events.y(), range[0], range[1]),
          Arrays.copyOfRange(events.t(), range[0], range[1]), Arrays.copyOfRange(events.p(), range[0], range[1]),
          range[1] - range[0]);
    }
    return Frames.toFrames(framed, geometry, Slicing.byEventBins(timeSteps), FrameMode.BINARY, PixelRegion.of(geometry), width, height)
        .values();
  }

  /** The steps that run on the events in this domain (all of them in {@link CropDomain#EVENTS}). */
  public AugmentationPipeline eventSteps() {
    return domain == CropDomain.EVENTS ? augmentation : new AugmentationPipeline(new ArrayList<>(augmentation.steps().subList(0, frameStart(augmentation))));
  }
}
