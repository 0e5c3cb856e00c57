package org.tnas.pipelines.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.tnas.formats.config.ConfigKey;
import org.tnas.formats.config.StrictConfig;
import org.tnas.pipelines.pipeline.TtfsOptions;
import org.tnas.pipelines.pipeline.TtfsStage;
import org.tnas.search.run.SearchConf;
import org.tnas.search.run.TtfsFineTuning;
import org.tnas.search.run.TtfsStudy;
import org.tnas.search.ttfs.HardwareConstraints;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code tnas ttfs}: the TTFS stage on an existing pipeline run folder: the final model's TTFS net
 * under hardware constraints, fine-tuned, the retraining strategies compared and the constraint
 * sweep ({@link TtfsStage#forRunFolder}). Runs on the driver; no Spark job.
 */
@Command(
    name = "ttfs",
    mixinStandardHelpOptions = true,
    header = "Fine-tune a run's TTFS net under hardware constraints; compare retraining strategies; sweep bit widths.",
    description = {
      "Reads <run>/run-recipe.properties and <run>/report/final-model.weights, applies the ttfs.* constraints (spike-time bits, weight bits, latency budget, energy model), fine-tunes the TTFS net, and with --strategies / --sweep compares inherited weights, ReLU retraining + transfer, + TTFS fine-tuning and TTFS training from scratch, and sweeps bit widths. Writes ttfs.md, ttfs-strategies.csv/png, ttfs-sweep.csv/png.",
      "Keys: --help-config (ttfs.*, pipeline.ttfs.*)."
    })
final class TtfsCommand implements Callable<Integer> {
  /** The keys of this command. */
  static final List<ConfigKey<?>> KEYS = keys();

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Mixin JobOptions job;

  @Option(names = "--run", required = true, paramLabel = "<dir>", description = "A tnas pipeline output directory with a final model.")
  String run;

  @Option(names = {"-o", "--output"}, paramLabel = "<dir>", description = "Where the reports go (default: <run>/report/ttfs).")
  String output;

  @Option(names = "--genome", paramLabel = "<genome>", description = "The architecture of the final model (default: the best row of <run>/search/results.arrow).")
  String genome = "";

  @Option(names = "--supernet", paramLabel = "<checkpoint>", description = "The supernet for the inherited-weights strategy (default: <run>/supernet.ckpt when present).")
  String supernet = "";

  @Option(names = "--strategies", description = "Compare the retraining strategies (pipeline.ttfs.strategies).")
  Boolean strategies;

  @Option(names = "--sweep", paramLabel = "<bits>", description = "Bit widths of the constraint sweep, e.g. 8,6,4,3,2 (pipeline.ttfs.sweep).")
  String sweep;

  private static List<ConfigKey<?>> keys() {
    List<ConfigKey<?>> keys = new ArrayList<>(List.of(SearchConf.TIME_BITS, SearchConf.WEIGHT_BITS, SearchConf.MAX_LATENCY,
        SearchConf.TAU_MILLIS, SearchConf.SYNOP_PICOJOULES, SearchConf.SPIKE_PICOJOULES));
    keys.addAll(TtfsOptions.KEYS);
    return List.copyOf(keys);
  }

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    if (job.printConfigHelp(out, KEYS)) {
      return 0;
    }
    StrictConfig config = job.config(KEYS, JobOptions.options(TtfsOptions.STRATEGIES, strategies, TtfsOptions.SWEEP, sweep));
    HardwareConstraints constraints = SearchConf.hardware(config);
    TtfsOptions options = TtfsOptions.from(config);
    if (!options.active(constraints.exact())) {
      throw new IllegalArgumentException("Cannot run tnas ttfs: nothing to do (set ttfs.* constraints to fine-tune under,"
          + " --strategies or --sweep)");
    }
    org.tnas.pipelines.spark.Preflight.checkPyTorch();
    Path runFolder = new Path(run);
    Path target = output == null ? new Path(new Path(runFolder, "report"), "ttfs") : new Path(output);
    TtfsStudy.Result result = TtfsStage.forRunFolder(runFolder, genome, supernet, constraints, options, target,
        new Configuration());
    out.printf(Locale.ROOT, "constraints: %s%n", constraints.describe());
    out.printf(Locale.ROOT, "%-26s %8s %8s %12s %10s%n", "strategy", "WAR", "UAR", "SynOps", "latency");
    for (TtfsFineTuning.Scored s : result.rows()) {
      out.printf(Locale.ROOT, "%-26s %8.4f %8.4f %12.0f %10.3f%n", s.strategy(), s.test().war(), s.test().uar(),
          s.test().meanSynapticOperations(), s.network().latency());
    }
    for (TtfsStudy.SweepPoint p : result.sweep()) {
      out.printf(Locale.ROOT, "sweep %2d bit: WAR %.4f transferred, %.4f fine-tuned%n", p.bits(), p.transfer().test().war(),
          p.fineTuned().test().war());
    }
    if (result.seeds() != null) {
      TtfsStudy.SeedSpread seeds = result.seeds();
      out.printf(Locale.ROOT, "%d fine-tuning seeds: fine-tuned - exact WAR %+.4f [%+.4f, %+.4f] (95 %% bootstrap), within"
          + " 1 point on %d%n", seeds.wars().length, seeds.meanGap(), seeds.lower(), seeds.upper(), seeds.withinOnePoint());
    }
    out.printf(Locale.ROOT, "report: %s (%s)%n", target, TtfsStudy.CARD);
    out.flush();
    return 0;
  }
}
