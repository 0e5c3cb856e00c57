package org.tnas.udfs.core;

import java.util.Arrays;
import java.util.Objects;
import java.util.random.RandomGenerator;
import org.tnas.formats.events.EventBatch;
import org.tnas.formats.events.SensorGeometry;

/**
 * Pure kernels that move events in time: reversal, jitter and the temporal window of a clip. Each validates its input with {@link
 * EventChecks}, never modifies it and returns a new time-sorted batch. Stateless and thread safe.
 * The package-private overloads take {@link ValidEvents} and skip the input check (used by the
 * {@link BuiltInAugmentation}s).
 */
public final class TimeKernels {
  private TimeKernels() {}

  /**
   * Plays the sample backwards: {@code t -> tMin + tMax - t} and reversed order (so the result is
   * sorted again), polarity inverted ({@code p -> 1 - p}) when {@code invertPolarity}.
   *
   * <p>Deliberate difference from Tonic's RandomTimeReversal ({@code t -> max(t) - t}): the sample
   * keeps its time span {@code [tMin, tMax]} instead of being shifted to start at 0, so absolute
   * timestamps (e.g. Unix microseconds) stay meaningful; relative timing is identical (Tonic maps
   * [10, 20, 40] to [0, 20, 30], here [10, 30, 40]).
   */
  public static EventBatch reverse(EventBatch events, SensorGeometry geometry, boolean invertPolarity) {
    return reverse(EventChecks.validate(events, geometry), invertPolarity);
  }

  static EventBatch reverse(ValidEvents valid, boolean invertPolarity) {
    EventBatch events = valid.events();
    int n = events.size();
    short[] x = events.x();
    short[] y = events.y();
    long[] t = events.t();
    byte[] p = events.p();
    short[] ox = new short[n];
    short[] oy = new short[n];
    long[] ot = new long[n];
    byte[] op = new byte[n];
    // one reverse-copy loop per column
    for (int i = 0, j = n - 1; i < n; i++, j--) {
      ox[i] = x[j];
    }
    for (int i = 0, j = n - 1; i < n; i++, j--) {
      oy[i] = y[j];
    }
    int flip = invertPolarity ? 1 : 0;
    for (int i = 0, j = n - 1; i < n; i++, j--) {
      op[i] = (byte) (p[j] ^ flip);
    }
    long sum = n == 0 ? 0 : t[0] + t[n - 1];
    for (int i = 0, j = n - 1; i < n; i++, j--) {
      ot[i] = sum - t[j];
    }
    return EventBatch.wrap(ox, oy, ot, op, n);
  }

  /**
   * Adds {@code round(N(0, standardDeviation))} microseconds to each timestamp, removes events that
   * would get a negative timestamp (Tonic's {@code clip_negative}) and sorts the result stably by
   * time (Tonic sorts only on request, with an unstable sort; our schema requires sorted events).
   * Deliberate difference: the shift is rounded, not truncated toward zero.
   */
  public static EventBatch jitterTime(EventBatch events, SensorGeometry geometry, double standardDeviation, RandomGenerator random) {
    return jitterTime(EventChecks.validate(events, geometry), standardDeviation, random);
  }

  static EventBatch jitterTime(ValidEvents valid, double standardDeviation, RandomGenerator random) {
    EventBatch events = valid.events();
    Objects.requireNonNull(random, "random is null");
    if (!(standardDeviation >= 0) || Double.isInfinite(standardDeviation)) {
      throw new IllegalArgumentException("Invalid standard deviation: " + standardDeviation);
    }
    int n = events.size();
    short[] x = events.x();
    short[] y = events.y();
    long[] t = events.t();
    byte[] p = events.p();
    // draw every shift first (branch-free compaction of the survivors' indices), then gather the
    // columns once in the stable time order
    long[] shifted = new long[n];
    int[] survivors = new int[n];
    int k = 0;
    for (int i = 0; i < n; i++) {
      long value = t[i] + Math.round(standardDeviation * random.nextGaussian());
      shifted[k] = value;
      survivors[k] = i;
      k += 1 - (int) (value >>> 63);
    }
    int[] order = StableTimeOrder.order(shifted, k);
    short[] ox = new short[k];
    short[] oy = new short[k];
    long[] ot = new long[k];
    byte[] op = new byte[k];
    for (int j = 0; j < k; j++) {
      int s = order == null ? j : order[j];
      int i = survivors[s];
      ox[j] = x[i];
      oy[j] = y[i];
      ot[j] = shifted[s];
      op[j] = p[i];
    }
    return EventBatch.wrap(ox, oy, ot, op, k);
  }

  /**
   * Keeps the events of the half-open time window {@code [from, from + duration)} and shifts them
   * by {@code -from}, so the window starts at 0 (a temporal clip; {@link Augmentations.TimeClip}
   * draws {@code from}). Event order is kept, so the result is sorted. A window that holds no
   * event gives an empty batch. {@code from + duration} beyond {@code Long.MAX_VALUE} counts as
   * {@code Long.MAX_VALUE} (the window then reaches past every possible timestamp).
   *
   * @throws IllegalArgumentException "Invalid ..." for {@code from < 0} or {@code duration < 1}
   */
  public static EventBatch window(EventBatch events, SensorGeometry geometry, long from, long duration) {
    return window(EventChecks.validate(events, geometry), from, duration);
  }

  static EventBatch window(ValidEvents valid, long from, long duration) {
    if (from < 0) {
      throw new IllegalArgumentException("Invalid window start: " + from + " (expected a timestamp >= 0)");
    }
    if (duration < 1) {
      throw new IllegalArgumentException("Invalid window duration: " + duration + " (expected at least 1 microsecond)");
    }
    EventBatch events = valid.events();
    int n = events.size();
    long[] t = events.t();
    long end = from > Long.MAX_VALUE - duration ? Long.MAX_VALUE : from + duration;
    int lo = Slicing.lowerBound(t, n, from);
    int hi = end == Long.MAX_VALUE ? n : Math.max(lo, Slicing.lowerBound(t, n, end));
    long[] ot = new long[hi - lo];
    for (int i = lo; i < hi; i++) {
      ot[i - lo] = t[i] - from;
    }
    return EventBatch.wrap(Arrays.copyOfRange(events.x(), lo, hi), Arrays.copyOfRange(events.y(), lo, hi), ot,
        Arrays.copyOfRange(events.p(), lo, hi), hi - lo);
  }

  /**
   * The identity augmentation: the checked input as a new batch object that shares all four arrays
   * with it (no copy; see the aliasing note of the package documentation).
   */
  static EventBatch identity(ValidEvents valid) {
    return EventChecks.view(valid.events());
  }

  static EventBatch copy(EventBatch events) {
    int n = events.size();
    return EventBatch.wrap(
        Arrays.copyOf(events.x(), n), Arrays.copyOf(events.y(), n), Arrays.copyOf(events.t(), n), Arrays.copyOf(events.p(), n), n);
  }
}
