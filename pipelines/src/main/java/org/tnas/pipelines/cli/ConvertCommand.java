package org.tnas.pipelines.cli;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import org.tnas.formats.config.StrictConfig;
import org.tnas.pipelines.convert.ConvertJob;
import org.tnas.pipelines.convert.ConvertSettings;
import org.tnas.formats.samples.SkippedInput;
import org.tnas.pipelines.spark.SparkSessions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code tnas convert}: a dataset (CK+, Oulu-CASIA, ADFES, MMI, SEE, generic) to an event shard set, as a Spark job. */
@Command(
    name = "convert",
    mixinStandardHelpOptions = true,
    header = "Convert a dataset into events with the v2e-exact emulator and write an Arrow shard set.",
    description = {
      "Convert a dataset into events with the v2e-exact emulator and write an Arrow shard set, one Spark task per group of clips.",
      "Layouts (--layout): ckplus, oulu, adfes, mmi, see, generic (docs/datasets.md). For the four face datasets the defaults follow the Spiking-FER benchmark: face standardised to 200x200 (68 dlib landmarks, eyes levelled), 30 fps, optical-flow upsampling with v2e's factor rule. --folds joins Spiking-FER's folds.csv.",
      "Every input is converted or listed in convert-report.json with its reason. All keys: --help-config."
    })final class ConvertCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Mixin JobOptions job;

  @Parameters(index = "0", arity = "0..1", paramLabel = "<root>", description = "The dataset root (convert.input).")
  String input;

  @Option(names = {"-o", "--output"}, paramLabel = "<dir>", description = "Shard set directory to create (convert.output).")
  String output;

  @Option(names = "--preset", paramLabel = "<name>", description = "Emulator preset (convert.preset).")
  String preset;

  @Option(names = "--layout", paramLabel = "<name>", description = "Dataset layout: ckplus, oulu, adfes, mmi, see, generic (convert.layout).")
  String layout;

  @Option(names = "--face", paramLabel = "<auto|face|right-eye|none>", description = "Face standardisation (convert.face).")
  String face;

  @Option(names = "--folds", paramLabel = "<folds.csv>", description = "Spiking-FER folds file (convert.folds).")
  String folds;

  @Option(names = "--overwrite", description = "Replace an existing output (convert.overwrite).")
  Boolean overwrite;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    if (job.printConfigHelp(out, ConvertSettings.KEYS)) {
      return 0;
    }
    StrictConfig config = job.config(ConvertSettings.KEYS, JobOptions.options(ConvertSettings.INPUT, input,
        ConvertSettings.OUTPUT, output, ConvertSettings.PRESET, preset, ConvertSettings.OVERWRITE, overwrite,
        ConvertSettings.LAYOUT, layout, ConvertSettings.FOLDS, folds, ConvertSettings.FACE, face));
    ConvertSettings settings = ConvertSettings.from(config);
    SparkSession spark = SparkSessions.getOrCreate("tnas convert", job.master, job.sparkSettings());
    ConvertJob.Result result;
    try {
      result = ConvertJob.run(settings, spark);
    } finally {
      spark.stop();
    }
    out.printf(Locale.ROOT, "converted %d of %d inputs (%d skipped; labels %s): %d frames, %d events, %d shards in %.1f s%n",
        result.converted(), result.inputs(), result.skipped().size(), String.join(", ", result.labels()), result.frames(),
        result.events(), result.shards(), result.seconds());
    if (settings.faceMode().isPresent()) {
      out.printf(Locale.ROOT, "face standardisation %s: aligned in %.1f %% of the converted clips' frames%n",
          ConvertJob.faceDescription(settings), 100 * result.alignedFraction());
    }
    out.printf("output: %s (manifest.json, %s)%n", result.output(), ConvertJob.REPORT_FILE);
    for (SkippedInput skipped : result.skipped()) {
      out.printf("skipped: %s: %s%n", skipped.uri(), skipped.reason());
    }
    out.flush();
    return 0;
  }
}
