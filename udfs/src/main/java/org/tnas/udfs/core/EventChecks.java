package org.tnas.udfs.core;

import java.util.Objects;
import org.tnas.formats.errors.EventErrorCode;
import org.tnas.formats.errors.ProjectException;
import org.tnas.formats.events.EventBatch;
import org.tnas.formats.events.SensorGeometry;

/**
 * The input contract of every kernel of this package, checked in one branch-free pass: every
 * event lies on the sensor ({@code 0 <= x < width}, {@code 0 <= y < height}), has polarity 0 or 1,
 * a non-negative timestamp, and timestamps never decrease. A violation raises a {@link
 * ProjectException} with code {@link EventErrorCode#INVALID_EVENT} naming the first offending event,
 * e.g. {@code "Invalid event 3: x = 400 is outside the sensor 320x240"}. Kernels never repair input
 * silently. Stateless and thread safe.
 */
public final class EventChecks {
  private EventChecks() {}

  /**
   * Checks the contract above.
   *
   * @throws NullPointerException if an argument is null
   * @throws ProjectException with {@link EventErrorCode#INVALID_EVENT} on the first invalid event
   */
  public static void requireValid(EventBatch events, SensorGeometry geometry) {
    Objects.requireNonNull(events, "events is null");
    Objects.requireNonNull(geometry, "geometry is null");
    int n = events.size();
    short[] x = events.x();
    short[] y = events.y();
    long[] t = events.t();
    byte[] p = events.p();
    if (!coordinatesValid(x, n, geometry.width()) || !coordinatesValid(y, n, geometry.height())
        || !polaritiesValid(p, n) || !timesValid(t, n)) {
      throw locate(events, geometry);
    }
  }

  /**
   * Checks the contract above and returns the events as {@link ValidEvents}, the only way to make
   * one outside this package.
   *
   * @throws NullPointerException if an argument is null
   * @throws ProjectException with {@link EventErrorCode#INVALID_EVENT} on the first invalid event
   */
  public static ValidEvents validate(EventBatch events, SensorGeometry geometry) {
    requireValid(events, geometry);
    return new ValidEvents(events, geometry);
  }

  /**
   * Wraps a kernel's result that is valid by construction, without a check in production; with
   * assertions enabled (every test run) the claim is checked.
   */
  static ValidEvents trusted(EventBatch events, SensorGeometry geometry) {
    assert checked(events, geometry);
    return new ValidEvents(events, geometry);
  }

  private static boolean checked(EventBatch events, SensorGeometry geometry) {
    requireValid(events, geometry);
    return true;
  }

  // One simple loop per column with a single subtract-and-OR per value: the sign bit of the
  // accumulator is set by any violation; the slow path then locates the first one. A coordinate is
  // read zero-extended ((char) of a short), so a negative one becomes >= 32768 and fails the same
  // upper-bound test as one past the sensor edge (sides are at most SensorGeometry.MAX_SIDE).

  /** Whether all {@code n} coordinates lie in {@code [0, side)}. */
  static boolean coordinatesValid(short[] values, int n, int side) {
    return coordinatesValid(values, 0, n, side);
  }

  /** Whether coordinates {@code [from, to)} lie in {@code [0, side)}. */
  static boolean coordinatesValid(short[] values, int from, int to, int side) {
    int last = side - 1;
    int bad = 0;
    for (int i = from; i < to; i++) {
      bad |= last - (char) values[i];
    }
    return bad >= 0;
  }

  /** Whether all {@code n} polarities are 0 or 1. */
  static boolean polaritiesValid(byte[] p, int n) {
    return polaritiesValid(p, 0, n);
  }

  /** Whether polarities {@code [from, to)} are 0 or 1. */
  static boolean polaritiesValid(byte[] p, int from, int to) {
    int bad = 0;
    for (int i = from; i < to; i++) {
      bad |= 1 - (p[i] & 0xFF);
    }
    return bad >= 0;
  }

  /** Whether the {@code n} timestamps are non-negative and sorted. */
  static boolean timesValid(long[] t, int n) {
    long bad = n == 0 ? 0 : t[0];
    for (int i = 1; i < n; i++) {
      bad |= t[i] - t[i - 1];
    }
    return bad >= 0;
  }

