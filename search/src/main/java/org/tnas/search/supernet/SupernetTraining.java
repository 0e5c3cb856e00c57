package org.tnas.search.supernet;

import ai.djl.ndarray.NDManager;
import java.util.Objects;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.tnas.formats.util.Seeds;
import org.tnas.search.data.AugmentedEpochs;
import org.tnas.search.data.LabelledTensorSet;
import org.tnas.search.space.Genome;
import org.tnas.search.space.SearchSpace;
import org.tnas.search.training.DjlEngines;
import org.tnas.search.training.EpochProgress;

/**
 * Stage 1 of TNAS-ER as one call: SPOS training of a fresh supernet on a training set, a probe
 * path's validation loss measured before and after, and the checkpoint saved to any Hadoop file
 * system. The probe is one random legal genome (derived from the seed), with its batch-norm
 * statistics recomputed on the training set before each measurement. Driver-side; DJL trains one
 * network per JVM at a time.
 */
public final class SupernetTraining {
  /** Batches of training data used to recompute the probe path's batch-norm statistics. */
  public static final int PROBE_RECALIBRATION_BATCHES = 4;
  private static final long PROBE_TAG = Seeds.stableHash("supernet-probe");

  private SupernetTraining() {}

  /**
   * What training produced.
   *
   * @param checkpoint where the supernet was saved
   * @param probeLossBefore the probe path's mean validation loss before training
   * @param probeLossAfter the same after training
   * @param chanceLoss the loss of a uniform prediction, ln(classes)
   * @param epochs epochs trained
   * @param steps optimiser steps taken
   * @param seconds wall time
   */
  public record Outcome(String checkpoint, double probeLossBefore, double probeLossAfter, double chanceLoss, int epochs,
      long steps, double seconds) {
    public Outcome {
      Objects.requireNonNull(checkpoint, "checkpoint is null");
    }

    /** The part of the probe's initial loss that training removed ((before - after) / before). */
    public double lossReduction() {
      return probeLossBefore > 0 ? (probeLossBefore - probeLossAfter) / probeLossBefore : Double.NaN;
    }
  }

  /** Trains a supernet of {@code space} with {@code config} and saves it to {@code checkpoint}. */
  public static Outcome train(SearchSpace space, LabelledTensorSet train, LabelledTensorSet validation,
      SupernetConfig config, Path checkpoint, Configuration conf) {
    return train(space, train, validation, null, config, checkpoint, conf);
  }

  /**
   * As above; with {@code augmented} (null: none) every epoch trains on {@code train}'s samples
   * augmented afresh for that epoch ({@link AugmentedEpochs}).
   */
  public static Outcome train(SearchSpace space, LabelledTensorSet train, LabelledTensorSet validation,
      AugmentedEpochs augmented, SupernetConfig config, Path checkpoint, Configuration conf) {
    Objects.requireNonNull(space, "space is null");
    Objects.requireNonNull(train, "train is null");
    Objects.requireNonNull(validation, "validation is null");
    Objects.requireNonNull(config, "config is null");
    long start = System.nanoTime();
    DjlEngines.pytorch(config.threads());
    Genome probe = Genome.random(space, Seeds.random(config.seed(), PROBE_TAG));
    try (NDManager manager = NDManager.newBaseManager();
        Supernet supernet = Supernet.create(space, manager, config.seed());
        SupernetTrainer trainer = SupernetTrainer.singlePath(supernet, config)) {
      SubnetEvaluator evaluator = new SubnetEvaluator(supernet, config.batchSize());
      double before = evaluator.recalibrateAndEvaluate(probe, train, PROBE_RECALIBRATION_BATCHES, 1, validation).meanLoss();
      trainer.train(e -> augmented == null ? train : augmented.epoch(train, e),
          EpochProgress.onStderr("supernet", config.epochs()));
      double after = evaluator.recalibrateAndEvaluate(probe, train, PROBE_RECALIBRATION_BATCHES, 1, validation).meanLoss();
      SupernetCheckpoint.save(supernet, checkpoint, conf);
      return new Outcome(checkpoint.toString(), before, after, Math.log(space.classCount()), trainer.epochsCompleted(),
          trainer.stepsCompleted(), (System.nanoTime() - start) / 1e9);
    }
  }
}
