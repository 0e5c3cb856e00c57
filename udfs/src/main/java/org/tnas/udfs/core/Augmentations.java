package org.tnas.udfs.core;

import java.util.Objects;
import java.util.SplittableRandom;
import org.tnas.formats.events.EventBatch;
import org.tnas.formats.events.SensorGeometry;

/**
 * The augmentation and filter configurations: small immutable records, validated on construction
 * ({@code IllegalArgumentException "Invalid ..."}), that draw their random parameters from the seed
 * passed to {@link Augmentation#apply} (through a {@link SplittableRandom}) and delegate to the
 * kernels. All are serialisable and thread safe.
 *
 * <p>The Spiking-FER set: {@link Crop}, {@link HorizontalFlip}, {@link BackgroundNoise}, {@link
 * PolarityFlip}, {@link TimeReversal}, {@link EventDrop} (with {@link DropByTime}, {@link
 * DropByArea}, {@link RandomDrop}), {@link Mirror}. Common ones: {@link SpatialJitter}, {@link
 * TimeJitter}, {@link TimeClip}, {@link UniformNoise}, {@link Denoise}, {@link CenterCrop}, {@link Downsample},
 * {@link RefractoryFilter}.
 */
public final class Augmentations {
  private Augmentations() {}

  static SplittableRandom random(long seed) {
    return new SplittableRandom(seed);
  }

  static void requireRatios(String what, double min, double max) {
    if (!(min >= 0 && min <= 1) || !(max >= 0 && max <= 1)) {
      throw new IllegalArgumentException("Invalid " + what + ": [" + min + ", " + max + "] (expected values in [0, 1])");
    }
    if (min > max) {
      throw new IllegalArgumentException("Invalid " + what + ": [" + min + ", " + max + "] (minimum above maximum)");
    }
  }

  static double draw(SplittableRandom random, double min, double max) {
    return min == max ? min : random.nextDouble(min, max);
  }

  /**
   * Random-scale crop of the whole sequence, resized back to the sensor size (torchvision's
   * RandomResizedCrop as used by Spiking-FER on frames, done on events): up to 10 attempts draw an
   * area fraction in [minScale, maxScale] and a log-uniform aspect ratio in [minAspect, maxAspect],
   * {@code w = round(sqrt(area * aspect))}, {@code h = round(sqrt(area / aspect))}; the first box
   * that fits is placed uniformly; otherwise a centred box of the clamped aspect ratio is used. The
   * box is then up-scaled to the sensor with {@link GeometryKernels#resize}, which equals a
   * nearest-neighbour resize of the frames (events are replicated, so the count can grow by up to
   * {@code ceil(W / w) * ceil(H / h)} times). Defaults: {@code (0.08, 1, 3/4, 4/3)}.
   *
   * <p>Difference from Spiking-FER, which crops the frames after binning: here the crop comes
   * before binning, so when the earliest or latest events of the sample lie outside the box the
   * time bins span the cropped sample's own (shorter) duration.
   */
  public record Crop(double minScale, double maxScale, double minAspect, double maxAspect) implements BuiltInAugmentation {
    public Crop {
      if (!(minScale > 0 && minScale <= maxScale && maxScale <= 1)) {
        throw new IllegalArgumentException("Invalid crop scale: [" + minScale + ", " + maxScale + "] (expected 0 < min <= max <= 1)");
      }
      if (!(minAspect > 0 && minAspect <= maxAspect) || Double.isInfinite(maxAspect)) {
        throw new IllegalArgumentException("Invalid crop aspect ratio: [" + minAspect + ", " + maxAspect + "]");
      }
    }

    /** torchvision's defaults: scale (0.08, 1), aspect (3/4, 4/3). */
    public static Crop defaults() {
      return new Crop(0.08, 1, 3.0 / 4, 4.0 / 3);
    }

