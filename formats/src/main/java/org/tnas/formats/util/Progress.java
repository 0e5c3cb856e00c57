package org.tnas.formats.util;

import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * A progress line for long work: done/total, percentage, rate and ETA, printed at most every
 * {@code intervalMillis} to a stream (stderr by default), and once more on {@link #finish()}.
 * The rate and the ETA appear only once at least one unit is done (before, the line shows the
 * elapsed time); the final line ends with {@code done in <elapsed>} when all {@code total} units
 * are done (or no total is known) and with {@code stopped after <elapsed>} otherwise, never with an
 * ETA. Thread safe.
 *
 * <pre>{@code
 * [convert] 0/400 clips (0.0%)  elapsed 1s
 * [convert] 120/400 clips (30.0%)  4.1 clips/s  ETA 1m08s
 * [convert] 400/400 clips (100.0%)  4.0 clips/s  done in 1m40s
 * }</pre>
 */
public final class Progress {
  private final String task;
  private final String unit;
  private final long total;
  private final PrintStream out;
  private final long intervalNanos;
  private final long startNanos;
  private final LongSupplier clock;
  private final AtomicLong done = new AtomicLong();
  private volatile long lastPrintNanos;

  public Progress(String task, String unit, long total, PrintStream out, long intervalMillis) {
    this(task, unit, total, out, intervalMillis, System::nanoTime);
  }

  /** As the public constructor, with a nanosecond clock (tests). */
  Progress(String task, String unit, long total, PrintStream out, long intervalMillis, LongSupplier clock) {
    this.task = task;
    this.unit = unit;
    this.total = total;
    this.out = out;
    this.intervalNanos = intervalMillis * 1_000_000L;
    this.clock = clock;
    this.startNanos = clock.getAsLong();
    this.lastPrintNanos = startNanos;
  }

  /** A progress line on stderr, refreshed at most once per second. */
  public static Progress onStderr(String task, String unit, long total) {
    return new Progress(task, unit, total, System.err, 1000);
  }

  /** Records {@code amount} more units done, printing a line if the interval has passed. */
  public void advance(long amount) {
    long now = done.addAndGet(amount);
    long nanos = clock.getAsLong();
    if (nanos - lastPrintNanos >= intervalNanos) {
      synchronized (this) {
        if (nanos - lastPrintNanos >= intervalNanos) {
          lastPrintNanos = nanos;
          out.println(line(now, nanos, false));
        }
      }
    }
  }

  /** Sets the done count (for sources that report absolute progress). */
  public void set(long value) {
    advance(value - done.get());
  }

  /** Prints the final line: {@code done in <elapsed>}, or {@code stopped after <elapsed>} short of the total. */
  public synchronized void finish() {
    out.println(line(done.get(), clock.getAsLong(), true));
  }

  public long done() {
    return done.get();
  }

  /** The current progress line (without printing it). */
  public String line() {
    return line(done.get(), clock.getAsLong(), false);
  }

  private String line(long value, long nanos, boolean last) {
    double seconds = Math.max(1e-9, (nanos - startNanos) / 1e9);
    double rate = value / seconds;
    StringBuilder text = new StringBuilder();
    text.append('[').append(task).append("] ").append(value);
    if (total > 0) {
      text.append('/').append(total);
    }
    text.append(' ').append(unit);
    if (total > 0) {
      text.append(String.format(Locale.ROOT, " (%.1f%%)", 100.0 * value / total));
    }
    if (value > 0) {
      text.append(String.format(Locale.ROOT, "  %.1f %s/s", rate, unit));
    }
    String elapsed = duration((long) seconds);
    if (last) {
      text.append(total > 0 && value < total ? "  stopped after " : "  done in ").append(elapsed);
    } else if (total > 0 && value > 0 && value < total) {
      text.append("  ETA ").append(duration((long) Math.ceil((total - value) / rate)));
    } else {
      text.append("  elapsed ").append(elapsed);
    }
    return text.toString();
  }

  /** Formats seconds as {@code 1h02m03s}, {@code 2m05s} or {@code 7s}. */
  public static String duration(long seconds) {
    if (seconds >= 3600) {
      return String.format(Locale.ROOT, "%dh%02dm%02ds", seconds / 3600, seconds / 60 % 60, seconds % 60);
    }
    if (seconds >= 60) {
      return String.format(Locale.ROOT, "%dm%02ds", seconds / 60, seconds % 60);
    }
    return seconds + "s";
  }
}
