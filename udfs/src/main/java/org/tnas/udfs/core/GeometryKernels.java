package org.tnas.udfs.core;

import java.util.Objects;
import java.util.random.RandomGenerator;
import org.tnas.formats.events.EventBatch;
import org.tnas.formats.events.SensorGeometry;

/**
 * Pure kernels that move events in space: flip, mirror, crop-and-resize, centre crop, spatial
 * jitter. Each validates its input with {@link EventChecks}, never modifies it, returns a new
 * batch in time order, and draws random numbers only from the generator it is given. A result may
 * share the arrays of columns it does not change with the input ({@link #flipHorizontal} shares
 * y, t and p; a same-size {@link #resize} shares t and p): treat both as read-only. Stateless and
 * thread safe.
 *
 * <p>The package-private overloads take {@link ValidEvents} and skip the input check (used by the
 * {@link BuiltInAugmentation}s).
 */
public final class GeometryKernels {
  private GeometryKernels() {}

  /** Which half of the sensor a {@link #mirror} keeps. */
  public enum Side {
    LEFT,
    RIGHT
  }

  /** What happens to an event pushed off the sensor. */
  public enum OutOfBounds {
    /** The event is removed. */
    DROP,
    /** The coordinate is clamped to the nearest edge pixel. */
    CLAMP
  }

  /**
   * Horizontal flip of the whole sample: {@code x -> width - 1 - x} (as Tonic's RandomFlipLR when it
   * fires). Only x is new: the result shares the y, t and p arrays of the input.
   */
  public static EventBatch flipHorizontal(EventBatch events, SensorGeometry geometry) {
    return flipHorizontal(EventChecks.validate(events, geometry));
  }

  static EventBatch flipHorizontal(ValidEvents valid) {
    EventBatch events = valid.events();
    SensorGeometry geometry = valid.geometry();
    int n = events.size();
    short[] x = events.x();
    short[] ox = new short[n];
    int last = geometry.width() - 1;
    for (int i = 0; i < n; i++) {
      ox[i] = (short) (last - x[i]);
    }
    return EventBatch.wrap(ox, events.y(), events.t(), events.p(), n);
  }

  /**
   * Face mirror of Spiking-FER: keeps one half of the sensor and replaces the other half by its
   * mirror image. For {@link Side#LEFT}, events with {@code x <= (W - 1) / 2} are kept and each one
   * strictly left of the centre line also appears at {@code W - 1 - x} (same t and p, right after
   * it); the events of the right half are removed. {@link Side#RIGHT} is symmetric. For even
   * {@code W} this equals the Spiking-FER frame operation {@code frames[..., W//2:] =
   * hflip(frames[..., :W//2])}; for odd {@code W} (where that code fails) the centre column is kept
   * once. At most {@code 2N} events result.
   */
  public static EventBatch mirror(EventBatch events, SensorGeometry geometry, Side side) {
    return mirror(EventChecks.validate(events, geometry), side);
  }

  static EventBatch mirror(ValidEvents valid, Side side) {
    EventBatch events = valid.events();
    SensorGeometry geometry = valid.geometry();
    Objects.requireNonNull(side, "side is null");
    int n = events.size();
    short[] x = events.x();
    short[] y = events.y();
    long[] t = events.t();
    byte[] p = events.p();
    int last = geometry.width() - 1;
    int sign = side == Side.LEFT ? 1 : -1;
    // LEFT: keep 2x <= W-1, copy 2x < W-1; RIGHT: keep 2x >= W-1, copy 2x > W-1
    int m = 0;
    // (s >>> 31) is 1 for s < 0: arithmetic instead of conditionals, which C2 may compile to
    // branches that mispredict on every other event (x is random)
    for (int i = 0; i < n; i++) {
      int side2 = sign * (last - 2 * x[i]);
      m += 1 - (side2 >>> 31) + (-side2 >>> 31);
    }
    // branch-free: always write the event and its mirror, advance by how many are kept
    short[] ox = new short[m + 2];
    short[] oy = new short[m + 2];
    long[] ot = new long[m + 2];
    byte[] op = new byte[m + 2];
    int k = 0;
    for (int i = 0; i < n; i++) {
      int xi = x[i];
      int side2 = sign * (last - 2 * xi);
      short yi = y[i];
      long ti = t[i];
      byte pi = p[i];
      ox[k] = (short) xi;
      oy[k] = yi;
      ot[k] = ti;
      op[k] = pi;
      k += 1 - (side2 >>> 31);
      ox[k] = (short) (last - xi);
      oy[k] = yi;
      ot[k] = ti;
      op[k] = pi;
      k += -side2 >>> 31;
    }
    EventBatch out = EventBatch.wrap(ox, oy, ot, op, m);
    return out;
  }

