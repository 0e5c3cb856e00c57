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
    int lastX = geometry.width() - 1;
    int lastY = geometry.height() - 1;
    // Sign bits accumulate every violation; the slow path below locates the first one.
    int badSpace = 0;
    long badTime = 0;
    long previous = 0;
    for (int i = 0; i < n; i++) {
      int xi = x[i];
      int yi = y[i];
      int pi = p[i];
      long ti = t[i];
      badSpace |= xi | (lastX - xi) | yi | (lastY - yi) | pi | (1 - pi);
      badTime |= ti | (ti - previous);
      previous = ti;
    }
    if (badSpace < 0 || badTime < 0) {
      throw locate(events, geometry);
    }
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

  private static ProjectException locate(EventBatch events, SensorGeometry geometry) {
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
