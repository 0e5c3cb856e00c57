package org.tnas.search.training;

import java.io.Serializable;
import java.util.Locale;
import java.util.Objects;

/**
 * The training recipe. Defaults are Spiking-FER's (section 5 of SPIKING_FER.md): SGD with momentum
 * 0.9 and weight decay 5e-4, learning rate 0.01 (the paper; its train.py uses 5e-3), cosine
 * annealing per epoch over the number of epochs (PyTorch's CosineAnnealingLR with T_max = epochs,
 * eta_min = 0), batch 32. Immutable and serialisable.
 *
 * @param epochs epochs to train in total (a resumed run continues up to this number)
 * @param batchSize samples per step
 * @param learningRate initial learning rate
 * @param momentum SGD momentum (PyTorch semantics, no dampening, no Nesterov)
 * @param weightDecay L2 weight decay added to the gradient
 * @param schedule learning-rate schedule
 * @param seed the seed of batch order, dropout and everything else random in training
 * @param threads PyTorch intra-op threads (0 = keep the current setting)
 */
public record TrainingConfig(int epochs, int batchSize, double learningRate, double momentum, double weightDecay,
    Schedule schedule, long seed, int threads) implements Serializable {
  private static final long serialVersionUID = 1L;

  /** Learning-rate schedules. */
  public enum Schedule {
    /** {@code lr(e) = lr0 * (1 + cos(pi * e / epochs)) / 2} for epoch e = 0, 1, ... */
    COSINE,
    /** {@code lr(e) = lr0}. */
    CONSTANT;

    /** Parses {@code cosine} / {@code constant}. */
    public static Schedule parse(String text) {
      return switch (Objects.requireNonNull(text, "text is null").trim().toLowerCase(Locale.ROOT)) {
        case "cosine" -> COSINE;
        case "constant" -> CONSTANT;
        default -> throw new IllegalArgumentException("Invalid schedule: " + text + " (expected cosine or constant)");
      };
    }
  }

  public TrainingConfig {
    Objects.requireNonNull(schedule, "schedule is null");
    if (epochs < 1) {
      throw new IllegalArgumentException("Invalid epochs: " + epochs);
    }
    if (batchSize < 2) {
      throw new IllegalArgumentException("Invalid batch size: " + batchSize + " (expected at least 2)");
    }
    if (!(learningRate > 0 && learningRate < 10)) {
      throw new IllegalArgumentException("Invalid learning rate: " + learningRate);
    }
    if (!(momentum >= 0 && momentum < 1)) {
      throw new IllegalArgumentException("Invalid momentum: " + momentum + " (expected [0, 1))");
    }
    if (!(weightDecay >= 0 && weightDecay < 1)) {
      throw new IllegalArgumentException("Invalid weight decay: " + weightDecay);
    }
    if (threads < 0) {
      throw new IllegalArgumentException("Invalid threads: " + threads);
    }
  }

  /** Spiking-FER's recipe (learning rate 0.01) for {@code epochs} epochs. */
  public static TrainingConfig spikingFer(int epochs, long seed) {
    return new TrainingConfig(epochs, 32, 0.01, 0.9, 5e-4, Schedule.COSINE, seed, 0);
  }

  /** A copy with another number of epochs. */
  public TrainingConfig withEpochs(int newEpochs) {
    return new TrainingConfig(newEpochs, batchSize, learningRate, momentum, weightDecay, schedule, seed, threads);
  }

  /** A copy with another seed. */
  public TrainingConfig withSeed(long newSeed) {
    return new TrainingConfig(epochs, batchSize, learningRate, momentum, weightDecay,
        schedule, newSeed, threads);
  }

  /** A copy with another thread count. */
  public TrainingConfig withThreads(int newThreads) {
    return new TrainingConfig(epochs, batchSize, learningRate, momentum, weightDecay, schedule, seed, newThreads);
  }

  /** The learning rate of epoch {@code epoch} (0-based). */
  public double learningRate(int epoch) {
    if (schedule == Schedule.CONSTANT) {
      return learningRate;
    }
    return learningRate * (1 + Math.cos(Math.PI * epoch / epochs)) / 2;
  }

  /** The settings that must match for a checkpoint to be resumed (everything but the thread count). */
  public String fingerprint() {
    return String.format(Locale.ROOT, "epochs=%d batch=%d lr=%s momentum=%s wd=%s schedule=%s seed=%d", epochs, batchSize,
        learningRate, momentum, weightDecay, schedule, seed);
  }
}
