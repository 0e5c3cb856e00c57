package org.tnas.search.report;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.tnas.formats.fs.HadoopFiles;
import org.tnas.search.evaluation.EvaluationResult;
import org.tnas.search.run.GenerationSummary;
import org.tnas.search.run.SearchResult;

/**
 * The two fitness curves of TNAS-ER figure 4: a search whose candidates are scored by their ReLU
 * twin and the same search (same supernet, seed and budget) scored by their TTFS net under hardware
 * constraints, per generation, with each run's best-so-far candidate also read in the other domain:
 * the TTFS-scored run's from its rows' ReLU-twin columns, the ReLU-scored run's by scoring it again
 * as TTFS ({@code reluWinnersOnTtfs}, same candidate seed, so the same batch-norm recalibration).
 *
 * <p>Files, each written atomically: {@value #CHART} (best so far and median of each run, and the
 * two cross-domain curves), {@value #TABLE} (one row per generation) and {@value #CARD} (the same
 * table in Markdown with the settings and a summary). Stateless.
 */
public final class ScoreComparison {
  public static final String CHART = "score-compare.png";
  public static final String TABLE = "score-compare.csv";
  public static final String CARD = "score-compare.md";

  private ScoreComparison() {}

  /**
   * One generation of both runs (fitness = lambda x UAR + (1 - lambda) x WAR; NaN where a run has no
   * valid candidate yet or a winner was not scored again).
   *
   * @param reluBestSoFarOnTtfs the TTFS fitness of the ReLU-scored run's best-so-far candidate
   * @param ttfsBestSoFarOnRelu the ReLU-twin fitness of the TTFS-scored run's best-so-far candidate
   */
  public record Row(int generation, double reluBest, double reluMedian, double reluBestSoFar, String reluBestSoFarGenome,
      double reluBestSoFarOnTtfs, double ttfsBest, double ttfsMedian, double ttfsBestSoFar, String ttfsBestSoFarGenome,
      double ttfsBestSoFarOnRelu) {}

  /**
   * Per generation, the best valid candidate of everything evaluated up to it (highest scalar
   * fitness, first in candidate order on ties, as {@code SearchRun} picks the winner), or null while
   * none is valid.
   */
  public static List<EvaluationResult> bestSoFar(SearchResult run) {
    Objects.requireNonNull(run, "run is null");
    List<EvaluationResult> best = new ArrayList<>();
    EvaluationResult current = null;
    int row = 0;
    List<EvaluationResult> results = run.results();
    for (GenerationSummary generation : run.generations()) {
      while (row < results.size() && results.get(row).generation() <= generation.generation()) {
        EvaluationResult result = results.get(row++);
        if (result.isOk() && (current == null || result.fitness(run.lambda()) > current.fitness(run.lambda()))) {
          current = result;
        }
      }
      best.add(current);
    }
    return best;
  }

