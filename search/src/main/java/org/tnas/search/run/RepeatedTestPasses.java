package org.tnas.search.run;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.IntFunction;
import org.tnas.formats.util.Progress;
import org.tnas.search.data.LabelledTensorSet;
import org.tnas.search.metrics.ClassificationMetrics;
import org.tnas.search.metrics.WorkCounts;
import org.tnas.search.net.ReluNetwork;
import org.tnas.search.results.FoldAggregation;
import org.tnas.search.results.FoldScore;
import org.tnas.search.results.MetricSummary;
import org.tnas.search.ttfs.TtfsNetwork;
import org.tnas.search.ttfs.TtfsResult;
import org.tnas.search.ttfs.TtfsSimulator;

/**
 * SEE's test protocol (SEARCH.md section 3): the final TTFS model evaluated on the test split once
 * per pass, each pass a different view of the same test samples (SEE: a random temporal clip of
 * every sequence, drawn per pass), and the passes summarised as mean and sample standard deviation
 * of WAR, UAR, per-class recall, SynOps, spikes per neuron, the accuracy (WAR) and UAR of every
 * group of samples (e.g. SEE's lighting conditions), and the share of samples where the TTFS net
 * and its ReLU twin agree. Pure Java, no Spark: the caller supplies the passes one at a time
 * ({@code IntFunction}), so only one pass's tensors are held at once. Deterministic for
 * deterministic passes. Stateless.
 */
public final class RepeatedTestPasses {
  private RepeatedTestPasses() {}

