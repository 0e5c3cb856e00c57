package org.tnas.pipelines.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import org.tnas.formats.config.StrictConfig;
import org.tnas.pipelines.importer.ImportJob;
import org.tnas.pipelines.importer.ImportResult;
import org.tnas.pipelines.importer.ImportSettings;
import org.tnas.pipelines.importer.SkippedInput;
import org.tnas.pipelines.spark.SparkSessions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code tnas import}: event files to a committed Arrow shard set, as a Spark job. */
@Command(
    name = "import",
    mixinStandardHelpOptions = true,
    description = {
      "Convert event files (EVT2, EVT3, DAT, AEDAT4, AEDAT2, N-MNIST, .npy, CSV, HDF5) into Arrow shards with a",
      "manifest, as a Spark job. Inputs are files, directories (walked recursively) or globs on any Hadoop FS.",
      "A file that cannot be read is listed in import-report.json with its reason; the job goes on.",
      "Settings (precedence: options > --conf > --config-file > defaults):",
      "%n" + "@|bold import.*|@ keys are listed by --help-config; spark.* keys go to Spark."
    })
final class ImportCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Parameters(arity = "1..*", paramLabel = "<input>", description = "Event files, directories or glob patterns.")
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

  @Option(names = "--master", paramLabel = "<url>", description = "Spark master (default: spark-submit's, else local[*]).")
  String master;

  @Option(names = "--conf", paramLabel = "<key=value>", description = "A setting: import.* or spark.* (repeatable).")
  List<String> conf = new ArrayList<>();

  @Option(names = "--config-file", paramLabel = "<file>", description = "A properties file of import.* settings.")
  Path configFile;

  @Option(names = "--help-config", help = true, description = "List the import.* settings with defaults and exit.")
  boolean helpConfig;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    if (helpConfig) {
      out.print(StrictConfig.describe(ImportSettings.KEYS));
      out.flush();
      return 0;
    }
    List<String> jobConf = new ArrayList<>();
    Map<String, String> sparkConf = new HashMap<>();
    for (String pair : conf) {
      if (pair.startsWith("spark.")) {
        int eq = pair.indexOf('=');
        if (eq <= 0) {
          throw new IllegalArgumentException("Invalid --conf entry: " + pair + " (expected key=value)");
        }
        sparkConf.put(pair.substring(0, eq), pair.substring(eq + 1));
      } else {
        jobConf.add(pair);
      }
    }
    StrictConfig.Builder builder = StrictConfig.builder(ImportSettings.KEYS);
    if (configFile != null) {
      builder.file(configFile);
    }
    Map<String, String> options = new HashMap<>();
    options.put(ImportSettings.OUTPUT.name(), output);
    options.put(ImportSettings.FORMAT.name(), format);
    options.put(ImportSettings.DATASET.name(), dataset);
    options.put(ImportSettings.SENSOR.name(), sensor);
    options.put(ImportSettings.OVERWRITE.name(), overwrite == null ? null : overwrite.toString());
    ImportSettings settings = ImportSettings.from(inputs, builder.confPairs(jobConf).options(options).build());

    SparkSession spark = SparkSessions.getOrCreate("tnas import", master, sparkConf);
    ImportResult result;
    try {
      result = ImportJob.run(settings, spark);
    } finally {
      spark.stop();
    }
    out.printf(Locale.ROOT, "imported %d of %d inputs (%d skipped) into %d shards, %d events, in %.1f s%n",
        result.converted(), result.inputs(), result.skipped().size(), result.shards(), result.events(), result.seconds());
    out.printf("output: %s (manifest.json, %s)%n", result.output(), ImportJob.REPORT_FILE);
    for (SkippedInput skipped : result.skipped()) {
      out.printf("skipped: %s: %s%n", skipped.uri(), skipped.reason());
    }
    out.flush();
    return 0;
  }
}