  /**
   * The comparison rows, one per generation of the shorter run.
   *
   * @param reluWinnersOnTtfs the ReLU-scored run's best-so-far candidates scored as TTFS (matched by
   *     genome; a missing or invalid one gives NaN)
   */
  public static List<Row> rows(SearchResult relu, SearchResult ttfs, List<EvaluationResult> reluWinnersOnTtfs) {
    Objects.requireNonNull(relu, "relu is null");
    Objects.requireNonNull(ttfs, "ttfs is null");
    Objects.requireNonNull(reluWinnersOnTtfs, "reluWinnersOnTtfs is null");
    if (relu.lambda() != ttfs.lambda()) {
      throw new IllegalArgumentException("Cannot compare runs of different fitness weights: lambda " + relu.lambda()
          + " and " + ttfs.lambda());
    }
    double lambda = relu.lambda();
    Map<String, EvaluationResult> rescored = new HashMap<>();
    for (EvaluationResult result : reluWinnersOnTtfs) {
      rescored.put(result.genome(), result);
    }
    List<EvaluationResult> reluBest = bestSoFar(relu);
    List<EvaluationResult> ttfsBest = bestSoFar(ttfs);
    List<Row> rows = new ArrayList<>();
    int generations = Math.min(relu.generations().size(), ttfs.generations().size());
    for (int i = 0; i < generations; i++) {
      GenerationSummary r = relu.generations().get(i);
      GenerationSummary t = ttfs.generations().get(i);
      EvaluationResult reluWinner = reluBest.get(i);
      EvaluationResult ttfsWinner = ttfsBest.get(i);
      EvaluationResult onTtfs = reluWinner == null ? null : rescored.get(reluWinner.genome());
      rows.add(new Row(r.generation(), r.bestFitness(), r.medianFitness(),
          reluWinner == null ? Double.NaN : reluWinner.fitness(lambda), reluWinner == null ? "" : reluWinner.genome(),
          onTtfs == null ? Double.NaN : onTtfs.fitness(lambda), t.bestFitness(), t.medianFitness(),
          ttfsWinner == null ? Double.NaN : ttfsWinner.fitness(lambda), ttfsWinner == null ? "" : ttfsWinner.genome(),
          ttfsWinner == null ? Double.NaN : ttfsWinner.reluFitness(lambda)));
    }
    return rows;
  }

  /**
   * Writes {@value #CHART}, {@value #TABLE} and {@value #CARD} into {@code directory}.
   *
   * @param constraints the TTFS-scored run's hardware constraints, for the titles (e.g. {@code
   *     HardwareConstraints.describe()})
   * @param appendix Markdown appended to the card (e.g. the run's provenance: data, supernet, budget,
   *     machine)
   */
  public static List<Row> write(Path directory, Configuration conf, SearchResult relu, SearchResult ttfs,
      List<EvaluationResult> reluWinnersOnTtfs, String constraints, String appendix) {
    Objects.requireNonNull(constraints, "constraints is null");
    Objects.requireNonNull(appendix, "appendix is null");
    List<Row> rows = rows(relu, ttfs, reluWinnersOnTtfs);
    HadoopFiles.writeAtomically(new Path(directory, CHART), conf, chart(rows, relu.lambda(), constraints).png(960, 560));
    HadoopFiles.writeAtomically(new Path(directory, TABLE), conf, csv(rows).getBytes(StandardCharsets.UTF_8));
    HadoopFiles.writeAtomically(new Path(directory, CARD), conf,
        (card(rows, relu, ttfs, constraints) + appendix).getBytes(StandardCharsets.UTF_8));
    return rows;
  }

  static Chart chart(List<Row> rows, double lambda, String constraints) {
    Chart chart = new Chart("Search scored by the ReLU twin vs by the TTFS net (" + constraints + ")", "generation",
        "validation fitness = " + lambda + " UAR + " + (1 - lambda) + " WAR");
    double[] x = new double[rows.size()];
    for (int i = 0; i < rows.size(); i++) {
      x[i] = rows.get(i).generation();
    }
    chart.add(new Chart.Series("ReLU-scored search: best so far (ReLU)", x, column(rows, Row::reluBestSoFar), true, false));
    chart.add(new Chart.Series("ReLU-scored search: median of generation", x, column(rows, Row::reluMedian), true, true));
    chart.add(new Chart.Series("TTFS-scored search: best so far (TTFS)", x, column(rows, Row::ttfsBestSoFar), true, false));
    chart.add(new Chart.Series("TTFS-scored search: median of generation", x, column(rows, Row::ttfsMedian), true, true));
    chart.add(new Chart.Series("ReLU-scored search's best so far, as TTFS", x, column(rows, Row::reluBestSoFarOnTtfs),
        true, true));
    chart.add(new Chart.Series("TTFS-scored search's best so far, as ReLU", x, column(rows, Row::ttfsBestSoFarOnRelu),
        true, true));
    return chart;
  }

  private static double[] column(List<Row> rows, java.util.function.ToDoubleFunction<Row> value) {
    return rows.stream().mapToDouble(value).toArray();
  }

