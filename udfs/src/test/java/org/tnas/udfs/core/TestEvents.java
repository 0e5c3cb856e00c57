package org.tnas.udfs.core;

import java.util.SplittableRandom;
import org.tnas.formats.events.EventBatch;
import org.tnas.formats.events.SensorGeometry;

/** Small event fixtures for the kernel tests. */
final class TestEvents {
  private TestEvents() {}

  /** Events from (x, y, t, p) quadruples. */
  static EventBatch of(long... xytp) {
    EventBatch batch = new EventBatch(xytp.length / 4);
    for (int i = 0; i < xytp.length; i += 4) {
      batch.add((int) xytp[i], (int) xytp[i + 1], xytp[i + 2], (int) xytp[i + 3]);
    }
    return batch;
  }

  /** Events at pixel (0, 0), polarity 1, with the given timestamps. */
  static EventBatch atTimes(long... times) {
    EventBatch batch = new EventBatch(times.length);
    for (long t : times) {
      batch.add(0, 0, t, 1);
    }
    return batch;
  }

  /** A random valid sample: n events, sorted times starting near {@code start}, with repeated timestamps. */
  static EventBatch random(long seed, int n, SensorGeometry geometry, long start) {
    SplittableRandom random = new SplittableRandom(seed);
    EventBatch batch = new EventBatch(n);
    long t = start + random.nextInt(1000);
    for (int i = 0; i < n; i++) {
      t += random.nextInt(4) == 0 ? 0 : random.nextInt(1, 50);
      batch.add(random.nextInt(geometry.width()), random.nextInt(geometry.height()), t, random.nextInt(2));
    }
    return batch;
  }

  /** Whether two batches hold the same events (valid prefix only). */
  static boolean same(EventBatch a, EventBatch b) {
    if (a.size() != b.size()) {
      return false;
    }
    for (int i = 0; i < a.size(); i++) {
      if (a.x()[i] != b.x()[i] || a.y()[i] != b.y()[i] || a.t()[i] != b.t()[i] || a.p()[i] != b.p()[i]) {
        return false;
      }
    }
    return true;
  }

  static long[] times(EventBatch batch) {
    return java.util.Arrays.copyOf(batch.t(), batch.size());
  }

  static int[] xs(EventBatch batch) {
    int[] out = new int[batch.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = batch.x()[i];
    }
    return out;
  }

  static int[] ps(EventBatch batch) {
    int[] out = new int[batch.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = batch.p()[i];
    }
    return out;
  }

  static int[] ys(EventBatch batch) {
    int[] out = new int[batch.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = batch.y()[i];
    }
    return out;
  }
}
