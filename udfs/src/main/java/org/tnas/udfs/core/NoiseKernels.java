package org.tnas.udfs.core;

import java.util.Objects;
import java.util.random.RandomGenerator;
import org.tnas.formats.events.EventBatch;
import org.tnas.formats.events.SensorGeometry;

/**
 * Pure kernels that add or alter events at random: uniform (background-activity) noise and
 * polarity flips. Each validates its input with {@link EventChecks}, never modifies it and returns
 * a new time-sorted batch. Stateless and thread safe.
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
    Objects.requireNonNull(random, "random is null");
    if (count < 0) {
      throw new IllegalArgumentException("Invalid number of noise events: " + count);
    }
    EventChecks.requireValid(events, geometry);
    int n = events.size();
    if (n == 0 || count == 0) {
      return TimeKernels.copy(events);
    }
    if ((long) n + count > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException("Cannot add noise: " + ((long) n + count) + " events would result");
    }
    long[] t = events.t();
    long tMin = t[0];
    long tMax = t[n - 1];
    long[] noiseT = sortedUniformTimes(count, tMin, tMax, random);
    int m = n + count;
    short[] ox = new short[m];
    short[] oy = new short[m];
    long[] ot = new long[m];
    byte[] op = new byte[m];
    short[] x = events.x();
    short[] y = events.y();
    byte[] p = events.p();
    int w = geometry.width();
    int h = geometry.height();
    int i = 0;
    int j = 0;
    for (int k = 0; k < m; k++) {
      if (j == count || (i < n && t[i] <= noiseT[j])) {
        ox[k] = x[i];
        oy[k] = y[i];
        ot[k] = t[i];
        op[k] = p[i];
        i++;
      } else {
        ox[k] = (short) random.nextInt(w);
        oy[k] = (short) random.nextInt(h);
        ot[k] = noiseT[j];
        op[k] = (byte) (random.nextBoolean() ? 1 : 0);
        j++;
      }
    }
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
    Objects.requireNonNull(random, "random is null");
    requireProbability(probability);
    EventBatch out = EventChecks.checkedCopy(events, geometry);
    int n = out.size();
    byte[] p = out.p();
    if (probability >= 1) {
      for (int i = 0; i < n; i++) {
        p[i] ^= 1;
      }
    } else if (probability > 0) {
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

  static void requireProbability(double probability) {
    if (!(probability >= 0 && probability <= 1)) {
      throw new IllegalArgumentException("Invalid probability: " + probability + " (expected a value in [0, 1])");
    }
  }
}
