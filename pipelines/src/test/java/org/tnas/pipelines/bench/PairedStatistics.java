package org.tnas.pipelines.bench;

import java.util.Arrays;
import java.util.SplittableRandom;

/** Paired-difference statistics for the benchmarks: mean, bootstrap interval, sign and Wilcoxon tests. */
final class PairedStatistics {
  private PairedStatistics() {}

  /** The median (the mean of the two middle values for an even count). */
  static double median(double[] values) {
    double[] sorted = values.clone();
    java.util.Arrays.sort(sorted);
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }

  static double mean(double[] values) {
    return Arrays.stream(values).average().orElse(Double.NaN);
  }

  /** Percentile bootstrap interval of the mean ({@code resamples} resamples, seeded). */
  static double[] bootstrapMeanInterval(double[] values, int resamples, double level, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    double[] means = new double[resamples];
    for (int b = 0; b < resamples; b++) {
      double sum = 0;
      for (int i = 0; i < values.length; i++) {
        sum += values[random.nextInt(values.length)];
      }
      means[b] = sum / values.length;
    }
    Arrays.sort(means);
    double alpha = (1 - level) / 2;
    return new double[] {means[(int) Math.floor(alpha * (resamples - 1))], means[(int) Math.ceil((1 - alpha) * (resamples - 1))]};
  }

  /** Two-sided exact sign test p-value (ties dropped). */
  static double signTestP(long wins, long losses) {
    long n = wins + losses;
    if (n == 0) {
      return 1;
    }
    long k = Math.min(wins, losses);
    double tail = 0;
    for (long i = 0; i <= k; i++) {
      tail += Math.exp(logChoose(n, i) - n * Math.log(2));
    }
    return Math.min(1, 2 * tail);
  }

  private static double logChoose(long n, long k) {
    double value = 0;
    for (long i = 1; i <= k; i++) {
      value += Math.log(n - k + i) - Math.log(i);
    }
    return value;
  }

  /** Two-sided Wilcoxon signed-rank p-value, normal approximation with tie correction (zeros dropped). */
  static double wilcoxonP(double[] differences) {
    double[] nonZero = Arrays.stream(differences).filter(d -> d != 0).toArray();
    int n = nonZero.length;
    if (n == 0) {
      return 1;
    }
    Integer[] order = new Integer[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (a, b) -> Double.compare(Math.abs(nonZero[a]), Math.abs(nonZero[b])));
    double[] ranks = new double[n];
    double tieCorrection = 0;
    int i = 0;
    while (i < n) {
      int j = i;
      while (j + 1 < n && Math.abs(nonZero[order[j + 1]]) == Math.abs(nonZero[order[i]])) {
        j++;
      }
      double rank = (i + j) / 2.0 + 1;
      int ties = j - i + 1;
      tieCorrection += (double) ties * ties * ties - ties;
      for (int k = i; k <= j; k++) {
        ranks[order[k]] = rank;
      }
      i = j + 1;
    }
    double positive = 0;
    for (int k = 0; k < n; k++) {
      if (nonZero[k] > 0) {
        positive += ranks[k];
      }
    }
    double mean = n * (n + 1) / 4.0;
    double variance = n * (n + 1) * (2 * n + 1) / 24.0 - tieCorrection / 48.0;
    if (variance <= 0) {
      return 1;
    }
    double z = (Math.abs(positive - mean) - 0.5) / Math.sqrt(variance);
    return Math.min(1, 2 * (1 - standardNormal(Math.max(0, z))));
  }

  /** The standard normal distribution function (Abramowitz and Stegun 7.1.26 via erf). */
  static double standardNormal(double z) {
    double x = Math.abs(z) / Math.sqrt(2);
    double t = 1 / (1 + 0.3275911 * x);
    double erf = 1 - (((((1.061405429 * t - 1.453152027) * t) + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t
        * Math.exp(-x * x);
    return z >= 0 ? 0.5 * (1 + erf) : 0.5 * (1 - erf);
  }
}