    /** The crop box drawn for this geometry and seed. */
    public PixelRegion box(SensorGeometry geometry, long seed) {
      SplittableRandom random = random(seed);
      int width = geometry.width();
      int height = geometry.height();
      double area = (double) width * height;
      double logMin = Math.log(minAspect);
      double logMax = Math.log(maxAspect);
      for (int attempt = 0; attempt < 10; attempt++) {
        double target = area * draw(random, minScale, maxScale);
        double aspect = Math.exp(draw(random, logMin, logMax));
        long w = Math.round(Math.sqrt(target * aspect));
        long h = Math.round(Math.sqrt(target / aspect));
        if (w > 0 && w <= width && h > 0 && h <= height) {
          int y0 = random.nextInt((int) (height - h + 1));
          int x0 = random.nextInt((int) (width - w + 1));
          return new PixelRegion(x0, y0, (int) w, (int) h);
        }
      }
      double ratio = (double) width / height;
      long w = width;
      long h = height;
      if (ratio < minAspect) {
        h = Math.max(1, Math.min(height, Math.round(w / minAspect)));
      } else if (ratio > maxAspect) {
        w = Math.max(1, Math.min(width, Math.round(h * maxAspect)));
      }
      return new PixelRegion((int) ((width - w) / 2), (int) ((height - h) / 2), (int) w, (int) h);
    }

    @Override
    public EventBatch transform(ValidEvents valid, long seed) {
      SensorGeometry geometry = valid.geometry();
      return GeometryKernels.resize(valid, box(geometry, seed), geometry.width(), geometry.height());
    }

    @Override
    public String spec() {
      return "crop(min_scale=" + minScale + ",max_scale=" + maxScale + ",min_aspect=" + minAspect + ",max_aspect=" + maxAspect + ")";
    }
  }

  /** Horizontal flip {@code x -> W - 1 - x} of the whole sample (no randomness; use a step probability). */
  public record HorizontalFlip() implements BuiltInAugmentation {
    @Override
    public EventBatch transform(ValidEvents valid, long seed) {
      return GeometryKernels.flipHorizontal(valid);
    }

    @Override
    public String spec() {
      return "hflip";
    }
  }

  /**
   * Spiking-FER's background-activity noise: adds {@code floor(fraction * N)} uniform noise events
   * ({@link NoiseKernels#addUniformNoise}). Severity 1..5 gives fraction 0.005, 0.01, 0.03, 0.1, 0.2
   * (Spiking-FER uses severity 5).
   */
  public record BackgroundNoise(double fraction) implements BuiltInAugmentation {
    private static final double[] SEVERITY = {0.005, 0.01, 0.03, 0.10, 0.2};

    public BackgroundNoise {
      if (!(fraction >= 0) || fraction > 100) {
        throw new IllegalArgumentException("Invalid noise fraction: " + fraction);
      }
    }

    /** The fraction of Spiking-FER's severity level 1..5. */
    public static BackgroundNoise severity(int severity) {
      if (severity < 1 || severity > SEVERITY.length) {
        throw new IllegalArgumentException("Invalid noise severity: " + severity + " (expected 1..5)");
      }
      return new BackgroundNoise(SEVERITY[severity - 1]);
    }

    @Override
    public EventBatch transform(ValidEvents valid, long seed) {
      return NoiseKernels.addUniformNoise(valid, count(valid.events().size()), seed);
    }

    /** The number of noise events added to {@code n} events: {@code floor(fraction * n)}. */
    int count(int n) {
      return (int) Math.min(Integer.MAX_VALUE, Math.floor(fraction * n));
    }

    @Override
    public String spec() {
      return "background_noise(fraction=" + fraction + ")";
    }
  }

  /** Tonic's UniformNoise: adds a number of noise events drawn uniformly from {@code [minCount, maxCount]}. */
  public record UniformNoise(int minCount, int maxCount) implements BuiltInAugmentation {
    public UniformNoise {
      if (minCount < 0 || minCount > maxCount) {
        throw new IllegalArgumentException("Invalid noise count range: [" + minCount + ", " + maxCount + "]");
      }
    }

    @Override
    public EventBatch transform(ValidEvents valid, long seed) {
      SplittableRandom random = random(seed);
      int count = minCount == maxCount ? minCount : random.nextInt(minCount, maxCount + 1);
      return NoiseKernels.addUniformNoise(valid, count, random.nextLong());
    }

