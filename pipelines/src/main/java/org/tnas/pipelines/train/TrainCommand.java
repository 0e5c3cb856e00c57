package org.tnas.pipelines.train;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.hadoop.conf.Configuration;
import org.tnas.formats.config.StrictConfig;
import org.tnas.search.training.Eda;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code tnas train}: one fixed Spiking-FER model on a shard set and fold (see {@link TrainJob}). */
@Command(
    name = "train",
    mixinStandardHelpOptions = true,
    header = "Train Spiking-FER's SNN or ANN on a shard set and fold.",
    description = {
      "Trains with the paper's recipe and per-epoch event augmentations; the best validation epoch is kept, checkpoints are written every epoch (--resume continues), and the outputs are curves.png, epochs.csv, metrics.md and energy.md (SNN)."
    })
public final class TrainCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(names = "--conf", paramLabel = "<key=value>", description = "A train.* setting (repeatable).")
  java.util.List<String> conf = new java.util.ArrayList<>();

  @Option(names = "--config-file", paramLabel = "<file>", description = "A properties file of settings.")
  java.nio.file.Path configFile;

  @Option(names = "--help-config", description = "List the settings with their defaults and exit.")
  boolean helpConfig;

  @Option(names = {"-i", "--shards"}, paramLabel = "<dir>", description = "Shard set (train.shards).")
  String shards;

  @Option(names = {"-o", "--output"}, paramLabel = "<dir>", description = "Output directory (train.output).")
  String output;

  @Option(names = "--model", paramLabel = "<snn|ann>", description = "Model (train.model).")
  String model;

  @Option(names = "--fold", paramLabel = "<n>", description = "Fold (train.fold).")
  Integer fold;

  @Option(names = "--test-subjects", paramLabel = "<s1,s2>", description = "Subjects that validate instead of a fold (train.test-subjects).")
  String testSubjects;

  @Option(names = "--edas", paramLabel = "<set>", description = "Augmentations (train.edas).")
  String edas;

  @Option(names = "--crop-domain", paramLabel = "<events|frames|frames-binned>", description = "Where crop and mirror run (train.crop-domain).")
  String cropDomain;

  @Option(names = "--epochs", paramLabel = "<n>", description = "Epochs (train.epochs).")
  Integer epochs;

  @Option(names = "--seed", paramLabel = "<n>", description = "Seed (train.seed).")
  Long seed;

  @Option(names = "--resume", description = "Continue from the output's checkpoint (train.resume).")
  Boolean resume;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    if (helpConfig) {
      out.print(StrictConfig.describe(TrainSettings.KEYS));
      out.flush();
      return 0;
    }
    StrictConfig.Builder builder = StrictConfig.builder(TrainSettings.KEYS);
    if (configFile != null) {
      builder.file(configFile);
    }
    java.util.Map<String, String> options = new java.util.LinkedHashMap<>();
    put(options, TrainSettings.SHARDS.name(), shards);
    put(options, TrainSettings.OUTPUT.name(), output);
    put(options, TrainSettings.MODEL.name(), model);
    put(options, TrainSettings.FOLD.name(), fold);
    put(options, TrainSettings.TEST_SUBJECTS.name(), testSubjects);
    put(options, TrainSettings.EDAS.name(), edas);
    put(options, TrainSettings.CROP_DOMAIN.name(), cropDomain);
    put(options, TrainSettings.EPOCHS.name(), epochs);
    put(options, TrainSettings.SEED.name(), seed);
    put(options, TrainSettings.RESUME.name(), resume);
    TrainSettings settings = TrainSettings.from(builder.confPairs(conf).options(options).build());
    TrainJob.Outcome outcome = TrainJob.run(settings, new Configuration(), line -> {
      out.println(line);
      out.flush();
    });
    var best = outcome.result().best();
    out.printf(Locale.ROOT, "best epoch %d: validation WAR %.2f %%, UAR %.2f %% (chance %.2f %%), EDAs %s%n", best.epoch() + 1,
        100 * outcome.result().bestMetrics().war(), 100 * outcome.result().bestMetrics().uar(),
        100.0 / settings.model().classCount(), Eda.format(settings.edas()));
    if (outcome.energy() != null) {
      out.printf(Locale.ROOT, "energy per sample: E_ANN %.3f uJ, E_SNN %.3f uJ, ratio %.2f%n", outcome.energy().annPicojoules() / 1e6,
          outcome.energy().snnPicojoules() / 1e6, outcome.energy().ratio());
    }
    out.printf("output: %s%n", outcome.output());
    out.flush();
    return 0;
  }

  private static void put(java.util.Map<String, String> options, String key, Object value) {
    if (value != null) {
      options.put(key, value.toString());
    }
  }
}
