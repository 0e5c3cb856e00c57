package org.tnas.pipelines.video;

import java.util.ArrayDeque;
import java.util.NoSuchElementException;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.global.opencv_imgproc;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Size;
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
 *       directions)), capped at {@code maxFactor}; dense flow by OpenCV's DIS (a {@link FlowPreset},
 *       MEDIUM unless given, on the frames rounded to 8 bits, each frame rounded once; at a {@link
 *       FlowResolution}, FULL unless given: HALF computes it on the frames shrunk by 2 and scales it
 *       back). v2e takes the maximum over a batch of 8 pairs; here it is per pair.
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
  private final FlowPreset preset;
  private final FlowResolution resolution;
  private final DISOpticalFlow flow;
  private final ArrayDeque<TimedFrame> pending = new ArrayDeque<>();
  private TimedFrame previous;
  /**
   * The previous frame rounded to 8 bits, shrunk for a half-resolution flow (optical flow only):
   * each frame is rounded and shrunk once.
   */
  private Mat previousBytes;
  private byte[] byteScratch;
  private float[] forward;
  private float[] backward;
  private int lastFactor = 1;
  private long pairs;
  private long factorSum;

  private FrameInterpolator(FrameSource source, int fixedFactor, int maxFactor, FlowPreset preset, FlowResolution resolution) {
    super(source);
    this.fixedFactor = fixedFactor;
    this.maxFactor = maxFactor;
    this.preset = preset;
    this.resolution = resolution;
    this.flow = fixedFactor == 0 ? DISOpticalFlow.create(preset.opencvPreset()) : null;
  }

  /** Linear interpolation with a fixed factor (1 passes frames through). */
  public static FrameInterpolator linear(FrameSource source, int factor) {
    if (factor < 1) {
      throw new IllegalArgumentException("Invalid upsampling factor: " + factor);
    }
    return new FrameInterpolator(source, factor, factor, null, null);
  }

  /** Optical-flow interpolation with v2e's automatic factor, at most {@code maxFactor}, DIS preset MEDIUM. */
  public static FrameInterpolator opticalFlow(FrameSource source, int maxFactor) {
    return opticalFlow(source, maxFactor, FlowPreset.MEDIUM);
  }

  /**
   * Optical-flow interpolation with v2e's automatic factor, at most {@code maxFactor}, with the given
   * DIS preset on the full-resolution frames.
   */
  public static FrameInterpolator opticalFlow(FrameSource source, int maxFactor, FlowPreset preset) {
    return opticalFlow(source, maxFactor, preset, FlowResolution.FULL);
  }

  /**
   * Optical-flow interpolation with v2e's automatic factor, at most {@code maxFactor}, with the given
   * DIS preset, the flow computed at the given resolution.
   */
  public static FrameInterpolator opticalFlow(FrameSource source, int maxFactor, FlowPreset preset, FlowResolution resolution) {
    java.util.Objects.requireNonNull(preset, "preset is null");
    java.util.Objects.requireNonNull(resolution, "resolution is null");
    if (maxFactor < 2) {
      throw new IllegalArgumentException("Invalid maximum upsampling factor: " + maxFactor);
    }
    return new FrameInterpolator(source, 0, maxFactor, preset, resolution);
  }

  /** v2e's rule: {@code max(2, ceil(largest flow magnitude in pixels))}. */
  public static int factorForFlow(double largestFlowMagnitude) {
    if (!(largestFlowMagnitude >= 0) || Double.isInfinite(largestFlowMagnitude)) {
      throw new IllegalArgumentException("Invalid flow magnitude: " + largestFlowMagnitude);
    }
    return (int) Math.max(2, Math.ceil(largestFlowMagnitude));
  }

  /**
   * One flow-warped frame at fraction {@code t} (0..1) between {@code a} and {@code b}, exactly as the
   * optical-flow interpolator makes it, with the largest flow magnitude of the pair (both
   * directions) from which v2e's rule takes the factor. For measurements (e.g. holding out a real
   * frame); a stream should use {@link #opticalFlow(FrameSource, int, FlowPreset)}. The flow at full
   * resolution.
   */
  public static Interpolated interpolateBetween(float[] a, float[] b, int width, int height, double t, FlowPreset preset) {
    return interpolateBetween(a, b, width, height, t, preset, FlowResolution.FULL);
  }

  /**
   * As {@link #interpolateBetween(float[], float[], int, int, double, FlowPreset)}, the flow computed
   * at the given resolution, exactly as {@link #opticalFlow(FrameSource, int, FlowPreset,
   * FlowResolution)} makes its frames.
   */
  public static Interpolated interpolateBetween(float[] a, float[] b, int width, int height, double t, FlowPreset preset,
      FlowResolution resolution) {
    if (!(t >= 0 && t <= 1)) {
      throw new IllegalArgumentException("Invalid interpolation fraction: " + t);
    }
    float[][] flows = flowsBetween(a, b, width, height, preset, resolution);
    double largest = Math.sqrt(Math.max(largestSquared(flows[0]), largestSquared(flows[1])));
    return new Interpolated(warpBlend(a, b, flows[0], flows[1], width, height, t), largest);
  }

  /**
   * The flows of a pair as the interpolator computes them: {@code {forward (a to b), backward (b to
   * a)}}, each interleaved (dx, dy) per pixel of the full-resolution frame, in its pixels.
   */
  static float[][] flowsBetween(float[] a, float[] b, int width, int height, FlowPreset preset, FlowResolution resolution) {
    java.util.Objects.requireNonNull(preset, "preset is null");
    java.util.Objects.requireNonNull(resolution, "resolution is null");
    if (a.length != width * height || b.length != width * height) {
      throw new IllegalArgumentException("Invalid frame size: " + a.length + " and " + b.length + " pixels, expected " + width * height);
    }
    float[] forward = new float[2 * width * height];
    float[] backward = new float[2 * width * height];
    byte[] scratch = new byte[width * height];
    DISOpticalFlow dis = DISOpticalFlow.create(preset.opencvPreset());
    try (dis; Mat first = flowInput(a, width, height, scratch, resolution);
        Mat second = flowInput(b, width, height, scratch, resolution)) {
      denseFlow(dis, first, second, forward, width, height);
      denseFlow(dis, second, first, backward, width, height);
    }
    return new float[][] {forward, backward};
  }

  /**
   * A flow-warped frame and the largest optical-flow magnitude of its pair.
   *
   * @param gray the frame, gray 0..255 (not rounded)
   * @param largestFlow the largest flow magnitude in pixels over both directions
   */
  public record Interpolated(float[] gray, double largestFlow) {}

  /** The DIS preset (null for linear interpolation). */
  public FlowPreset preset() {
    return preset;
  }

  /** The resolution of the optical flow (null for linear interpolation). */
  public FlowResolution resolution() {
    return resolution;
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
      if (forward == null) {
        forward = new float[2 * width * height];
        backward = new float[2 * width * height];
        byteScratch = new byte[width * height];
      }
      if (previousBytes == null) {
        previousBytes = flowInput(a.gray(), width, height, byteScratch, resolution);
      }
      Mat nextBytes = flowInput(b.gray(), width, height, byteScratch, resolution);
      try {
        denseFlow(flow, previousBytes, nextBytes, forward, width, height);
        denseFlow(flow, nextBytes, previousBytes, backward, width, height);
      } finally {
        previousBytes.close();
        previousBytes = nextBytes;
      }
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

  /**
   * Dense flow from {@code from} to {@code to} into {@code result} as interleaved (dx, dy) per pixel
   * of a {@code width} x {@code height} frame. When the inputs are smaller (a half-resolution flow),
   * the flow is resized to the frame bilinearly and each component multiplied by the size ratio of
   * its axis (2 for even sizes, exact in float). The flow matrix is new for every call: DIS takes a
   * matrix of the right size and type as its initial flow, so reusing one would change the result.
   */
  private static void denseFlow(DISOpticalFlow dis, Mat from, Mat to, float[] result, int width, int height) {
    try (Mat flowMat = new Mat()) {
      dis.calc(from, to, flowMat);
      if (from.cols() == width && from.rows() == height) {
        new FloatPointer(flowMat.data()).get(result, 0, result.length);
        return;
      }
      try (Mat resized = new Mat(); Size size = new Size(width, height)) {
        opencv_imgproc.resize(flowMat, resized, size, 0, 0, opencv_imgproc.INTER_LINEAR);
        new FloatPointer(resized.data()).get(result, 0, result.length);
      }
      float scaleX = (float) ((double) width / from.cols());
      float scaleY = (float) ((double) height / from.rows());
      for (int i = 0; i < result.length; i += 2) {
        result[i] *= scaleX;
        result[i + 1] *= scaleY;
      }
    }
  }

  /**
   * The frame as DIS takes it: rounded to 8 bits, and for {@link FlowResolution#HALF} shrunk to
   * {@code ceil(width / 2) x ceil(height / 2)} with {@code INTER_AREA} (2x2 means for even sizes).
   */
  private static Mat flowInput(float[] gray, int width, int height, byte[] scratch, FlowResolution resolution) {
    Mat bytes = toBytes(gray, width, height, scratch);
    if (resolution == FlowResolution.FULL) {
      return bytes;
    }
    try (bytes; Size size = new Size((width + 1) / 2, (height + 1) / 2)) {
      Mat half = new Mat();
      opencv_imgproc.resize(bytes, half, size, 0, 0, opencv_imgproc.INTER_AREA);
      return half;
    }
  }

  private static Mat toBytes(float[] gray, int width, int height, byte[] scratch) {
    for (int i = 0; i < gray.length; i++) {
      scratch[i] = (byte) Math.max(0, Math.min(255, Math.round(gray[i])));
    }
    Mat mat = new Mat(height, width, opencv_core.CV_8UC1);
    mat.data().put(scratch, 0, gray.length);
    return mat;
  }

  /**
   * The flow-warped blend at fraction {@code t}: for every pixel, both flows at t (SuperSloMo's
   * approximation), a bilinear sample of each image there (border clamped), blended {@code (1-t),
   * t}. One loop over the arrays with the time coefficients hoisted and the sampling inlined; the
   * arithmetic (double precision) and its order per pixel are those of the per-pixel formula in
   * the class comment, so the frames are bit for bit what the earlier per-pixel version made.
   */
  static float[] warpBlend(float[] a, float[] b, float[] forward, float[] backward, int width, int height, double t) {
    float[] out = new float[width * height];
    double s = 1 - t;
    double forwardAt0 = -s * t;
    double backwardAt0 = t * t;
    double forwardAt1 = s * s;
    double backwardAt1 = t * s;
    double right = width - 1;
    double bottom = height - 1;
    int lastColumn = width - 1;
    int lastRow = height - 1;
    for (int y = 0; y < height; y++) {
      int row = y * width;
      for (int x = 0; x < width; x++) {
        int p = row + x;
        double f01x = forward[2 * p];
        double f01y = forward[2 * p + 1];
        double f10x = backward[2 * p];
        double f10y = backward[2 * p + 1];
        // sample a at (x, y) + F_t0
        double ax = Math.max(0, Math.min(right, x + (forwardAt0 * f01x + backwardAt0 * f10x)));
        double ay = Math.max(0, Math.min(bottom, y + (forwardAt0 * f01y + backwardAt0 * f10y)));
        int ax0 = (int) ax;
        int ay0 = (int) ay;
        int ax1 = Math.min(lastColumn, ax0 + 1);
        int ay1 = Math.min(lastRow, ay0 + 1);
        double afx = ax - ax0;
        double afy = ay - ay0;
        int aTop = ay0 * width;
        int aBottom = ay1 * width;
        double aUpper = (1 - afx) * a[aTop + ax0] + afx * a[aTop + ax1];
        double aLower = (1 - afx) * a[aBottom + ax0] + afx * a[aBottom + ax1];
        double fromA = (1 - afy) * aUpper + afy * aLower;
        // sample b at (x, y) + F_t1
        double bx = Math.max(0, Math.min(right, x + (forwardAt1 * f01x - backwardAt1 * f10x)));
        double by = Math.max(0, Math.min(bottom, y + (forwardAt1 * f01y - backwardAt1 * f10y)));
        int bx0 = (int) bx;
        int by0 = (int) by;
        int bx1 = Math.min(lastColumn, bx0 + 1);
        int by1 = Math.min(lastRow, by0 + 1);
        double bfx = bx - bx0;
        double bfy = by - by0;
        int bTop = by0 * width;
        int bBottom = by1 * width;
        double bUpper = (1 - bfx) * b[bTop + bx0] + bfx * b[bTop + bx1];
        double bLower = (1 - bfx) * b[bBottom + bx0] + bfx * b[bBottom + bx1];
        double fromB = (1 - bfy) * bUpper + bfy * bLower;
        out[p] = (float) (s * fromA + t * fromB);
      }
    }
    return out;
  }

  @Override
  public void close() {
    try {
      source.close();
    } finally {
      if (previousBytes != null) {
        previousBytes.close();
        previousBytes = null;
      }
      if (flow != null) {
        flow.close();
      }
    }
  }
}
