package org.tnas.search.metrics;

import java.util.Objects;

/**
 * A mutable accumulator of (true label, prediction) pairs. Not thread-safe: use one per thread and
 * {@link #merge} them. {@link #metrics()} returns an immutable snapshot.
 */
public final class ConfusionMatrix {
  private final long[][] counts;

  /** An empty matrix for {@code classCount} classes. */
  public ConfusionMatrix(int classCount) {
    if (classCount < 1) {
      throw new IllegalArgumentException("Invalid classCount: " + classCount);
    }
    counts = new long[classCount][classCount];
  }

  /** Records one sample. */
  public ConfusionMatrix add(int label, int prediction) {
    if (label < 0 || label >= counts.length) {
      throw new IllegalArgumentException("Invalid label: " + label + " (classes 0.." + (counts.length - 1) + ")");
    }
    if (prediction < 0 || prediction >= counts.length) {
      throw new IllegalArgumentException("Invalid prediction: " + prediction + " (classes 0.." + (counts.length - 1) + ")");
    }
    counts[label][prediction]++;
    return this;
  }

  /** Adds the counts of {@code other} (same class count). */
  public ConfusionMatrix merge(ConfusionMatrix other) {
    Objects.requireNonNull(other, "other is null");
    if (other.counts.length != counts.length) {
      throw new IllegalArgumentException("Cannot merge confusion matrices: " + other.counts.length + " vs "
          + counts.length + " classes");
    }
    for (int i = 0; i < counts.length; i++) {
      for (int j = 0; j < counts.length; j++) {
        counts[i][j] += other.counts[i][j];
      }
    }
    return this;
  }

  /** Metrics of the samples recorded so far. */
  public ClassificationMetrics metrics() {
    return new ClassificationMetrics(counts);
  }

  /** Metrics of parallel label and prediction arrays. */
  public static ClassificationMetrics of(int classCount, int[] labels, int[] predictions) {
    Objects.requireNonNull(labels, "labels is null");
    Objects.requireNonNull(predictions, "predictions is null");
    if (labels.length != predictions.length) {
      throw new IllegalArgumentException("Invalid predictions length: " + predictions.length + ", labels "
          + labels.length);
    }
    ConfusionMatrix matrix = new ConfusionMatrix(classCount);
    for (int i = 0; i < labels.length; i++) {
      matrix.add(labels[i], predictions[i]);
    }
    return matrix.metrics();
  }
}
