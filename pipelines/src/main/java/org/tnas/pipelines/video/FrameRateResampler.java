package org.tnas.pipelines.video;

import java.util.NoSuchElementException;
import java.util.Objects;

/**
 * Resamples a frame stream to a target rate: output frame {@code k} has time {@code k / targetFps}
 * (from the first source frame's time) for every such time up to the last source frame's time. Its
 * content is the nearest source frame ({@link Method#NEAREST}: frames are dropped or repeated) or the
 * linear blend of the two source frames around it ({@link Method#LINEAR}). Holds two source frames.
 * Takes ownership of the source (closes it). Not thread safe.
 */
public final class FrameRateResampler extends ForwardingFrameSource {
  /** How an output frame between two source frames is made. */
  public enum Method {
    NEAREST,
    LINEAR
  }

  private final double targetFps;
  private final Method method;
  private TimedFrame before;
  private TimedFrame after;
  private double start;
  private long index;
  private boolean started;

  public FrameRateResampler(FrameSource source, double targetFps, Method method) {
    super(source);
    this.method = Objects.requireNonNull(method, "method is null");
    if (!(targetFps > 0) || Double.isInfinite(targetFps)) {
      throw new IllegalArgumentException("Invalid target frame rate: " + targetFps);
    }
    this.targetFps = targetFps;
  }

  @Override
  public double fps() {
    return targetFps;
  }

  private double nextTime() {
    return start + index / targetFps;
  }

  @Override
  public boolean hasNext() {
    if (!started) {
      started = true;
      if (!source.hasNext()) {
        return false;
      }
      before = source.next();
      start = before.timeSeconds();
      after = source.hasNext() ? source.next() : null;
    }
    double t = nextTime();
    // advance so that before.time <= t < after.time (or after is the last frame)
    while (after != null && after.timeSeconds() <= t) {
      before = after;
      after = source.hasNext() ? source.next() : null;
    }
    return after != null || before.timeSeconds() >= t - 1e-9 * Math.max(1, t);
  }

  @Override
  public TimedFrame next() {
    if (!hasNext()) {
      throw new NoSuchElementException("Cannot read past the last frame of " + source.source());
    }
    double t = nextTime();
    index++;
    if (after == null || t <= before.timeSeconds()) {
      return new TimedFrame(before.gray(), t);
    }
    double w = (t - before.timeSeconds()) / (after.timeSeconds() - before.timeSeconds());
    if (method == Method.NEAREST) {
      return new TimedFrame(w < 0.5 ? before.gray() : after.gray(), t);
    }
    float[] a = before.gray();
    float[] b = after.gray();
    float[] mixed = new float[a.length];
    float wb = (float) w;
    float wa = 1 - wb;
    for (int i = 0; i < mixed.length; i++) {
      mixed[i] = wa * a[i] + wb * b[i];
    }
    return new TimedFrame(mixed, t);
  }

}
