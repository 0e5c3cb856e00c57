package org.tnas.pipelines.cli;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import org.tnas.formats.config.StrictConfig;
import org.tnas.pipelines.pipeline.PipelineJob;
import org.tnas.pipelines.pipeline.PipelineResult;
import org.tnas.pipelines.pipeline.PipelineSettings;
import org.tnas.pipelines.spark.SparkSessions;
import org.tnas.search.evaluation.EvaluationResult;
import org.tnas.search.run.FinalModel;
import org.tnas.search.run.SearchResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code tnas pipeline}: (dataset -> conversion ->) shards -> supernet -> search -> retrain -> TTFS -> report. */
@Command(
    name = "pipeline",
    mixinStandardHelpOptions = true,
    header = "Run TNAS-ER end to end: data, supernet, search, TTFS model and report.",
    description = {
      "Run TNAS-ER end to end on a dataset converted first (--input, with the convert.* keys), a labelled shard set (--shards), or the synthesized sample data when neither is given.",
      "Steps: SPOS supernet training (DJL), evolutionary search with the population evaluated on Spark, a random-search baseline at equal budget, retraining of the winner, exact mapping onto a TTFS spiking net, and a report (charts, model card, result tables).",
      "--conf pipeline.folds=all runs Spiking-FER's 10 folds. pipeline.*, search.* and convert.* keys: --help-config."
    })
