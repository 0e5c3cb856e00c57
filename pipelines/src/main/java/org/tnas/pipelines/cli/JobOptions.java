package org.tnas.pipelines.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tnas.formats.config.ConfigKey;
import org.tnas.formats.config.StrictConfig;
import picocli.CommandLine.Option;

/**
 * The options every Spark job command shares: {@code --master}, {@code --conf key=value} (job keys
 * go to the job's strict configuration, {@code spark.*} keys to Spark), {@code --config-file} and
 * {@code --help-config}. Precedence: dedicated options &gt; --conf &gt; --config-file &gt; defaults.
 */
final class JobOptions {
  @Option(names = "--master", paramLabel = "<url>", description = "Spark master (default: spark-submit's, else local[*]).")
  String master;

  @Option(names = "--conf", paramLabel = "<key=value>", description = "A job setting or a spark.* setting (repeatable).")
  List<String> conf = new ArrayList<>();

  @Option(names = "--config-file", paramLabel = "<file>", description = "A properties file of job settings.")
  Path configFile;

  @Option(names = "--help-config", description = "List the job's settings with their defaults and exit.")
  boolean helpConfig;

  /** Prints the settings table and returns true if {@code --help-config} was given. */
  boolean printConfigHelp(PrintWriter out, List<ConfigKey<?>> keys) {
    if (helpConfig) {
      out.print(StrictConfig.describe(keys));
      out.flush();
    }
    return helpConfig;
  }

  /** The {@code spark.*} entries of {@code --conf}. */
  Map<String, String> sparkSettings() {
    Map<String, String> settings = new HashMap<>();
    for (String pair : conf) {
      if (pair.startsWith("spark.")) {
        int eq = pair.indexOf('=');
        if (eq <= 0) {
          throw new IllegalArgumentException("Invalid --conf entry: " + pair + " (expected key=value)");
        }
        settings.put(pair.substring(0, eq), pair.substring(eq + 1));
      }
    }
    return settings;
  }

  /** The job configuration: file, then the non-Spark {@code --conf} pairs, then the dedicated options. */
  StrictConfig config(List<ConfigKey<?>> keys, Map<String, String> options) {
    return config(keys, Map.of(), "", options);
  }

  /**
   * The job configuration over a command's own defaults: {@code commandDefaults} (named {@code
   * command} in errors and run records) replace the keys' defaults, and the file, the non-Spark
   * {@code --conf} pairs and the dedicated options override them in that order.
   */
  StrictConfig config(List<ConfigKey<?>> keys, Map<String, String> commandDefaults, String command,
      Map<String, String> options) {
    StrictConfig.Builder builder = StrictConfig.builder(keys);
    builder.layer(commandDefaults, command + " default");
    if (configFile != null) {
      builder.file(configFile);
    }
    List<String> jobPairs = new ArrayList<>();
    for (String pair : conf) {
      if (!pair.startsWith("spark.")) {
        jobPairs.add(pair);
      }
    }
    return builder.confPairs(jobPairs).options(options).build();
  }

  /** Maps key/value pairs ({@code key1, value1, key2, value2...}) to option entries; null values are skipped. */
  static Map<String, String> options(Object... keysAndValues) {
    Map<String, String> options = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      ConfigKey<?> key = (ConfigKey<?>) keysAndValues[i];
      Object value = keysAndValues[i + 1];
      options.put(key.name(), value == null ? null : value.toString());
    }
    return options;
  }
}
