package org.tnas.pipelines.pipeline;

import java.util.ArrayList;
import java.util.List;
import org.tnas.formats.config.ConfigKey;
import org.tnas.formats.config.StrictConfig;

/**
 * The TTFS stage's settings ({@code pipeline.ttfs.*}): fine-tuning of the mapped TTFS net under the
 * {@code ttfs.*} hardware constraints, the retraining-strategy comparison and the constraint sweep.
 * Fine-tuning and training from scratch use the shared engine (SGD, momentum 0.9, cosine schedule,
 * the pipeline's batch size, weight decay, seed and retraining augmentation).
 *
 * @param fineTuneEpochs epochs of TTFS fine-tuning when the constraints are not exact (0: none)
 * @param fineTuneLearningRate its initial learning rate
 * @param scratchLearningRate the initial learning rate of TTFS training from scratch (as many epochs
 *     as the retraining)
 * @param strategies compare the retraining strategies (TNAS-ER figure 5)
 * @param sweepBits bit widths of the constraint sweep (spike times and weights), empty for none
 * @param fineTuneSeeds training seeds of the fine-tuning under the constraints (more than one: the
 *     spread over seeds with a bootstrap interval)
 */
public record TtfsOptions(int fineTuneEpochs, double fineTuneLearningRate, double scratchLearningRate, boolean strategies,
    int[] sweepBits, int fineTuneSeeds) {
  public static final ConfigKey<Integer> FINETUNE_EPOCHS = ConfigKey.integer("pipeline.ttfs.finetune.epochs", 10, 0, 100_000,
      "epochs of TTFS fine-tuning of the final model under the ttfs.* constraints (only when they are not exact); 0: none");
  public static final ConfigKey<Double> FINETUNE_LEARNING_RATE = ConfigKey.decimal("pipeline.ttfs.finetune.learning-rate", 0.001,
      1e-7, 10, "initial learning rate of TTFS fine-tuning (SGD, momentum 0.9, cosine)");
  public static final ConfigKey<Double> SCRATCH_LEARNING_RATE = ConfigKey.decimal("pipeline.ttfs.scratch.learning-rate", 0.01,
      1e-7, 10, "initial learning rate of TTFS training from scratch in the strategy comparison (SGD, momentum 0.9, cosine, pipeline.retrain.epochs epochs)");
  public static final ConfigKey<Boolean> STRATEGIES = ConfigKey.bool("pipeline.ttfs.strategies", false,
      "compare the retraining strategies under the ttfs.* constraints (inherited weights, ReLU retraining + transfer, + TTFS fine-tuning, TTFS from scratch): report/ttfs-strategies.*");
  public static final ConfigKey<String> SWEEP = ConfigKey.string("pipeline.ttfs.sweep", "",
      "constraint sweep: bit widths for spike times and weights, e.g. 8,6,4,3,2, each transferred and fine-tuned: report/ttfs-sweep.*; empty: none");

  public static final ConfigKey<Integer> FINETUNE_SEEDS = ConfigKey.integer("pipeline.ttfs.finetune.seeds", 1, 1, 1_000,
      "repeat the fine-tuning under the ttfs.* constraints with this many training seeds and report the spread (mean, 95 % bootstrap interval of fine-tuned - exact WAR)");

  /** Every key, in documentation order. */
  public static final List<ConfigKey<?>> KEYS = List.of(FINETUNE_EPOCHS, FINETUNE_LEARNING_RATE, SCRATCH_LEARNING_RATE,
      STRATEGIES, SWEEP, FINETUNE_SEEDS);

  public TtfsOptions {
    if (fineTuneEpochs < 0) {
      throw new IllegalArgumentException("Invalid pipeline.ttfs.finetune.epochs: " + fineTuneEpochs);
    }
    sweepBits = sweepBits.clone();
    if (fineTuneSeeds < 1) {
      throw new IllegalArgumentException("Invalid pipeline.ttfs.finetune.seeds: " + fineTuneSeeds);
    }
    for (int bits : sweepBits) {
      if (bits < 2 || bits > 30) {
        throw new IllegalArgumentException("Invalid pipeline.ttfs.sweep: " + bits + " bits (expected 2..30)");
      }
    }
  }

  /** Reads the keys. */
  public static TtfsOptions from(StrictConfig config) {
    return new TtfsOptions(config.get(FINETUNE_EPOCHS), config.get(FINETUNE_LEARNING_RATE), config.get(SCRATCH_LEARNING_RATE),
        config.get(STRATEGIES), parseBits(config.get(SWEEP)), config.get(FINETUNE_SEEDS));
  }

  static int[] parseBits(String text) {
    List<Integer> bits = new ArrayList<>();
    for (String part : text.split(",")) {
      String value = part.trim();
      if (value.isEmpty()) {
        continue;
      }
      try {
        bits.add(Integer.parseInt(value));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("Invalid pipeline.ttfs.sweep: " + text + " (expected bit widths such as 8,6,4)", e);
      }
    }
    return bits.stream().mapToInt(Integer::intValue).toArray();
  }

  @Override
  public int[] sweepBits() {
    return sweepBits.clone();
  }

  /** True when the stage has something to do under {@code exactConstraints}. */
  public boolean active(boolean exactConstraints) {
    return strategies || sweepBits.length > 0 || (!exactConstraints && fineTuneEpochs > 0);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof TtfsOptions o && fineTuneEpochs == o.fineTuneEpochs
        && Double.compare(fineTuneLearningRate, o.fineTuneLearningRate) == 0
        && Double.compare(scratchLearningRate, o.scratchLearningRate) == 0 && strategies == o.strategies
        && java.util.Arrays.equals(sweepBits, o.sweepBits) && fineTuneSeeds == o.fineTuneSeeds;
  }

  @Override
  public int hashCode() {
    return java.util.Objects.hash(fineTuneEpochs, fineTuneLearningRate, scratchLearningRate, strategies,
        java.util.Arrays.hashCode(sweepBits), fineTuneSeeds);
  }

  @Override
  public String toString() {
    return "TtfsOptions[fineTuneEpochs=" + fineTuneEpochs + ", fineTuneLearningRate=" + fineTuneLearningRate
        + ", scratchLearningRate=" + scratchLearningRate + ", strategies=" + strategies + ", sweepBits="
        + java.util.Arrays.toString(sweepBits) + ", fineTuneSeeds=" + fineTuneSeeds + "]";
  }
}
