package org.tnas.udfs.core;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.tnas.formats.events.EventBatch;
import org.tnas.formats.events.SensorGeometry;

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
 * <p>{@link CropDomain#FRAMES_BINNED}: as {@link CropDomain#FRAMES}, but when the crop fires the
 * events of its box are binned directly at {@code size x size} ({@link Frames#toFrames} with the box
 * as region: the OR of the sensor pixels of a frame pixel when the box is larger, as the validation
 * samples are binned) instead of binned at the sensor's size and resized by NEAREST.
 *
 * <p>In the frames domain a trailing HFlip / Noise / Reverse / PolFlip / EventDrop (Spiking-FER's order) is
 * not built in full: only the events that are binned are ({@link #tailEvents}), with the same
 * counter-based draws (noise, polarity flips, random drop), so the frames equal those of running
 * every step ({@code SpikingFerInputLazyTailTest}) while only the binned part is drawn.
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
    requireBinning(timeSteps, eventCount, size);
    if (domain.onFrames()) {
      FrameSteps.start(augmentation);
    }
  }

  /**
   * Checks the binning's parameters (shared with the representations that bin through {@link
   * #frames}).
   *
   * @throws IllegalArgumentException "Invalid time steps / event count / frame size: ..." when one is below 1
   */
  public static void requireBinning(int timeSteps, int eventCount, int size) {
    if (timeSteps < 1) {
      throw new IllegalArgumentException("Invalid time steps: " + timeSteps);
    }
    if (eventCount < 1) {
      throw new IllegalArgumentException("Invalid event count: " + eventCount);
    }
    if (size < 1) {
      throw new IllegalArgumentException("Invalid frame size: " + size);
    }
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
    return encode(EventChecks.validate(events, geometry), runSeed, sampleId, epoch, lazyTail);
  }

  /**
   * As {@link #encode(EventBatch, SensorGeometry, long, String, int)} for a sample checked before
   * ({@link EventChecks#validate}, once when it is loaded): the per-epoch path of training, which
   * then does not check the same events again every epoch. Same result.
   *
   * @return a new array of {@code 2T * size * size} values
   */
  public float[] encode(ValidEvents events, long runSeed, String sampleId, int epoch) {
    return encode(events, runSeed, sampleId, epoch, true);
  }

  float[] encode(ValidEvents events, long runSeed, String sampleId, int epoch, boolean lazyTail) {
    Objects.requireNonNull(events, "events is null");
    Objects.requireNonNull(sampleId, "sampleId is null");
    if (domain == CropDomain.EVENTS) {
      ValidEvents augmented = augmentation.augmentShared(events, runSeed, sampleId, epoch);
      return frames(augmented.events(), augmented.geometry(), timeSteps, eventCount, size, size);
    }
    List<AugmentationPipeline.Step> steps = augmentation.steps();
    int start = FrameSteps.start(augmentation);
    int tail = start;
    if (lazyTail && tail > 0 && steps.get(tail - 1).augmentation() instanceof Augmentations.EventDrop) {
      tail--;
    }
    if (lazyTail && tail > 0 && steps.get(tail - 1).augmentation() instanceof Augmentations.PolarityFlip) {
      tail--;
    }
    if (lazyTail && tail > 0 && steps.get(tail - 1).augmentation() instanceof Augmentations.TimeReversal) {
      tail--;
    }
    if (lazyTail && tail > 0 && steps.get(tail - 1).augmentation() instanceof Augmentations.BackgroundNoise) {
      tail--;
    }
    if (lazyTail && tail > 0 && steps.get(tail - 1).augmentation() instanceof Augmentations.HorizontalFlip) {
      tail--;
    }
    ValidEvents augmented = new AugmentationPipeline(steps.subList(0, tail)).augmentShared(events, runSeed, sampleId, epoch);
    if (tail < start) {
      augmented = EventChecks.trusted(tailEvents(augmented, steps, tail, start, runSeed, sampleId, epoch), augmented.geometry());
    }
    FrameSteps.Choices choices = FrameSteps.choose(steps, start, runSeed, sampleId, epoch);
    EventBatch binned = augmented.events();
    SensorGeometry sensor = augmented.geometry();
    FrameSteps.BoxBinning boxBinning = domain != CropDomain.FRAMES_BINNED ? null
        : (box, width, height) -> frames(binned, sensor, timeSteps, eventCount, box, width, height);
    return FrameSteps.apply(choices, (width, height) -> frames(binned, sensor, timeSteps, eventCount, width, height), boxBinning,
        channels(), sensor.width(), sensor.height(), size, size);
  }

  /**
   * The events that {@link #frames} bins after the trailing steps {@code [tail, end)}: in this order
   * an optional {@link Augmentations.HorizontalFlip} (read as {@code x -> W - 1 - x} of the
   * originals, no new column), {@link Augmentations.BackgroundNoise}, {@link Augmentations.TimeReversal}, {@link
   * Augmentations.PolarityFlip} and {@link Augmentations.EventDrop}, built without the events that
   * are not binned. The steps' draws are counter-based, so only the parts that are read are drawn:
   * the noise events ({@link KeyedNoise}: all block sums up front, a block's times when a search or
   * the walk reads it, all coordinates only for an area drop, which counts the events outside its
   * box), merged with the originals by comparing timestamps where they are read (no merged copy);
   * the reversal is an index map; the EventDrop's choices ({@link Augmentations.EventDrop#select},
   * which read only the count, the first and last timestamps, the geometry and, for an area drop,
   * the coordinates) give the number of survivors and so the binned range ({@link #framedRange});
   * a random drop's flags ({@link KeyedDrop}) are drawn only for the blocks walked; only the
   * survivors in the binned range are built, and the polarity flips ({@link
   * NoiseKernels#flipsOfBlock}) are drawn only for the blocks of the built events. Same seeds, same
   * values as running the steps, so the frames are identical ({@code SpikingFerInputLazyTailTest});
   * the result is the binned range itself (which {@link #framedRange} then keeps whole).
   */
  EventBatch tailEvents(ValidEvents input, List<AugmentationPipeline.Step> steps, int tail, int end, long runSeed, String sampleId,
      int epoch) {
    Augmentations.BackgroundNoise noise = null;
    long noiseSeed = 0;
    Augmentations.TimeReversal reversal = null;
    boolean hflip = false;
    Augmentations.PolarityFlip flip = null;
    long flipSeed = 0;
    Augmentations.EventDrop drop = null;
    long dropSeed = 0;
    for (int i = tail; i < end; i++) {
      AugmentationPipeline.Step step = steps.get(i);
      AugmentationPipeline.Draw draw = AugmentationPipeline.draw(step, i, runSeed, sampleId, epoch);
      if (!draw.fires()) {
        continue;
      }
      long seed = draw.seed();
      if (step.augmentation() instanceof Augmentations.HorizontalFlip) {
        hflip = true;
      } else if (step.augmentation() instanceof Augmentations.BackgroundNoise b) {
        noise = b;
        noiseSeed = seed;
      } else if (step.augmentation() instanceof Augmentations.TimeReversal r) {
        reversal = r;
      } else if (step.augmentation() instanceof Augmentations.PolarityFlip f) {
        flip = f;
        flipSeed = seed;
      } else if (step.augmentation() instanceof Augmentations.EventDrop d) {
        drop = d;
        dropSeed = seed;
      }
    }
    Sequence sequence = new Sequence(input, hflip, noise, noiseSeed, reversal);
    int n = sequence.size;
    if (n == 0) {
      return new EventBatch(0);
    }
    Augmentations.EventDrop.Selection selection = drop == null
        ? new Augmentations.EventDrop.Selection(Augmentations.EventDrop.SelectionKind.IDENTITY, null, null, null, 0)
        : Augmentations.EventDrop.select(n, sequence.firstTime(), sequence.lastTime(), input.geometry(), dropSeed);
    Augmentations.EventDrop.SelectionKind kind = selection.kind();
    // the survivors, counted as FilterKernels.dropTimeInterval / dropBox / compact count them
    int lo = 0;
    int hi = 0;
    int kept = n;
    PixelRegion box = selection.box();
    switch (kind) {
      case WINDOW -> {
        long to = selection.window()[1];
        lo = sequence.countBefore(selection.window()[0]);
        hi = to == Long.MAX_VALUE ? n : Math.max(lo, sequence.countBefore(to + 1));
        kept = n - (hi - lo);
      }
      case BOX -> kept = sequence.countOutside(box);
      case FLAGS -> kept = n - selection.droppedCount();
      case IDENTITY -> kept = n;
    }
    if (drop != null && kept == 0 && drop.emptyResult() == Augmentations.EmptyResult.RESTORE_ORIGINAL) {
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
    int[] index = new int[m];
    if (m == 0) {
      return EventBatch.wrap(ox, oy, ot, op, 0);
    }
    if (kind == Augmentations.EventDrop.SelectionKind.IDENTITY || kind == Augmentations.EventDrop.SelectionKind.WINDOW) {
      // survivor q is event q before the window and q + (hi - lo) after it: at most two runs
      int to = from + m;
      int k = 0;
      if (kind == Augmentations.EventDrop.SelectionKind.IDENTITY || to <= lo) {
        k = sequence.copy(from, m, ox, oy, ot, op, index, 0);
      } else if (from >= lo) {
        k = sequence.copy(from + hi - lo, m, ox, oy, ot, op, index, 0);
      } else {
        k = sequence.copy(from, lo - from, ox, oy, ot, op, index, 0);
        k = sequence.copy(hi, m - k, ox, oy, ot, op, index, k);
      }
      if (k != m) {
        throw new IllegalStateException("Cannot build the binned events: " + k + " of " + m);
      }
    } else {
      sequence.copySurvivors(kind == Augmentations.EventDrop.SelectionKind.BOX ? box : null, selection.dropped(), from, m,
          ox, oy, ot, op, index);
    }
    if (flip != null) {
      double probability = flip.eventProbability();
      if (probability >= 1) {
        for (int k = 0; k < m; k++) {
          op[k] ^= 1;
        }
      } else if (probability > 0) {
        // NoiseKernels.flipPolarity's keyed blocks of sequence indices, only those of the built events
        double logQ = Math.log1p(-probability);
        int[] positions = new int[NoiseKernels.FLIP_BLOCK];
        int k = 0;
        for (int b = index[0] / NoiseKernels.FLIP_BLOCK; b <= index[m - 1] / NoiseKernels.FLIP_BLOCK; b++) {
          int flips = NoiseKernels.flipsOfBlock(flipSeed, logQ, b, n, positions);
          for (int f = 0; f < flips && k < m; f++) {
            int flipped = positions[f];
            while (k < m && index[k] < flipped) {
              k++;
            }
            if (k < m && index[k] == flipped) {
              op[k] ^= 1;
            }
          }
        }
      }
    }
    return EventBatch.wrap(ox, oy, ot, op, m);
  }

  /**
   * The events after an optional background noise and an optional time reversal of {@code input},
   * read without building them: the merged order of originals and noise events is that of {@link
   * NoiseKernels#addUniformNoise} (by time, an original before a noise event of the same time), found
   * by comparing timestamps where it is read; the reversal reads merged position {@code n - 1 - i}
   * with {@code t -> tFirst + tLast - t} and, when it inverts polarities, {@code p -> 1 - p} ({@link
   * TimeKernels#reverse}).
   */
  private static final class Sequence {
    private static final int BLOCK = KeyedDrop.BLOCK;
    final short[] x;
    final short[] y;
    final long[] t;
    final byte[] p;
    final int originals;
    /** The noise events, drawn only where they are read (null: none). */
    KeyedNoise noise;
    int noiseCount;
    final boolean reversed;
    /** W - 1 when the originals are flipped horizontally (x -> W - 1 - x), else -1. */
    final int flipX;
    final int width;
    final int invert;
    final long sum;
    final int size;

    Sequence(ValidEvents input, boolean hflip, Augmentations.BackgroundNoise background, long noiseSeed, Augmentations.TimeReversal reversal) {
      EventBatch events = input.events();
      x = events.x();
      y = events.y();
      t = events.t();
      p = events.p();
      originals = events.size();
      int count = background == null ? 0 : background.count(originals);
      if (NoiseKernels.requireNoiseCount(originals, count)) {
        // NoiseKernels.addUniformNoise's keyed draws, each block drawn when first read
        this.noise = NoiseKernels.keyedNoise(input, count, noiseSeed);
        noiseCount = count;
      }
      size = originals + noiseCount;
      reversed = reversal != null;
      // GeometryKernels.flipHorizontal of the originals (x -> W - 1 - x), before the noise
      flipX = hflip ? input.geometry().width() - 1 : -1;
      width = input.geometry().width();
      invert = reversal != null && reversal.invertsPolarity() ? 1 : 0;
      // TimeKernels.reverse: t[0] + t[n - 1] of the merged events = those of the originals (noise
      // times lie in [t[0], t[n - 1]] and an original comes first at equal times)
      sum = originals == 0 ? 0 : t[0] + t[originals - 1];
    }

    /** The x of original {@code i}, flipped when the hflip fired. */
    int originalX(int i) {
      return flipX < 0 ? x[i] : flipX - x[i];
    }

    /** The first timestamp of the sequence (the originals' first, reversed or not). */
    long firstTime() {
      return t[0];
    }

    /** The last timestamp of the sequence. */
    long lastTime() {
      return t[originals - 1];
    }

    /** The number of noise events among the first {@code k} merged events (the merge order's split). */
    int split(int k) {
      // the smallest j for which original k - j - 1 does not come after noise j
      int lo = Math.max(0, k - originals);
      int hi = Math.min(k, noiseCount);
      return lo >= hi ? lo : noise.firstAtOrAfter(lo, hi, j -> t[k - j - 1]);
    }

    /** The number of sequence events with a timestamp below {@code value} (its first index with t >= value). */
    int countBefore(long value) {
      if (!reversed) {
        return Slicing.lowerBound(t, originals, value) + (noise == null ? 0 : noise.lowerBound(value));
      }
      // reversed times sum - t: those below value are the merged events with t > sum - value
      long bound = sum - value;
      return originals - upperBound(t, originals, bound) + (noise == null ? 0 : noiseCount - noise.upperBound(bound));
    }

    private static int upperBound(long[] values, int count, long value) {
      return value == Long.MAX_VALUE ? count : Slicing.lowerBound(values, count, value + 1);
    }

    /** The merged positions {@code [from, to)} of sequence indices {@code [a, b)}. */
    private int mergedFrom(int a, int b) {
      return reversed ? size - b : a;
    }

    private static int outside(short[] xs, short[] ys, int from, int to, int x0, int x1, int y0, int y1) {
      int outside = 0;
      for (int i = from; i < to; i++) {
        int xi = xs[i];
        int yi = ys[i];
        outside += ((xi - x0) | (x1 - 1 - xi) | (yi - y0) | (y1 - 1 - yi)) >>> 31;
      }
      return outside;
    }

    /** Outside-the-box counts of {@link #countOutside}: per {@link #BLOCK} originals and per noise block, as prefix sums. */
    private int[] originalsOutside;
    private int[] noiseOutside;
    private int boxX0;
    private int originalX0;
    private int originalX1;
    private int boxX1;
    private int boxY0;
    private int boxY1;
    private int keptByBox;

    /**
     * The number of events outside {@code box} (the order does not matter); keeps the counts per
     * block for {@link #survivorsBefore}.
     */
    int countOutside(PixelRegion box) {
      boxX0 = box.x();
      boxX1 = box.x() + box.width();
      // a flipped original is inside [x0, x1) iff its stored x is inside [W - x1, W - x0)
      originalX0 = flipX < 0 ? boxX0 : width - boxX1;
      originalX1 = flipX < 0 ? boxX1 : width - boxX0;
      boxY0 = box.y();
      boxY1 = box.y() + box.height();
      int blocks = (originals + BLOCK - 1) / BLOCK;
      originalsOutside = new int[blocks + 1];
      for (int b = 0; b < blocks; b++) {
        originalsOutside[b + 1] = originalsOutside[b]
            + outside(x, y, b * BLOCK, Math.min(originals, (b + 1) * BLOCK), originalX0, originalX1, boxY0, boxY1);
      }
      int noiseBlocks = noise == null ? 0 : noise.blocks();
      noiseOutside = new int[noiseBlocks + 1];
      for (int b = 0; b < noiseBlocks; b++) {
        noiseOutside[b + 1] = noiseOutside[b]
            + noise.outside(b * KeyedNoise.BLOCK, Math.min(noiseCount, (b + 1) * KeyedNoise.BLOCK), boxX0, boxX1, boxY0, boxY1);
      }
      keptByBox = originalsOutside[blocks] + noiseOutside[noiseBlocks];
      return keptByBox;
    }

    /** The number of events outside the box among the first {@code k} merged events (after {@link #countOutside}). */
    private int outsideBefore(int k) {
      int j = split(k);
      int o = k - j;
      int b = o / BLOCK;
      int count = originalsOutside[b] + outside(x, y, b * BLOCK, o, originalX0, originalX1, boxY0, boxY1);
      if (j > 0) {
        int nb = j / KeyedNoise.BLOCK;
        count += noiseOutside[nb] + noise.outside(nb * KeyedNoise.BLOCK, j, boxX0, boxX1, boxY0, boxY1);
      }
      return count;
    }

    /** The number of survivors of the box drop among sequence indices {@code [0, i)} (after {@link #countOutside}). */
    private int survivorsBefore(int i) {
      return reversed ? keptByBox - outsideBefore(size - i) : outsideBefore(i);
    }

    /** The number of survivors of the flag drop among sequence indices {@code [a, b)}, block {@code a / BLOCK} whole. */
    private int survivors(KeyedDrop dropped, int a, int b) {
      // [a, b) is block a / BLOCK of the keyed drop: its count, without drawing its flags
      return b - a - dropped.droppedIn(a / BLOCK);
    }

    /**
     * Copies sequence indices {@code [start, start + count)} to the outputs from {@code at}, their
     * indices into {@code index}; returns {@code at + count}.
     */
    int copy(int start, int count, short[] ox, short[] oy, long[] ot, byte[] op, int[] index, int at) {
      Walk walk = new Walk(start);
      for (int c = 0; c < count; c++) {
        walk.write(ox, oy, ot, op, at + c);
        index[at + c] = start + c;
        walk.advance();
      }
      return at + count;
    }

    /**
     * Copies the survivors with ordinals {@code [from, from + count)} of a drop by {@code box} (when
     * not null) or by the {@code dropped} flags (1 = dropped, by sequence index): the survivors
     * before ordinal {@code from} are counted without being walked (by the box: a binary search on
     * prefix counts; by the flags: whole blocks by their drawn counts); the walk starts at or just
     * before the survivor with ordinal {@code from}.
     */
    void copySurvivors(PixelRegion box, KeyedDrop dropped, int from, int count, short[] ox, short[] oy, long[] ot, byte[] op, int[] index) {
      int x0 = box == null ? 0 : box.x();
      int x1 = box == null ? 0 : box.x() + box.width();
      int y0 = box == null ? 0 : box.y();
      int y1 = box == null ? 0 : box.y() + box.height();
      int ordinal = 0;
      int i = 0;
      if (box != null) {
        // the last sequence index with at most `from` survivors before it: a binary search on
        // survivor counts of prefixes (a split and two partial block counts each), not a walk
        int lo = 0;
        int hi = size;
        while (lo < hi) {
          int mid = (lo + hi + 1) >>> 1;
          if (survivorsBefore(mid) <= from) {
            lo = mid;
          } else {
            hi = mid - 1;
          }
        }
        i = lo;
        ordinal = survivorsBefore(i);
      } else {
        while (i < size) {
          int b = Math.min(size, i + BLOCK);
          int inBlock = survivors(dropped, i, b);
          if (ordinal + inBlock > from) {
            break;
          }
          ordinal += inBlock;
          i = b;
        }
      }
      Walk walk = new Walk(Math.min(i, size - 1));
      int k = 0;
      for (; i < size && k < count; i++) {
        boolean survives;
        if (box != null) {
          int xi = walk.x();
          int yi = walk.y();
          survives = (((xi - x0) | (x1 - 1 - xi) | (yi - y0) | (y1 - 1 - yi)) >>> 31) != 0;
        } else {
          survives = dropped.flag(i) == 0;
        }
        if (survives) {
          if (ordinal >= from) {
            walk.write(ox, oy, ot, op, k);
            index[k++] = i;
          }
          ordinal++;
        }
        walk.advance();
      }
      if (k != count) {
        throw new IllegalStateException("Cannot build the binned events: " + k + " of " + count);
      }
    }

    /**
     * A sequential walk over sequence indices from a start. Forward, {@code (o, j)} are the originals
     * and noise events before the current one in merged order; reversed, those up to and including it.
     */
    private final class Walk {
      private int o;
      private int j;
      private boolean isNoise;

      Walk(int start) {
        int k = reversed ? size - start : start;
        j = split(k);
        o = k - j;
        choose();
      }

      /** Whether the current event is a noise event. */
      private void choose() {
        if (reversed) {
          // the last of the merged prefix: noise j - 1 unless original o - 1 comes after it
          isNoise = j > 0 && (o == 0 || noise.t(j - 1) >= t[o - 1]);
        } else {
          // the next in merged order: original o unless noise j comes first
          isNoise = j < noiseCount && (o == originals || t[o] > noise.t(j));
        }
      }

      private int current() {
        return reversed ? (isNoise ? j - 1 : o - 1) : (isNoise ? j : o);
      }

      int x() {
        return isNoise ? noise.x(current()) : originalX(current());
      }

      int y() {
        return isNoise ? noise.y(current()) : y[current()];
      }

      void write(short[] ox, short[] oy, long[] ot, byte[] op, int at) {
        int c = current();
        long value;
        if (isNoise) {
          ox[at] = (short) noise.x(c);
          oy[at] = (short) noise.y(c);
          value = noise.t(c);
          op[at] = (byte) (noise.p(c) ^ invert);
        } else {
          ox[at] = (short) originalX(c);
          oy[at] = y[c];
          value = t[c];
          op[at] = (byte) (p[c] ^ invert);
        }
        ot[at] = reversed ? sum - value : value;
      }

      /** To the next sequence index. */
      void advance() {
        if (reversed) {
          if (isNoise) {
            j--;
          } else {
            o--;
          }
        } else {
          if (isNoise) {
            j++;
          } else {
            o++;
          }
        }
        choose();
      }
    }
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
    return frames(events, geometry, timeSteps, eventCount, PixelRegion.of(geometry), width, height);
  }

  /**
   * As above, the events of {@code region} rescaled to {@code width x height} ({@link
   * Frames#toFrames}); the framed range and the slices are those of all the events.
   */
  static float[] frames(EventBatch events, SensorGeometry geometry, int timeSteps, int eventCount, PixelRegion region, int width,
      int height) {
    Objects.requireNonNull(events, "events is null");
    int[] range = framedRange(events.size(), timeSteps, eventCount);
    EventBatch framed = events;
    if (range[0] != 0 || range[1] != events.size()) {
      framed = EventBatch.wrap(Arrays.copyOfRange(events.x(), range[0], range[1]), Arrays.copyOfRange(events.y(), range[0], range[1]),
          Arrays.copyOfRange(events.t(), range[0], range[1]), Arrays.copyOfRange(events.p(), range[0], range[1]),
          range[1] - range[0]);
    }
    return Frames.toFrames(framed, geometry, Slicing.byEventBins(timeSteps), FrameMode.BINARY, region, width, height).values();
  }

  /** The steps that run on the events in this domain (all of them in {@link CropDomain#EVENTS}). */
  public AugmentationPipeline eventSteps() {
    return domain == CropDomain.EVENTS ? augmentation : new AugmentationPipeline(new ArrayList<>(augmentation.steps().subList(0, FrameSteps.start(augmentation))));
  }
}
