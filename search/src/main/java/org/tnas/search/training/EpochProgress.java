package org.tnas.search.training;

import java.util.Locale;
import java.util.Objects;
import java.util.function.Consumer;
import org.tnas.formats.util.Progress;

/**
 * The progress line every trainer prints once per epoch: epoch, learning rate, training loss and
 * accuracy, the trainer's own part (e.g. validation), throughput, wall time and ETA (the mean
 * wall time of the epochs trained so far in this process times the epochs left):
 *
 * <pre>{@code
 * epoch 6/40 lr 0.04801 | train loss 1.7000 acc 30.1% | val loss 1.6000 WAR 41.7% ... | 39.4 samples/s | 2.7 s | ETA 1m17s
 * [supernet] epoch 2/3 lr 0.00817..0.00250 | train loss 2.1034 acc 21.5% | 301.2 samples/s | 2.7 s | ETA 3s
 * }</pre>
 *
 * A learning rate that changed during the epoch (a per-step schedule) is shown as {@code
 * first..last}. Not thread safe.
 */
public final class EpochProgress {
  private final String prefix;
  private final int epochs;
  private final int firstEpoch;
  private final Consumer<String> out;
  private double trainedSeconds;

  private EpochProgress(String prefix, int epochs, int firstEpoch, Consumer<String> out) {
    this.prefix = prefix;
    this.epochs = epochs;
    this.firstEpoch = firstEpoch;
    this.out = Objects.requireNonNull(out, "out is null");
  }

  /**
   * Lines without a task prefix.
   *
   * @param epochs the epochs of the whole run
   * @param firstEpoch the first epoch this process trains (after a resume, the epochs already done)
   */
  public static EpochProgress of(int epochs, int firstEpoch, Consumer<String> out) {
    return new EpochProgress("", epochs, firstEpoch, out);
  }

  /** Lines {@code [task] epoch ...} on standard error, for a run of {@code epochs} epochs from epoch 0. */
  public static EpochProgress onStderr(String task, int epochs) {
    Objects.requireNonNull(task, "task is null");
    return new EpochProgress("[" + task + "] ", epochs, 0, line -> System.err.println(line));
  }

  /**
   * Prints the line of epoch {@code epoch} (0-based).
   *
   * @param firstRate the learning rate of the epoch's first step
   * @param lastRate the learning rate of its last step
   * @param details the trainer's own part (e.g. validation), or empty
   * @param samplesPerSecond the throughput to show
   * @param seconds the epoch's wall time (counted into the ETA)
   */
  public void report(int epoch, double firstRate, double lastRate, double loss, double accuracy, String details,
      double samplesPerSecond, double seconds) {
    trainedSeconds += seconds;
    int trainedEpochs = epoch + 1 - firstEpoch;
    long remaining = Math.round(trainedSeconds / trainedEpochs * (epochs - epoch - 1));
    String rate = Double.compare(firstRate, lastRate) == 0
        ? String.format(Locale.ROOT, "%.5f", firstRate)
        : String.format(Locale.ROOT, "%.5f..%.5f", firstRate, lastRate);
    out.accept(String.format(Locale.ROOT, "%sepoch %d/%d lr %s | train loss %.4f acc %.1f%%%s | %.1f samples/s | %.1f s"
        + " | ETA %s", prefix, epoch + 1, epochs, rate, loss, 100 * accuracy, details.isEmpty() ? "" : " | " + details,
        samplesPerSecond, seconds, Progress.duration(remaining)));
  }
}
