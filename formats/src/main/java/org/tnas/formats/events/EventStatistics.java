package org.tnas.formats.events;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Streaming summary of an event recording: counts, ON/OFF balance, first/last and min/max
 * timestamps, coordinate ranges and the number of timestamp decreases. Feed it batches with {@link
 * #accept(EventBatch)}; memory is constant. Mutable, not thread safe; {@link #merge} combines
 * partial summaries of consecutive parts.
 */
public final class EventStatistics {
  private long count;
  private long on;
  private long firstT = Long.MIN_VALUE;
  private long lastT = Long.MIN_VALUE;
  private long minT = Long.MAX_VALUE;
  private long maxT = Long.MIN_VALUE;
  private int minX = Integer.MAX_VALUE;
  private int minY = Integer.MAX_VALUE;
  private int maxX = Integer.MIN_VALUE;
  private int maxY = Integer.MIN_VALUE;
  private long timestampDecreases;

  /** Adds the events of a batch. */
  public void accept(EventBatch batch) {
    int n = batch.size();
    if (n == 0) {
      return;
    }
    short[] x = batch.x();
    short[] y = batch.y();
    long[] t = batch.t();
    byte[] p = batch.p();
    long previous = count == 0 ? t[0] : lastT;
    long localOn = 0;
    long decreases = 0;
    long lowT = minT;
    long highT = maxT;
    int lowX = minX;
    int lowY = minY;
    int highX = maxX;
    int highY = maxY;
    for (int i = 0; i < n; i++) {
      long ti = t[i];
      if (ti < previous) {
        decreases++;
      }
      previous = ti;
      lowT = Math.min(lowT, ti);
      highT = Math.max(highT, ti);
      int xi = x[i];
      int yi = y[i];
      lowX = Math.min(lowX, xi);
      highX = Math.max(highX, xi);
      lowY = Math.min(lowY, yi);
      highY = Math.max(highY, yi);
      localOn += p[i];
    }
    if (count == 0) {
      firstT = t[0];
    }
    lastT = t[n - 1];
    minT = lowT;
    maxT = highT;
    minX = lowX;
    maxX = highX;
    minY = lowY;
    maxY = highY;
    on += localOn;
    timestampDecreases += decreases;
    count += n;
  }

  /** Appends the summary of the events that followed this one's. */
  public void merge(EventStatistics next) {
    if (next.count == 0) {
      return;
    }
    if (count == 0) {
      firstT = next.firstT;
    } else if (next.firstT < lastT) {
      timestampDecreases++;
    }
    lastT = next.lastT;
    count += next.count;
    on += next.on;
    minT = Math.min(minT, next.minT);
    maxT = Math.max(maxT, next.maxT);
    minX = Math.min(minX, next.minX);
    maxX = Math.max(maxX, next.maxX);
    minY = Math.min(minY, next.minY);
    maxY = Math.max(maxY, next.maxY);
    timestampDecreases += next.timestampDecreases;
  }

  public long count() {
    return count;
  }

  public long onCount() {
    return on;
  }

  public long offCount() {
    return count - on;
  }

  /** First timestamp in file order (microseconds); empty when there are no events. */
  public Optional<Long> firstTimestamp() {
    return count == 0 ? Optional.empty() : Optional.of(firstT);
  }

  /** Last timestamp in file order (microseconds). */
  public Optional<Long> lastTimestamp() {
    return count == 0 ? Optional.empty() : Optional.of(lastT);
  }

  public Optional<Long> minTimestamp() {
    return count == 0 ? Optional.empty() : Optional.of(minT);
  }

  public Optional<Long> maxTimestamp() {
    return count == 0 ? Optional.empty() : Optional.of(maxT);
  }

  public int maxX() {
    return maxX;
  }

  public int maxY() {
    return maxY;
  }

  public int minX() {
    return minX;
  }

  public int minY() {
    return minY;
  }

  /** How many times a timestamp was smaller than its predecessor (0 for a sorted stream). */
  public long timestampDecreases() {
    return timestampDecreases;
  }

  /** The smallest geometry holding every event ({@code max + 1}), if there are events. */
  public Optional<SensorGeometry> inferredGeometry() {
    if (count == 0 || minX < 0 || minY < 0) {
      return Optional.empty();
    }
    return Optional.of(new SensorGeometry(maxX + 1, maxY + 1));
  }

  /** Ordered key/value view for printing. */
  public Map<String, Object> toMap() {
    Map<String, Object> map = new LinkedHashMap<>();
    map.put("events", count);
    map.put("on", on);
    map.put("off", count - on);
    map.put("first_t_us", firstTimestamp().orElse(null));
    map.put("last_t_us", lastTimestamp().orElse(null));
    map.put("min_t_us", minTimestamp().orElse(null));
    map.put("max_t_us", maxTimestamp().orElse(null));
    map.put("min_x", count == 0 ? null : minX);
    map.put("max_x", count == 0 ? null : maxX);
    map.put("min_y", count == 0 ? null : minY);
    map.put("max_y", count == 0 ? null : maxY);
    map.put("timestamp_decreases", timestampDecreases);
    return map;
  }
}
