package org.tnas.udfs.core;

import java.util.Arrays;
import java.util.Objects;
import java.util.random.RandomGenerator;
import org.tnas.formats.events.EventBatch;
import org.tnas.formats.events.SensorGeometry;

/**
 * Pure kernels that remove events: a time interval, a box, a random subset, isolated events
 * (denoise) and events inside a pixel's refractory period. Survivors keep their order. Each
 * validates its input with {@link EventChecks} and never modifies it. When nothing is removed, or
 * only a time interval at the end, the result shares the input's arrays (treat both as
 * read-only). Stateless and thread safe. The package-private overloads take {@link ValidEvents}
 * and skip the input check (used by the {@link BuiltInAugmentation}s).
 */
public final class FilterKernels {
  private FilterKernels() {}

  /** Removes the events with {@code from <= t <= to} (closed interval, as Tonic's drop_by_time). */
  public static EventBatch dropTimeInterval(EventBatch events, SensorGeometry geometry, long from, long to) {
    return dropTimeInterval(EventChecks.validate(events, geometry), from, to);
  }

  static EventBatch dropTimeInterval(ValidEvents valid, long from, long to) {
    EventBatch events = valid.events();
    int n = events.size();
    long[] t = events.t();
    int lo = Slicing.lowerBound(t, n, from);
    int hi = to == Long.MAX_VALUE ? n : Math.max(lo, Slicing.lowerBound(t, n, to + 1));
    if (hi == n) {
      // the survivors are a prefix: share the input's arrays
      return EventBatch.wrap(events.x(), events.y(), t, events.p(), lo);
    }
    int kept = n - (hi - lo);
    short[] ox = new short[kept];
    short[] oy = new short[kept];
    long[] ot = new long[kept];
    byte[] op = new byte[kept];
    copyRange(events, 0, lo, ox, oy, ot, op, 0);
    copyRange(events, hi, n, ox, oy, ot, op, lo);
    return EventBatch.wrap(ox, oy, ot, op, kept);
  }

  /** Removes the events inside {@code box} (a real box, unlike EventDrop's cross-shaped area drop). */
  public static EventBatch dropBox(EventBatch events, SensorGeometry geometry, PixelRegion box) {
    return dropBox(EventChecks.validate(events, geometry), box);
  }

