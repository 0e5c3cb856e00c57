package org.tnas.search.supernet;

import java.io.Serializable;
import java.util.Objects;

/**
 * Training settings of the supernet (SPOS) and of subnet retraining. Immutable, serialisable.
 *
 * @param epochs passes over the training set
 * @param batchSize samples per step (the last, smaller batch of an epoch is used if it has at
 *     least 2 samples: batch norm needs 2)
 * @param learningRate step size
 * @param optimizer Adam or SGD
 * @param momentum SGD momentum, or Adam's beta1; in [0, 1)
 * @param weightDecay L2 penalty added to the gradient of every updated weight; >= 0
 * @param seed run seed: path sampling and batch order are derived from it with {@code Seeds}
 * @param threads PyTorch intra-op threads, 0 = keep the current setting
 * @param recalibrationBatches batches used to recompute batch-norm statistics of a path before it
 *     is evaluated or extracted
 * @param schedule the learning rate over the run's optimiser steps ({@link #epochs} epochs)
 * @param sampling how supernet training chooses each step's path (ignored for a fixed path)
 */
public record SupernetConfig(
    int epochs,
    int batchSize,
    double learningRate,
    OptimizerKind optimizer,
    double momentum,
    double weightDecay,
    long seed,
    int threads,
    int recalibrationBatches,
    LearningRateSchedule schedule,
    PathSampling sampling)
    implements Serializable {

  public SupernetConfig {
    if (epochs < 0) {
      throw new IllegalArgumentException("Invalid epochs: " + epochs);
    }
    if (batchSize < 2) {
      throw new IllegalArgumentException("Invalid batchSize: " + batchSize + " (batch norm needs at least 2)");
    }
    if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
      throw new IllegalArgumentException("Invalid learningRate: " + learningRate);
    }
    if (optimizer == null) {
      throw new NullPointerException("optimizer is null");
    }
    if (!(momentum >= 0 && momentum < 1)) {
      throw new IllegalArgumentException("Invalid momentum: " + momentum);
    }
    if (!(weightDecay >= 0) || Double.isInfinite(weightDecay)) {
      throw new IllegalArgumentException("Invalid weightDecay: " + weightDecay);
    }
    if (threads < 0) {
      throw new IllegalArgumentException("Invalid threads: " + threads);
    }
    if (recalibrationBatches < 1) {
      throw new IllegalArgumentException("Invalid recalibrationBatches: " + recalibrationBatches);
    }
    Objects.requireNonNull(schedule, "schedule is null");
    Objects.requireNonNull(sampling, "sampling is null");
  }

  /**
   * Defaults: 10 epochs, batch 32, Adam with learning rate 1e-3 and beta1 0.9, no weight decay, seed
   * 0, 8 recalibration batches, constant learning rate, uniform path sampling.
   */
  public static SupernetConfig defaults() {
    return new SupernetConfig(10, 32, 1e-3, OptimizerKind.ADAM, 0.9, 0, 0, 0, 8, LearningRateSchedule.CONSTANT,
        PathSampling.UNIFORM);
  }

  /** A copy with another number of epochs. */
  public SupernetConfig withEpochs(int value) {
    return new SupernetConfig(value, batchSize, learningRate, optimizer, momentum, weightDecay, seed, threads,
        recalibrationBatches, schedule, sampling);
  }

  /** A copy with another batch size. */
  public SupernetConfig withBatchSize(int value) {
    return new SupernetConfig(epochs, value, learningRate, optimizer, momentum, weightDecay, seed, threads,
        recalibrationBatches, schedule, sampling);
  }

  /** A copy with another optimiser and learning rate. */
  public SupernetConfig withOptimizer(OptimizerKind kind, double rate) {
    return new SupernetConfig(epochs, batchSize, rate, kind, momentum, weightDecay, seed, threads,
        recalibrationBatches, schedule, sampling);
  }

  /** A copy with another seed. */
  public SupernetConfig withSeed(long value) {
    return new SupernetConfig(epochs, batchSize, learningRate, optimizer, momentum, weightDecay, value, threads,
        recalibrationBatches, schedule, sampling);
  }

  /** A copy with another thread count. */
  public SupernetConfig withThreads(int value) {
    return new SupernetConfig(epochs, batchSize, learningRate, optimizer, momentum, weightDecay, seed, value,
        recalibrationBatches, schedule, sampling);
  }

  /** A copy with another number of recalibration batches. */
  public SupernetConfig withRecalibrationBatches(int value) {
    return new SupernetConfig(epochs, batchSize, learningRate, optimizer, momentum, weightDecay, seed, threads, value,
        schedule, sampling);
  }

  /** A copy with another weight decay (L2 penalty added to every updated weight's gradient). */
  public SupernetConfig withWeightDecay(double value) {
    return new SupernetConfig(epochs, batchSize, learningRate, optimizer, momentum, value, seed, threads,
        recalibrationBatches, schedule, sampling);
  }

  /** A copy with another learning-rate schedule. */
  public SupernetConfig withSchedule(LearningRateSchedule value) {
    return new SupernetConfig(epochs, batchSize, learningRate, optimizer, momentum, weightDecay, seed, threads,
        recalibrationBatches, value, sampling);
  }

  /** A copy with another path sampling. */
  public SupernetConfig withSampling(PathSampling value) {
    return new SupernetConfig(epochs, batchSize, learningRate, optimizer, momentum, weightDecay, seed, threads,
        recalibrationBatches, schedule, value);
  }
}
