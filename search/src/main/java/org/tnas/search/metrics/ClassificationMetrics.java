package org.tnas.search.metrics;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Accuracy metrics of a classifier over an evaluation set (TTFS.md section 3), computed from its
 * confusion matrix.
 *
 * <ul>
 *   <li>WAR (weighted average recall) = correct / total = plain accuracy.
 *   <li>UAR (unweighted average recall) = mean of the per-class recalls over the classes present
 *       in the evaluation set. A class with no sample has recall NaN, is listed in {@link
 *       #absentClasses()} and is left out of the UAR (never divided by zero).
 * </ul>
 *
 * <p>Immutable (arrays are copied) and serialisable. Build with {@link ConfusionMatrix}.
 *
 * @param confusion counts {@code [true class][predicted class]}
 */
public record ClassificationMetrics(long[][] confusion) implements Serializable {
  public ClassificationMetrics {
    Objects.requireNonNull(confusion, "confusion is null");
    long[][] copy = new long[confusion.length][];
    for (int i = 0; i < confusion.length; i++) {
      if (confusion[i].length != confusion.length) {
        throw new IllegalArgumentException("Invalid confusion matrix: row " + i + " has " + confusion[i].length
            + " columns, expected " + confusion.length);
      }
      copy[i] = confusion[i].clone();
      for (long count : copy[i]) {
        if (count < 0) {
          throw new IllegalArgumentException("Invalid confusion count: " + count);
        }
      }
    }
    confusion = copy;
  }

  /** A copy of the confusion matrix {@code [true][predicted]}. */
  @Override
  public long[][] confusion() {
    long[][] copy = new long[confusion.length][];
    for (int i = 0; i < confusion.length; i++) {
      copy[i] = confusion[i].clone();
    }
    return copy;
  }

  /** Number of classes. */
  public int classCount() {
    return confusion.length;
  }

  /** Number of evaluated samples. */
  public long total() {
    long total = 0;
    for (long[] row : confusion) {
      for (long count : row) {
        total += count;
      }
    }
    return total;
  }

  /** Number of correctly classified samples. */
  public long correct() {
    long correct = 0;
    for (int i = 0; i < confusion.length; i++) {
      correct += confusion[i][i];
    }
    return correct;
  }

  /** Samples whose true class is {@code label}. */
  public long support(int label) {
    long sum = 0;
    for (long count : confusion[label]) {
      sum += count;
    }
    return sum;
  }

  /** WAR = accuracy (NaN for an empty evaluation set). */
  public double war() {
    long total = total();
    return total == 0 ? Double.NaN : (double) correct() / total;
  }

  /** Per-class recall; NaN for a class absent from the evaluation set. */
  public double[] perClassRecall() {
    double[] recall = new double[confusion.length];
    for (int c = 0; c < recall.length; c++) {
      long support = support(c);
      recall[c] = support == 0 ? Double.NaN : (double) confusion[c][c] / support;
    }
    return recall;
  }

  /** Classes with no sample in the evaluation set, ascending. */
  public List<Integer> absentClasses() {
    List<Integer> absent = new ArrayList<>();
    for (int c = 0; c < confusion.length; c++) {
      if (support(c) == 0) {
        absent.add(c);
      }
    }
    return List.copyOf(absent);
  }

  /** UAR = mean recall over present classes (NaN if no class is present). */
  public double uar() {
    double sum = 0;
    int present = 0;
    for (double recall : perClassRecall()) {
      if (!Double.isNaN(recall)) {
        sum += recall;
        present++;
      }
    }
    return present == 0 ? Double.NaN : sum / present;
  }

  /**
   * The scalar fitness {@code lambda * UAR + (1 - lambda) * WAR} (SEARCH.md; 0.33 reproduces the
   * SEE baseline's combined score, 0.5 is neutral).
   */
  public double fitness(double lambda) {
    if (!(lambda >= 0 && lambda <= 1)) {
      throw new IllegalArgumentException("Invalid lambda: " + lambda);
    }
    return lambda * uar() + (1 - lambda) * war();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof ClassificationMetrics m && java.util.Arrays.deepEquals(m.confusion, confusion);
  }

  @Override
  public int hashCode() {
    return java.util.Arrays.deepHashCode(confusion);
  }

  @Override
  public String toString() {
    return String.format(java.util.Locale.ROOT, "WAR %.4f UAR %.4f (%d samples, %d classes, absent %s)", war(), uar(),
        total(), classCount(), absentClasses());
  }
}
