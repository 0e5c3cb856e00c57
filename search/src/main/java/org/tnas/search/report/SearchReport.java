package org.tnas.search.report;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.tnas.search.evaluation.EvaluationResult;
import org.tnas.search.evolution.Hypervolume;
import org.tnas.search.metrics.EnergyModel;
import org.tnas.search.run.FinalModel;
import org.tnas.search.run.GenerationSummary;
import org.tnas.search.run.SearchResult;
import org.tnas.formats.fs.HadoopFiles;

/**
 * Writes the report directory of a run as static files: {@value #FITNESS_CHART} (best, median and
 * best-so-far fitness per generation, and the random baseline's best of each generation and best so
 * far when given), {@value #PARETO_CHART} (accuracy vs SynOps of every valid candidate with the
 * Pareto front, for the search and the baseline), {@value #GENERATIONS_TABLE}, and {@value
 * #MODEL_CARD}, the Markdown model card of the final spiking model (with a baseline: best fitness and
 * hypervolume of both runs, overall and per generation). Every file is written atomically.
 */
public final class SearchReport {
  public static final String FITNESS_CHART = "fitness.png";
  public static final String PARETO_CHART = "pareto-front.png";
  public static final String GENERATIONS_TABLE = "generations.csv";
  public static final String MODEL_CARD = "model-card.md";

  private SearchReport() {}

  /**
   * @param baseline the random-search baseline at equal budget, or null
   * @param finalModel the retrained and mapped winner, or null when it was not built
   * @param classNames class names by label index
   */
  public static void write(Path directory, Configuration conf, SearchResult search, SearchResult baseline,
      FinalModel finalModel, List<String> classNames) {
    write(directory, conf, search, baseline, finalModel, classNames, "", java.util.Map.of());
  }

  /**
   * As {@link #write(Path, Configuration, SearchResult, SearchResult, FinalModel, List)}, with the
   * final model's test metrics per group of samples in the model card.
   *
   * @param groupKey what the groups are (e.g. {@code source.lighting}); empty for none
   * @param groups the TTFS net's test metrics by group (empty for none)
   */
  public static void write(Path directory, Configuration conf, SearchResult search, SearchResult baseline,
      FinalModel finalModel, List<String> classNames, String groupKey,
      java.util.Map<String, org.tnas.search.metrics.ClassificationMetrics> groups) {
    write(directory, conf, search, baseline, finalModel, classNames, groupKey, groups, "", "");
  }

  /**
   * As above, with Markdown placed before the model card's sections ({@code preface}: e.g. warnings)
   * and after them ({@code appendix}: e.g. the ranking study and the run's provenance).
   */
  public static void write(Path directory, Configuration conf, SearchResult search, SearchResult baseline,
      FinalModel finalModel, List<String> classNames, String groupKey,
      java.util.Map<String, org.tnas.search.metrics.ClassificationMetrics> groups, String preface, String appendix) {
    Objects.requireNonNull(search, "search is null");
    Objects.requireNonNull(preface, "preface is null");
    Objects.requireNonNull(appendix, "appendix is null");
    HadoopFiles.writeAtomically(new Path(directory, FITNESS_CHART), conf, fitnessChart(search, baseline).png(900, 520));
    HadoopFiles.writeAtomically(new Path(directory, PARETO_CHART), conf, paretoChart(search, baseline).png(900, 520));
    HadoopFiles.writeAtomically(new Path(directory, GENERATIONS_TABLE), conf,
        generationsCsv(search).getBytes(StandardCharsets.UTF_8));
    HadoopFiles.writeAtomically(new Path(directory, MODEL_CARD), conf,
        withPreface(modelCard(search, baseline, finalModel, classNames) + groupSection(groupKey, groups), preface)
            .concat(appendix).getBytes(StandardCharsets.UTF_8));
  }

  /** Inserts {@code preface} after the model card's first paragraph (title and search line). */
  static String withPreface(String card, String preface) {
    if (preface.isEmpty()) {
      return card;
    }
    int title = card.indexOf("\n\n");
    int firstParagraph = title < 0 ? -1 : card.indexOf("\n\n", title + 2);
    if (firstParagraph < 0) {
      return preface + card;
    }
    return card.substring(0, firstParagraph + 2) + preface + card.substring(firstParagraph + 2);
  }

