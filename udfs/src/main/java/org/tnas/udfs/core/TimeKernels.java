package org.tnas.udfs.core;

import java.util.Arrays;
import java.util.Objects;
import java.util.random.RandomGenerator;
import org.tnas.formats.events.EventBatch;
import org.tnas.formats.events.SensorGeometry;

/**
 * Pure kernels that move events in time: reversal and jitter. Each validates its input with {@link
 * EventChecks}, never modifies it and returns a new time-sorted batch. Stateless and thread safe.
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
    Objects.requireNonNull(events, "events is null");
    Objects.requireNonNull(geometry, "geometry is null");
    int n = events.size();
    short[] x = events.x();
    short[] y = events.y();
    long[] t = events.t();
    byte[] p = events.p();
    if (!EventChecks.timesValid(t, n)) {
      EventChecks.requireValid(events, geometry);
    }
    short[] ox = new short[n];
    short[] oy = new short[n];
    long[] ot = new long[n];
    byte[] op = new byte[n];
    // one fused reverse-copy-and-check loop per column
    int lastX = geometry.width() - 1;
    int lastY = geometry.height() - 1;
    int bad = 0;
    for (int i = 0, j = n - 1; i < n; i++, j--) {
      int v = x[j];
      bad |= v | (lastX - v);
      ox[i] = (short) v;
    }
    for (int i = 0, j = n - 1; i < n; i++, j--) {
      int v = y[j];
      bad |= v | (lastY - v);
      oy[i] = (short) v;
    }
    int flip = invertPolarity ? 1 : 0;
    for (int i = 0, j = n - 1; i < n; i++, j--) {
      int v = p[j];
      bad |= v | (1 - v);
      op[i] = (byte) (v ^ flip);
    }
    if (bad < 0) {
      EventChecks.requireValid(events, geometry);
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
    Objects.requireNonNull(random, "random is null");
    if (!(standardDeviation >= 0) || Double.isInfinite(standardDeviation)) {
      throw new IllegalArgumentException("Invalid standard deviation: " + standardDeviation);
    }
    EventChecks.requireValid(events, geometry);
    int n = events.size();
    short[] x = events.x();
    short[] y = events.y();
    long[] t = events.t();
    byte[] p = events.p();
    short[] ox = new short[n];
    short[] oy = new short[n];
    long[] ot = new long[n];
    byte[] op = new byte[n];
    int k = 0;
    for (int i = 0; i < n; i++) {
      long shifted = t[i] + Math.round(standardDeviation * random.nextGaussian());
      if (shifted < 0) {
        continue;
      }
      ox[k] = x[i];
      oy[k] = y[i];
      ot[k] = shifted;
      op[k] = p[i];
      k++;
    }
    StableTimeOrder.sort(ox, oy, ot, op, k);
    return EventBatch.wrap(ox, oy, ot, op, k);
  }

  /** A checked copy (the identity augmentation). */
  static EventBatch validatedCopy(EventBatch events, SensorGeometry geometry) {
    return EventChecks.checkedCopy(events, geometry);
  }

  static EventBatch copy(EventBatch events) {
    int n = events.size();
    return EventBatch.wrap(
        Arrays.copyOf(events.x(), n), Arrays.copyOf(events.y(), n), Arrays.copyOf(events.t(), n), Arrays.copyOf(events.p(), n), n);
  }
}
