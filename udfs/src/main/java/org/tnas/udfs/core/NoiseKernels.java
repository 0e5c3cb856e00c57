package org.tnas.udfs.core;

import java.util.Objects;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.tnas.formats.events.EventBatch;
import org.tnas.formats.events.SensorGeometry;
import org.tnas.formats.util.Seeds;

/**
 * Pure kernels that add or alter events at random: uniform (background-activity) noise and
 * polarity flips. Each validates its input with {@link EventChecks}, never modifies it and returns
 * a new time-sorted batch; {@link #flipPolarity} shares the input's x, y and t arrays (only p is
 * new), and adding no noise shares all four: treat both as read-only. Stateless and thread safe.
 * The package-private overloads take {@link ValidEvents} and skip the input check (used by the
 * {@link BuiltInAugmentation}s).
 */
public final class NoiseKernels {
  private NoiseKernels() {}

  /**
   * Adds {@code count} noise events with {@code x ~ U[0, W)}, {@code y ~ U[0, H)}, {@code p ~ U{0,
   * 1}} and {@code t ~ U[tMin, tMax]} (integers), merged in time order (at equal times the original
   * events come first). An empty sample is returned unchanged (no time range to draw from), as in
   * Tonic.
   *
   * <p>Deliberate difference from Tonic's UniformNoise: polarities are 0/1 with probability 1/2
   * each (Tonic casts a float draw into a bool field, so its noise is almost all ON), timestamps
   * cover the closed range, and the merge is stable (Tonic re-sorts with an unstable quicksort).
   */
  public static EventBatch addUniformNoise(EventBatch events, SensorGeometry geometry, int count, RandomGenerator random) {
    return addUniformNoise(EventChecks.validate(events, geometry), count, random);
  }

  static EventBatch addUniformNoise(ValidEvents valid, int count, RandomGenerator random) {
    EventBatch events = valid.events();
    SensorGeometry geometry = valid.geometry();
    Objects.requireNonNull(random, "random is null");
    int n = events.size();
    if (!requireNoiseCount(n, count)) {
      return EventChecks.view(events);
    }
    long[] t = events.t();
    long[] noiseT = sortedUniformTimes(count, t[0], t[n - 1], random);
    int w = geometry.width();
    int h = geometry.height();
    // the noise events' coordinates and polarities, drawn in the same order as they are merged
    short[] noiseX = new short[count];
    short[] noiseY = new short[count];
    byte[] noiseP = new byte[count];
    for (int j = 0; j < count; j++) {
      noiseX[j] = (short) random.nextInt(w);
      noiseY[j] = (short) random.nextInt(h);
      noiseP[j] = (byte) (random.nextBoolean() ? 1 : 0);
    }
    return merge(events, noiseX, noiseY, noiseT, noiseP);
  }

  /**
   * As {@link #addUniformNoise(EventBatch, SensorGeometry, int, RandomGenerator)} with the same
   * distribution, every noise event drawn from counter-based streams keyed by {@code (seed, its
   * block)} ({@link KeyedNoise}), so that any of them can be drawn alone: the draws of {@link
   * Augmentations.BackgroundNoise} and {@link Augmentations.UniformNoise}, which {@link
   * SpikingFerInput} reads only where it bins. A different realisation than the sequential
   * overload for the same numbers.
   */
  public static EventBatch addUniformNoise(EventBatch events, SensorGeometry geometry, int count, long seed) {
    return addUniformNoise(EventChecks.validate(events, geometry), count, seed);
  }

  static EventBatch addUniformNoise(ValidEvents valid, int count, long seed) {
    EventBatch events = valid.events();
    int n = events.size();
    if (!requireNoiseCount(n, count)) {
      return EventChecks.view(events);
    }
    KeyedNoise noise = keyedNoise(valid, count, seed);
    long[] noiseT = new long[count];
    short[] noiseX = new short[count];
    short[] noiseY = new short[count];
    byte[] noiseP = new byte[count];
    noise.fillAll(noiseT, noiseX, noiseY, noiseP);
    return merge(events, noiseX, noiseY, noiseT, noiseP);
  }

