package org.tnas.udfs.core;

import java.util.Arrays;

/**
 * How a sample's time-sorted events are cut into slices (one frame per slice). The four kinds are
 * those of the Tonic library's {@code ToFrame}: by time window, by event count, into a number of
 * time bins, into a number of event bins, each with overlap. A slicing returns each slice as a
 * contiguous index range of the sorted events ({@link #sliceBounds}); slices may overlap.
 *
 * <p>Implementations are immutable, serialisable records, validated on construction ({@code
 * IllegalArgumentException "Invalid ..."}). Inputs are the timestamps of a validated sample
 * (non-negative, sorted, see {@link EventChecks}).
 */
public sealed interface Slicing extends java.io.Serializable
    permits Slicing.ByTimeWindow, Slicing.ByEventCount, Slicing.ByTimeBins, Slicing.ByEventBins {

  /**
   * The slices of the first {@code size} events with timestamps {@code t} (sorted) as a flat array
   * {@code [from0, to0, from1, to1, ...]} of half-open index ranges. Never empty.
   */
  int[] sliceBounds(long[] t, int size);

  /** The number of slices whatever the input, or -1 when it depends on the input. */
  int fixedSliceCount();

  /** A short textual form, e.g. {@code time_bins=6}. */
  String spec();

  /**
   * Parses the form of {@link #spec()}: one of {@code time_window=<us>}, {@code event_count=<n>},
   * {@code time_bins=<n>}, {@code event_bins=<n>}, then optionally {@code ,overlap=<v>} (microseconds
   * or events for the first two, a fraction in [0, 1) for the bins) and {@code ,include_incomplete}
   * (first two only).
   *
   * @throws IllegalArgumentException "Invalid slicing: ..." for anything else
   */
  static Slicing parse(String spec) {
    java.util.Objects.requireNonNull(spec, "spec is null");
    String kind = null;
    String size = null;
    String overlap = "0";
    boolean incomplete = false;
    for (String part : spec.split(",")) {
      String[] pair = part.trim().split("=", 2);
      String key = pair[0].trim().toLowerCase(java.util.Locale.ROOT);
      String value = pair.length == 2 ? pair[1].trim() : null;
      switch (key) {
        case "time_window", "event_count", "time_bins", "event_bins" -> {
          if (kind != null || value == null) {
            throw new IllegalArgumentException("Invalid slicing: " + spec);
          }
          kind = key;
          size = value;
        }
        case "overlap" -> {
          if (value == null) {
            throw new IllegalArgumentException("Invalid slicing: " + spec);
          }
          overlap = value;
        }
        case "include_incomplete" -> incomplete = value == null || Boolean.parseBoolean(value);
        default -> throw new IllegalArgumentException("Invalid slicing: " + spec + " (unknown key " + key + ")");
      }
    }
    if (kind == null) {
      throw new IllegalArgumentException("Invalid slicing: " + spec + " (expected time_window, event_count, time_bins or event_bins)");
    }
    try {
      return switch (kind) {
        case "time_window" -> new ByTimeWindow(Long.parseLong(size), Long.parseLong(overlap), incomplete);
        case "event_count" -> new ByEventCount(Integer.parseInt(size), Integer.parseInt(overlap), incomplete);
        case "time_bins" -> requireComplete(new ByTimeBins(Integer.parseInt(size), Double.parseDouble(overlap)), incomplete, spec);
        default -> requireComplete(new ByEventBins(Integer.parseInt(size), Double.parseDouble(overlap)), incomplete, spec);
      };
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("Invalid slicing: " + spec + " (" + e.getMessage() + ")", e);
    }
  }

  private static Slicing requireComplete(Slicing slicing, boolean incomplete, String spec) {
    if (incomplete) {
      throw new IllegalArgumentException("Invalid slicing: " + spec + " (include_incomplete applies to time_window and event_count only)");
    }
    return slicing;
  }

  /** Slices of {@code window} microseconds (see {@link ByTimeWindow}). */
  static Slicing byTimeWindow(long window) {
    return new ByTimeWindow(window, 0, false);
  }

  /** Slices of {@code count} events (see {@link ByEventCount}). */
  static Slicing byEventCount(int count) {
    return new ByEventCount(count, 0, false);
  }

  /** {@code bins} slices of equal duration, no overlap (see {@link ByTimeBins}). */
  static Slicing byTimeBins(int bins) {
    return new ByTimeBins(bins, 0);
  }

  /** {@code bins} slices of (almost) equal event count, no overlap (see {@link ByEventBins}). */
  static Slicing byEventBins(int bins) {
    return new ByEventBins(bins, 0);
  }

  /**
   * Windows of {@code window} microseconds starting at the first event, every {@code window -
   * overlap} microseconds (same as Tonic's {@code SliceByTime}). With {@code n = floor((D - window)
   * / stride) + 1} windows ({@code ceil} when {@code includeIncomplete}), at least 1, where {@code D}
   * is the time between the first and the last event; window {@code i} is {@code [t0 + i*stride,
   * t0 + i*stride + window)}. Events after the last complete window are dropped unless {@code
   * includeIncomplete}. An empty sample gives one empty slice.
   */
  record ByTimeWindow(long window, long overlap, boolean includeIncomplete) implements Slicing {
    public ByTimeWindow {
      if (window <= 0) {
        throw new IllegalArgumentException("Invalid time window: " + window);
      }
      if (overlap < 0 || overlap >= window) {
        throw new IllegalArgumentException("Invalid overlap: " + overlap + " (expected 0 <= overlap < window " + window + ")");
      }
    }

    @Override
    public int[] sliceBounds(long[] t, int size) {
      if (size == 0) {
        return new int[] {0, 0};
      }
      long start = t[0];
      long duration = t[size - 1] - start;
      long stride = window - overlap;
      long slices = includeIncomplete
          ? AxisMap.ceilDiv(duration - window, stride) + 1
          : Math.floorDiv(duration - window, stride) + 1;
      slices = Math.max(slices, 1);
      if (slices > Integer.MAX_VALUE / 2) {
        throw new IllegalArgumentException("Cannot slice: " + slices + " windows of " + window + " us");
      }
      int[] bounds = new int[(int) slices * 2];
      for (int i = 0; i < slices; i++) {
        long lo = start + i * stride;
        bounds[2 * i] = lowerBound(t, size, lo);
        bounds[2 * i + 1] = lowerBound(t, size, lo + window);
      }
      return bounds;
    }

    @Override
    public int fixedSliceCount() {
      return -1;
    }

    @Override
    public String spec() {
      return "time_window=" + window + ",overlap=" + overlap + (includeIncomplete ? ",include_incomplete" : "");
    }
  }

  /**
   * Slices of {@code count} consecutive events every {@code count - overlap} events (Tonic's
   * {@code SliceByEventCount}): {@code c = min(count, N)}, {@code n = floor((N - c) / stride) + 1}
   * ({@code ceil} when {@code includeIncomplete}); slice {@code i} is events {@code [i*stride,
   * min(i*stride + c, N))}. N = 11, count 4 gives sizes [4, 4]; with incomplete [4, 4, 3]. An empty
   * sample gives one empty slice.
   */
  record ByEventCount(int count, int overlap, boolean includeIncomplete) implements Slicing {
    public ByEventCount {
      if (count <= 0) {
        throw new IllegalArgumentException("Invalid event count: " + count);
      }
      if (overlap < 0 || overlap >= count) {
        throw new IllegalArgumentException("Invalid overlap: " + overlap + " (expected 0 <= overlap < count " + count + ")");
      }
    }

    @Override
    public int[] sliceBounds(long[] t, int size) {
      int c = Math.min(count, size);
      int stride = count - overlap;
      long slices = includeIncomplete
          ? AxisMap.ceilDiv(size - c, stride) + 1
          : Math.floorDiv(size - c, stride) + 1;
      int[] bounds = new int[(int) slices * 2];
      for (int i = 0; i < slices; i++) {
        long lo = (long) i * stride;
        bounds[2 * i] = (int) lo;
        bounds[2 * i + 1] = (int) Math.min(lo + c, size);
      }
      return bounds;
    }

    @Override
    public int fixedSliceCount() {
      return -1;
    }

    @Override
    public String spec() {
      return "event_count=" + count + ",overlap=" + overlap + (includeIncomplete ? ",include_incomplete" : "");
    }
  }

  /**
   * Exactly {@code bins} windows covering the whole sample {@code [t0, tLast]}, each window sharing
   * the fraction {@code overlap} (in [0, 1)) of its length with the next.
   *
   * <p>Without overlap, event {@code e} is in bin {@code floor((t_e - t0) * bins / D)} ({@code D =
   * tLast - t0}, exact integer arithmetic), the last event in the last bin. With overlap, the
   * stride is {@code s = D / (bins - 1 + 1 / (1 - overlap))} and the window {@code s / (1 -
   * overlap)}, so the last window ends exactly at {@code tLast}.
   *
   * <p>Deliberate difference from Tonic's {@code SliceByTimeBins}: Tonic floors {@code D / bins}
   * and uses half-open windows, so it always drops the event(s) at the last timestamp (and up to
   * {@code D mod bins} microseconds more), and with overlap its windows stop short of the end (t =
   * 0..90 step 10 plus 95, 3 bins: Tonic [4, 3, 3], here [4, 3, 4]). Here every event is counted.
   * When all events share one timestamp ({@code D = 0}) they all go to bin 0. An empty sample gives
   * {@code bins} empty slices.
   */
  record ByTimeBins(int bins, double overlap) implements Slicing {
    public ByTimeBins {
      if (bins <= 0) {
        throw new IllegalArgumentException("Invalid number of time bins: " + bins);
      }
      if (!(overlap >= 0 && overlap < 1)) {
        throw new IllegalArgumentException("Invalid overlap: " + overlap + " (expected a fraction in [0, 1))");
      }
    }

    @Override
    public int[] sliceBounds(long[] t, int size) {
      int[] bounds = new int[bins * 2];
      if (size == 0) {
        return bounds;
      }
      long start = t[0];
      long duration = t[size - 1] - start;
      if (duration == 0) {
        bounds[1] = size;
        for (int i = 1; i < bins; i++) {
          bounds[2 * i] = size;
          bounds[2 * i + 1] = size;
        }
        return bounds;
      }
      if (overlap == 0) {
        try {
          Math.multiplyExact(duration, bins);
        } catch (ArithmeticException e) {
          throw new IllegalArgumentException("Cannot slice: duration " + duration + " us into " + bins + " bins", e);
        }
        int previous = 0;
        for (int i = 0; i < bins; i++) {
          int to = i == bins - 1 ? size : lowerBound(t, size, start + AxisMap.ceilDiv((i + 1) * duration, bins));
          bounds[2 * i] = previous;
          bounds[2 * i + 1] = to;
          previous = to;
        }
        return bounds;
      }
      double stride = duration / ((bins - 1) + 1 / (1 - overlap));
      double window = stride / (1 - overlap);
      for (int i = 0; i < bins; i++) {
        double lo = i * stride;
        bounds[2 * i] = lowerBound(t, size, start, lo);
        bounds[2 * i + 1] = i == bins - 1 ? size : lowerBound(t, size, start, lo + window);
      }
      return bounds;
    }

    @Override
    public int fixedSliceCount() {
      return bins;
    }

    @Override
    public String spec() {
      return "time_bins=" + bins + (overlap == 0 ? "" : ",overlap=" + overlap);
    }
  }

  /**
   * Exactly {@code bins} slices of consecutive events covering all {@code N} events. Without
   * overlap, slice {@code i} is events {@code [floor(i*N/bins), floor((i+1)*N/bins))}. With overlap
   * (a fraction in [0, 1)) the stride is {@code s = N / (bins - 1 + 1 / (1 - overlap))} events and the
   * length {@code s / (1 - overlap)}, the last slice ending at {@code N}.
   *
   * <p>Deliberate difference from Tonic's {@code SliceByEventBins}, which uses {@code N // bins}
   * events per slice and drops the remaining {@code N mod bins} events (N = 11, 3 bins: Tonic [3, 3,
   * 3], here [3, 4, 4]). An empty sample gives {@code bins} empty slices.
   */
  record ByEventBins(int bins, double overlap) implements Slicing {
    public ByEventBins {
      if (bins <= 0) {
        throw new IllegalArgumentException("Invalid number of event bins: " + bins);
      }
      if (!(overlap >= 0 && overlap < 1)) {
        throw new IllegalArgumentException("Invalid overlap: " + overlap + " (expected a fraction in [0, 1))");
      }
    }

    @Override
    public int[] sliceBounds(long[] t, int size) {
      int[] bounds = new int[bins * 2];
      if (overlap == 0) {
        for (int i = 0; i < bins; i++) {
          bounds[2 * i] = (int) ((long) i * size / bins);
          bounds[2 * i + 1] = (int) ((long) (i + 1) * size / bins);
        }
        return bounds;
      }
      double stride = size / ((bins - 1) + 1 / (1 - overlap));
      double length = stride / (1 - overlap);
      for (int i = 0; i < bins; i++) {
        double lo = i * stride;
        bounds[2 * i] = (int) Math.min(size, Math.floor(lo + 1e-9));
        bounds[2 * i + 1] = i == bins - 1 ? size : (int) Math.min(size, Math.floor(lo + length + 1e-9));
      }
      return bounds;
    }

    @Override
    public int fixedSliceCount() {
      return bins;
    }

    @Override
    public String spec() {
      return "event_bins=" + bins + (overlap == 0 ? "" : ",overlap=" + overlap);
    }
  }

  /** Index of the first of the {@code size} sorted timestamps that is {@code >= value}. */
  static int lowerBound(long[] t, int size, long value) {
    int lo = 0;
    int hi = size;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (t[mid] < value) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  /** Index of the first sorted timestamp with {@code t - start >= offset} (a real offset). */
  static int lowerBound(long[] t, int size, long start, double offset) {
    int lo = 0;
    int hi = size;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if ((double) (t[mid] - start) < offset) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  /** Number of events in each slice of {@code bounds}. */
  static int[] sliceSizes(int[] bounds) {
    int[] sizes = new int[bounds.length / 2];
    Arrays.setAll(sizes, i -> bounds[2 * i + 1] - bounds[2 * i]);
    return sizes;
  }
}