  static EventBatch dropBox(ValidEvents valid, PixelRegion box) {
    EventBatch events = valid.events();
    Objects.requireNonNull(box, "box is null");
    int x0 = box.x();
    int x1 = box.x() + box.width();
    int y0 = box.y();
    int y1 = box.y() + box.height();
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
      int xi = x[i];
      int yi = y[i];
      // branch-free compaction: always write, advance only for survivors
      ox[k] = (short) xi;
      oy[k] = (short) yi;
      ot[k] = t[i];
      op[k] = p[i];
      // outside the box iff one of the four differences is negative (sign bit; no branch)
      k += ((xi - x0) | (x1 - 1 - xi) | (yi - y0) | (y1 - 1 - yi)) >>> 31;
    }
    return EventBatch.wrap(ox, oy, ot, op, k);
  }

  /**
   * Removes exactly {@code count} events chosen uniformly without replacement (Floyd's algorithm,
   * O(count) draws); survivors keep their order (unlike the EventDrop reference's random_drop,
   * whose survivors come out shuffled).
   */
  public static EventBatch dropRandom(EventBatch events, SensorGeometry geometry, int count, RandomGenerator random) {
    return dropRandom(EventChecks.validate(events, geometry), count, random);
  }

  static EventBatch dropRandom(ValidEvents valid, int count, RandomGenerator random) {
    EventBatch events = valid.events();
    Objects.requireNonNull(random, "random is null");
    int n = events.size();
    if (count < 0 || count > n) {
      throw new IllegalArgumentException("Invalid number of events to drop: " + count + " of " + n);
    }
    return compact(events, randomDropFlags(n, count, random), n - count);
  }

  /** Flags (1 = dropped) of {@code count} of {@code n} events chosen uniformly without replacement (Floyd). */
  static byte[] randomDropFlags(int n, int count, RandomGenerator random) {
    byte[] dropped = new byte[n];
    // Floyd's sampling: mark r, or j when r is already marked. Branch-free (r is random): dropped[j]
    // is still 0 when j is drawn (earlier steps mark indices below j only), so r == j marks j once
    for (int j = n - count; j < n; j++) {
      int r = random.nextInt(j + 1);
      byte already = dropped[r];
      dropped[r] = 1;
      dropped[j] |= already;
    }
    return dropped;
  }

  /**
   * Removes events without recent support: an event is kept iff one of its 4 neighbours (x +- 1,
   * y +- 1, on the sensor) had an event at time {@code t'} with {@code t - t' < filterTime}
   * (strictly; the event's own pixel is not a support), as Tonic's denoise.
   *
   * <p>Deliberate differences from Tonic: a pixel that never fired gives no support (Tonic
   * initialises its memory to {@code filterTime}, so every event with {@code t < filterTime} that
   * has an in-bounds neighbour is kept), and the sensor size comes from {@code geometry}, not from
   * the largest coordinates present.
   */
  public static EventBatch denoise(EventBatch events, SensorGeometry geometry, long filterTime) {
    return denoise(EventChecks.validate(events, geometry), filterTime);
  }

  static EventBatch denoise(ValidEvents valid, long filterTime) {
    EventBatch events = valid.events();
    SensorGeometry geometry = valid.geometry();
    if (filterTime <= 0 || filterTime > (1L << 62)) {
      throw new IllegalArgumentException("Invalid filter time: " + filterTime);
    }
    int w = geometry.width();
    int h = geometry.height();
    long[] expiry = new long[w * h];
    Arrays.fill(expiry, Long.MIN_VALUE);
    int n = events.size();
    short[] x = events.x();
    short[] y = events.y();
    long[] t = events.t();
    byte[] dropped = new byte[n];
    int kept = 0;
    for (int i = 0; i < n; i++) {
      int xi = x[i];
      int yi = y[i];
      long ti = t[i];
      int pixel = yi * w + xi;
      expiry[pixel] = ti + filterTime;
      boolean supported = (xi > 0 && expiry[pixel - 1] > ti)
          || (xi < w - 1 && expiry[pixel + 1] > ti)
          || (yi > 0 && expiry[pixel - w] > ti)
          || (yi < h - 1 && expiry[pixel + w] > ti);
      dropped[i] = (byte) (supported ? 0 : 1);
      kept += supported ? 1 : 0;
    }
    return compact(events, dropped, kept);
  }

  /**
   * Removes every event that follows the last KEPT event of its pixel (either polarity) by {@code
   * period} microseconds or less: kept iff the pixel has no kept event yet or {@code t - last >
   * period}.
   *
   * <p>Deliberate differences from Tonic's refractory_period: the time of a removed event does not
   * restart the refractory period (Tonic updates it for every event, so a pixel firing faster than
   * the period is silenced forever), and a pixel's first event is always kept (Tonic starts from
   * {@code -period}, dropping events at t = 0).
   */
  public static EventBatch refractory(EventBatch events, SensorGeometry geometry, long period) {
    return refractory(EventChecks.validate(events, geometry), period);
  }

  static EventBatch refractory(ValidEvents valid, long period) {
    EventBatch events = valid.events();
    SensorGeometry geometry = valid.geometry();
    if (period < 0) {
      throw new IllegalArgumentException("Invalid refractory period: " + period);
    }
    int w = geometry.width();
    long[] last = new long[w * geometry.height()];
    Arrays.fill(last, Long.MIN_VALUE);
    int n = events.size();
    short[] x = events.x();
    short[] y = events.y();
    long[] t = events.t();
    byte[] dropped = new byte[n];
    int kept = 0;
    for (int i = 0; i < n; i++) {
      int pixel = y[i] * w + x[i];
      long previous = last[pixel];
      boolean keep = previous == Long.MIN_VALUE || t[i] - previous > period;
      if (keep) {
        last[pixel] = t[i];
        kept++;
      }
      dropped[i] = (byte) (keep ? 0 : 1);
    }
    return compact(events, dropped, kept);
  }

  /** Copies events {@code [from, to)} to the output arrays at {@code at} (no check). */
  private static void copyRange(EventBatch events, int from, int to, short[] ox, short[] oy, long[] ot, byte[] op, int at) {
    int count = to - from;
    System.arraycopy(events.x(), from, ox, at, count);
    System.arraycopy(events.y(), from, oy, at, count);
    System.arraycopy(events.t(), from, ot, at, count);
    System.arraycopy(events.p(), from, op, at, count);
  }

  /** The events whose {@code dropped} entry is 0 (entries are 0 or 1), {@code kept} of them. */
  static EventBatch compact(EventBatch events, byte[] dropped, int kept) {
    if (kept == events.size()) {
      return EventChecks.view(events);
    }
    int n = events.size();
    short[] x = events.x();
    short[] y = events.y();
    long[] t = events.t();
    byte[] p = events.p();
    // branch-free compaction: always write, advance only for survivors (one spare slot at the end)
    short[] ox = new short[kept + 1];
    short[] oy = new short[kept + 1];
    long[] ot = new long[kept + 1];
    byte[] op = new byte[kept + 1];
    int k = 0;
    for (int i = 0; i < n; i++) {
      ox[k] = x[i];
      oy[k] = y[i];
      ot[k] = t[i];
      op[k] = p[i];
      k += 1 - dropped[i];
    }
    return EventBatch.wrap(ox, oy, ot, op, kept);
  }
}