  /** The cross-fold report files. */
  public static final String CROSS_FOLD_CARD = "cross-fold.md";
  public static final String CROSS_FOLD_TABLE = "cross-fold.csv";
  public static final String CROSS_FOLD_CHART = "cross-fold.png";
  public static final String CROSS_FOLD_SUMMARY = "cross-fold-summary.csv";

  /**
   * Writes the cross-fold summary of per-fold final models: {@value #CROSS_FOLD_CARD} (one row per
   * fold, then mean and standard deviation of WAR, UAR, SynOps, spikes per neuron and per-class
   * recall, Spiking-FER's protocol), {@value #CROSS_FOLD_TABLE} (one row per fold), {@value
   * #CROSS_FOLD_SUMMARY} (metric, mean, std, folds) and {@value #CROSS_FOLD_CHART} (bars of WAR and
   * UAR per fold and of their means with one-standard-deviation whiskers).
   *
   * @param genomes the final architecture of each fold, in the order of {@code scores}
   */
  public static void writeCrossFold(Path directory, Configuration conf, List<org.tnas.search.results.FoldScore> scores,
      List<String> genomes, List<String> classNames) {
    List<org.tnas.search.results.MetricSummary> summaries = org.tnas.search.results.FoldAggregation.aggregate(scores);
    StringBuilder md = new StringBuilder("# Cross-fold results\n\n");
    md.append("Each fold: its own supernet, search, random baseline and final model, trained without the fold's test")
        .append(" split and evaluated as a TTFS net on it (reports in fold-<k>/report).\n\n");
    md.append("![cross-fold](").append(CROSS_FOLD_CHART).append(")\n\n");
    md.append("| fold | genome | WAR | UAR | SynOps per sample | spikes per neuron |\n|---|---|---|---|---|---|\n");
    StringBuilder csv = new StringBuilder("fold,genome,war,uar,synops,spikes_per_neuron\n");
    for (int i = 0; i < scores.size(); i++) {
      org.tnas.search.results.FoldScore score = scores.get(i);
      md.append(String.format(Locale.ROOT, "| %d | `%s` | %.4f | %.4f | %.0f | %.3f |%n", score.fold(), genomes.get(i),
          score.war(), score.uar(), score.synapticOperations(), score.spikesPerNeuron()));
      csv.append(String.format(Locale.ROOT, "%d,\"%s\",%.6f,%.6f,%.1f,%.6f%n", score.fold(), genomes.get(i).replace("\"", "\"\""), score.war(),
          score.uar(), score.synapticOperations(), score.spikesPerNeuron()));
    }
    md.append('\n').append(org.tnas.search.results.FoldAggregation.toMarkdown(
        org.tnas.search.results.FoldAggregation.Protocol.CROSS_FOLD, summaries));
    if (!classNames.isEmpty()) {
      md.append("\nrecall[c] is the recall of class c: ");
      for (int c = 0; c < classNames.size(); c++) {
        md.append(c == 0 ? "" : ", ").append(c).append(" = ").append(classNames.get(c));
      }
      md.append(".\n");
    }
    HadoopFiles.writeAtomically(new Path(directory, CROSS_FOLD_CHART), conf, crossFoldChart(scores, summaries).png(900, 520));
    StringBuilder summaryCsv = new StringBuilder("metric,mean,std,folds\n");
    for (org.tnas.search.results.MetricSummary summary : summaries) {
      summaryCsv.append(String.format(Locale.ROOT, "%s,%.6f,%.6f,%d%n", summary.metric(), summary.mean(),
          summary.standardDeviation(), summary.count()));
    }
    HadoopFiles.writeAtomically(new Path(directory, CROSS_FOLD_SUMMARY), conf, summaryCsv.toString().getBytes(StandardCharsets.UTF_8));
    HadoopFiles.writeAtomically(new Path(directory, CROSS_FOLD_TABLE), conf, csv.toString().getBytes(StandardCharsets.UTF_8));
    HadoopFiles.writeAtomically(new Path(directory, CROSS_FOLD_CARD), conf, md.toString().getBytes(StandardCharsets.UTF_8));
  }

