package org.tnas.search.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.Objects;
import org.tnas.formats.errors.ProjectException;
import org.tnas.formats.util.Seeds;
import org.tnas.search.data.LabelledTensorSet;

/**
 * The step and epoch loop every DJL trainer of the project runs: {@link Trainer} (a fixed {@link
 * TrainableModel}: {@code tnas train}, the Spiking-FER study, TTFS fine-tuning) and the supernet's
 * trainer (a path of the supernet per step: supernet training, the retraining of final models,
 * ranking subnets and baselines).
 *
 * <p>One epoch: the samples in the order {@code data.shuffledOrder(seed, "batch-order", epoch)},
 * batches of {@code batchSize} with the last one dropped when it has fewer than 2 samples (batch
 * norm needs two; the same rule every epoch and run), and per batch: the {@link StepPlan} of the
 * step (what the trainer decides before the step, e.g. the supernet's genome), a sub-manager scope
 * of {@link Target#manager()} that frees everything the step made, the inputs copied through one
 * reused direct buffer ({@link BatchInputs}), the int64 labels, the forward pass with gradient
 * recording on ({@link GradientRecording}), the mean softmax cross-entropy ({@link Losses}), a
 * {@link StepPlan#nonFiniteLoss} exception when the loss is not finite (then nothing is updated),
 * the backward pass, recording off, the optimiser update ({@link StepPlan#update}) and the counts
 * of correct predictions. What differs between the trainers is supplied by {@link Target} and
 * {@link StepPlan}; the loop fixes the order of all tensor operations, so a trainer gives the same
 * floats through it as its own loop did.
 *
 * <p>Not thread safe (one loop per trainer); PyTorch's grad mode is thread local, so loops of
 * different threads may run at once with {@link GradientRecording#THREAD_GRAD_MODE}.
 */
public final class TrainingLoop {
  private static final long ORDER_TAG = Seeds.stableHash("batch-order");

  private final long seed;
  private final int batchSize;
  private final BatchInputs batchInputs;

  /**
   * @param seed the seed of the batch order
   * @param batchSize samples per batch
   * @param batchInputs the input copier (shared with the trainer's evaluation, so one buffer serves both)
   */
  public TrainingLoop(long seed, int batchSize, BatchInputs batchInputs) {
    if (batchSize < 1) {
      throw new IllegalArgumentException("Invalid batch size: " + batchSize);
    }
    this.seed = seed;
    this.batchSize = batchSize;
    this.batchInputs = Objects.requireNonNull(batchInputs, "batchInputs is null");
  }

  /**
   * Optimiser steps of one epoch over {@code samples} samples: full batches, and the last partial
   * batch when it has at least 2 samples.
   */
  public static long stepsPerEpoch(int samples, int batchSize) {
    long steps = samples / batchSize;
    return samples % batchSize >= 2 ? steps + 1 : steps;
  }

  /**
   * Where a step is.
   *
   * @param epoch the 0-based epoch index
   * @param step the 0-based step within the epoch
   * @param runStep the 0-based step over the whole run ({@code firstRunStep} of the epoch plus {@code step})
   */
  public record StepPosition(int epoch, int step, long runStep) {}

  /** What the trainer plugs into the loop. */
  public interface Target {
    /** The manager whose sub-managers scope the steps (the one that owns the parameters). */
    NDManager manager();

    /** How the forward and backward passes record gradients. */
    GradientRecording recording();

    /** Decides step {@code position} before its scope opens (e.g. samples the supernet's genome). */
    StepPlan plan(StepPosition position);
  }

  /** One step as the trainer decided it. */
  public interface StepPlan {
    /** The training-mode logits {@code (N, classes)} of {@code input}, made in {@code scope}; runs with recording on. */
    NDArray forward(NDManager scope, NDArray input);

    /** The learning rate this step updates with (reported in the epoch's totals). */
    double learningRate();

    /**
     * Applies the step's gradients to the weights the step trains and clears those gradients;
     * runs with recording off, temporaries in {@code scope}.
     */
    void update(NDManager scope);

    /** The exception thrown when the step's loss is {@code loss}, a non-finite value (no weight is updated). */
    ProjectException nonFiniteLoss(float loss);
  }

  /**
   * What an epoch did.
   *
   * @param steps optimiser steps
   * @param samples samples trained on
   * @param meanLoss mean of the steps' mean losses (NaN without steps)
   * @param accuracy share of the samples predicted right by their training-mode pass (0 without samples)
   * @param firstLearningRate the rate of the first step (NaN without steps)
   * @param lastLearningRate the rate of the last step (NaN without steps)
   * @param seconds wall time of the loop
   */
  public record EpochTotals(int steps, long samples, double meanLoss, double accuracy, double firstLearningRate,
      double lastLearningRate, double seconds) {}

  /**
   * Trains one epoch of {@code data}.
   *
   * @param epoch the epoch index (the batch order derives from it)
   * @param firstRunStep the run step of the epoch's first step
   * @throws ProjectException the plan's {@link StepPlan#nonFiniteLoss} exception when a loss is not finite
   */
  public EpochTotals runEpoch(LabelledTensorSet data, int epoch, long firstRunStep, Target target) {
    Objects.requireNonNull(data, "data is null");
    Objects.requireNonNull(target, "target is null");
    long start = System.nanoTime();
    int[] order = data.shuffledOrder(seed, ORDER_TAG, epoch);
    GradientRecording recording = target.recording();
    double lossSum = 0;
    int steps = 0;
    long samples = 0;
    long correct = 0;
    double firstRate = Double.NaN;
    double lastRate = Double.NaN;
    for (int from = 0; from < order.length; from += batchSize) {
      int to = Math.min(order.length, from + batchSize);
      if (to - from < 2) {
        break; // batch norm needs two samples; the same rule every epoch and run
      }
      StepPlan plan = target.plan(new StepPosition(epoch, steps, firstRunStep + steps));
      try (NDManager scope = target.manager().newSubManager()) {
        NDArray input = batchInputs.copy(scope, data, order, from, to);
        long[] labels = labels(data, order, from, to);
        NDArray labelArray = scope.create(labels);
        NDArray logits;
        float loss;
        try (GradientRecording.Recorder recorder = recording.start(scope)) {
          logits = plan.forward(scope, input);
          NDArray mean = Losses.crossEntropy(logits, labelArray).mean();
          loss = mean.getFloat();
          if (Float.isFinite(loss)) {
            recorder.backward(mean);
          }
        }
        GradientRecording.stop();
        if (!Float.isFinite(loss)) {
          throw plan.nonFiniteLoss(loss);
        }
        plan.update(scope);
        lossSum += loss;
        long[] predictions = logits.argMax(1).toLongArray();
        for (int i = 0; i < predictions.length; i++) {
          correct += predictions[i] == labels[i] ? 1 : 0;
        }
      }
      lastRate = plan.learningRate();
      if (steps == 0) {
        firstRate = lastRate;
      }
      steps++;
      samples += to - from;
    }
    return new EpochTotals(steps, samples, steps == 0 ? Double.NaN : lossSum / steps,
        samples == 0 ? 0 : (double) correct / samples, firstRate, lastRate, (System.nanoTime() - start) / 1e9);
  }

  /** The int64 labels of {@code order[from..to)}. */
  public static long[] labels(LabelledTensorSet data, int[] order, int from, int to) {
    long[] labels = new long[to - from];
    for (int i = from; i < to; i++) {
      labels[i - from] = data.label(order[i]);
    }
    return labels;
  }
}
