package org.tnas.pipelines.cli;

import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;
import org.tnas.formats.config.StrictConfig;
import org.tnas.pipelines.pipeline.PipelineSettings;
import org.tnas.search.run.SearchConf;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code tnas search}: the search step alone, on a labelled shard set and a trained supernet
 * checkpoint (e.g. {@code <pipeline output>/supernet.ckpt}); writes the result tables, checkpoints
 * and the report (no final model unless {@code --final-model}).
 */
@Command(
    name = "search",
    mixinStandardHelpOptions = true,
    header = "Evolutionary search of TTFS architectures with a trained supernet.",
    description = {
      "Evolutionary search of TTFS architectures on a labelled shard set with a trained supernet checkpoint; the population is evaluated on Spark (or threads).",
      "Writes per-generation checkpoints (--resume continues), the results table and the report; --ranking adds the ranking study. Keys: --help-config (pipeline.* for data and space, search.*)."
    })
final class SearchCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Mixin JobOptions job;

  @Mixin SupernetRunOptions run;

  @Option(names = "--resume", description = "Continue a stopped search in the output (search.resume).")
  Boolean resume;

  @Option(names = "--final-model", description = "Also retrain the winner, map it to TTFS and evaluate it (pipeline.final-model).")
  boolean finalModel;

  @Option(names = "--ranking", description = "Also run the supernet's ranking study after the search (pipeline.ranking.*: by default 20 subnets x 3 seeds of stand-alone training); off unless this flag or pipeline.ranking.subnets is given. tnas ranking runs it alone.")
  boolean ranking;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    if (job.printConfigHelp(out, PipelineSettings.KEYS)) {
      return 0;
    }
    // the search alone unless --ranking: pipeline.ranking.subnets defaults to 0 here, below the
    // config file and --conf
    StrictConfig config = job.config(PipelineSettings.KEYS,
        ranking ? Map.of() : JobOptions.options(PipelineSettings.RANKING_SUBNETS, 0), "tnas search",
        JobOptions.options(run.settings(PipelineSettings.FINAL_MODEL, finalModel, SearchConf.RESUME, resume)));
    return PipelineCommand.runAndPrint(out, PipelineSettings.from(config), job, "tnas search");
  }
}
