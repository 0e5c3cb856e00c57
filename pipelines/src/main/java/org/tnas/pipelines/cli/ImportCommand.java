package org.tnas.pipelines.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import org.tnas.formats.config.StrictConfig;
import org.tnas.pipelines.importer.ImportJob;
import org.tnas.pipelines.importer.ImportResult;
import org.tnas.pipelines.importer.ImportSettings;
import org.tnas.formats.samples.SkippedInput;
import org.tnas.pipelines.spark.SparkSessions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code tnas import}: event files to a committed Arrow shard set, as a Spark job. */
@Command(
    name = "import",
    mixinStandardHelpOptions = true,
    header = "Convert event files into a committed Arrow shard set, as a Spark job.",
    description = {
      "Convert event files (EVT2, EVT3, DAT, AEDAT4, AEDAT2, N-MNIST, .npy, CSV, HDF5) into Arrow shards with a manifest, as a Spark job. Inputs are files, directories (walked recursively) or globs on any Hadoop FS.",
      "A file that cannot be read is listed in import-report.json with its reason; the job goes on. Exit code 0 when at least one input was imported, 2 when none was (every input skipped).",
      "Settings (precedence: options > --conf > --config-file > defaults): @|bold import.*|@ keys are listed by --help-config; spark.* keys go to Spark."
    })
final class ImportCommand implements Callable<Integer> {
  /** Exit code when no input was imported (a user error, as the launcher's USER_ERROR code). */
  static final int NOTHING_IMPORTED = 2;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Parameters(arity = "0..*", paramLabel = "<input>", description = "Event files, directories or glob patterns (at least one).")
  List<String> inputs = new ArrayList<>();

  @Option(names = {"-o", "--output"}, paramLabel = "<dir>", description = "Shard set directory to create (import.output).")
  String output;

  @Option(names = "--format", paramLabel = "<format>", description = "Force one format for every input (import.format): evt2, evt3, dat, aedat4, aedat2, nmnist, npy, csv, h5.")
  String format;

  @Option(names = "--dataset", paramLabel = "<name>", description = "Dataset name for the sample records (import.dataset).")
  String dataset;

  @Option(names = "--sensor", paramLabel = "<WxH>", description = "Sensor size for files that declare none (import.sensor).")
  String sensor;

  @Option(names = "--overwrite", description = "Replace an existing shard set at the output (import.overwrite).")
  Boolean overwrite;

  @Option(names = "--evt3-timing", paramLabel = "<mode>", description = "EVT 3.0 timestamps (import.evt3-timing): official, or expelliarmus to reproduce that reference decoder.")
  String evt3Timing;

  @Mixin JobOptions job;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    if (job.printConfigHelp(out, ImportSettings.KEYS)) {
      return 0;
    }
    if (inputs.isEmpty()) {
      throw new ParameterException(spec.commandLine(), "Missing required parameter: '<input>'");
    }
    StrictConfig config = job.config(ImportSettings.KEYS, JobOptions.options(
        ImportSettings.OUTPUT, output, ImportSettings.FORMAT, format, ImportSettings.DATASET, dataset,
        ImportSettings.SENSOR, sensor, ImportSettings.OVERWRITE, overwrite, ImportSettings.EVT3_TIMING, evt3Timing));
    ImportSettings settings = ImportSettings.from(inputs, config);

    SparkSession spark = SparkSessions.getOrCreate("tnas import", job.master, job.sparkSettings());
    ImportResult result;
    try {
      result = ImportJob.run(settings, spark);
    } finally {
      spark.stop();
    }
    return report(result, out, spec.commandLine().getErr());
  }

  /** Prints the summary of an import and returns the exit code: 0, or 2 when nothing was imported. */
  static int report(ImportResult result, PrintWriter out, PrintWriter err) {
    out.printf(Locale.ROOT, "imported %d of %d inputs (%d skipped) into %d shards, %d events, in %.1f s%n",
        result.converted(), result.inputs(), result.skipped().size(), result.shards(), result.events(), result.seconds());
    out.printf("output: %s (manifest.json, %s)%n", result.output(), ImportJob.REPORT_FILE);
    for (SkippedInput skipped : result.skipped()) {
      out.printf("skipped: %s: %s%n", skipped.uri(), skipped.reason());
    }
    out.flush();
    if (result.converted() == 0) {
      err.printf("Cannot import: none of the %d inputs could be converted (reasons above and in %s)%n",
          result.inputs(), ImportJob.REPORT_FILE);
      err.flush();
      return NOTHING_IMPORTED;
    }
    return 0;
  }
}
