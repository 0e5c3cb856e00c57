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
    return encode(events, geometry, runSeed, sampleId, epoch, true);
  }

  /**
   * As above; {@code lazyTail} lets the frames domain build only the binned events of a trailing
   * PolarityFlip / EventDrop ({@link #tailEvents}); false builds every step's events (tests compare both).
   */
  float[] encode(EventBatch events, SensorGeometry geometry, long runSeed, String sampleId, int epoch, boolean lazyTail) {
    Objects.requireNonNull(sampleId, "sampleId is null");
    if (domain == CropDomain.EVENTS) {
      ValidEvents augmented = augmentation.augmentShared(events, geometry, runSeed, sampleId, epoch);
      return frames(augmented.events(), augmented.geometry(), timeSteps, eventCount, size, size);
    }
    List<AugmentationPipeline.Step> steps = augmentation.steps();
    int start = frameStart(augmentation);
    int tail = start;
    if (lazyTail && tail > 0 && steps.get(tail - 1).augmentation() instanceof Augmentations.EventDrop) {
      tail--;
    }
    if (lazyTail && tail > 0 && steps.get(tail - 1).augmentation() instanceof Augmentations.PolarityFlip) {
      tail--;
    }
    ValidEvents augmented = new AugmentationPipeline(steps.subList(0, tail)).augmentShared(events, geometry, runSeed, sampleId, epoch);
    if (tail < start) {
      augmented = EventChecks.trusted(tailEvents(augmented, steps, tail, start, runSeed, sampleId, epoch), augmented.geometry());
    }
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
   * The events that {@link #frames} bins after the trailing PolarityFlip (optional) and EventDrop
   * (optional) steps {@code [tail, end)}, built without the events it does not bin: the EventDrop's
   * choices ({@link Augmentations.EventDrop#select}, which do not depend on polarities) give the
   * number of survivors and so the binned range ({@link #framedRange}); only the survivors in that
   * range are copied, and the polarity flips are drawn with the same geometric skips as {@link
   * NoiseKernels#flipPolarity}, stopping after the last copied event. The same seeds and draws as
   * running the steps, so the frames are identical; the result is the binned range itself (which
   * {@link #framedRange} then keeps whole).
   */
  EventBatch tailEvents(ValidEvents input, List<AugmentationPipeline.Step> steps, int tail, int end, long runSeed, String sampleId,
      int epoch) {
    Augmentations.PolarityFlip flip = null;
    long flipSeed = 0;
    Augmentations.EventDrop drop = null;
    long dropSeed = 0;
    for (int i = tail; i < end; i++) {
      AugmentationPipeline.Step step = steps.get(i);
      SplittableRandom random = new SplittableRandom(Seeds.derive(runSeed, sampleId, epoch, i));
      boolean fires = random.nextDouble() < step.probability();
      long seed = random.nextLong();
      if (fires && step.augmentation() instanceof Augmentations.PolarityFlip f) {
        flip = f;
        flipSeed = seed;
      } else if (fires && step.augmentation() instanceof Augmentations.EventDrop d) {
        drop = d;
        dropSeed = seed;
      }
    }
    EventBatch events = input.events();
    int n = events.size();
    short[] x = events.x();
    short[] y = events.y();
    long[] t = events.t();
    byte[] p = events.p();
    Augmentations.EventDrop.Selection selection = drop == null
        ? new Augmentations.EventDrop.Selection(Augmentations.EventDrop.SelectionKind.IDENTITY, null, null, null, 0)
        : Augmentations.EventDrop.select(input, dropSeed);
    Augmentations.EventDrop.SelectionKind kind = selection.kind();
    // the survivors: as FilterKernels.dropTimeInterval / dropBox / compact count them
    int lo = 0;
    int hi = 0;
    int kept = n;
    int x0 = 0;
    int x1 = 0;
    int y0 = 0;
    int y1 = 0;
    switch (kind) {
      case WINDOW -> {
        long to = selection.window()[1];
        lo = Slicing.lowerBound(t, n, selection.window()[0]);
        hi = to == Long.MAX_VALUE ? n : Math.max(lo, Slicing.lowerBound(t, n, to + 1));
        kept = n - (hi - lo);
      }
      case BOX -> {
        x0 = selection.box().x();
        x1 = x0 + selection.box().width();
        y0 = selection.box().y();
        y1 = y0 + selection.box().height();
        kept = 0;
        for (int i = 0; i < n; i++) {
          int xi = x[i];
          int yi = y[i];
          kept += ((xi - x0) | (x1 - 1 - xi) | (yi - y0) | (y1 - 1 - yi)) >>> 31;
        }
      }
      case FLAGS -> kept = n - selection.droppedCount();
      case IDENTITY -> kept = n;
    }
    if (drop != null && kept == 0 && n > 0 && drop.emptyResult() == Augmentations.EmptyResult.RESTORE_ORIGINAL) {
      kind = Augmentations.EventDrop.SelectionKind.IDENTITY;
      kept = n;
    }
    int[] range = framedRange(kept, timeSteps, eventCount);
    int from = range[0];
    int m = range[1] - range[0];
    short[] ox = new short[m];
    short[] oy = new short[m];
    long[] ot = new long[m];
    byte[] op = new byte[m];
    int[] source = new int[m];
    if (kind == Augmentations.EventDrop.SelectionKind.IDENTITY || kind == Augmentations.EventDrop.SelectionKind.WINDOW) {
      int gap = hi - lo;
      for (int k = 0; k < m; k++) {
        int q = from + k;
        source[k] = kind == Augmentations.EventDrop.SelectionKind.WINDOW && q >= lo ? q + gap : q;
      }
    } else {
      byte[] dropped = selection.dropped();
      boolean box = kind == Augmentations.EventDrop.SelectionKind.BOX;
      int ordinal = 0;
      int k = 0;
      for (int i = 0; i < n && k < m; i++) {
        int survives;
        if (box) {
          int xi = x[i];
          int yi = y[i];
          survives = ((xi - x0) | (x1 - 1 - xi) | (yi - y0) | (y1 - 1 - yi)) >>> 31;
        } else {
          survives = 1 - dropped[i];
        }
        if (survives != 0) {
          if (ordinal >= from) {
            source[k++] = i;
          }
          ordinal++;
        }
      }
    }
    for (int k = 0; k < m; k++) {
      int i = source[k];
      ox[k] = x[i];
      oy[k] = y[i];
      ot[k] = t[i];
      op[k] = p[i];
    }
    if (flip != null && m > 0) {
      double probability = flip.eventProbability();
      if (probability >= 1) {
        for (int k = 0; k < m; k++) {
          op[k] ^= 1;
        }
      } else if (probability > 0) {
        // NoiseKernels.flipPolarity's geometric skips over the input's indices, up to the last copied event
        SplittableRandom random = new SplittableRandom(flipSeed);
        double logQ = Math.log1p(-probability);
        double position = -1;
        int last = source[m - 1];
        int k = 0;
        while (true) {
          position += 1 + Math.floor(Math.log(1 - random.nextDouble()) / logQ);
          if (position >= n || position > last) {
            break;
          }
          int flipped = (int) position;
          while (source[k] < flipped) {
            k++;
          }
          if (source[k] == flipped) {
            op[k] ^= 1;
          }
        }
      }
    }
    return EventBatch.wrap(ox, oy, ot, op, m);
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
