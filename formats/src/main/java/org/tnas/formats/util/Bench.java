package org.tnas.formats.util;

import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * The project's small benchmark harness (used by the {@code *Benchmark} mains under each module's
 * {@code src/test/java/.../bench}). A measurement runs a body that returns the number of items it
 * processed (events, frames, samples...), repeats it after warm-up, and keeps the best rate. Each
 * benchmark prints its rates beside a baseline measured in the same run, as a ratio.
 */
public final class Bench {
  private Bench() {}

  /** A measured rate. */
  public record Rate(String name, double itemsPerSecond, long items, double seconds) {
    @Override
    public String toString() {
      return String.format(Locale.ROOT, "%-44s %14.1f items/s  (%d items in %.3f s)", name, itemsPerSecond, items, seconds);
    }
  }

  /**
   * Runs {@code body} {@code warmups} times unmeasured, then {@code runs} times, and returns the
   * best rate (least disturbed by other load).
   */
  public static Rate measure(String name, int warmups, int runs, LongSupplier body) {
    long sink = 0;
    for (int i = 0; i < warmups; i++) {
      sink += body.getAsLong();
    }
    Rate best = null;
    for (int i = 0; i < runs; i++) {
      long start = System.nanoTime();
      long items = body.getAsLong();
      double seconds = (System.nanoTime() - start) / 1e9;
      sink += items;
      Rate rate = new Rate(name, items / Math.max(seconds, 1e-9), items, seconds);
      if (best == null || rate.itemsPerSecond() > best.itemsPerSecond()) {
        best = rate;
      }
    }
    if (sink == Long.MIN_VALUE) {
      System.out.println("unreachable " + sink);
    }
    return best;
  }

  /** A line "name rate, ratio x baseline". */
  public static String compare(Rate rate, Rate baseline, String unit) {
    return String.format(
        Locale.ROOT,
        "%-44s %12.2f M%s/s   %6.3fx of %s",
        rate.name(),
        rate.itemsPerSecond() / 1e6,
        unit,
        rate.itemsPerSecond() / baseline.itemsPerSecond(),
        baseline.name());
  }
}
