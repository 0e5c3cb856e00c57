package org.tnas.search.training;

import java.util.List;
import java.util.Objects;
import org.tnas.search.metrics.ClassificationMetrics;

/**
 * The outcome of a training run.
 *
 * @param model the model's description
 * @param epochs one record per epoch, including epochs restored from a checkpoint
 * @param bestEpoch the epoch with the highest validation accuracy (the earliest on ties)
 * @param bestMetrics the validation metrics of the best epoch (WAR, UAR, per-class recall)
 * @param resumedEpochs epochs restored from a checkpoint instead of trained in this call
 * @param seconds wall time of this call
 */
public record TrainingResult(String model, List<EpochRecord> epochs, int bestEpoch, ClassificationMetrics bestMetrics,
    int resumedEpochs, double seconds) {
  public TrainingResult {
    Objects.requireNonNull(model, "model is null");
    epochs = List.copyOf(Objects.requireNonNull(epochs, "epochs is null"));
    Objects.requireNonNull(bestMetrics, "bestMetrics is null");
  }

  /** The record of the best epoch. */
  public EpochRecord best() {
    return epochs.get(bestEpoch);
  }

  /** Whether both runs have identical curves (all per-epoch values but wall time). */
  public boolean sameCurvesAs(TrainingResult other) {
    if (epochs.size() != other.epochs.size() || bestEpoch != other.bestEpoch) {
      return false;
    }
    for (int i = 0; i < epochs.size(); i++) {
      if (!epochs.get(i).sameCurveAs(other.epochs.get(i))) {
        return false;
      }
    }
    return bestMetrics.equals(other.bestMetrics);
  }
}