    @Override
    public String spec() {
      return "uniform_noise(min_count=" + minCount + ",max_count=" + maxCount + ")";
    }
  }

  /** Flips each event's polarity with {@code eventProbability} (1 = whole sample); see {@link NoiseKernels#flipPolarity}. */
  public record PolarityFlip(double eventProbability) implements BuiltInAugmentation {
    public PolarityFlip {
      NoiseKernels.requireProbability(eventProbability);
    }

    @Override
    public EventBatch transform(ValidEvents valid, long seed) {
      return NoiseKernels.flipPolarity(valid, eventProbability, seed);
    }

    @Override
    public String spec() {
      return "polarity_flip(event_probability=" + eventProbability + ")";
    }
  }

  /** Time reversal, see {@link TimeKernels#reverse}; Tonic's default inverts polarity. */
  public record TimeReversal(boolean invertsPolarity) implements BuiltInAugmentation {
    @Override
    public EventBatch transform(ValidEvents valid, long seed) {
      return TimeKernels.reverse(valid, invertsPolarity);
    }

    @Override
    public String spec() {
      return "time_reversal(invert_polarity=" + invertsPolarity + ")";
    }
  }

  /**
   * EventDrop by time: a ratio {@code r ~ U[minRatio, maxRatio)} of the sample's duration {@code D =
   * tMax - tMin} is removed: all events with {@code s <= t <= s + r * D}, {@code s ~ U[tMin, tMax - r
   * * D]}; a zero-length window ({@code r = 0} or {@code D = 0}) removes nothing. Deliberate
   * difference from Tonic (and Gu et al.), whose interval is measured from t = 0 instead of the
   * first event: with absolute (e.g. Unix) timestamps theirs removes nothing useful.
   */
  public record DropByTime(double minRatio, double maxRatio) implements BuiltInAugmentation {
    public DropByTime {
      requireRatios("duration ratio", minRatio, maxRatio);
    }

    @Override
    public EventBatch transform(ValidEvents valid, long seed) {
      EventBatch events = valid.events();
      SplittableRandom random = random(seed);
      return dropRatio(valid, draw(random, minRatio, maxRatio), random);
    }

    static EventBatch dropRatio(ValidEvents valid, double ratio, SplittableRandom random) {
      long[] window = window(valid, ratio, random);
      return window == null ? TimeKernels.identity(valid) : FilterKernels.dropTimeInterval(valid, window[0], window[1]);
    }

    /** The closed time window {@code {from, to}} removed at this ratio, or null when nothing is removed. */
    static long[] window(ValidEvents valid, double ratio, SplittableRandom random) {
      EventBatch events = valid.events();
      int n = events.size();
      return n == 0 ? null : window(events.t()[0], events.t()[n - 1], ratio, random);
    }

    /** As above for a non-empty sample from {@code tMin} to {@code tMax}. */
    static long[] window(long tMin, long tMax, double ratio, SplittableRandom random) {
      double drop = (tMax - tMin) * ratio;
      if (!(drop > 0)) {
        // a zero-length window removes nothing (ratio 0, or all events at one timestamp)
        return null;
      }
      double start = draw(random, tMin, Math.max(tMin, tMax - drop));
      return new long[] {(long) Math.ceil(start), (long) Math.floor(start + drop)};
    }

    @Override
    public String spec() {
      return "drop_by_time(min_ratio=" + minRatio + ",max_ratio=" + maxRatio + ")";
    }
  }

  /**
   * EventDrop by area: a box of {@code floor(W * r) x floor(H * r)} pixels, {@code r ~ U[minRatio,
   * maxRatio)}, placed uniformly with {@code 0 <= x0 <= W - w} (inclusive), has its events removed.
   * Deliberate differences: Tonic draws a tuple ratio from {@code [hi, 1)} instead of {@code [lo,
   * hi)} and never places the box on the last column/row; Gu et al. remove a cross-shaped union of
   * two strips instead of the box their paper describes.
   */
  public record DropByArea(double minRatio, double maxRatio) implements BuiltInAugmentation {
    public DropByArea {
      requireRatios("area ratio", minRatio, maxRatio);
    }

