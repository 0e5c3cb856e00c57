package org.tnas.pipelines.cli;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import org.tnas.formats.config.StrictConfig;
import org.tnas.pipelines.pipeline.PipelineSettings;
import org.tnas.pipelines.pipeline.ScoreComparisonJob;
import org.tnas.pipelines.spark.SparkSessions;
import org.tnas.search.report.ScoreComparison;
import org.tnas.search.run.SearchConf;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code tnas score-compare}: TNAS-ER figure 4. The same search (one supernet, seed and budget)
 * scored by the candidates' ReLU twin and by their TTFS net under the {@code ttfs.*} hardware
 * constraints; both fitness curves in one chart.
 */
@Command(
    name = "score-compare",
    mixinStandardHelpOptions = true,
    header = "Search twice, scoring candidates by their ReLU twin and by their constrained TTFS net; both fitness curves in one chart.",
    description = {
      "Runs the search of tnas search twice on one supernet with the same seed and budget: <output>/relu scores each candidate by its ReLU twin, <output>/ttfs by its TTFS net under the ttfs.* constraints (e.g. --conf ttfs.time-bits=4 --conf ttfs.weight-bits=4), simulated on the whole validation split. The ReLU-scored run's best-so-far candidates are then scored as TTFS too.",
      "Writes <output>/report/score-compare.png (best so far and median per generation of both runs, and each run's winner read in the other domain), score-compare.csv and score-compare.md. Without --shards the synthetic sample is used, without --supernet one is trained. Keys: --help-config (pipeline.* for data and space, search.*, ttfs.*)."
    })
final class ScoreCompareCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Mixin JobOptions job;

  @Option(names = {"-o", "--output"}, required = true, paramLabel = "<dir>", description = "Output directory (pipeline.output).")
  String output;

  @Option(names = "--shards", paramLabel = "<dir>", description = "A labelled shard set (pipeline.shards; default: the synthetic sample).")
  String shards;

  @Option(names = "--supernet", paramLabel = "<checkpoint>", description = "A trained supernet (pipeline.supernet.checkpoint; default: train one).")
  String supernet;

  @Option(names = "--resume", description = "Continue stopped searches in the output (search.resume).")
  Boolean resume;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    if (job.printConfigHelp(out, PipelineSettings.KEYS)) {
      return 0;
    }
    StrictConfig config = job.config(PipelineSettings.KEYS, JobOptions.options(
        PipelineSettings.OUTPUT, output, PipelineSettings.SHARDS, shards, PipelineSettings.SUPERNET, supernet,
        PipelineSettings.FINAL_MODEL, false, SearchConf.RESUME, resume));
    PipelineSettings settings = PipelineSettings.from(config);
    org.tnas.pipelines.spark.Preflight.checkPyTorch();
    SparkSession spark = SparkSessions.getOrCreate("tnas score-compare", job.master, job.sparkSettings());
    ScoreComparisonJob.Result result;
    try {
      result = ScoreComparisonJob.run(settings, spark);
    } finally {
      spark.stop();
    }
    print(out, result);
    out.flush();
    return 0;
  }

  static void print(PrintWriter out, ScoreComparisonJob.Result result) {
    out.printf(Locale.ROOT, "%n%-10s %14s %14s %14s %14s %14s %14s%n", "generation", "ReLU best-sf", "ReLU median",
        "as TTFS", "TTFS best-sf", "TTFS median", "as ReLU");
    for (ScoreComparison.Row row : result.rows()) {
      out.printf(Locale.ROOT, "%-10d %14.4f %14.4f %14.4f %14.4f %14.4f %14.4f%n", row.generation(), row.reluBestSoFar(),
          row.reluMedian(), row.reluBestSoFarOnTtfs(), row.ttfsBestSoFar(), row.ttfsMedian(), row.ttfsBestSoFarOnRelu());
    }
    out.printf(Locale.ROOT, "ReLU-scored winner %s, TTFS-scored winner %s%n", result.relu().best().genome(),
        result.ttfs().best().genome());
    out.printf(Locale.ROOT, "report: %s (%s, %s, %s); %.1f s%n", result.report(), ScoreComparison.CHART,
        ScoreComparison.TABLE, ScoreComparison.CARD, result.seconds());
  }
}
