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
    int width = geometry == null ? SensorGeometry.MAX_SIDE : geometry.width();
    int height = geometry == null ? SensorGeometry.MAX_SIDE : geometry.height();
    long localOn = 0;
    long low = minT;
    long high = maxT;
    int highX = maxX;
    int highY = maxY;
    int end = from + count;
    for (int i = from; i < end; i++) {
      int xi = x[i];
      int yi = y[i];
      long ti = t[i];
      int pi = p[i];
      // one combined test keeps the common (valid) path to a single branch
      if (xi < 0 | xi >= width | yi < 0 | yi >= height | ti < 0 | (pi & ~1) != 0) {
        throw invalid(i - from, xi, yi, ti, pi);
      }
      localOn += pi;
      low = Math.min(low, ti);
      high = Math.max(high, ti);
      highX = Math.max(highX, xi);
      highY = Math.max(highY, yi);
    }
    on += localOn;
    minT = low;
    maxT = high;
    maxX = highX;
    maxY = highY;
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