    @Override
    public EventBatch transform(ValidEvents valid, long seed) {
      SplittableRandom random = random(seed);
      return dropRatio(valid, draw(random, minRatio, maxRatio), random);
    }

    static EventBatch dropRatio(ValidEvents valid, double ratio, SplittableRandom random) {
      PixelRegion box = box(valid.geometry(), ratio, random);
      return box == null ? TimeKernels.identity(valid) : FilterKernels.dropBox(valid, box);
    }

    /** The box removed at this ratio, or null when it is empty. */
    static PixelRegion box(SensorGeometry geometry, double ratio, SplittableRandom random) {
      int w = (int) Math.floor(geometry.width() * ratio);
      int h = (int) Math.floor(geometry.height() * ratio);
      if (w == 0 || h == 0) {
        return null;
      }
      int x0 = random.nextInt(geometry.width() - w + 1);
      int y0 = random.nextInt(geometry.height() - h + 1);
      return new PixelRegion(x0, y0, w, h);
    }

    @Override
    public String spec() {
      return "drop_by_area(min_ratio=" + minRatio + ",max_ratio=" + maxRatio + ")";
    }
  }

  /**
   * EventDrop at random: {@code k = floor(r * N + 0.5)} events ({@code r ~ U[minRatio, maxRatio)},
   * Tonic's rounding: N = 5, r = 0.5 drops 3) removed uniformly without replacement, order kept.
   */
  public record RandomDrop(double minRatio, double maxRatio) implements BuiltInAugmentation {
    public RandomDrop {
      requireRatios("drop ratio", minRatio, maxRatio);
    }

    @Override
    public EventBatch transform(ValidEvents valid, long seed) {
      SplittableRandom random = random(seed);
      return dropRatio(valid, draw(random, minRatio, maxRatio), random);
    }

    static EventBatch dropRatio(ValidEvents valid, double ratio, SplittableRandom random) {
      return FilterKernels.dropRandom(valid, count(valid.events().size(), ratio), random);
    }

    /** The number of events removed from {@code n} at this ratio (Tonic's rounding). */
    static int count(int n, double ratio) {
      return (int) Math.min(n, Math.floor(ratio * n + 0.5));
    }

    @Override
    public String spec() {
      return "random_drop(min_ratio=" + minRatio + ",max_ratio=" + maxRatio + ")";
    }
  }

  /** What {@link EventDrop} returns when a drop removes every event. */
  public enum EmptyResult {
    /** Return the original events (Gu et al.'s reference code). */
    RESTORE_ORIGINAL,
    /** Return the empty result (Tonic). */
    KEEP_EMPTY
  }

  /**
   * EventDrop (Gu et al., IJCAI 2021; Tonic's EventDrop): one of four options with equal
   * probability: identity, drop by time with ratio in {0.1 .. 0.9}, drop by area with ratio in
   * {0.05 .. 0.25}, random drop with ratio in {0.1 .. 0.9} (each value equally likely), using the
   * corrected kernels of {@link DropByTime}, {@link DropByArea}, {@link RandomDrop}.
   */
  public record EventDrop(EmptyResult emptyResult) implements BuiltInAugmentation {
    public EventDrop {
      Objects.requireNonNull(emptyResult, "emptyResult is null");
    }

    /** Gu et al.'s behaviour (an empty result is replaced by the original). */
    public static EventDrop defaults() {
      return new EventDrop(EmptyResult.RESTORE_ORIGINAL);
    }

    @Override
    public EventBatch transform(ValidEvents valid, long seed) {
      EventBatch events = valid.events();
      Selection selection = select(valid, seed);
      EventBatch result = switch (selection.kind()) {
        case WINDOW -> FilterKernels.dropTimeInterval(valid, selection.window()[0], selection.window()[1]);
        case BOX -> FilterKernels.dropBox(valid, selection.box());
        case FLAGS -> FilterKernels.compact(events, selection.dropped().all(), events.size() - selection.droppedCount());
        case IDENTITY -> TimeKernels.identity(valid);
      };
      if (result.isEmpty() && !events.isEmpty() && emptyResult == EmptyResult.RESTORE_ORIGINAL) {
        return EventChecks.view(events);
      }
      return result;
    }

