package org.tnas.pipelines.video;

import java.util.ArrayDeque;
import java.util.NoSuchElementException;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_video.DISOpticalFlow;

/**
 * Temporal upsampling of a low-frame-rate stream, streamed (holds two source frames and the frames
 * made between them). Between consecutive source frames I0 (time t0) and I1 (t1), {@code U - 1}
 * frames are inserted at {@code t0 + (j / U)(t1 - t0)}, j = 1..U-1; every source frame is emitted
 * too, at its own time.
 *
 * <ul>
 *   <li>{@link #linear(FrameSource, int)}: fixed factor U, pixel-wise blend {@code (1 - t) I0 + t I1}.
 *   <li>{@link #opticalFlow(FrameSource, int)}: v2e's automatic rule for the factor (EMULATOR.md
 *       sections 10 and 14): U = max(2, ceil(largest optical-flow magnitude in pixels, both
 *       directions)), capped at {@code maxFactor}; dense flow by OpenCV's DIS (preset MEDIUM, on the
 *       frames rounded to 8 bits). v2e takes the maximum over a batch of 8 pairs; here it is per pair.
 *       Intermediate frames are flow-warped blends with SuperSloMo's flow approximation without its
 *       refinement network: {@code F_t0 = -(1-t) t F01 + t^2 F10}, {@code F_t1 = (1-t)^2 F01 - t(1-t)
 *       F10}, {@code I_t = (1-t) I0(x + F_t0) + t I1(x + F_t1)} (bilinear sampling, border
 *       clamped). Unlike v2e's SuperSloMo path, frames are stamped at the time they depict.
 * </ul>
 *
 * Takes ownership of the source. Holds a native DIS instance: not thread safe, close it.
 */
public final class FrameInterpolator extends ForwardingFrameSource {
  private final int fixedFactor;
  private final int maxFactor;
  private final DISOpticalFlow flow;
  private final ArrayDeque<TimedFrame> pending = new ArrayDeque<>();
  private TimedFrame previous;
  private int lastFactor = 1;
  private long pairs;
  private long factorSum;

  private FrameInterpolator(FrameSource source, int fixedFactor, int maxFactor) {
    super(source);
    this.fixedFactor = fixedFactor;
    this.maxFactor = maxFactor;
    this.flow = fixedFactor == 0 ? DISOpticalFlow.create(DISOpticalFlow.PRESET_MEDIUM) : null;
  }

  /** Linear interpolation with a fixed factor (1 passes frames through). */
  public static FrameInterpolator linear(FrameSource source, int factor) {
    if (factor < 1) {
      throw new IllegalArgumentException("Invalid upsampling factor: " + factor);
    }
    return new FrameInterpolator(source, factor, factor);
  }

  /** Optical-flow interpolation with v2e's automatic factor, at most {@code maxFactor}. */
  public static FrameInterpolator opticalFlow(FrameSource source, int maxFactor) {
    if (maxFactor < 2) {
      throw new IllegalArgumentException("Invalid maximum upsampling factor: " + maxFactor);
    }
    return new FrameInterpolator(source, 0, maxFactor);
  }

  /** v2e's rule: {@code max(2, ceil(largest flow magnitude in pixels))}. */
  public static int factorForFlow(double largestFlowMagnitude) {
    if (!(largestFlowMagnitude >= 0) || Double.isInfinite(largestFlowMagnitude)) {
      throw new IllegalArgumentException("Invalid flow magnitude: " + largestFlowMagnitude);
    }
    return (int) Math.max(2, Math.ceil(largestFlowMagnitude));
  }

  /** The factor used between the last two source frames. */
  public int lastFactor() {
    return lastFactor;
  }

  /** Mean factor over the source pairs so far (1 before the second frame). */
  public double meanFactor() {
    return pairs == 0 ? 1 : (double) factorSum / pairs;
  }

  /** The source rate times the fixed factor (optical flow: the source rate times the mean factor so far). */
  @Override
  public double fps() {
    return source.fps() * (fixedFactor > 0 ? fixedFactor : meanFactor());
  }

  @Override
  public boolean hasNext() {
    return !pending.isEmpty() || source.hasNext();
  }

  @Override
  public TimedFrame next() {
    if (pending.isEmpty()) {
      if (!source.hasNext()) {
        throw new NoSuchElementException("Cannot read past the last frame of " + source.source());
      }
      TimedFrame frame = source.next();
      if (previous != null) {
        interpolate(previous, frame);
      }
      pending.add(frame);
      previous = frame;
    }
    return pending.poll();
  }

