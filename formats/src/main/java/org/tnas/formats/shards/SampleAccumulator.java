package org.tnas.formats.shards;

import org.tnas.formats.errors.EventErrorCode;
import org.tnas.formats.errors.EventFormatException;
import org.tnas.formats.events.EventBatch;
import org.tnas.formats.events.SensorGeometry;

/**
 * Validates the events of one sample against the canonical schema while counting them: coordinates
 * inside the sensor (or non-negative when the geometry is not yet known), polarity 0/1, timestamps
 * non-negative. Keeps the counts and ranges that go into the sample entry. Not thread safe.
 */
final class SampleAccumulator {
  private final String sampleId;
  private final SensorGeometry geometry;
  private long events;
  private long on;
  private long minT = Long.MAX_VALUE;
  private long maxT = Long.MIN_VALUE;
  private int maxX = -1;
  private int maxY = -1;

  /** @param geometry the declared geometry, or null to check only non-negativity and infer it */
  SampleAccumulator(String sampleId, SensorGeometry geometry) {
    this.sampleId = sampleId;
    this.geometry = geometry;
  }

  void accept(EventBatch batch, int from, int count) {
    short[] x = batch.x();
    short[] y = batch.y();
    long[] t = batch.t();
    byte[] p = batch.p();
    int end = from + count;
    // Branch-free reductions first (the JIT keeps these loops tight); only when a bound is violated
    // is the chunk scanned again to name the first offending event.
    int width = geometry == null ? SensorGeometry.MAX_SIDE : geometry.width();
    int height = geometry == null ? SensorGeometry.MAX_SIDE : geometry.height();
    int highX = -1;
    int highY = -1;
    int outside = 0;
    if (geometry != null) {
      // a value v is in [0, side) exactly when v and (side - 1 - v) are both non-negative: OR them
      // all and test the sign bit once (an OR reduction vectorises, min/max over shorts does not)
      int lastX = width - 1;
      int lastY = height - 1;
      for (int i = from; i < end; i++) {
        int xi = x[i];
        int yi = y[i];
        outside |= xi | (lastX - xi) | yi | (lastY - yi);
      }
    } else {
      for (int i = from; i < end; i++) {
        int xi = x[i];
        int yi = y[i];
        highX = Math.max(highX, xi);
        highY = Math.max(highY, yi);
        outside |= xi | yi;
      }
    }
    long lowT = Long.MAX_VALUE;
    long highT = Long.MIN_VALUE;
    for (int i = from; i < end; i++) {
      // branches, not conditional moves: timestamps are (nearly) sorted, so these are predictable
      long ti = t[i];
      if (ti < lowT) {
        lowT = ti;
      }
      if (ti > highT) {
        highT = ti;
      }
    }
    int localOn = 0;
    int badPolarity = 0;
    for (int i = from; i < end; i++) {
      int pi = p[i];
      localOn += pi;
      badPolarity |= pi & ~1;
    }
    if (count > 0 && (outside < 0 || lowT < 0 || badPolarity != 0)) {
      for (int i = from; i < end; i++) {
        int xi = x[i];
        int yi = y[i];
        if (xi < 0 || xi >= width || yi < 0 || yi >= height || t[i] < 0 || (p[i] & ~1) != 0) {
          throw invalid(i - from, xi, yi, t[i], p[i]);
        }
      }
    }
    on += localOn;
    minT = Math.min(minT, lowT);
    maxT = Math.max(maxT, highT);
    maxX = Math.max(maxX, highX);
    maxY = Math.max(maxY, highY);
    events += count;
  }

  private EventFormatException invalid(int index, int xi, int yi, long ti, int pi) {
    String problem;
    if (ti < 0) {
      problem = "Invalid event timestamp: " + ti + " us is negative";
    } else if ((pi & ~1) != 0) {
      problem = "Invalid event polarity: " + pi + ", expected 0 or 1";
    } else {
      problem =
          "Invalid event coordinates: (" + xi + ", " + yi + ") outside sensor "
              + (geometry == null ? "(negative)" : geometry.toString());
    }
    return new EventFormatException(EventErrorCode.INVALID_EVENT, "sample " + sampleId, events + index, problem);
  }

  long events() {
    return events;
  }

  /** The declared geometry, else the smallest one holding every event (1x1 for no events). */
  SensorGeometry geometry() {
    return geometry != null ? geometry : new SensorGeometry(Math.max(1, maxX + 1), Math.max(1, maxY + 1));
  }

  SampleEntry entry(org.tnas.formats.samples.SampleRecord record, int firstBatch, int batchCount) {
    boolean empty = events == 0;
    return new SampleEntry(
        record, geometry(), events, on, firstBatch, batchCount, empty ? 0 : minT, empty ? 0 : maxT);
  }
}
