package org.tnas.search.supernet;

import java.io.Serializable;

/**
 * Summary of one training epoch.
 *
 * @param epoch 0-based epoch index (counted over the trainer's whole life, also across checkpoints)
 * @param steps optimiser steps done
 * @param samples samples seen
 * @param meanLoss mean training loss over the steps (cross-entropy of the sampled paths)
 * @param accuracy share of the samples the step's path predicted right in its training-mode pass
 * @param firstLearningRate the learning rate of the epoch's first step (NaN without steps)
 * @param lastLearningRate the learning rate of its last step (NaN without steps)
 * @param seconds wall time
 */
public record EpochResult(int epoch, int steps, long samples, double meanLoss, double accuracy, double firstLearningRate,
    double lastLearningRate, double seconds) implements Serializable {
  /** Training throughput in samples per second. */
  public double samplesPerSecond() {
    return seconds > 0 ? samples / seconds : Double.NaN;
  }
}