  /** Bars of WAR and UAR per fold, then their means with whiskers of one standard deviation. */
  static Chart crossFoldChart(List<org.tnas.search.results.FoldScore> scores, List<org.tnas.search.results.MetricSummary> summaries) {
    int n = scores.size();
    double[] warX = new double[n + 1];
    double[] uarX = new double[n + 1];
    double[] war = new double[n + 1];
    double[] uar = new double[n + 1];
    double[] warError = new double[n + 1];
    double[] uarError = new double[n + 1];
    List<String> labels = new ArrayList<>();
    for (int i = 0; i <= n; i++) {
      warX[i] = i - 0.2;
      uarX[i] = i + 0.2;
      warError[i] = Double.NaN;
      uarError[i] = Double.NaN;
      if (i < n) {
        labels.add("fold " + scores.get(i).fold());
        war[i] = scores.get(i).war();
        uar[i] = scores.get(i).uar();
      }
    }
    for (org.tnas.search.results.MetricSummary summary : summaries) {
      if (summary.metric().equals("war")) {
        war[n] = summary.mean();
        warError[n] = summary.standardDeviation();
      } else if (summary.metric().equals("uar")) {
        uar[n] = summary.mean();
        uarError[n] = summary.standardDeviation();
      }
    }
    labels.add("mean ± std");
    Chart chart = new Chart(String.format(Locale.ROOT, "Final TTFS model per fold: WAR %.3f ± %.3f, UAR %.3f ± %.3f",
        war[n], warError[n], uar[n], uarError[n]), "fold", "accuracy on the fold's test split");
    chart.categories(labels);
    chart.add(Chart.Series.bars("WAR", warX, war, 0.36, warError));
    chart.add(Chart.Series.bars("UAR", uarX, uar, 0.36, uarError));
    return chart;
  }

  /** The model card's section of test metrics per group; empty without groups. */
  static String groupSection(String groupKey, java.util.Map<String, org.tnas.search.metrics.ClassificationMetrics> groups) {
    if (groups == null || groups.isEmpty()) {
      return "";
    }
    StringBuilder md = new StringBuilder("\n### By ").append(groupKey).append(" (TTFS, test split)\n\n");
    md.append("| ").append(groupKey).append(" | samples | WAR | UAR |\n|---|---|---|---|\n");
    groups.forEach((group, metrics) -> md.append(String.format(Locale.ROOT, "| %s | %d | %.4f | %.4f |%n", group,
        metrics.total(), metrics.war(), metrics.uar())));
    return md.toString();
  }

  static Chart fitnessChart(SearchResult search, SearchResult baseline) {
    Chart chart = new Chart("Fitness per generation (" + search.runId() + ", lambda " + search.lambda() + ")",
        "generation", "fitness = lambda*UAR + (1-lambda)*WAR");
    List<GenerationSummary> g = search.generations();
    double[] x = new double[g.size()];
    double[] best = new double[g.size()];
    double[] median = new double[g.size()];
    double[] soFar = new double[g.size()];
    for (int i = 0; i < g.size(); i++) {
      x[i] = g.get(i).generation();
      best[i] = g.get(i).bestFitness();
      median[i] = g.get(i).medianFitness();
      soFar[i] = g.get(i).bestFitnessSoFar();
    }
    chart.add(new Chart.Series("best so far", x, soFar, true, false));
    chart.add(new Chart.Series("best of generation", x, best, true, true));
    chart.add(new Chart.Series("median of generation", x, median, true, true));
    if (baseline != null) {
      List<GenerationSummary> b = baseline.generations();
      double[] bx = new double[b.size()];
      double[] by = new double[b.size()];
      double[] bBest = new double[b.size()];
      for (int i = 0; i < b.size(); i++) {
        bx[i] = b.get(i).generation();
        by[i] = b.get(i).bestFitnessSoFar();
        bBest[i] = b.get(i).bestFitness();
      }
      chart.add(new Chart.Series("random search, best so far", bx, by, true, false));
      chart.add(new Chart.Series("random search, best of generation", bx, bBest, false, true));
    }
    return chart;
  }

  static Chart paretoChart(SearchResult search, SearchResult baseline) {
    Chart chart = new Chart("Accuracy (WAR) vs SynOps per sample", "mean SynOps per sample (TTFS twin)", "WAR (validation)")
        .logXWhenSpanningDecades();
    addCloud(chart, "search: all candidates", search, false);
    addCloud(chart, "search: Pareto front", search, true);
    if (baseline != null) {
      addCloud(chart, "random search: all candidates", baseline, false);
      addCloud(chart, "random search: Pareto front", baseline, true);
    }
    return chart;
  }

