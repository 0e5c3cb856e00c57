package org.tnas.search.ranking;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Rank correlations between two paired samples, in plain Java: Kendall's tau-b (ties in either
 * sample handled), Spearman's rho (Pearson correlation of mid-ranks), and percentile bootstrap
 * intervals over resampled pairs. Stateless and thread-safe.
 */
public final class RankCorrelation {
  private RankCorrelation() {}

  /** A statistic with its percentile bootstrap interval. */
  public record Estimate(double value, double lower, double upper, int resamples, double level) {}

  /** Kendall's tau-b of {@code x} and {@code y} (NaN when either is constant). O(n^2). */
  public static double kendallTauB(double[] x, double[] y) {
    check(x, y);
    long concordant = 0;
    long discordant = 0;
    long tiesX = 0;
    long tiesY = 0;
    for (int i = 0; i < x.length; i++) {
      for (int j = i + 1; j < x.length; j++) {
        int dx = Double.compare(x[i], x[j]);
        int dy = Double.compare(y[i], y[j]);
        if (dx == 0 && dy == 0) {
          continue;
        }
        if (dx == 0) {
          tiesX++;
        } else if (dy == 0) {
          tiesY++;
        } else if (dx == dy) {
          concordant++;
        } else {
          discordant++;
        }
      }
    }
    double denominator = Math.sqrt((double) (concordant + discordant + tiesX) * (concordant + discordant + tiesY));
    return denominator == 0 ? Double.NaN : (concordant - discordant) / denominator;
  }

  /** Spearman's rho: the Pearson correlation of the mid-ranks (NaN when either is constant). */
  public static double spearmanRho(double[] x, double[] y) {
    check(x, y);
    return pearson(ranks(x), ranks(y));
  }

  /** Mid-ranks (1-based; ties share the mean of their ranks). */
  static double[] ranks(double[] values) {
    Integer[] order = new Integer[values.length];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (a, b) -> Double.compare(values[a], values[b]));
    double[] ranks = new double[values.length];
    int i = 0;
    while (i < order.length) {
      int j = i;
      while (j + 1 < order.length && values[order[j + 1]] == values[order[i]]) {
        j++;
      }
      double rank = (i + j) / 2.0 + 1;
      for (int k = i; k <= j; k++) {
        ranks[order[k]] = rank;
      }
      i = j + 1;
    }
    return ranks;
  }

  static double pearson(double[] x, double[] y) {
    double mx = Arrays.stream(x).average().orElse(Double.NaN);
    double my = Arrays.stream(y).average().orElse(Double.NaN);
    double sxy = 0;
    double sxx = 0;
    double syy = 0;
    for (int i = 0; i < x.length; i++) {
      sxy += (x[i] - mx) * (y[i] - my);
      sxx += (x[i] - mx) * (x[i] - mx);
      syy += (y[i] - my) * (y[i] - my);
    }
    return sxx == 0 || syy == 0 ? Double.NaN : sxy / Math.sqrt(sxx * syy);
  }

  /** Which statistic to bootstrap. */
  public enum Statistic {
    KENDALL,
    SPEARMAN;

    double of(double[] x, double[] y) {
      return this == KENDALL ? kendallTauB(x, y) : spearmanRho(x, y);
    }
  }

  /**
   * The statistic with a percentile bootstrap interval: {@code resamples} resamples of the pairs
   * with replacement from a generator seeded with {@code seed} (resamples where the statistic is
   * undefined are drawn again).
   */
  public static Estimate bootstrap(Statistic statistic, double[] x, double[] y, int resamples, double level, long seed) {
    check(x, y);
    if (resamples < 10) {
      throw new IllegalArgumentException("Invalid resamples: " + resamples + " (expected at least 10)");
    }
    if (!(level > 0 && level < 1)) {
      throw new IllegalArgumentException("Invalid level: " + level);
    }
    double value = statistic.of(x, y);
    SplittableRandom random = new SplittableRandom(seed);
    double[] draws = new double[resamples];
    double[] bx = new double[x.length];
    double[] by = new double[y.length];
    int tries = 0;
    for (int b = 0; b < resamples; ) {
      for (int i = 0; i < x.length; i++) {
        int pick = random.nextInt(x.length);
        bx[i] = x[pick];
        by[i] = y[pick];
      }
      double draw = statistic.of(bx, by);
      if (!Double.isNaN(draw)) {
        draws[b++] = draw;
      } else if (++tries > 100 * resamples) {
        return new Estimate(value, Double.NaN, Double.NaN, b, level);
      }
    }
    Arrays.sort(draws);
    double alpha = (1 - level) / 2;
    return new Estimate(value, quantile(draws, alpha), quantile(draws, 1 - alpha), resamples, level);
  }

  /** The q-quantile of sorted values, linear interpolation between order statistics. */
  static double quantile(double[] sorted, double q) {
    double position = q * (sorted.length - 1);
    int low = (int) Math.floor(position);
    int high = Math.min(sorted.length - 1, low + 1);
    return sorted[low] + (position - low) * (sorted[high] - sorted[low]);
  }

  private static void check(double[] x, double[] y) {
    if (x.length != y.length) {
      throw new IllegalArgumentException("Invalid samples: " + x.length + " and " + y.length + " values");
    }
    if (x.length < 2) {
      throw new IllegalArgumentException("Invalid samples: " + x.length + " pairs (expected at least 2)");
    }
  }
}