final class PipelineCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Mixin JobOptions job;

  @Option(names = {"-o", "--output"}, paramLabel = "<dir>", description = "Output directory (pipeline.output).")
  String output;

  @Option(names = "--shards", paramLabel = "<dir>", description = "A labelled shard set (pipeline.shards); default: synthesize one.")
  String shards;

  @Option(names = "--input", paramLabel = "<root>", description = "A dataset to convert into <output>/shards first (pipeline.input).")
  String input;

  @Option(names = "--resume", description = {"Continue a stopped pipeline in the output (search.resume): committed shards and a",
      "supernet trained with the same settings are kept (a change is refused), searches continue from their checkpoints,",
      "a cross-fold run fold by fold."})
  Boolean resume;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    if (job.printConfigHelp(out, PipelineSettings.KEYS)) {
      return 0;
    }
    StrictConfig config = job.config(PipelineSettings.KEYS, JobOptions.options(
        PipelineSettings.OUTPUT, output, PipelineSettings.SHARDS, shards, PipelineSettings.INPUT, input,
        org.tnas.search.run.SearchConf.RESUME, resume));
    return runAndPrint(out, PipelineSettings.from(config), job, "tnas pipeline");
  }

  /** Runs the pipeline job in a Spark session of the job options and prints its summary. */
  static int runAndPrint(PrintWriter out, PipelineSettings settings, JobOptions job, String application) {
    org.tnas.pipelines.spark.Preflight.checkPyTorch();
    SparkSession spark = SparkSessions.getOrCreate(application, job.master, job.sparkSettings());
    if (!settings.folds().isEmpty()) {
      PipelineJob.CrossFoldResult crossFold;
      try {
        crossFold = PipelineJob.runCrossFold(settings, spark);
      } finally {
        spark.stop();
      }
      printCrossFold(out, crossFold);
      out.flush();
      return 0;
    }
    PipelineResult result;
    try {
      result = PipelineJob.run(settings, spark);
    } finally {
      spark.stop();
    }
    print(out, result);
    out.flush();
    return 0;
  }

  static void printCrossFold(PrintWriter out, PipelineJob.CrossFoldResult result) {
    out.printf(Locale.ROOT, "%n%-6s %-34s %8s %8s %12s%n", "fold", "final model", "WAR", "UAR", "SynOps");
    for (int i = 0; i < result.folds().size(); i++) {
      FinalModel model = result.results().get(i).finalModel();
      out.printf(Locale.ROOT, "%-6d %-34s %8.4f %8.4f %12.0f%n", result.folds().get(i), model.genome(),
          model.spiking().war(), model.spiking().uar(), model.spiking().meanSynapticOperations());
    }
    for (org.tnas.search.results.MetricSummary summary : result.summaries()) {
      if (summary.metric().equals("war") || summary.metric().equals("uar") || summary.metric().equals("synaptic_operations")) {
        out.printf(Locale.ROOT, "%s: mean %.4f, std %.4f over %d folds%n", summary.metric().toUpperCase(Locale.ROOT),
            summary.mean(), summary.standardDeviation(), summary.count());
      }
    }
    out.printf(Locale.ROOT, "%nreport: %s (cross-fold.md, cross-fold.csv, cross-fold.png; each fold's report in fold-<k>/report)%n",
        result.report());
    out.printf(Locale.ROOT, "done in %.1f s%n", result.seconds());
  }

  static void print(PrintWriter out, PipelineResult result) {
    out.printf(Locale.ROOT, "%ndata: %s (%d classes: %s); train %d, validation %d, test %d samples%n", result.shards(),
        result.classNames().size(), String.join(", ", result.classNames()), result.trainSamples(),
        result.validationSamples(), result.testSamples());
    if (Double.isNaN(result.supernetValidationLoss()[0])) {
      out.printf(Locale.ROOT, "supernet: %s (given)%n", result.supernetCheckpoint());
    } else {
      out.printf(Locale.ROOT, "supernet: %s (probe validation loss %.3f -> %.3f)%n", result.supernetCheckpoint(),
          result.supernetValidationLoss()[0], result.supernetValidationLoss()[1]);
    }
    out.println();
    out.printf(Locale.ROOT, "%-22s %-34s %8s %8s %9s %12s %6s%n", "run", "best genome", "WAR", "UAR", "fitness", "SynOps", "evals");
    row(out, "evolution (search)", result.search());
    if (result.baseline() != null) {
      row(out, "random (baseline)", result.baseline());
    }
    FinalModel model = result.finalModel();
    if (model != null) {
      out.println();
      out.printf(Locale.ROOT, "final model %s on the test split:%n", model.genome());
      out.printf(Locale.ROOT, "  TTFS WAR %.4f, UAR %.4f; ReLU twin WAR %.4f; same prediction on %.1f%% (max logit diff %.2g, %d violations)%n",
          model.spiking().war(), model.spiking().uar(), model.reluTest(), 100 * model.predictionAgreement(),
          model.maxLogitDifference(), model.violations());
      out.printf(Locale.ROOT, "  %d parameters, %d MACs, %.0f SynOps/sample, %.3f spikes/neuron, latency %.2f tau, energy ratio ANN/SNN %.1fx, 8-bit WAR %.4f%n",
          model.parameters(), model.macs(), model.spiking().meanSynapticOperations(), model.spiking().spikesPerNeuron(),
          model.latency(), model.spiking().energyRatio(), model.quantised8Bit());
    } else {
      out.println("final model: not built (pipeline.final-model=false, or the shard set has no test split)");
    }
    if (result.ranking() != null) {
      org.tnas.search.ranking.RankingStudy ranking = result.ranking();
      out.printf(Locale.ROOT, "%nranking study (%d subnets x %d seeds, stand-alone vs inherited): Kendall tau %.3f [%.3f, %.3f], "
          + "Spearman rho %.3f [%.3f, %.3f]; sd between seeds %.4f, between subnets %.4f%n", ranking.subnets().size(),
          ranking.subnets().get(0).standalone().length, ranking.kendall().value(), ranking.kendall().lower(),
          ranking.kendall().upper(), ranking.spearman().value(), ranking.spearman().lower(), ranking.spearman().upper(),
          ranking.withinSubnetSd(), ranking.betweenSubnetSd());
    }
    for (String warning : result.warnings()) {
      out.printf(Locale.ROOT, "%nWARNING: %s%n", warning);
    }
    out.printf(Locale.ROOT, "%nreport: %s (model-card.md, fitness.png, pareto-front.png, %sgenerations.csv); results tables in %s%n",
        result.report(), result.ranking() == null ? "" : "ranking.png, ranking.csv, ", result.search().output());
    out.printf(Locale.ROOT, "done in %.1f s%n", result.seconds());
  }

  private static void row(PrintWriter out, String name, SearchResult search) {
    EvaluationResult best = search.best();
    if (best == null) {
      out.printf(Locale.ROOT, "%-22s %-34s%n", name, "(no valid candidate)");
      return;
    }
    out.printf(Locale.ROOT, "%-22s %-34s %8.4f %8.4f %9.4f %12.0f %6d%n", name, best.genome(), best.war(), best.uar(),
        best.fitness(search.lambda()), best.synapticOperations(), search.results().size());
  }
}