    /** What a {@link Selection} removes. */
    enum SelectionKind {
      /** Nothing. */
      IDENTITY,
      /** The events with {@code window[0] <= t <= window[1]}. */
      WINDOW,
      /** The events inside {@code box}. */
      BOX,
      /** The events whose {@code dropped} flag is 1 ({@code droppedCount} of them). */
      FLAGS
    }

    /** The events one EventDrop removes, before the empty-result rule. */
    record Selection(SelectionKind kind, long[] window, PixelRegion box, KeyedDrop dropped, int droppedCount) {}

    /**
     * The random choices of {@link #transform} for this seed, in the same order (the option, its
     * ratio, then the option's own draws), without building the result: {@link SpikingFerInput}
     * uses it to bin the survivors it needs without copying the others.
     */
    static Selection select(ValidEvents valid, long seed) {
      EventBatch events = valid.events();
      int n = events.size();
      return select(n, n == 0 ? 0 : events.t()[0], n == 0 ? 0 : events.t()[n - 1], valid.geometry(), seed);
    }

    /** As above for {@code n} events from {@code tFirst} to {@code tLast} (the only properties the choices read). */
    static Selection select(int n, long tFirst, long tLast, SensorGeometry geometry, long seed) {
      SplittableRandom random = random(seed);
      int option = random.nextInt(4);
      switch (option) {
        case 1 -> {
          double ratio = random.nextInt(1, 10) / 10.0;
          long[] window = n == 0 ? null : DropByTime.window(tFirst, tLast, ratio, random);
          return window == null ? new Selection(SelectionKind.IDENTITY, null, null, null, 0)
              : new Selection(SelectionKind.WINDOW, window, null, null, 0);
        }
        case 2 -> {
          PixelRegion box = DropByArea.box(geometry, random.nextInt(1, 6) / 20.0, random);
          return box == null ? new Selection(SelectionKind.IDENTITY, null, null, null, 0)
              : new Selection(SelectionKind.BOX, null, box, null, 0);
        }
        case 3 -> {
          int count = RandomDrop.count(n, random.nextInt(1, 10) / 10.0);
          // counter-based (KeyedDrop): the same uniform choice of count of n, drawable block by block
          return new Selection(SelectionKind.FLAGS, null, null, new KeyedDrop(random.nextLong(), n, count), count);
        }
        default -> {
          return new Selection(SelectionKind.IDENTITY, null, null, null, 0);
        }
      }
    }

    @Override
    public String spec() {
      return "event_drop(empty=" + (emptyResult == EmptyResult.RESTORE_ORIGINAL ? "restore" : "keep") + ")";
    }
  }

  /** Which half {@link Mirror} keeps. */
  public enum MirrorSide {
    LEFT,
    RIGHT,
    /** Left or right with probability 1/2 each (Spiking-FER's FaceMirror). */
    RANDOM
  }

  /** Spiking-FER's face mirror, see {@link GeometryKernels#mirror}. */
  public record Mirror(MirrorSide side) implements BuiltInAugmentation {
    public Mirror {
      Objects.requireNonNull(side, "side is null");
    }

    @Override
    public EventBatch transform(ValidEvents valid, long seed) {
      GeometryKernels.Side chosen = switch (side) {
        case LEFT -> GeometryKernels.Side.LEFT;
        case RIGHT -> GeometryKernels.Side.RIGHT;
        case RANDOM -> random(seed).nextBoolean() ? GeometryKernels.Side.LEFT : GeometryKernels.Side.RIGHT;
      };
      return GeometryKernels.mirror(valid, chosen);
    }

    @Override
    public String spec() {
      return "mirror(side=" + side.name().toLowerCase(java.util.Locale.ROOT) + ")";
    }
  }