  /** The keyed noise of {@code count} events over the time range of {@code valid} (not empty). */
  static KeyedNoise keyedNoise(ValidEvents valid, int count, long seed) {
    long[] t = valid.events().t();
    return new KeyedNoise(seed, count, t[0], t[valid.size() - 1], valid.geometry().width(), valid.geometry().height());
  }

  /**
   * Checks a noise count for {@code n} events; false when nothing is added (no events or no noise).
   *
   * @throws IllegalArgumentException "Invalid number of noise events" / "Cannot add noise"
   */
  static boolean requireNoiseCount(int n, int count) {
    if (count < 0) {
      throw new IllegalArgumentException("Invalid number of noise events: " + count);
    }
    if (n == 0 || count == 0) {
      return false;
    }
    if ((long) n + count > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException("Cannot add noise: " + ((long) n + count) + " events would result");
    }
    return true;
  }

  /** The events and the sorted noise events merged in time order (at equal times the originals first). */
  private static EventBatch merge(EventBatch events, short[] noiseX, short[] noiseY, long[] noiseT, byte[] noiseP) {
    int n = events.size();
    int count = noiseT.length;
    int m = n + count;
    short[] ox = new short[m];
    short[] oy = new short[m];
    long[] ot = new long[m];
    byte[] op = new byte[m];
    short[] x = events.x();
    short[] y = events.y();
    long[] t = events.t();
    byte[] p = events.p();
    // merge: the original events up to (and including) each noise time, then the noise event
    int i = 0;
    int k = 0;
    for (int j = 0; j < count; j++) {
      long noiseTime = noiseT[j];
      while (i < n && t[i] <= noiseTime) {
        ox[k] = x[i];
        oy[k] = y[i];
        ot[k] = t[i];
        op[k] = p[i];
        i++;
        k++;
      }
      ox[k] = noiseX[j];
      oy[k] = noiseY[j];
      ot[k] = noiseTime;
      op[k] = noiseP[j];
      k++;
    }
    int rest = n - i;
    System.arraycopy(x, i, ox, k, rest);
    System.arraycopy(y, i, oy, k, rest);
    System.arraycopy(t, i, ot, k, rest);
    System.arraycopy(p, i, op, k, rest);
    return EventBatch.wrap(ox, oy, ot, op, m);
  }

  /**
   * {@code count} integers drawn uniformly from {@code [tMin, tMax]}, in sorted order, without a
   * sort: the normalised partial sums of {@code count + 1} exponential draws are distributed as the
   * order statistics of {@code count} uniform draws on [0, 1).
   */
  static long[] sortedUniformTimes(int count, long tMin, long tMax, RandomGenerator random) {
    double[] sums = new double[count];
    double sum = 0;
    for (int j = 0; j < count; j++) {
      sum += random.nextExponential();
      sums[j] = sum;
    }
    double total = sum + random.nextExponential();
    double range = (double) (tMax - tMin) + 1;
    long[] times = new long[count];
    for (int j = 0; j < count; j++) {
      times[j] = Math.min(tMax, tMin + (long) Math.floor(sums[j] / total * range));
    }
    return times;
  }

  /**
   * Inverts the polarity ({@code p -> 1 - p}) of each event independently with probability {@code
   * probability} (1 = the whole sample, as Tonic's RandomFlipPolarity when it fires; Spiking-FER's
   * own RandomFlipPolarity flips single events). Positions of flipped events are drawn with
   * geometric skips, so the cost in random draws is proportional to the number of flips. Unlike
   * Tonic, no value other than 0/1 can occur (Tonic maps -1 to 0).
   */
  public static EventBatch flipPolarity(EventBatch events, SensorGeometry geometry, double probability, RandomGenerator random) {
    return flipPolarity(EventChecks.validate(events, geometry), probability, random);
  }

