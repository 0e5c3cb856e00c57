package org.tnas.pipelines.cli;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.tnas.formats.config.ConfigKey;
import org.tnas.pipelines.convert.ConvertSettings;
import org.tnas.pipelines.importer.ImportSettings;
import org.tnas.pipelines.pipeline.PipelineSettings;
import org.tnas.pipelines.synthesize.SynthesizeSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;

/**
 * {@code tnas settings}: every job setting with its default and meaning, as a properties-file
 * template (the source of deploy/conf/tnas.properties.template, which a test keeps in sync).
 */
@Command(
    name = "settings",
    mixinStandardHelpOptions = true,
    header = "Print every job setting as a properties template for --config-file.",
    description = {
      "Print every job setting (key, default, meaning) as a properties template for --config-file.",
      "Unknown keys are rejected at start-up, so a template line can be uncommented and edited safely."
    })
final class SettingsCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  /** The settings of every job, by command name, in print order. */
  static Map<String, List<ConfigKey<?>>> jobs() {
    Map<String, List<ConfigKey<?>>> jobs = new LinkedHashMap<>();
    jobs.put("import", ImportSettings.KEYS);
    jobs.put("convert", ConvertSettings.KEYS);
    jobs.put("synthesize", SynthesizeSettings.KEYS);
    jobs.put("train", org.tnas.pipelines.train.TrainSettings.KEYS);
    jobs.put("eda-study", org.tnas.pipelines.study.StudySettings.KEYS);
    // tnas pipeline also accepts the convert.* keys (for pipeline.input); they are listed once, under convert
    jobs.put("pipeline", PipelineSettings.KEYS.stream().filter(key -> !ConvertSettings.KEYS.contains(key)).toList());
    return jobs;
  }

  /** The template text. */
  static String template() {
    StringBuilder text = new StringBuilder();
    text.append("# tnas job settings template, printed by `tnas settings`: copy it, uncomment and set the keys you need.\n");
    text.append("# Use with --config-file <file>. Precedence: command-line options > --conf key=value > this file > defaults.\n");
    text.append("# Spark settings (spark.*) are not listed: pass them with --conf or spark-submit.\n");
    for (Map.Entry<String, List<ConfigKey<?>>> job : jobs().entrySet()) {
      text.append("\n# ---- tnas ").append(job.getKey()).append(" ----\n");
      if (job.getKey().equals("pipeline")) {
        text.append("# (also the convert.* keys above, which configure the conversion of pipeline.input)\n");
      }
      for (ConfigKey<?> key : job.getValue()) {
        text.append("# ").append(key.description()).append('\n');
        if (key.defaultValue() == null) {
          text.append("# ").append(key.name()).append("=  (required)\n");
        } else {
          text.append("# ").append(key.name()).append('=').append(key.defaultValue()).append('\n');
        }
      }
    }
    return text.toString();
  }

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    out.print(template());
    out.flush();
    return 0;
  }
}
