package org.tnas.udfs.core;

import java.util.Arrays;
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

  /**
   * Samples of at least this many events take the vectorised pass ({@link FrameVectorPass}) when
   * it is available; smaller ones the scalar loop (a vector pass has a fixed cost per chunk).
   */
  static final int VECTOR_MINIMUM = 64;

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
    return toFrames(events, geometry, slicing, mode, region, width, height,
        VectorSupport.AVAILABLE && events != null && events.size() >= VECTOR_MINIMUM);
  }

  /**
   * As above; {@code vectorPass} lets a one-to-one binning (whole sensor at its own size) take
   * {@link FrameVectorPass} (tests compare both ways; the result is the same).
   */
  static FrameTensor toFrames(
      EventBatch events,
      SensorGeometry geometry,
      Slicing slicing,
      FrameMode mode,
      PixelRegion region,
      int width,
      int height,
      boolean vectorPass) {
    Objects.requireNonNull(slicing, "slicing is null");
    Objects.requireNonNull(mode, "mode is null");
    Objects.requireNonNull(region, "region is null");
    Objects.requireNonNull(events, "events is null");
    Objects.requireNonNull(geometry, "geometry is null");
    region.requireInside(geometry);
    if (width <= 0 || height <= 0) {
      throw new IllegalArgumentException("Invalid frame size: " + width + "x" + height);
    }
    int n = events.size();
    // Fast path: timestamps and polarities are checked by vectorised passes; coordinates off the
    // sensor make the axis tables throw ArrayIndexOutOfBoundsException inside the binning loop
    // (the JVM's bounds checks double as range checks), which is turned into the checker's
    // message. Slicings that skip events get the full check first.
    AxisMap xs = AxisMap.of(geometry.width(), region.x(), region.width(), width);
    AxisMap ys = AxisMap.of(geometry.height(), region.y(), region.height(), height);
    // With the whole sensor mapped one-to-one per axis every event is binned, so a polarity other
    // than 0/1 hits the invalid entry of the polarity offset table and fails inside the loop too.
    boolean checksPolarityWhileBinning = xs.single && ys.single && region.equals(PixelRegion.of(geometry));
    if (!EventChecks.timesValid(events.t(), n) || (!checksPolarityWhileBinning && !EventChecks.polaritiesValid(events.p(), n))) {
      EventChecks.requireValid(events, geometry);
    }
    int[] bounds = slicing.sliceBounds(events.t(), n);
    int slices = bounds.length / 2;
    boolean partition = bounds[0] == 0 && bounds[bounds.length - 1] == n;
    for (int s = 1; s < slices && partition; s++) {
      partition = bounds[2 * s] == bounds[2 * s - 1];
    }
    if (!partition) {
      EventChecks.requireValid(events, geometry);
    }
    long total = (long) slices * POLARITIES * height * width;
    if (total > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException("Cannot allocate frames: " + slices + "x2x" + height + "x" + width);
    }
    float[] values = new float[(int) total];
    boolean oneToOne = checksPolarityWhileBinning && width == geometry.width() && height == geometry.height();
    if (oneToOne && vectorPass) {
      for (int s = 0; s < slices; s++) {
        if (!FrameVectorPass.binOneToOne(events.x(), events.y(), events.p(), bounds[2 * s], bounds[2 * s + 1],
            s * POLARITIES * height * width, width, height, mode == FrameMode.BINARY, values)) {
          EventChecks.requireValid(events, geometry);
          throw new IllegalStateException("Cannot bin events: the vectorised check failed on valid events");
        }
      }
      return new FrameTensor(slices, POLARITIES, height, width, values);
    }
    try {
      for (int s = 0; s < slices; s++) {
        accumulate(events, bounds[2 * s], bounds[2 * s + 1], s, xs, ys, width, height, mode, values);
      }
    } catch (ArrayIndexOutOfBoundsException offSensor) {
      EventChecks.requireValid(events, geometry);
      throw new IllegalStateException("Cannot bin events: unexpected index failure", offSensor);
    }
    return new FrameTensor(slices, POLARITIES, height, width, values);
  }

  /**
   * Adds events {@code [from, to)} to slice {@code slice}. A coordinate off the sensor throws
   * ArrayIndexOutOfBoundsException from the axis tables (which are exactly one sensor side long);
   * polarities are already known to be 0/1.
   */
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
    if (xs.single && ys.single) {
      // precomputed offsets instead of multiplies: row start per y (negative = outside the region)
      // and polarity plane per p (0 -> 0, 1 -> plane, anything else -> an index that throws)
      int[] rowOffset = new int[firstY.length];
      for (int r = 0; r < rowOffset.length; r++) {
        rowOffset[r] = firstY[r] < 0 ? -1 : firstY[r] * width;
      }
      int[] polarityOffset = new int[256];
      Arrays.fill(polarityOffset, Integer.MIN_VALUE);
      polarityOffset[0] = base;
      polarityOffset[1] = base + plane;
      // separate loops per mode: the binary one only stores (no read-modify-write dependency)
      if (mode == FrameMode.BINARY) {
        for (int i = from; i < to; i++) {
          int fx = firstX[x[i]];
          int row = rowOffset[y[i]];
          if ((fx | row) >= 0) {
            values[polarityOffset[p[i] & 0xFF] + row + fx] = 1f;
          }
        }
      } else {
        for (int i = from; i < to; i++) {
          int fx = firstX[x[i]];
          int row = rowOffset[y[i]];
          if ((fx | row) >= 0) {
            values[polarityOffset[p[i] & 0xFF] + row + fx] += 1f;
          }
        }
      }
      return;
    }
    boolean binary = mode == FrameMode.BINARY;
    int[] countX = xs.count;
    int[] countY = ys.count;
    for (int i = from; i < to; i++) {
      int fx = firstX[x[i]];
      int fy = firstY[y[i]];
      if ((fx | fy) < 0) {
        continue;
      }
      int origin = base + p[i] * plane;
      int rows = countY[y[i]];
      int columns = countX[x[i]];
      for (int row = fy; row < fy + rows; row++) {
        for (int column = fx; column < fx + columns; column++) {
          int index = origin + row * width + column;
          values[index] = binary ? 1f : values[index] + 1f;
        }
      }
    }
  }
}
