package org.tnas.pipelines.study;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import org.tnas.formats.config.StrictConfig;
import org.tnas.pipelines.spark.SparkSessions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code tnas eda-study}: Spiking-FER's EDA study as one Spark job (see {@link StudyJob}). */
@Command(
    name = "eda-study",
    mixinStandardHelpOptions = true,
    header = "Run Spiking-FER's event-augmentation study as one Spark job.",
    description = {
      "Every subset of {hflip, noise, reverse, polflip, crop} x folds x {snn, ann} is one training run per Spark task, then the specific step; the study is resumable (run the same command again) and writes results.csv, results.arrow, report.md with mean +- std and the OLS regression, combinations.png, coefficients.png and specific.png."
    })
public final class StudyCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(names = "--master", paramLabel = "<url>", description = "Spark master (default: spark-submit's, else local[*]).")
  String master;

  @Option(names = "--conf", paramLabel = "<key=value>", description = "A study.* or spark.* setting (repeatable).")
  List<String> conf = new ArrayList<>();

  @Option(names = "--config-file", paramLabel = "<file>", description = "A properties file of settings.")
  java.nio.file.Path configFile;

  @Option(names = "--help-config", description = "List the settings with their defaults and exit.")
  boolean helpConfig;

  @Option(names = {"-i", "--shards"}, paramLabel = "<dir>", description = "Shard set (study.shards).")
  String shards;

  @Option(names = {"-o", "--output"}, paramLabel = "<dir>", description = "Study directory (study.output).")
  String output;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    if (helpConfig) {
      out.print(StrictConfig.describe(StudySettings.KEYS));
      out.flush();
      return 0;
    }
    Map<String, String> sparkSettings = new HashMap<>();
    List<String> jobPairs = new ArrayList<>();
    for (String pair : conf) {
      if (pair.startsWith("spark.")) {
        int eq = pair.indexOf('=');
        if (eq <= 0) {
          throw new IllegalArgumentException("Invalid --conf entry: " + pair + " (expected key=value)");
        }
        sparkSettings.put(pair.substring(0, eq), pair.substring(eq + 1));
      } else {
        jobPairs.add(pair);
      }
    }
    StrictConfig.Builder builder = StrictConfig.builder(StudySettings.KEYS);
    if (configFile != null) {
      builder.file(configFile);
    }
    Map<String, String> options = new LinkedHashMap<>();
    if (shards != null) {
      options.put(StudySettings.SHARDS.name(), shards);
    }
    if (output != null) {
      options.put(StudySettings.OUTPUT.name(), output);
    }
    StudySettings settings = StudySettings.from(builder.confPairs(jobPairs).options(options).build());
    SparkSession spark = SparkSessions.getOrCreate("tnas eda-study", master, sparkSettings);
    StudyJob.Result result;
    try {
      result = StudyJob.run(settings, spark, line -> {
        out.println(line);
        out.flush();
      });
    } finally {
      spark.stop();
    }
    out.printf(Locale.ROOT, "%d runs in the table (%d trained now, %d pending) in %.1f s%n", result.rows().size(), result.trainedNow(),
        result.pending(), result.seconds());
    out.printf("report: %s/report.md%n", settings.output());
    out.flush();
    return 0;
  }
}