  /**
   * The scores of one pass.
   *
   * @param pass the pass number (1-based)
   * @param metrics the TTFS net's classification over the pass's samples
   * @param work the summed work counts of its TTFS inferences
   * @param groups its classification per group (groups with no sample in the pass are absent)
   * @param reluAgreement the share of samples the TTFS net and its ReLU twin predict alike
   */
  public record Pass(int pass, ClassificationMetrics metrics, WorkCounts work,
      SortedMap<String, ClassificationMetrics> groups, double reluAgreement) {
    public Pass {
      Objects.requireNonNull(metrics, "metrics is null");
      Objects.requireNonNull(work, "work is null");
      groups = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(Objects.requireNonNull(groups, "groups is null")));
    }
  }

  /**
   * All passes and their summaries.
   *
   * @param passes one entry per pass, in pass order
   * @param summaries {@code war}, {@code uar}, {@code synaptic_operations}, {@code spikes_per_neuron},
   *     {@code recall[c]} per class, {@code war[<group>]} and {@code uar[<group>]} per group, and
   *     {@code relu_agreement}: mean, sample standard deviation and the passes counted (NaN values,
   *     e.g. a class absent from the test split, are left out)
   */
  public record Result(List<Pass> passes, List<MetricSummary> summaries) {
    public Result {
      passes = List.copyOf(passes);
      summaries = List.copyOf(summaries);
    }

    /** The summary of {@code metric}. */
    public MetricSummary summary(String metric) {
      for (MetricSummary summary : summaries) {
        if (summary.metric().equals(metric)) {
          return summary;
        }
      }
      throw new IllegalArgumentException("Invalid metric: " + metric + " (not summarised)");
    }

    /** The groups seen in any pass, sorted. */
    public List<String> groups() {
      TreeSet<String> names = new TreeSet<>();
      passes.forEach(pass -> names.addAll(pass.groups().keySet()));
      return List.copyOf(names);
    }

    /**
     * The per-pass table as CSV: {@code pass,samples,war,uar,synaptic_operations,spikes_per_neuron,
     * relu_agreement}, then {@code recall[c]} per class and {@code war[<group>]}, {@code
     * uar[<group>]} per group (empty when the group has no sample in the pass).
     */
    public String toCsv(int classCount) {
      List<String> groups = groups();
      StringBuilder csv = new StringBuilder("pass,samples,war,uar,synaptic_operations,spikes_per_neuron,relu_agreement");
      for (int c = 0; c < classCount; c++) {
        csv.append(",recall[").append(c).append(']');
      }
      for (String group : groups) {
        csv.append(",\"war[").append(group.replace("\"", "\"\"")).append("]\",\"uar[")
            .append(group.replace("\"", "\"\"")).append("]\"");
      }
      csv.append('\n');
      for (Pass pass : passes) {
        csv.append(String.format(Locale.ROOT, "%d,%d,%.6f,%.6f,%.1f,%.6f,%.6f", pass.pass(), pass.metrics().total(),
            pass.metrics().war(), pass.metrics().uar(), pass.work().meanSynapticOperations(),
            pass.work().spikesPerNeuron(), pass.reluAgreement()));
        double[] recall = pass.metrics().perClassRecall();
        for (int c = 0; c < classCount; c++) {
          csv.append(',').append(c < recall.length && !Double.isNaN(recall[c]) ? String.format(Locale.ROOT, "%.6f", recall[c]) : "");
        }
        for (String group : groups) {
          ClassificationMetrics metrics = pass.groups().get(group);
          csv.append(metrics == null ? ",," : String.format(Locale.ROOT, ",%.6f,%.6f", metrics.war(), metrics.uar()));
        }
        csv.append('\n');
      }
      return csv.toString();
    }

    /** The summaries as CSV: {@code metric,mean,std,passes}. */
    public String summaryCsv() {
      StringBuilder csv = new StringBuilder("metric,mean,std,passes\n");
      for (MetricSummary s : summaries) {
        csv.append('"').append(s.metric().replace("\"", "\"\"")).append('"')
            .append(String.format(Locale.ROOT, ",%.6f,%.6f,%d%n", s.mean(), s.standardDeviation(), s.count()));
      }
      return csv.toString();
    }

    /**
     * A Markdown section: the mean ± std table (WAR, UAR, per group, per class by name, SynOps,
     * agreement) and the per-pass rows.
     *
     * @param title the section's heading text
     * @param description a paragraph under the heading (how the passes differ)
     * @param groupKey what the groups are (e.g. {@code source.lighting})
     */
    public String toMarkdown(String title, String description, List<String> classNames, String groupKey) {
      StringBuilder md = new StringBuilder("## ").append(title).append("\n\n").append(description).append("\n\n");
      md.append("| metric | mean | std | passes |\n|---|---|---|---|\n");
      row(md, "WAR", summary("war"));
      row(md, "UAR", summary("uar"));
      List<String> groups = groups();
      for (String group : groups) {
        row(md, groupKey + " = " + group + ": WAR (accuracy)", summary("war[" + group + "]"));
        row(md, groupKey + " = " + group + ": UAR", summary("uar[" + group + "]"));
      }
      for (int c = 0; c < classNames.size(); c++) {
        row(md, "recall " + classNames.get(c), summary("recall[" + c + "]"));
      }
      MetricSummary synops = summary("synaptic_operations");
      md.append(String.format(Locale.ROOT, "| SynOps per sample | %.0f | %.0f | %d |%n", synops.mean(),
          synops.standardDeviation(), synops.count()));
      row(md, "spikes per neuron", summary("spikes_per_neuron"));
      row(md, "TTFS vs ReLU: same prediction", summary("relu_agreement"));
      md.append("\n| pass | samples | WAR | UAR |");
      for (String group : groups) {
        md.append(' ').append(group).append(" WAR |");
      }
      md.append("\n|---|---|---|---|").append("---|".repeat(groups.size())).append('\n');
      for (Pass pass : passes) {
        md.append(String.format(Locale.ROOT, "| %d | %d | %.4f | %.4f |", pass.pass(), pass.metrics().total(),
            pass.metrics().war(), pass.metrics().uar()));
        for (String group : groups) {
          ClassificationMetrics metrics = pass.groups().get(group);
          md.append(metrics == null ? " - |" : String.format(Locale.ROOT, " %.4f |", metrics.war()));
        }
        md.append('\n');
      }
      return md.append('\n').toString();
    }

    private static void row(StringBuilder md, String name, MetricSummary summary) {
      md.append(String.format(Locale.ROOT, "| %s | %.4f | %.4f | %d |%n", name.replace("|", "\\|"), summary.mean(),
          summary.standardDeviation(), summary.count()));
    }
  }

  /**
   * Evaluates {@code network} on {@code passes} passes.
   *
   * @param network the TTFS net (for the pipeline's final model: {@code TtfsMapper.map} of the
   *     retrained weights on the training inputs)
   * @param passes the number of passes (at least 1)
   * @param pass the test samples of pass {@code k} (1-based), called once per pass in order
   * @param groupOf a sample id's group (e.g. its lighting), or null to leave the sample out of the
   *     groups (it still counts in the overall scores)
   * @throws IllegalArgumentException "Invalid ..." for no pass, an empty pass, or a pass whose
   *     classes do not match the network's outputs
   */
  public static Result evaluate(TtfsNetwork network, int passes, IntFunction<LabelledTensorSet> pass,
      Function<String, String> groupOf) {
    return evaluate(new TtfsSimulator(Objects.requireNonNull(network, "network is null")), passes, pass, groupOf);
  }

  /**
   * As above with a given simulator, e.g. one under hardware constraints (spike-time bits; the
   * network's weights quantised): the agreement column then says how often the constrained net
   * predicts as the ReLU twin of its unquantised weights.
   */
  public static Result evaluate(TtfsSimulator simulator, int passes, IntFunction<LabelledTensorSet> pass,
      Function<String, String> groupOf) {
    Objects.requireNonNull(simulator, "simulator is null");
    TtfsNetwork network = simulator.network();
    Objects.requireNonNull(pass, "pass is null");
    Objects.requireNonNull(groupOf, "groupOf is null");
    if (passes < 1) {
      throw new IllegalArgumentException("Invalid test passes: " + passes + " (expected at least 1)");
    }
    ReluNetwork relu = new ReluNetwork(network.reluNetwork());
    int classCount = network.reluNetwork().outputSize();
    List<Pass> results = new ArrayList<>();
    Progress progress = Progress.onStderr("test passes", "passes", passes);
    for (int k = 1; k <= passes; k++) {
      LabelledTensorSet set = Objects.requireNonNull(pass.apply(k), "pass " + k + " is null");
      if (set.size() == 0) {
        throw new IllegalArgumentException("Invalid test pass " + k + ": no sample");
      }
      if (set.classCount() != classCount) {
        throw new IllegalArgumentException("Invalid test pass " + k + ": " + set.classCount() + " classes, the network has "
            + classCount + " outputs");
      }
      results.add(evaluatePass(k, simulator, relu, set, groupOf, classCount));
      progress.advance(1);
    }
    progress.finish();
    return new Result(results, summarise(results));
  }

  private static Pass evaluatePass(int k, TtfsSimulator simulator, ReluNetwork relu, LabelledTensorSet set,
      Function<String, String> groupOf, int classCount) {
    long[][] confusion = new long[classCount][classCount];
    SortedMap<String, long[][]> groupConfusion = new TreeMap<>();
    WorkCounts work = WorkCounts.ZERO;
    long agree = 0;
    for (int i = 0; i < set.size(); i++) {
      float[] input = set.input(i);
      TtfsResult result = simulator.simulate(input);
      int label = set.label(i);
      confusion[label][result.prediction()]++;
      work = work.plus(result.work());
      agree += ReluNetwork.argmax(relu.forward(input)) == result.prediction() ? 1 : 0;
      String group = groupOf.apply(set.sampleId(i));
      if (group != null) {
        groupConfusion.computeIfAbsent(group, g -> new long[classCount][classCount])[label][result.prediction()]++;
      }
    }
    SortedMap<String, ClassificationMetrics> groups = new TreeMap<>();
    groupConfusion.forEach((group, matrix) -> groups.put(group, new ClassificationMetrics(matrix)));
    return new Pass(k, new ClassificationMetrics(confusion), work, groups, (double) agree / set.size());
  }

  /** Mean and sample standard deviation over the passes, see {@link Result#summaries()}. */
  static List<MetricSummary> summarise(List<Pass> passes) {
    List<FoldScore> scores = new ArrayList<>();
    for (Pass pass : passes) {
      List<Double> recall = new ArrayList<>();
      for (double r : pass.metrics().perClassRecall()) {
        recall.add(r);
      }
      scores.add(new FoldScore(pass.pass(), pass.metrics().war(), pass.metrics().uar(), recall,
          pass.work().meanSynapticOperations(), pass.work().spikesPerNeuron()));
    }
    List<MetricSummary> summaries = new ArrayList<>(FoldAggregation.aggregate(scores));
    TreeSet<String> groups = new TreeSet<>();
    passes.forEach(pass -> groups.addAll(pass.groups().keySet()));
    for (String group : groups) {
      double[] war = new double[passes.size()];
      double[] uar = new double[passes.size()];
      for (int i = 0; i < passes.size(); i++) {
        ClassificationMetrics metrics = passes.get(i).groups().get(group);
        war[i] = metrics == null ? Double.NaN : metrics.war();
        uar[i] = metrics == null ? Double.NaN : metrics.uar();
      }
      summaries.add(FoldAggregation.summary("war[" + group + "]", war));
      summaries.add(FoldAggregation.summary("uar[" + group + "]", uar));
    }
    summaries.add(FoldAggregation.summary("relu_agreement",
        passes.stream().mapToDouble(Pass::reluAgreement).toArray()));
    return summaries;
  }
}