  private static void addCloud(Chart chart, String name, SearchResult result, boolean frontOnly) {
    List<Hypervolume.Point> points = points(result);
    if (frontOnly) {
      points = Hypervolume.front(points);
    }
    double[] x = new double[points.size()];
    double[] y = new double[points.size()];
    for (int i = 0; i < points.size(); i++) {
      x[i] = points.get(i).synapticOperations();
      y[i] = points.get(i).accuracy();
    }
    chart.add(new Chart.Series(name, x, y, frontOnly, true));
  }

  /** (WAR, SynOps) of every valid candidate. */
  public static List<Hypervolume.Point> points(SearchResult result) {
    List<Hypervolume.Point> points = new ArrayList<>();
    for (EvaluationResult row : result.validResults()) {
      points.add(new Hypervolume.Point(row.war(), row.synapticOperations()));
    }
    return points;
  }

  /**
   * The model card's per-generation comparison of the search and the random baseline: best fitness
   * of the generation, best so far, and the hypervolume of everything evaluated up to that
   * generation (the given shared reference). A generation one run lacks is left blank.
   */
  static String comparisonByGeneration(SearchResult search, SearchResult baseline, double reference) {
    StringBuilder md = new StringBuilder("### Per generation\n\n| generation | search best | search best so far | random best"
        + " | random best so far | search hypervolume so far | random hypervolume so far |\n|---|---|---|---|---|---|---|\n");
    int generations = Math.max(search.generations().size(), baseline.generations().size());
    for (int g = 0; g < generations; g++) {
      md.append("| ").append(g).append(" | ").append(fitnessCells(search, g)).append(" | ")
          .append(fitnessCells(baseline, g)).append(" | ").append(hypervolumeSoFar(search, g, reference)).append(" | ")
          .append(hypervolumeSoFar(baseline, g, reference)).append(" |\n");
    }
    return md.append('\n').toString();
  }

  private static String fitnessCells(SearchResult result, int generation) {
    for (GenerationSummary summary : result.generations()) {
      if (summary.generation() == generation) {
        return String.format(Locale.ROOT, "%.4f | %.4f", summary.bestFitness(), summary.bestFitnessSoFar());
      }
    }
    return " | ";
  }

  private static String hypervolumeSoFar(SearchResult result, int generation, double reference) {
    if (result.generations().stream().noneMatch(summary -> summary.generation() == generation)) {
      return "";
    }
    List<Hypervolume.Point> points = new ArrayList<>();
    for (EvaluationResult row : result.validResults()) {
      if (row.generation() <= generation) {
        points.add(new Hypervolume.Point(row.war(), row.synapticOperations()));
      }
    }
    return String.format(Locale.ROOT, "%.4f", Hypervolume.of(points, reference));
  }

  static String generationsCsv(SearchResult search) {
    StringBuilder csv = new StringBuilder("generation,evaluated,valid,best_fitness,median_fitness,best_fitness_so_far,wall_time_s\n");
    for (GenerationSummary g : search.generations()) {
      csv.append(String.format(Locale.ROOT, "%d,%d,%d,%.6f,%.6f,%.6f,%.3f%n", g.generation(), g.evaluated(), g.valid(),
          g.bestFitness(), g.medianFitness(), g.bestFitnessSoFar(), g.wallTimeSeconds()));
    }
    return csv.toString();
  }