  /**
   * Copies events {@code [from, to)} of {@code events} to {@code out} at {@code at} while checking
   * them in the same pass (one fused, vectorisable loop per column), so that a kernel that copies
   * anyway gets the check almost for free. Throws the checker's message for the first invalid event
   * of the whole batch.
   */
  static void copyChecked(EventBatch events, SensorGeometry geometry, int from, int to, short[] ox, short[] oy, long[] ot, byte[] op, int at) {
    short[] x = events.x();
    short[] y = events.y();
    long[] t = events.t();
    byte[] p = events.p();
    int lastX = geometry.width() - 1;
    int lastY = geometry.height() - 1;
    int shift = at - from;
    int bad = 0;
    for (int i = from; i < to; i++) {
      short v = x[i];
      bad |= lastX - (char) v;
      ox[i + shift] = v;
    }
    for (int i = from; i < to; i++) {
      short v = y[i];
      bad |= lastY - (char) v;
      oy[i + shift] = v;
    }
    for (int i = from; i < to; i++) {
      byte v = p[i];
      bad |= 1 - (v & 0xFF);
      op[i + shift] = v;
    }
    long badTime = 0;
    if (to > from) {
      badTime = t[from] | (from > 0 ? t[from] - t[from - 1] : 0);
      ot[from + shift] = t[from];
    }
    for (int i = from + 1; i < to; i++) {
      long v = t[i];
      badTime |= v - t[i - 1];
      ot[i + shift] = v;
    }
    if ((bad | badTime) < 0) {
      throw locate(events, geometry);
    }
  }

  /**
   * Checks the columns a kernel did not already check while reading them: each flag says whether
   * that column still needs the check. Throws the checker's message for the first invalid event.
   */
  static void requireValidColumns(EventBatch events, SensorGeometry geometry, boolean checkX, boolean checkY, boolean checkT, boolean checkP) {
    int n = events.size();
    if ((checkX && !coordinatesValid(events.x(), n, geometry.width()))
        || (checkY && !coordinatesValid(events.y(), n, geometry.height()))
        || (checkP && !polaritiesValid(events.p(), n))
        || (checkT && !timesValid(events.t(), n))) {
      throw locate(events, geometry);
    }
  }

  /**
   * A new batch object over the same four arrays (no copy): the identity result of the kernels,
   * which may share unchanged columns with their input (see the package documentation).
   */
  static EventBatch view(EventBatch events) {
    return EventBatch.wrap(events.x(), events.y(), events.t(), events.p(), events.size());
  }

  /** A checked copy of a whole batch (see {@link #copyChecked}). */
  static EventBatch checkedCopy(EventBatch events, SensorGeometry geometry) {
    Objects.requireNonNull(events, "events is null");
    Objects.requireNonNull(geometry, "geometry is null");
    int n = events.size();
    short[] ox = new short[n];
    short[] oy = new short[n];
    long[] ot = new long[n];
    byte[] op = new byte[n];
    copyChecked(events, geometry, 0, n, ox, oy, ot, op, 0);
    return EventBatch.wrap(ox, oy, ot, op, n);
  }

  /** Checks that the timestamps are non-negative and sorted (no geometry needed). */
  public static void requireSortedTime(long[] t, int size) {
    Objects.requireNonNull(t, "t is null");
    long previous = 0;
    long bad = 0;
    for (int i = 0; i < size; i++) {
      long ti = t[i];
      bad |= ti | (ti - previous);
      previous = ti;
    }
    if (bad < 0) {
      for (int i = 0; i < size; i++) {
        ProjectException problem = timeProblem(t, i);
        if (problem != null) {
          throw problem;
        }
      }
    }
  }

  static ProjectException locate(EventBatch events, SensorGeometry geometry) {
    for (int i = 0; i < events.size(); i++) {
      int xi = events.x()[i];
      int yi = events.y()[i];
      int pi = events.p()[i];
      if (xi < 0 || xi >= geometry.width()) {
        return invalid(i, "x = " + xi + " is outside the sensor " + geometry);
      }
      if (yi < 0 || yi >= geometry.height()) {
        return invalid(i, "y = " + yi + " is outside the sensor " + geometry);
      }
      if (pi != 0 && pi != 1) {
        return invalid(i, "polarity = " + pi + ", expected 0 or 1");
      }
      ProjectException problem = timeProblem(events.t(), i);
      if (problem != null) {
        return problem;
      }
    }
    return new ProjectException(EventErrorCode.INVALID_EVENT, "Invalid events: check failed without a culprit");
  }

  private static ProjectException timeProblem(long[] t, int i) {
    if (t[i] < 0) {
      return invalid(i, "t = " + t[i] + " is negative");
    }
    if (i > 0 && t[i] < t[i - 1]) {
      return invalid(i, "t = " + t[i] + " is before the previous t = " + t[i - 1] + " (timestamps must be sorted)");
    }
    return null;
  }

  static ProjectException invalid(int index, String problem) {
    return new ProjectException(EventErrorCode.INVALID_EVENT, "Invalid event " + index + ": " + problem);
  }
}