  static EventBatch flipPolarity(ValidEvents valid, double probability, RandomGenerator random) {
    EventBatch events = valid.events();
    Objects.requireNonNull(random, "random is null");
    requireProbability(probability);
    int n = events.size();
    // x, y and t are shared; only the p column is new
    byte[] p = wholeFlip(events.p(), n, probability);
    EventBatch out = EventBatch.wrap(events.x(), events.y(), events.t(), p, n);
    if (probability > 0 && probability < 1) {
      double logQ = Math.log1p(-probability);
      double position = -1;
      while (true) {
        // number of non-flipped events before the next flip ~ Geometric(probability)
        position += 1 + Math.floor(Math.log(1 - random.nextDouble()) / logQ);
        if (position >= n) {
          break;
        }
        p[(int) position] ^= 1;
      }
    }
    return out;
  }

  /** A new polarity column: the first {@code n} of {@code input}, all flipped when {@code probability >= 1}. */
  private static byte[] wholeFlip(byte[] input, int n, double probability) {
    byte[] p = new byte[n];
    int flip = probability >= 1 ? 1 : 0;
    for (int i = 0; i < n; i++) {
      p[i] = (byte) (input[i] ^ flip);
    }
    return p;
  }

  /** Events per block of the keyed polarity flips ({@link #flipPolarity(ValidEvents, double, long)}). */
  static final int FLIP_BLOCK = 4096;

  /**
   * As {@link #flipPolarity(EventBatch, SensorGeometry, double, RandomGenerator)} with the same
   * distribution (each event independently with {@code probability}), drawn counter-based: the
   * events are cut into blocks of {@link #FLIP_BLOCK} indices and block {@code b} draws its flips
   * with geometric skips from its own stream keyed by {@code (seed, b)} ({@link #flipsOfBlock}); a
   * Bernoulli process restricted to disjoint blocks is independent Bernoulli processes, and the
   * skip from a block's start is exact (memoryless), so the distribution is unchanged while the
   * flips of any range can be drawn alone (as {@link SpikingFerInput} does for the events it bins).
   * The draws of {@link Augmentations.PolarityFlip}; a different realisation than the sequential overload.
   */
  public static EventBatch flipPolarity(EventBatch events, SensorGeometry geometry, double probability, long seed) {
    return flipPolarity(EventChecks.validate(events, geometry), probability, seed);
  }

  static EventBatch flipPolarity(ValidEvents valid, double probability, long seed) {
    EventBatch events = valid.events();
    requireProbability(probability);
    int n = events.size();
    byte[] p = wholeFlip(events.p(), n, probability);
    if (probability > 0 && probability < 1) {
      int[] positions = new int[FLIP_BLOCK];
      double logQ = Math.log1p(-probability);
      for (int b = 0; (long) b * FLIP_BLOCK < n; b++) {
        int flips = flipsOfBlock(seed, logQ, b, n, positions);
        for (int k = 0; k < flips; k++) {
          p[positions[k]] ^= 1;
        }
      }
    }
    return EventBatch.wrap(events.x(), events.y(), events.t(), p, n);
  }

  /**
   * The flipped indices of block {@code b} (indices {@code [b * FLIP_BLOCK, min(n, (b + 1) *
   * FLIP_BLOCK))}) for a probability in (0, 1) with {@code logQ = log(1 - probability)}, in
   * increasing order into {@code out}; returns their number.
   */
  static int flipsOfBlock(long seed, double logQ, int b, int n, int[] out) {
    SplittableRandom random = new SplittableRandom(Seeds.derive(seed, b));
    long first = (long) b * FLIP_BLOCK;
    double end = Math.min(n, first + FLIP_BLOCK);
    double position = first - 1;
    int count = 0;
    while (true) {
      // number of non-flipped events before the next flip ~ Geometric(probability)
      position += 1 + Math.floor(Math.log(1 - random.nextDouble()) / logQ);
      if (position >= end) {
        return count;
      }
      out[count++] = (int) position;
    }
  }

  static void requireProbability(double probability) {
    if (!(probability >= 0 && probability <= 1)) {
      throw new IllegalArgumentException("Invalid probability: " + probability + " (expected a value in [0, 1])");
    }
  }
}