  /** Spatial jitter, see {@link GeometryKernels#jitterSpace}. */
  public record SpatialJitter(double varianceX, double varianceY, double covariance, GeometryKernels.OutOfBounds outOfBounds)
      implements BuiltInAugmentation {
    public SpatialJitter {
      Objects.requireNonNull(outOfBounds, "outOfBounds is null");
      GeometryKernels.requireCovariance(varianceX, varianceY, covariance);
    }

    @Override
    public EventBatch transform(ValidEvents valid, long seed) {
      return GeometryKernels.jitterSpace(valid, varianceX, varianceY, covariance, outOfBounds, random(seed));
    }

    @Override
    public String spec() {
      return "spatial_jitter(variance_x=" + varianceX + ",variance_y=" + varianceY + ",covariance=" + covariance
          + ",out_of_bounds=" + outOfBounds.name().toLowerCase(java.util.Locale.ROOT) + ")";
    }
  }

  /** Time jitter of {@code standardDeviation} microseconds, see {@link TimeKernels#jitterTime}. */
  public record TimeJitter(double standardDeviation) implements BuiltInAugmentation {
    public TimeJitter {
      if (!(standardDeviation >= 0) || Double.isInfinite(standardDeviation)) {
        throw new IllegalArgumentException("Invalid standard deviation: " + standardDeviation);
      }
    }

    @Override
    public EventBatch transform(ValidEvents valid, long seed) {
      return TimeKernels.jitterTime(valid, standardDeviation, random(seed));
    }

    @Override
    public String spec() {
      return "time_jitter(std=" + standardDeviation + ")";
    }
  }

  /**
   * A random temporal clip (SEE's test protocol: its baseline samples a random clip of 4 event
   * frames of 33 ms per sequence; {@code time_clip(duration=132000,step=33000)}): keeps the events
   * of one window of {@code duration} microseconds and shifts them so the window starts at 0
   * ({@link TimeKernels#window}).
   *
   * <p>Exact semantics, with {@code tMin}, {@code tMax} the first and last timestamps of the
   * sample: the sample is taken to cover {@code E = tMax - tMin + step} microseconds (its last
   * step included, so a sample of {@code N} frames {@code step} apart covers {@code N} steps). The
   * candidate windows are {@code [s, s + duration)} with {@code s = tMin + j * step}, {@code j = 0
   * .. (E - duration) / step} (integer division), each equally likely: for frame data with {@code
   * step} = the frame period this is a uniform start frame of {@code duration / step} frames, as
   * SEE's baseline draws it; with {@code step = 1} every microsecond is a possible start. When the
   * sample is not longer than the window ({@code E <= duration}), the clip keeps every event
   * (shifted so that {@code tMin} is 0) and draws nothing. An empty sample gives an empty result.
   * The sample's time span is that of its events: leading or trailing stretches without events
   * (e.g. empty frames at the start of a recording) are not part of it. Only the start is random:
   * one draw per sample, from the seed.
   *
   * @param duration the window length in microseconds (at least 1)
   * @param step the spacing of the candidate window starts in microseconds (1 .. duration)
   */
  public record TimeClip(long duration, long step) implements BuiltInAugmentation {
    public TimeClip {
      if (duration < 1) {
        throw new IllegalArgumentException("Invalid time clip duration: " + duration + " (expected at least 1 microsecond)");
      }
      if (step < 1 || step > duration) {
        throw new IllegalArgumentException("Invalid time clip step: " + step + " (expected 1 .. the duration " + duration + ")");
      }
    }

    /** A clip of {@code frames} frames of {@code framePeriod} microseconds, starting on a frame. */
    public static TimeClip ofFrames(int frames, long framePeriod) {
      if (frames < 1) {
        throw new IllegalArgumentException("Invalid time clip frames: " + frames + " (expected at least 1)");
      }
      if (framePeriod < 1 || framePeriod > Long.MAX_VALUE / frames) {
        throw new IllegalArgumentException("Invalid time clip frame period: " + framePeriod);
      }
      return new TimeClip(frames * framePeriod, framePeriod);
    }

