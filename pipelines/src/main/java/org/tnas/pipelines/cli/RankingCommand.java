package org.tnas.pipelines.cli;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import org.tnas.formats.config.StrictConfig;
import org.tnas.pipelines.pipeline.PipelineJob;
import org.tnas.pipelines.pipeline.PipelineSettings;
import org.tnas.pipelines.spark.SparkSessions;
import org.tnas.search.ranking.RankingStudy;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code tnas ranking}: can a trained supernet's inherited-weight fitness be trusted? Trains the
 * best subnets of an existing search and random legal ones stand-alone (one Spark task per subnet
 * and seed) and reports Kendall's tau and Spearman's rho with bootstrap intervals beside the noise
 * floor.
 */
@Command(
    name = "ranking",
    mixinStandardHelpOptions = true,
    header = "Measure how well a trained supernet ranks subnets against stand-alone training.",
    description = {
      "N subnets (the best of --search's results and random legal ones) are trained stand-alone with the final-model recipe and several seeds, one Spark task each, and report/ranking.csv, ranking.png and ranking.md give Kendall's tau, Spearman's rho, their bootstrap intervals and the noise floor.",
      "Keys: --help-config (pipeline.ranking.*, pipeline.* for data, split and recipe)."
    })
final class RankingCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Mixin JobOptions job;

  @Mixin SupernetRunOptions run;

  @Option(names = "--search", paramLabel = "<dir>", description = "A search's output directory whose results.arrow gives the top subnets (default: random subnets only).")
  String search = "";

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    if (job.printConfigHelp(out, PipelineSettings.KEYS)) {
      return 0;
    }
    StrictConfig config = job.config(PipelineSettings.KEYS, JobOptions.options(run.settings()));
    PipelineSettings settings = PipelineSettings.from(config);
    org.tnas.pipelines.spark.Preflight.checkPyTorch();
    SparkSession spark = SparkSessions.getOrCreate("tnas ranking", job.master, job.sparkSettings());
    RankingStudy study;
    try {
      study = PipelineJob.rank(settings, spark, search);
    } finally {
      spark.stop();
    }
    out.printf(Locale.ROOT, "%d subnets x %d seeds: Kendall tau %.3f [%.3f, %.3f], Spearman rho %.3f [%.3f, %.3f]%n",
        study.subnets().size(), study.subnets().get(0).standalone().length, study.kendall().value(),
        study.kendall().lower(), study.kendall().upper(), study.spearman().value(), study.spearman().lower(),
        study.spearman().upper());
    out.printf(Locale.ROOT, "stand-alone sd between seeds %.4f, between subnets %.4f; seed-vs-seed tau %.3f%n",
        study.withinSubnetSd(), study.betweenSubnetSd(), study.seedAgreement());
    out.println("verdict: " + study.verdict());
    out.printf(Locale.ROOT, "report: %s/report (ranking.md, ranking.csv, ranking.png)%n", run.output.replaceAll("/+$", ""));
    out.flush();
    return 0;
  }
}