  static String csv(List<Row> rows) {
    StringBuilder csv = new StringBuilder("generation,relu_best,relu_median,relu_best_so_far,relu_best_so_far_genome,"
        + "relu_best_so_far_on_ttfs,ttfs_best,ttfs_median,ttfs_best_so_far,ttfs_best_so_far_genome,"
        + "ttfs_best_so_far_on_relu\n");
    for (Row row : rows) {
      csv.append(String.format(Locale.ROOT, "%d,%s,%s,%s,\"%s\",%s,%s,%s,%s,\"%s\",%s%n", row.generation(),
          number(row.reluBest()), number(row.reluMedian()), number(row.reluBestSoFar()), row.reluBestSoFarGenome(),
          number(row.reluBestSoFarOnTtfs()), number(row.ttfsBest()), number(row.ttfsMedian()),
          number(row.ttfsBestSoFar()), row.ttfsBestSoFarGenome(), number(row.ttfsBestSoFarOnRelu())));
    }
    return csv.toString();
  }

  private static String number(double value) {
    return Double.isNaN(value) ? "" : String.format(Locale.ROOT, "%.6f", value);
  }

  private static String cell(double value) {
    return Double.isNaN(value) ? "-" : String.format(Locale.ROOT, "%.4f", value);
  }

  static String card(List<Row> rows, SearchResult relu, SearchResult ttfs, String constraints) {
    StringBuilder md = new StringBuilder("# Searching with the spiking score (TNAS-ER figure 4)\n\n");
    md.append(String.format(Locale.ROOT, "Two searches with the same supernet, seed and budget: `%s` scores each "
        + "candidate by its ReLU twin, `%s` by its TTFS net under the hardware constraints (%s), simulated on the "
        + "whole validation split. Fitness = %s UAR + %s WAR on the validation split.%n%n", relu.runId(), ttfs.runId(),
        constraints, relu.lambda(), 1 - relu.lambda()));
    md.append("| generation | ReLU-scored: best | median | best so far | its winner as TTFS | TTFS-scored: best | median "
        + "| best so far | its winner as ReLU |\n|---|---|---|---|---|---|---|---|---|\n");
    for (Row row : rows) {
      md.append(String.format(Locale.ROOT, "| %d | %s | %s | %s | %s | %s | %s | %s | %s |%n", row.generation(),
          cell(row.reluBest()), cell(row.reluMedian()), cell(row.reluBestSoFar()), cell(row.reluBestSoFarOnTtfs()),
          cell(row.ttfsBest()), cell(row.ttfsMedian()), cell(row.ttfsBestSoFar()), cell(row.ttfsBestSoFarOnRelu())));
    }
    if (!rows.isEmpty()) {
      Row last = rows.get(rows.size() - 1);
      md.append(String.format(Locale.ROOT, "%nWinners after generation %d:%n%n", last.generation()));
      md.append(String.format(Locale.ROOT, "- ReLU-scored search: `%s`, ReLU fitness %s, as TTFS %s%n",
          last.reluBestSoFarGenome(), cell(last.reluBestSoFar()), cell(last.reluBestSoFarOnTtfs())));
      md.append(String.format(Locale.ROOT, "- TTFS-scored search: `%s`, TTFS fitness %s, as ReLU %s%n",
          last.ttfsBestSoFarGenome(), cell(last.ttfsBestSoFar()), cell(last.ttfsBestSoFarOnRelu())));
      md.append(String.format(Locale.ROOT, "- On the hardware (TTFS fitness): the TTFS-scored winner minus the "
          + "ReLU-scored winner = %s%n", cell(last.ttfsBestSoFar() - last.reluBestSoFarOnTtfs())));
    }
    md.append(String.format(Locale.ROOT, "%nFiles: %s, %s; the runs' tables: `relu/results.arrow`, `ttfs/results.arrow` "
        + "(columns relu_war, relu_uar: the ReLU twin's scores).%n%n", CHART, TABLE));
    return md.toString();
  }
}
