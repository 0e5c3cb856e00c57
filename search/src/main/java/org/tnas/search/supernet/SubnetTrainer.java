package org.tnas.search.supernet;

import ai.djl.ndarray.NDManager;
import java.util.List;
import java.util.Objects;
import org.tnas.formats.util.Seeds;
import org.tnas.search.data.AugmentedEpochs;
import org.tnas.search.data.LabelledTensorSet;
import org.tnas.search.net.NetworkWeights;
import org.tnas.search.space.Genome;
import org.tnas.search.space.SearchSpace;
import org.tnas.search.training.DjlEngines;
import org.tnas.search.training.EpochProgress;

/**
 * Stage 3 of TNAS-ER: retrains a chosen subnet from scratch as a standalone ReLU network and exports
 * it as {@link NetworkWeights} for batch-norm fusion and TTFS mapping. Internally a fresh supernet
 * (seeded from {@code Seeds.derive(config.seed(), "retrain", genome)}) is trained on the single path
 * of the genome - only that path's weights exist in effect, so this is ordinary training of the
 * subnet. Its batch-norm statistics are then recomputed over the whole training set with the final
 * weights (the running averages kept during training lag behind the weights and cost up to 0.4
 * validation fitness), and the network is exported with them.
 *
 * <p>Stateless and thread-safe as a class, but DJL's PyTorch engine trains one network per JVM at a
 * time. All native memory is freed before returning.
 */
public final class SubnetTrainer {
  private SubnetTrainer() {}

  /**
   * @param validation evaluated after training when not null
   * @throws org.tnas.formats.errors.ProjectException INVALID_GENOME, SHAPE_MISMATCH or
   *     NON_FINITE_LOSS with the messages of {@link SupernetTrainer#trainEpoch}
   */
  public static RetrainedSubnet retrain(SearchSpace space, Genome genome, LabelledTensorSet train,
      LabelledTensorSet validation, SupernetConfig config) {
    return retrain(space, genome, train, null, validation, config);
  }

  /**
   * As above; with {@code augmented} (null: none) epoch {@code e} trains on {@code train}'s samples
   * augmented afresh for that epoch ({@link AugmentedEpochs#epoch}); batch-norm statistics are
   * recomputed on the plain training samples.
   */
  public static RetrainedSubnet retrain(SearchSpace space, Genome genome, LabelledTensorSet train,
      AugmentedEpochs augmented, LabelledTensorSet validation, SupernetConfig config) {
    Objects.requireNonNull(space, "space is null");
    Objects.requireNonNull(genome, "genome is null");
    Objects.requireNonNull(train, "train is null");
    Objects.requireNonNull(config, "config is null");
    space.validate(genome);
    train.checkFits(space);
    long seed = Seeds.derive(config.seed(), Seeds.stableHash("retrain"), Seeds.stableHash(genome.activeHash()));
    DjlEngines.pytorch(config.threads());
    try (NDManager manager = NDManager.newBaseManager();
        Supernet supernet = Supernet.create(space, manager, seed);
        SupernetTrainer trainer = SupernetTrainer.fixedPath(supernet, config, genome)) {
      List<EpochResult> epochs = trainer.train(e -> augmented == null ? train : augmented.epoch(train, e),
          EpochProgress.onStderr("retrain " + genome.toCompactString(), config.epochs()));
      // the running averages of training drift with the weights: recompute the batch-norm
      // statistics of the final weights on the training data before they are exported or scored
      SubnetEvaluator evaluator = new SubnetEvaluator(supernet, config.batchSize());
      evaluator.recalibrate(genome, train, recalibrationBatches(train, config), seed);
      NetworkWeights weights = supernet.extract(genome);
      SubnetEvaluation evaluation = validation == null
          ? null
          : evaluator.evaluate(genome, validation);
      return new RetrainedSubnet(genome.toCompactString(), weights, epochs, evaluation);
    }
  }

  /** Batch-norm statistics of a retrained subnet are recomputed over the whole training set. */
  static int recalibrationBatches(LabelledTensorSet train, SupernetConfig config) {
    return Math.max(1, (train.size() + config.batchSize() - 1) / config.batchSize());
  }
}