  /**
   * Crops {@code region} and rescales it to {@code width x height}; events outside the region are
   * removed. Down-scaling maps each event to {@code floor(r * target / length)} per axis (nothing is
   * dropped or merged, as Tonic's Downsample but without float truncation error); up-scaling
   * replicates each event onto every target pixel a nearest-neighbour frame resize would copy from
   * its pixel, so that binning the result equals resizing the frames with nearest interpolation
   * (the torchvision {@code RandomResizedCrop(..., NEAREST)} of Spiking-FER). Order stays sorted.
   *
   * @throws IllegalArgumentException if the region is not on the sensor, a size is not positive or
   *     the result would exceed {@code Integer.MAX_VALUE - 8} events
   */
  public static EventBatch resize(EventBatch events, SensorGeometry geometry, PixelRegion region, int width, int height) {
    return resize(EventChecks.validate(events, geometry), region, width, height);
  }

  static EventBatch resize(ValidEvents valid, PixelRegion region, int width, int height) {
    return resize(valid, region, width, height, VectorSupport.WIDE);
  }

  /** As above; {@code vectorPass} lets the copy loop take {@link ResizeVectorPass} (tests compare both ways). */
  static EventBatch resize(ValidEvents valid, PixelRegion region, int width, int height, boolean vectorPass) {
    EventBatch events = valid.events();
    SensorGeometry geometry = valid.geometry();
    Objects.requireNonNull(region, "region is null");
    region.requireInside(geometry);
    if (width <= 0 || height <= 0 || width > SensorGeometry.MAX_SIDE || height > SensorGeometry.MAX_SIDE) {
      throw new IllegalArgumentException("Invalid target size: " + width + "x" + height);
    }
    AxisMap xs = AxisMap.of(geometry.width(), region.x(), region.width(), width);
    AxisMap ys = AxisMap.of(geometry.height(), region.y(), region.height(), height);
    int n = events.size();
    short[] x = events.x();
    short[] y = events.y();
    long[] t = events.t();
    byte[] p = events.p();
    int[] firstX = xs.first;
    int[] firstY = ys.first;
    int[] countX = xs.count;
    int[] countY = ys.count;
    if (xs.single && ys.single && region.equals(PixelRegion.of(geometry))) {
      // every event maps to exactly one pixel: a plain mapping loop per column; t and p are shared
      short[] ox = new short[n];
      short[] oy = new short[n];
      for (int i = 0; i < n; i++) {
        ox[i] = (short) firstX[x[i]];
      }
      for (int i = 0; i < n; i++) {
        oy[i] = (short) firstY[y[i]];
      }
      return EventBatch.wrap(ox, oy, t, p, n);
    }
    // pass 1: the output size and the indices of the events inside the region (branch-free)
    int[] inside = new int[n + 1];
    int m = 0;
    long total = 0;
    for (int i = 0; i < n; i++) {
      int copies = countX[x[i]] * countY[y[i]];
      total += copies;
      inside[m] = i;
      m += -copies >>> 31;
    }
    int maxX = max(countX);
    int maxY = max(countY);
    int slack = maxX * maxY;
    if (total > Integer.MAX_VALUE - 8 - slack) {
      throw new IllegalArgumentException("Cannot resize: " + total + " events would result");
    }
    // pass 2: every event writes a fixed maxY x maxX block of copies (row by row) and advances only
    // over the ones inside its own rows x columns, so the loop trip counts never depend on the data
    int size = (int) total;
    if (vectorPass && maxX <= ResizeVectorPass.LANES && (long) size + ResizeVectorPass.LANES <= Integer.MAX_VALUE - 8) {
      int spare = Math.max(slack, ResizeVectorPass.LANES);
      short[] ox = new short[size + spare];
      short[] oy = new short[size + spare];
      long[] ot = new long[size + spare];
      byte[] op = new byte[size + spare];
      int written = ResizeVectorPass.copyBlocks(m, inside, x, y, t, p, xs, ys, maxY, ox, oy, ot, op);
      if (written != size) {
        throw new IllegalStateException("Cannot resize: " + written + " events written, " + size + " expected");
      }
      return EventBatch.wrap(ox, oy, ot, op, size);
    }
    short[] ox = new short[size + slack];
    short[] oy = new short[size + slack];
    long[] ot = new long[size + slack];
    byte[] op = new byte[size + slack];
    int k = 0;
    for (int j = 0; j < m; j++) {
      int i = inside[j];
      int xi = x[i];
      int yi = y[i];
      int fx = firstX[xi];
      int fy = firstY[yi];
      int cx = countX[xi];
      int cy = countY[yi];
      long ti = t[i];
      byte pi = p[i];
      for (int row = 0; row < maxY; row++) {
        // 1 while row < cy and column < cx (sign bits, no data-dependent branches)
        int rowInside = (row - cy) >>> 31;
        for (int column = 0; column < maxX; column++) {
          ox[k] = (short) (fx + column);
          oy[k] = (short) (fy + row);
          ot[k] = ti;
          op[k] = pi;
          k += ((column - cx) >>> 31) & rowInside;
        }
      }
    }
    return EventBatch.wrap(ox, oy, ot, op, size);
  }

  private static int max(int[] values) {
    int max = 0;
    for (int v : values) {
      max = Math.max(max, v);
    }
    return max;
  }

