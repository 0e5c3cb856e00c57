package org.tnas.search.results;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * The evaluation protocols of SEARCH.md section 3. Spiking-FER: report the mean and sample standard
 * deviation of the per-fold scores over its 10 folds. SEE: one fixed train/test split; its baseline
 * averages 20 test passes, aggregated here the same way (mean and standard deviation over passes).
 * Per-class recall is aggregated per class, ignoring NaN (a class absent from a fold) and the
 * count says how many folds had it. Stateless.
 */
public final class FoldAggregation {
  private FoldAggregation() {}

  /** The protocol a set of fold scores comes from. */
  public enum Protocol {
    /** Spiking-FER: k folds from folds.csv, each with its own test split. */
    CROSS_FOLD,
    /** SEE: one fixed split, repeated test passes. */
    FIXED_SPLIT_REPEATED_PASSES
  }

  /**
   * Summaries of WAR, UAR, SynOps, spikes per neuron and every class's recall ({@code recall[c]}).
   *
   * @throws IllegalArgumentException "Invalid fold scores: ..." when empty or when a fold repeats
   */
  public static List<MetricSummary> aggregate(List<FoldScore> scores) {
    Objects.requireNonNull(scores, "scores is null");
    if (scores.isEmpty()) {
      throw new IllegalArgumentException("Invalid fold scores: none");
    }
    Set<Integer> folds = new HashSet<>();
    int classes = 0;
    for (FoldScore score : scores) {
      if (!folds.add(score.fold())) {
        throw new IllegalArgumentException("Invalid fold scores: fold " + score.fold() + " appears twice");
      }
      classes = Math.max(classes, score.perClassRecall().size());
    }
    List<MetricSummary> summaries = new ArrayList<>();
    summaries.add(summary("war", scores.stream().mapToDouble(FoldScore::war).toArray()));
    summaries.add(summary("uar", scores.stream().mapToDouble(FoldScore::uar).toArray()));
    summaries.add(summary("synaptic_operations", scores.stream().mapToDouble(FoldScore::synapticOperations).toArray()));
    summaries.add(summary("spikes_per_neuron", scores.stream().mapToDouble(FoldScore::spikesPerNeuron).toArray()));
    for (int c = 0; c < classes; c++) {
      final int k = c;
      summaries.add(summary("recall[" + c + "]", scores.stream()
          .mapToDouble(s -> k < s.perClassRecall().size() ? s.perClassRecall().get(k) : Double.NaN).toArray()));
    }
    return summaries;
  }

  /** Mean and sample standard deviation of the non-NaN values. */
  public static MetricSummary summary(String metric, double[] values) {
    double sum = 0;
    int n = 0;
    for (double value : values) {
      if (!Double.isNaN(value)) {
        sum += value;
        n++;
      }
    }
    if (n == 0) {
      return new MetricSummary(metric, Double.NaN, Double.NaN, 0);
    }
    double mean = sum / n;
    double squares = 0;
    for (double value : values) {
      if (!Double.isNaN(value)) {
        squares += (value - mean) * (value - mean);
      }
    }
    return new MetricSummary(metric, mean, n > 1 ? Math.sqrt(squares / (n - 1)) : 0, n);
  }

  /** A Markdown table "metric | mean | std | n" of the summaries. */
  public static String toMarkdown(Protocol protocol, List<MetricSummary> summaries) {
    StringBuilder text = new StringBuilder();
    text.append(protocol == Protocol.CROSS_FOLD ? "Cross-fold (mean ± std over folds)\n\n"
        : "Fixed split (mean ± std over repeated test passes)\n\n");
    text.append("| metric | mean | std | n |\n|---|---|---|---|\n");
    for (MetricSummary s : summaries) {
      text.append(String.format(Locale.ROOT, "| %s | %.4f | %.4f | %d |%n", s.metric(), s.mean(),
          s.standardDeviation(), s.count()));
    }
    return text.toString();
  }
}