  static String modelCard(SearchResult search, SearchResult baseline, FinalModel model, List<String> classNames) {
    StringBuilder md = new StringBuilder();
    md.append("# TNAS-ER model card: ").append(search.runId()).append("\n\n");
    md.append("Search: ").append(search.strategy()).append(", ").append(search.results().size()).append(" evaluations in ")
        .append(search.generations().size()).append(" generations, fitness = ").append(search.lambda())
        .append(" x UAR + ").append(1 - search.lambda()).append(" x WAR on the validation split. Configuration hash `")
        .append(search.configHash()).append("`.\n\n");
    md.append("![fitness](").append(FITNESS_CHART).append(")\n\n![pareto](").append(PARETO_CHART).append(")\n\n");
    if (search.best() != null) {
      md.append("## Best candidate of the search (inherited supernet weights, validation split)\n\n");
      md.append("| genome | WAR | UAR | fitness | SynOps | parameters | MACs |\n|---|---|---|---|---|---|---|\n");
      EvaluationResult b = search.best();
      md.append(String.format(Locale.ROOT, "| `%s` | %.4f | %.4f | %.4f | %.0f | %d | %d |%n%n", b.genome(), b.war(), b.uar(),
          b.fitness(search.lambda()), b.synapticOperations(), b.parameters(), b.macs()));
    }
    if (baseline != null && baseline.best() != null && search.best() != null) {
      double reference = Math.max(Hypervolume.referenceFor(points(search)), Hypervolume.referenceFor(points(baseline)));
      md.append("## Search vs random search at equal budget\n\n| | best fitness | hypervolume (WAR x SynOps, shared reference) | evaluations |\n|---|---|---|---|\n");
      md.append(String.format(Locale.ROOT, "| evolution | %.4f | %.4f | %d |%n", search.best().fitness(search.lambda()),
          Hypervolume.of(points(search), reference), search.results().size()));
      md.append(String.format(Locale.ROOT, "| random | %.4f | %.4f | %d |%n%n", baseline.best().fitness(baseline.lambda()),
          Hypervolume.of(points(baseline), reference), baseline.results().size()));
      md.append(comparisonByGeneration(search, baseline, reference));
    }
    if (model == null) {
      md.append("## Final model\n\nNot built in this run.\n");
      return md.toString();
    }
    md.append("## Final model: retrained from scratch, mapped onto a TTFS spiking net (test split)\n\n");
    md.append("| quantity | value |\n|---|---|\n");
    md.append(row("architecture (genome)", "`" + model.genome() + "`"));
    md.append(row("parameters", Long.toString(model.parameters())));
    md.append(row("MACs per sample (ReLU twin)", Long.toString(model.macs())));
    md.append(row("WAR (TTFS)", String.format(Locale.ROOT, "%.4f", model.spiking().war())));
    md.append(row("UAR (TTFS)", String.format(Locale.ROOT, "%.4f", model.spiking().uar())));
    md.append(row("WAR (ReLU twin)", String.format(Locale.ROOT, "%.4f", model.reluTest())));
    md.append(row("TTFS vs ReLU: same prediction", String.format(Locale.ROOT, "%.2f %% of samples", 100 * model.predictionAgreement())));
    md.append(row("TTFS vs ReLU: largest logit difference", String.format(Locale.ROOT, "%.3g", model.maxLogitDifference())));
    md.append(row("mapping violations (clamped)", Long.toString(model.violations())));
    md.append(row("SynOps per sample (input spikes counted)", String.format(Locale.ROOT, "%.0f", model.spiking().meanSynapticOperations())));
    md.append(row("spikes per neuron", String.format(Locale.ROOT, "%.3f", model.spiking().spikesPerNeuron())));
    md.append(row("latency", String.format(Locale.ROOT, "%.2f tau", model.latency())));
    double ann = EnergyModel.annPicojoules(model.macs());
    double snn = EnergyModel.snnPicojoules(model.spiking().meanSynapticOperations());
    md.append(row("energy per sample, 45 nm estimate", String.format(Locale.ROOT, "ANN %.1f nJ, SNN %.1f nJ, ratio %.1fx",
        ann / 1000, snn / 1000, ann / snn)));
    md.append(row("WAR with 8-bit weights and spike times", String.format(Locale.ROOT, "%.4f", model.quantised8Bit())));
    md.append("\n### Per-class recall (TTFS, test split)\n\n| class | recall |\n|---|---|\n");
    double[] recall = model.spiking().classification().perClassRecall();
    for (int c = 0; c < recall.length; c++) {
      String name = c < classNames.size() ? classNames.get(c) : Integer.toString(c);
      md.append("| ").append(name).append(" | ")
          .append(Double.isNaN(recall[c]) ? "absent from the test split" : String.format(Locale.ROOT, "%.4f", recall[c])).append(" |\n");
    }
    md.append("\nEnergy uses E_AC = 0.9 pJ per SynOp and E_MAC = 4.6 pJ per MAC (Horowitz, 45 nm); it is an estimate, not a measurement.\n");
    return md.toString();
  }

  private static String row(String name, String value) {
    return "| " + name + " | " + value + " |\n";
  }
}
