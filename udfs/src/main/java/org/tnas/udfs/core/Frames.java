package org.tnas.udfs.core;

import java.util.Objects;
import org.tnas.formats.events.EventBatch;
import org.tnas.formats.events.SensorGeometry;

/**
 * The frame kernel: accumulates a sample's events into frames of shape {@code (slices, 2, height,
 * width)} ({@link FrameTensor}). Pure and stateless: the input is never modified, the result is a
 * new array. Thread safe.
 *
 * <p>Differences from Tonic's {@code to_frame_numpy} (on purpose): the sensor size is always
 * explicit (never inferred from the data); an empty sample gives zero frames of the normal shape
 * and type (Tonic returns float64 zeros with width and height swapped); polarity must be 0/1
 * (Tonic silently merges -1/+1 into one channel); the time-bin and event-bin slicings keep every
 * event (see {@link Slicing.ByTimeBins}, {@link Slicing.ByEventBins}); {@link FrameMode#BINARY}
 * gives 0/1 frames directly.
 */
public final class Frames {
  /** Number of polarity channels. */
  public static final int POLARITIES = 2;

  private Frames() {}

  /** Frames at the sensor's own resolution. */
  public static FrameTensor toFrames(EventBatch events, SensorGeometry geometry, Slicing slicing, FrameMode mode) {
    Objects.requireNonNull(geometry, "geometry is null");
    return toFrames(events, geometry, slicing, mode, PixelRegion.of(geometry), geometry.width(), geometry.height());
  }

  /**
   * Frames of the events inside {@code region}, rescaled to {@code width x height} (events outside
   * the region are ignored). Down-scaling sums neighbouring pixels (every event counts);
   * up-scaling is exactly a nearest-neighbour resize of the frame (see the axis mapping in the
   * package documentation).
   *
   * @throws org.tnas.formats.errors.ProjectException if an event is invalid ({@link EventChecks})
   * @throws IllegalArgumentException if the region is not on the sensor or a size is not positive
   */
  public static FrameTensor toFrames(
      EventBatch events,
      SensorGeometry geometry,
      Slicing slicing,
      FrameMode mode,
      PixelRegion region,
      int width,
      int height) {
    Objects.requireNonNull(slicing, "slicing is null");
    Objects.requireNonNull(mode, "mode is null");
    Objects.requireNonNull(region, "region is null");
    EventChecks.requireValid(events, geometry);
    region.requireInside(geometry);
    if (width <= 0 || height <= 0) {
      throw new IllegalArgumentException("Invalid frame size: " + width + "x" + height);
    }
    int[] bounds = slicing.sliceBounds(events.t(), events.size());
    int slices = bounds.length / 2;
    long total = (long) slices * POLARITIES * height * width;
    if (total > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException("Cannot allocate frames: " + slices + "x2x" + height + "x" + width);
    }
    float[] values = new float[(int) total];
    AxisMap xs = AxisMap.of(geometry.width(), region.x(), region.width(), width);
    AxisMap ys = AxisMap.of(geometry.height(), region.y(), region.height(), height);
    for (int s = 0; s < slices; s++) {
      accumulate(events, bounds[2 * s], bounds[2 * s + 1], s, xs, ys, width, height, mode, values);
    }
    return new FrameTensor(slices, POLARITIES, height, width, values);
  }

  private static void accumulate(
      EventBatch events, int from, int to, int slice, AxisMap xs, AxisMap ys,
      int width, int height, FrameMode mode, float[] values) {
    short[] x = events.x();
    short[] y = events.y();
    byte[] p = events.p();
    int plane = height * width;
    int base = slice * POLARITIES * plane;
    int[] firstX = xs.first;
    int[] firstY = ys.first;
    boolean binary = mode == FrameMode.BINARY;
    if (xs.single && ys.single) {
      for (int i = from; i < to; i++) {
        int fx = firstX[x[i]];
        int fy = firstY[y[i]];
        if ((fx | fy) < 0) {
          continue;
        }
        int index = base + p[i] * plane + fy * width + fx;
        values[index] = binary ? 1f : values[index] + 1f;
      }
      return;
    }
    int[] countX = xs.count;
    int[] countY = ys.count;
    for (int i = from; i < to; i++) {
      int fx = firstX[x[i]];
      int fy = firstY[y[i]];
      if ((fx | fy) < 0) {
        continue;
      }
      int origin = base + p[i] * plane;
      for (int row = fy; row < fy + countY[y[i]]; row++) {
        for (int column = fx; column < fx + countX[x[i]]; column++) {
          int index = origin + row * width + column;
          values[index] = binary ? 1f : values[index] + 1f;
        }
      }
    }
  }
}