  /**
   * Tonic's CenterCrop: the output sensor is {@code width x height}; with {@code offX =
   * floorDiv(W - width, 2)} (negative when the output is larger: padding), events with {@code
   * max(offX, 0) <= x < max(offX, 0) + width} (and the same for y) are kept and shifted by {@code
   * -offX, -offY}. W = 10, width 4 keeps x 3..6 as 0..3; W = 4, width 7 keeps all as x + 2.
   */
  public static EventBatch centerCrop(EventBatch events, SensorGeometry geometry, int width, int height) {
    return centerCrop(EventChecks.validate(events, geometry), width, height);
  }

  static EventBatch centerCrop(ValidEvents valid, int width, int height) {
    EventBatch events = valid.events();
    SensorGeometry geometry = valid.geometry();
    new SensorGeometry(width, height);
    int offX = Math.floorDiv(geometry.width() - width, 2);
    int offY = Math.floorDiv(geometry.height() - height, 2);
    int loX = Math.max(offX, 0);
    int loY = Math.max(offY, 0);
    int n = events.size();
    short[] x = events.x();
    short[] y = events.y();
    long[] t = events.t();
    byte[] p = events.p();
    short[] ox = new short[n + 1];
    short[] oy = new short[n + 1];
    long[] ot = new long[n + 1];
    byte[] op = new byte[n + 1];
    int k = 0;
    int hiX = loX + width;
    int hiY = loY + height;
    for (int i = 0; i < n; i++) {
      // branch-free compaction: always write, advance only for events inside the window
      int xi = x[i];
      int yi = y[i];
      ox[k] = (short) (xi - offX);
      oy[k] = (short) (yi - offY);
      ot[k] = t[i];
      op[k] = p[i];
      k += 1 - (((xi - loX) | (hiX - 1 - xi) | (yi - loY) | (hiY - 1 - yi)) >>> 31);
    }
    return EventBatch.wrap(ox, oy, ot, op, k);
  }

  /**
   * Moves each event by a rounded draw of a 2-D normal distribution with variances {@code
   * varianceX, varianceY} and covariance {@code covariance} (variances, as Tonic's SpatialJitter).
   * Deliberate differences from Tonic: shifts are rounded to the nearest pixel (Tonic truncates
   * toward zero, so shifts in (-1, 1) vanish and the jitter is biased toward the origin), and an
   * event pushed off the sensor is dropped or clamped, never kept with an invalid coordinate.
   *
   * @throws IllegalArgumentException if the covariance matrix is not positive semi-definite
   */
  public static EventBatch jitterSpace(
      EventBatch events, SensorGeometry geometry, double varianceX, double varianceY, double covariance,
      OutOfBounds outOfBounds, RandomGenerator random) {
    return jitterSpace(EventChecks.validate(events, geometry), varianceX, varianceY, covariance, outOfBounds, random);
  }

  static EventBatch jitterSpace(ValidEvents valid, double varianceX, double varianceY, double covariance,
      OutOfBounds outOfBounds, RandomGenerator random) {
    EventBatch events = valid.events();
    SensorGeometry geometry = valid.geometry();
    Objects.requireNonNull(outOfBounds, "outOfBounds is null");
    Objects.requireNonNull(random, "random is null");
    requireCovariance(varianceX, varianceY, covariance);
    // Cholesky factor of [[vx, c], [c, vy]]
    double a = Math.sqrt(varianceX);
    double b = a > 0 ? covariance / a : 0;
    double c = Math.sqrt(Math.max(0, varianceY - b * b));
    int n = events.size();
    short[] x = events.x();
    short[] y = events.y();
    long[] t = events.t();
    byte[] p = events.p();
    short[] ox = new short[n];
    short[] oy = new short[n];
    long[] ot = new long[n];
    byte[] op = new byte[n];
    int w = geometry.width();
    int h = geometry.height();
    int k = 0;
    for (int i = 0; i < n; i++) {
      double z1 = random.nextGaussian();
      double z2 = random.nextGaussian();
      long nx = x[i] + Math.round(a * z1);
      long ny = y[i] + Math.round(b * z1 + c * z2);
      if (nx < 0 || nx >= w || ny < 0 || ny >= h) {
        if (outOfBounds == OutOfBounds.DROP) {
          continue;
        }
        nx = Math.max(0, Math.min(w - 1, nx));
        ny = Math.max(0, Math.min(h - 1, ny));
      }
      ox[k] = (short) nx;
      oy[k] = (short) ny;
      ot[k] = t[i];
      op[k] = p[i];
      k++;
    }
    return EventBatch.wrap(ox, oy, ot, op, k);
  }

  static void requireCovariance(double varianceX, double varianceY, double covariance) {
    if (!(varianceX >= 0) || !(varianceY >= 0) || Double.isInfinite(varianceX) || Double.isInfinite(varianceY)) {
      throw new IllegalArgumentException("Invalid variance: " + varianceX + ", " + varianceY);
    }
    if (!(covariance * covariance <= varianceX * varianceY)) {
      throw new IllegalArgumentException("Invalid covariance: " + covariance + " (the covariance matrix must be positive semi-definite)");
    }
  }
}