  private void interpolate(TimedFrame a, TimedFrame b) {
    int width = source.width();
    int height = source.height();
    if (a.gray().length != width * height || b.gray().length != width * height) {
      throw new IllegalArgumentException("Invalid frame size: " + b.gray().length + " pixels, expected " + width * height);
    }
    double dt = b.timeSeconds() - a.timeSeconds();
    if (fixedFactor > 0) {
      lastFactor = fixedFactor;
      for (int j = 1; j < fixedFactor; j++) {
        double t = (double) j / fixedFactor;
        float[] mixed = new float[a.gray().length];
        float wb = (float) t;
        float wa = 1 - wb;
        for (int i = 0; i < mixed.length; i++) {
          mixed[i] = wa * a.gray()[i] + wb * b.gray()[i];
        }
        pending.add(new TimedFrame(mixed, a.timeSeconds() + t * dt));
      }
    } else {
      float[] forward = denseFlow(a.gray(), b.gray(), width, height);
      float[] backward = denseFlow(b.gray(), a.gray(), width, height);
      double largest = Math.sqrt(Math.max(largestSquared(forward), largestSquared(backward)));
      int factor = Math.min(maxFactor, factorForFlow(largest));
      lastFactor = factor;
      for (int j = 1; j < factor; j++) {
        double t = (double) j / factor;
        pending.add(new TimedFrame(warpBlend(a.gray(), b.gray(), forward, backward, width, height, t),
            a.timeSeconds() + t * dt));
      }
    }
    pairs++;
    factorSum += lastFactor;
  }

  private static double largestSquared(float[] flow) {
    double largest = 0;
    for (int i = 0; i < flow.length; i += 2) {
      largest = Math.max(largest, (double) flow[i] * flow[i] + (double) flow[i + 1] * flow[i + 1]);
    }
    return largest;
  }

  /** Dense flow from {@code from} to {@code to} as interleaved (dx, dy) per pixel. */
  private float[] denseFlow(float[] from, float[] to, int width, int height) {
    float[] result = new float[2 * width * height];
    try (Mat first = toBytes(from, width, height); Mat second = toBytes(to, width, height); Mat flowMat = new Mat()) {
      flow.calc(first, second, flowMat);
      new FloatPointer(flowMat.data()).get(result, 0, result.length);
    }
    return result;
  }

  private static Mat toBytes(float[] gray, int width, int height) {
    byte[] bytes = new byte[gray.length];
    for (int i = 0; i < bytes.length; i++) {
      bytes[i] = (byte) Math.max(0, Math.min(255, Math.round(gray[i])));
    }
    Mat mat = new Mat(height, width, opencv_core.CV_8UC1);
    mat.data().put(bytes, 0, bytes.length);
    return mat;
  }

  static float[] warpBlend(float[] a, float[] b, float[] forward, float[] backward, int width, int height, double t) {
    float[] out = new float[a.length];
    double s = 1 - t;
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        int p = y * width + x;
        double f01x = forward[2 * p];
        double f01y = forward[2 * p + 1];
        double f10x = backward[2 * p];
        double f10y = backward[2 * p + 1];
        double ft0x = -s * t * f01x + t * t * f10x;
        double ft0y = -s * t * f01y + t * t * f10y;
        double ft1x = s * s * f01x - t * s * f10x;
        double ft1y = s * s * f01y - t * s * f10y;
        out[p] = (float) (s * sample(a, width, height, x + ft0x, y + ft0y) + t * sample(b, width, height, x + ft1x, y + ft1y));
      }
    }
    return out;
  }

  /** Bilinear sample with clamped borders. */
  static double sample(float[] image, int width, int height, double x, double y) {
    x = Math.max(0, Math.min(width - 1, x));
    y = Math.max(0, Math.min(height - 1, y));
    int x0 = (int) x;
    int y0 = (int) y;
    int x1 = Math.min(width - 1, x0 + 1);
    int y1 = Math.min(height - 1, y0 + 1);
    double fx = x - x0;
    double fy = y - y0;
    double top = (1 - fx) * image[y0 * width + x0] + fx * image[y0 * width + x1];
    double bottom = (1 - fx) * image[y1 * width + x0] + fx * image[y1 * width + x1];
    return (1 - fy) * top + fy * bottom;
  }

  @Override
  public void close() {
    try {
      source.close();
    } finally {
      if (flow != null) {
        flow.close();
      }
    }
  }
}
