package org.tnas.search.supernet;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.Objects;
import org.tnas.formats.errors.ProjectException;
import org.tnas.formats.util.Seeds;
import org.tnas.search.data.LabelledTensorSet;
import org.tnas.search.net.NetworkWeights;
import org.tnas.search.space.Genome;
import org.tnas.search.training.BatchInputs;
import org.tnas.search.training.GradientRecording;
import org.tnas.search.training.Losses;

/**
 * Scores subnets that inherit their weights from a trained {@link Supernet}. Because SPOS trains
 * every path's batch norms with batch statistics of mixed paths, a path's running statistics must be
 * recomputed before evaluation ({@link #recalibrate}): they are reset and recomputed as the exact
 * mean over {@code batches} training batches (PyTorch momentum {@code 1/i} for batch i) of the
 * batch mean and unbiased variance, in training mode and without gradients - the procedure of the
 * SPOS paper.
 *
 * <p>Each batch runs in its own sub-manager, closed after the batch. Not thread-safe (it mutates the
 * path's batch-norm statistics in the supernet).
 */
public final class SubnetEvaluator {
  private static final long RECALIBRATION_TAG = Seeds.stableHash("bn-recalibration");

  private final Supernet supernet;
  private final int batchSize;

  /** An evaluator running batches of {@code batchSize} samples (at least 2). */
  public SubnetEvaluator(Supernet supernet, int batchSize) {
    this.supernet = Objects.requireNonNull(supernet, "supernet is null");
    if (batchSize < 2) {
      throw new IllegalArgumentException("Invalid batchSize: " + batchSize);
    }
    this.batchSize = batchSize;
  }

  /**
   * Recomputes the batch-norm running statistics of {@code genome}'s path from up to {@code
   * batches} batches of {@code data} in a seeded order (derived from {@code seed} and the genome's
   * active hash, so the same subnet is always recalibrated on the same samples).
   */
  public void recalibrate(Genome genome, LabelledTensorSet data, int batches, long seed) {
    Objects.requireNonNull(genome, "genome is null");
    Objects.requireNonNull(data, "data is null");
    if (batches < 1) {
      throw new IllegalArgumentException("Invalid batches: " + batches);
    }
    data.checkFits(supernet.space());
    supernet.space().validate(genome);
    GradientRecording.stop();
    supernet.resetBatchNormStatistics(genome);
    int[] order = data.shuffledOrder(seed, RECALIBRATION_TAG, Seeds.stableHash(genome.activeHash()));
    BatchInputs inputs = new BatchInputs();
    int done = 0;
    for (int from = 0; from < order.length && done < batches; from += batchSize) {
      int to = Math.min(order.length, from + batchSize);
      if (to - from < 2) {
        break;
      }
      try (NDManager scope = supernet.manager().newSubManager()) {
        NDArray input = inputs.copy(scope, data, order, from, to);
        // cumulative average: DJL momentum m keeps m * running, so m = 1 - 1 / (batch number)
        supernet.forward(input, genome, true, 1f - 1f / (done + 1));
      }
      done++;
    }
  }

  /**
   * Inference of {@code genome}'s inherited subnet on every sample of {@code data}, with the path's
   * current batch-norm statistics (recalibrate first).
   *
   * @throws ProjectException SHAPE_MISMATCH when the data does not fit, {@link
   *     SupernetErrorCode#NON_FINITE_LOSS} "Invalid validation loss: ..." when a logit is NaN or
   *     infinite
   */
  public SubnetEvaluation evaluate(Genome genome, LabelledTensorSet data) {
    Objects.requireNonNull(genome, "genome is null");
    Objects.requireNonNull(data, "data is null");
    data.checkFits(supernet.space());
    supernet.space().validate(genome);
    GradientRecording.stop();
    int classes = data.classCount();
    float[][] logits = new float[data.size()][];
    int[] predictions = new int[data.size()];
    int[] order = new int[data.size()];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    BatchInputs inputs = new BatchInputs();
    double lossSum = 0;
    for (int from = 0; from < order.length; from += batchSize) {
      int to = Math.min(order.length, from + batchSize);
      try (NDManager scope = supernet.manager().newSubManager()) {
        NDArray input = inputs.copy(scope, data, order, from, to);
        NDArray labels = Tensors.labels(scope, data, order, from, to);
        NDArray output = supernet.forward(input, genome, false);
        float[] values = output.toFloatArray();
        float[] losses = Losses.crossEntropy(output, labels).toFloatArray();
        for (int i = from; i < to; i++) {
          float[] row = java.util.Arrays.copyOfRange(values, (i - from) * classes, (i - from + 1) * classes);
          logits[i] = row;
          predictions[i] = argmax(row);
          lossSum += losses[i - from];
        }
      }
    }
    double meanLoss = lossSum / data.size();
    if (!Double.isFinite(meanLoss)) {
      throw new ProjectException(SupernetErrorCode.NON_FINITE_LOSS,
          "Invalid validation loss: " + meanLoss + " for genome " + genome.toCompactString());
    }
    return SubnetEvaluation.of(genome.toCompactString(), meanLoss, logits, predictions, data.labels(), classes);
  }

  /** Recalibrates the path on {@code calibration} and returns {@link #evaluate} on {@code data}. */
  public SubnetEvaluation recalibrateAndEvaluate(Genome genome, LabelledTensorSet calibration, int batches, long seed,
      LabelledTensorSet data) {
    recalibrate(genome, calibration, batches, seed);
    return evaluate(genome, data);
  }

  /**
   * The inherited subnet of {@code genome} as {@link NetworkWeights}, after recalibrating its batch
   * norms on {@code calibration}: the hand-off to the TTFS mapper.
   */
  public NetworkWeights extract(Genome genome, LabelledTensorSet calibration, int batches, long seed) {
    recalibrate(genome, calibration, batches, seed);
    return supernet.extract(genome);
  }

  static int argmax(float[] values) {
    int best = 0;
    for (int i = 1; i < values.length; i++) {
      if (values[i] > values[best]) {
        best = i;
      }
    }
    return best;
  }
}