    /** The number of candidate windows of a sample whose events span {@code [tMin, tMax]} (1 when it fits one window). */
    public long windows(long tMin, long tMax) {
      long extent = tMax - tMin > Long.MAX_VALUE - step ? Long.MAX_VALUE : tMax - tMin + step;
      return extent <= duration ? 1 : (extent - duration) / step + 1;
    }

    /** The start of the window drawn for these events and seed (0 for an empty sample). */
    public long start(EventBatch events, SensorGeometry geometry, long seed) {
      return start(EventChecks.validate(events, geometry), seed);
    }

    long start(ValidEvents valid, long seed) {
      EventBatch events = valid.events();
      int n = events.size();
      if (n == 0) {
        return 0;
      }
      long tMin = events.t()[0];
      long windows = windows(tMin, events.t()[n - 1]);
      return windows == 1 ? tMin : tMin + random(seed).nextLong(windows) * step;
    }

    @Override
    public EventBatch transform(ValidEvents valid, long seed) {
      return TimeKernels.window(valid, start(valid, seed), duration);
    }

    @Override
    public String spec() {
      return "time_clip(duration=" + duration + ",step=" + step + ")";
    }
  }

  /** Denoise with {@code filterTime} microseconds, see {@link FilterKernels#denoise}. */
  public record Denoise(long filterTime) implements BuiltInAugmentation {
    public Denoise {
      if (filterTime <= 0 || filterTime > (1L << 62)) {
        throw new IllegalArgumentException("Invalid filter time: " + filterTime);
      }
    }

    @Override
    public EventBatch transform(ValidEvents valid, long seed) {
      return FilterKernels.denoise(valid, filterTime);
    }

    @Override
    public String spec() {
      return "denoise(filter_time=" + filterTime + ")";
    }
  }

  /** Refractory filter with {@code period} microseconds, see {@link FilterKernels#refractory}. */
  public record RefractoryFilter(long period) implements BuiltInAugmentation {
    public RefractoryFilter {
      if (period < 0) {
        throw new IllegalArgumentException("Invalid refractory period: " + period);
      }
    }

    @Override
    public EventBatch transform(ValidEvents valid, long seed) {
      return FilterKernels.refractory(valid, period);
    }

    @Override
    public String spec() {
      return "refractory(period=" + period + ")";
    }
  }

  /** Tonic's CenterCrop to {@code width x height} (changes the geometry), see {@link GeometryKernels#centerCrop}. */
  public record CenterCrop(int width, int height) implements BuiltInAugmentation {
    public CenterCrop {
      new SensorGeometry(width, height);
    }

    @Override
    public EventBatch transform(ValidEvents valid, long seed) {
      return GeometryKernels.centerCrop(valid, width, height);
    }

    @Override
    public SensorGeometry outputGeometry(SensorGeometry input) {
      return new SensorGeometry(width, height);
    }

    @Override
    public String spec() {
      return "center_crop(width=" + width + ",height=" + height + ")";
    }
  }

  /**
   * Spatial down-sampling of the whole sensor to {@code width x height} (changes the geometry):
   * {@code x -> floor(x * width / W)} in exact integer arithmetic, no event dropped or merged (as
   * Tonic's Downsample with target_size, without its float truncation error). A larger target
   * replicates events (nearest up-sampling), see {@link GeometryKernels#resize}. Time is not scaled:
   * the schema's unit is always microseconds.
   */
  public record Downsample(int width, int height) implements BuiltInAugmentation {
    public Downsample {
      new SensorGeometry(width, height);
    }

    @Override
    public EventBatch transform(ValidEvents valid, long seed) {
      SensorGeometry geometry = valid.geometry();
      return GeometryKernels.resize(valid, PixelRegion.of(geometry), width, height);
    }

    @Override
    public SensorGeometry outputGeometry(SensorGeometry input) {
      return new SensorGeometry(width, height);
    }

    @Override
    public String spec() {
      return "downsample(width=" + width + ",height=" + height + ")";
    }
  }
}
