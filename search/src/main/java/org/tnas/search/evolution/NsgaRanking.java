package org.tnas.search.evolution;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * NSGA-II ranking (Deb et al. 2002) of points whose objectives are all maximised: fast
 * non-dominated sorting into fronts (rank 0 = non-dominated), then crowding distance within each
 * front (boundary points get infinity; objectives are normalised by their range within the front).
 * The search ranks candidates on (WAR, UAR, -SynOps). Stateless; deterministic (ties keep input
 * order).
 */
public final class NsgaRanking {
  private NsgaRanking() {}

  /** Whether {@code a} dominates {@code b}: no objective worse and at least one better. */
  public static boolean dominates(double[] a, double[] b) {
    boolean better = false;
    for (int i = 0; i < a.length; i++) {
      if (a[i] < b[i]) {
        return false;
      }
      if (a[i] > b[i]) {
        better = true;
      }
    }
    return better;
  }

  /** The front rank of every point (0 = non-dominated). */
  public static int[] ranks(double[][] objectives) {
    Objects.requireNonNull(objectives, "objectives is null");
    int n = objectives.length;
    int[] dominatedBy = new int[n];
    List<List<Integer>> dominates = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      dominates.add(new ArrayList<>());
    }
    for (int i = 0; i < n; i++) {
      for (int j = i + 1; j < n; j++) {
        if (dominates(objectives[i], objectives[j])) {
          dominates.get(i).add(j);
          dominatedBy[j]++;
        } else if (dominates(objectives[j], objectives[i])) {
          dominates.get(j).add(i);
          dominatedBy[i]++;
        }
      }
    }
    int[] ranks = new int[n];
    Arrays.fill(ranks, -1);
    List<Integer> current = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      if (dominatedBy[i] == 0) {
        current.add(i);
      }
    }
    int rank = 0;
    while (!current.isEmpty()) {
      List<Integer> next = new ArrayList<>();
      for (int i : current) {
        ranks[i] = rank;
        for (int j : dominates.get(i)) {
          if (--dominatedBy[j] == 0) {
            next.add(j);
          }
        }
      }
      next.sort(Comparator.naturalOrder());
      current = next;
      rank++;
    }
    return ranks;
  }

  /** Crowding distance of every point within its front (given by {@code ranks}). */
  public static double[] crowdingDistances(double[][] objectives, int[] ranks) {
    int n = objectives.length;
    double[] distance = new double[n];
    if (n == 0) {
      return distance;
    }
    int maxRank = Arrays.stream(ranks).max().orElse(0);
    int m = objectives[0].length;
    for (int rank = 0; rank <= maxRank; rank++) {
      final int r = rank;
      Integer[] front = java.util.stream.IntStream.range(0, n).filter(i -> ranks[i] == r).boxed()
          .toArray(Integer[]::new);
      if (front.length == 0) {
        continue;
      }
      for (int objective = 0; objective < m; objective++) {
        final int o = objective;
        Integer[] sorted = front.clone();
        Arrays.sort(sorted, Comparator.comparingDouble((Integer i) -> objectives[i][o]).thenComparingInt(i -> i));
        double low = objectives[sorted[0]][o];
        double high = objectives[sorted[sorted.length - 1]][o];
        distance[sorted[0]] = Double.POSITIVE_INFINITY;
        distance[sorted[sorted.length - 1]] = Double.POSITIVE_INFINITY;
        if (high - low <= 0) {
          continue;
        }
        for (int k = 1; k < sorted.length - 1; k++) {
          distance[sorted[k]] += (objectives[sorted[k + 1]][o] - objectives[sorted[k - 1]][o]) / (high - low);
        }
      }
    }
    return distance;
  }

  /** Point indices best first: rank ascending, crowding distance descending, index ascending. */
  public static int[] order(double[][] objectives) {
    int[] ranks = ranks(objectives);
    double[] crowding = crowdingDistances(objectives, ranks);
    return java.util.stream.IntStream.range(0, objectives.length).boxed()
        .sorted(Comparator.comparingInt((Integer i) -> ranks[i])
            .thenComparing((Integer i) -> crowding[i], Comparator.reverseOrder())
            .thenComparingInt(i -> i))
        .mapToInt(Integer::intValue).toArray();
  }
}
