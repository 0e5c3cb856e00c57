package org.tnas.pipelines.convert;

import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Objects;

/**
 * Temporal upsampling by plain linear interpolation: between two consecutive frames at t0 and t1,
 * {@code factor - 1} frames are inserted at {@code t0 + k (t1 - t0) / factor} with pixel values
 * {@code (1 - k/factor) a + (k/factor) b}, k = 1..factor-1, so that a low-frame-rate clip feeds
 * the emulator the brightness ramps a faster camera would see. Factor 1 passes frames through.
 * Streams: holds at most {@code factor} frames. (v2e upsamples with SuperSloMo, or with optical
 * flow and the factor rule of EMULATOR.md section 14; that flow-based variant is not built yet.)
 */
public final class LinearUpsampling implements Iterator<TimedFrame> {
  private final Iterator<TimedFrame> source;
  private final int factor;
  private final ArrayDeque<TimedFrame> pending = new ArrayDeque<>();
  private TimedFrame previous;

  public LinearUpsampling(Iterator<TimedFrame> source, int factor) {
    this.source = Objects.requireNonNull(source, "source is null");
    if (factor < 1) {
      throw new IllegalArgumentException("Invalid upsampling factor: " + factor);
    }
    this.factor = factor;
  }

  @Override
  public boolean hasNext() {
    return !pending.isEmpty() || source.hasNext();
  }

  @Override
  public TimedFrame next() {
    if (pending.isEmpty()) {
      if (!source.hasNext()) {
        throw new NoSuchElementException("Cannot read past the last frame");
      }
      TimedFrame frame = source.next();
      if (previous != null) {
        if (frame.gray().length != previous.gray().length) {
          throw new IllegalArgumentException("Invalid frame size: " + frame.gray().length + " pixels after "
              + previous.gray().length);
        }
        for (int k = 1; k < factor; k++) {
          pending.add(between(previous, frame, (double) k / factor));
        }
      }
      pending.add(frame);
      previous = frame;
    }
    return pending.poll();
  }

  static TimedFrame between(TimedFrame a, TimedFrame b, double w) {
    float[] x = a.gray();
    float[] y = b.gray();
    float[] mixed = new float[x.length];
    for (int i = 0; i < x.length; i++) {
      mixed[i] = (float) ((1 - w) * x[i] + w * y[i]);
    }
    return new TimedFrame(mixed, a.timeSeconds() + w * (b.timeSeconds() - a.timeSeconds()));
  }
}
