package org.tnas.pipelines.cli;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import org.tnas.formats.config.StrictConfig;
import org.tnas.pipelines.spark.SparkSessions;
import org.tnas.pipelines.synthesize.SynthesizeJob;
import org.tnas.pipelines.synthesize.SynthesizeResult;
import org.tnas.pipelines.synthesize.SynthesizeSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code tnas synthesize}: a labelled synthetic event data set, as a Spark job. */
@Command(
    name = "synthesize",
    mixinStandardHelpOptions = true,
    header = "Render labelled synthetic clips and convert them to an Arrow shard set of events.",
    description = {
      "Render labelled synthetic clips (eye: SEE's 7 emotions; face: Spiking-FER's 6), convert them to events with the v2e-exact emulator and write an Arrow shard set. Every sample is labelled dataset \"synthetic\".",
      "Needs no licensed data: the quickstart and the tests use it."
    })
final class SynthesizeCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Mixin JobOptions job;

  @Option(names = {"-o", "--output"}, paramLabel = "<dir>", description = "Shard set directory to create (synthesize.output).")
  String output;

  @Option(names = "--mode", paramLabel = "<eye|face>", description = "Clip kind (synthesize.mode).")
  String mode;

  @Option(names = "--clips-per-class", paramLabel = "<n>", description = "Clips of each class (synthesize.clips-per-class).")
  Integer clipsPerClass;

  @Option(names = "--seed", paramLabel = "<n>", description = "Run seed (synthesize.seed).")
  Long seed;

  @Option(names = "--overwrite", description = "Replace an existing output (synthesize.overwrite).")
  Boolean overwrite;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    if (job.printConfigHelp(out, SynthesizeSettings.KEYS)) {
      return 0;
    }
    StrictConfig config = job.config(SynthesizeSettings.KEYS, JobOptions.options(
        SynthesizeSettings.OUTPUT, output, SynthesizeSettings.MODE, mode,
        SynthesizeSettings.CLIPS_PER_CLASS, clipsPerClass, SynthesizeSettings.SEED, seed,
        SynthesizeSettings.OVERWRITE, overwrite));
    SynthesizeSettings settings = SynthesizeSettings.from(config);
    SparkSession spark = SparkSessions.getOrCreate("tnas synthesize", job.master, job.sparkSettings());
    SynthesizeResult result;
    try {
      result = SynthesizeJob.run(settings, spark);
    } finally {
      spark.stop();
    }
    out.printf(Locale.ROOT, "synthesized %d %s clips (%d frames, %d events) into %d shards in %.1f s%n", result.clips(),
        settings.mode(), result.frames(), result.events(), result.shards(), result.seconds());
    out.printf("output: %s%n", result.output());
    out.flush();
    return 0;
  }
}
