package org.tnas.search.evolution;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * The 2-D hypervolume of an accuracy-vs-SynOps front: the area of the region dominated by the
 * points (accuracy maximised, SynOps minimised) and bounded by the reference point
 * {@code (accuracy = 0, SynOps = referenceSynapticOperations)}. The result is normalised by the
 * reference box ({@code 1 x referenceSynapticOperations}), so it lies in [0, 1] for accuracies in
 * [0, 1]. Points at or beyond the reference SynOps, or with accuracy &lt;= 0 or NaN, add nothing.
 *
 * <p>Reference point used by this project (documented in docs/search.md): when runs are compared
 * (search vs random search), {@code referenceSynapticOperations = 1.1 x} the largest SynOps of any
 * valid evaluation of all compared runs ({@link #referenceFor}), so all runs share one box. Stateless.
 */
public final class Hypervolume {
  private Hypervolume() {}

  /** A point of the front. */
  public record Point(double accuracy, double synapticOperations) {}

  /** The normalised hypervolume of {@code points} against the reference. */
  public static double of(List<Point> points, double referenceSynapticOperations) {
    Objects.requireNonNull(points, "points is null");
    if (!(referenceSynapticOperations > 0) || Double.isInfinite(referenceSynapticOperations)) {
      throw new IllegalArgumentException("Invalid referenceSynapticOperations: " + referenceSynapticOperations);
    }
    List<Point> inside = new ArrayList<>();
    for (Point point : points) {
      if (point.accuracy() > 0 && point.synapticOperations() < referenceSynapticOperations
          && !Double.isNaN(point.synapticOperations())) {
        inside.add(point);
      }
    }
    inside.sort(Comparator.comparingDouble(Point::synapticOperations));
    double area = 0;
    double best = 0;
    for (int i = 0; i < inside.size(); i++) {
      best = Math.max(best, inside.get(i).accuracy());
      double next = i + 1 < inside.size() ? inside.get(i + 1).synapticOperations() : referenceSynapticOperations;
      area += (next - inside.get(i).synapticOperations()) * best;
    }
    return area / referenceSynapticOperations;
  }

  /** The non-dominated points (accuracy max, SynOps min) sorted by SynOps ascending. */
  public static List<Point> front(List<Point> points) {
    List<Point> sorted = new ArrayList<>(points);
    sorted.removeIf(p -> Double.isNaN(p.accuracy()) || Double.isNaN(p.synapticOperations()));
    sorted.sort(Comparator.comparingDouble(Point::synapticOperations)
        .thenComparing(Point::accuracy, Comparator.reverseOrder()));
    List<Point> front = new ArrayList<>();
    double best = Double.NEGATIVE_INFINITY;
    for (Point point : sorted) {
      if (point.accuracy() > best) {
        front.add(point);
        best = point.accuracy();
      }
    }
    return front;
  }

  /** The shared reference: 1.1 x the largest finite SynOps among the given points (1 if none). */
  public static double referenceFor(List<Point> points) {
    double max = 0;
    for (Point point : points) {
      if (Double.isFinite(point.synapticOperations())) {
        max = Math.max(max, point.synapticOperations());
      }
    }
    return max > 0 ? 1.1 * max : 1;
  }
}
