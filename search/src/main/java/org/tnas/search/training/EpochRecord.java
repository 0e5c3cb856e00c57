package org.tnas.search.training;

import java.io.Serializable;

/**
 * One epoch of a training run.
 *
 * @param epoch 0-based epoch index
 * @param learningRate the rate of the epoch
 * @param trainingLoss mean cross-entropy over the epoch's steps
 * @param trainingAccuracy fraction of training samples classified correctly during the epoch
 * @param validationLoss mean cross-entropy on the validation set after the epoch
 * @param validationWar validation top-1 accuracy (weighted average recall)
 * @param validationUar validation unweighted average recall
 * @param samples training samples seen
 * @param seconds wall time of the epoch (training and validation)
 */
public record EpochRecord(int epoch, double learningRate, double trainingLoss, double trainingAccuracy,
    double validationLoss, double validationWar, double validationUar, long samples, double seconds)
    implements Serializable {
  private static final long serialVersionUID = 1L;

  /** Training samples per second. */
  public double samplesPerSecond() {
    return seconds > 0 ? samples / seconds : 0;
  }

  /** Whether two records are equal apart from the wall time (the determinism check). */
  public boolean sameCurveAs(EpochRecord other) {
    return epoch == other.epoch && learningRate == other.learningRate && trainingLoss == other.trainingLoss
        && trainingAccuracy == other.trainingAccuracy && validationLoss == other.validationLoss
        && validationWar == other.validationWar && validationUar == other.validationUar && samples == other.samples;
  }
}
