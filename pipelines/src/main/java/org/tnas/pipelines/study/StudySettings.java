package org.tnas.pipelines.study;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.tnas.formats.config.ConfigKey;
import org.tnas.formats.config.StrictConfig;
import org.tnas.search.models.ModelSpec;
import org.tnas.search.models.ModelSpec.ModelKind;
import org.tnas.search.training.SpikingFerFrames;
import org.tnas.search.training.TrainingConfig;
import org.tnas.udfs.core.CropDomain;

/**
 * Settings of {@code tnas eda-study}: Spiking-FER's EDA study (paper section 5.1) as one Spark job.
 * Defaults are the paper's grid (32 combinations x 10 folds x SNN and ANN, then the specific step)
 * with the paper's networks and recipe. Immutable, serialisable.
 *
 * @param masks the common-EDA combinations (bit masks 0..31) to train
 * @param folds the folds (their test split validates)
 * @param models the models
 * @param specific whether to run the specific step after the common grid
 * @param maxRuns at most this many new runs in this invocation (0 = all; the rest stay pending and a
 *     later invocation continues)
 */
public record StudySettings(String shards, String output, List<Integer> masks, List<Integer> folds, List<ModelKind> models,
    boolean specific, ModelSpec model, CropDomain cropDomain, int eventCount, TrainingConfig training, long seed, int limit, int maxRuns)
    implements Serializable {
  private static final long serialVersionUID = 1L;

  public static final ConfigKey<String> SHARDS = ConfigKey.string("study.shards", null, "committed shard set of the study (any Hadoop FS URI)");
  public static final ConfigKey<String> OUTPUT = ConfigKey.string("study.output", null, "study directory: runs/ (one result per finished run), results.csv, results.arrow, report.md, charts");
  public static final ConfigKey<String> COMBINATIONS = ConfigKey.string("study.combinations", "all", "common-EDA combinations: all (32) or bit masks 0..31 separated by + (bit order hflip, noise, reverse, polflip, crop)");
  public static final ConfigKey<Integer> FOLDS = ConfigKey.integer("study.folds", 10, 1, 100, "folds 0..n-1");
  public static final ConfigKey<String> MODELS = ConfigKey.string("study.models", "snn+ann", "models: snn+ann, snn or ann");
  public static final ConfigKey<Boolean> SPECIFIC = ConfigKey.bool("study.specific", true, "after the common grid, train the best combination + eventdrop and + eventdrop + mirror");
  public static final ConfigKey<String> CROP_DOMAIN = ConfigKey.string("study.crop-domain", "events", "where the crop and mirror EDAs run: events (before binning, this project's original order), frames (on the binned tensor, Spiking-FER's own order) or frames-binned (as frames, the crop's box binned at the input size like the validation inputs instead of a NEAREST resize)");
  public static final ConfigKey<Integer> EPOCHS = ConfigKey.integer("study.epochs", 500, 1, 100_000, "epochs per run (paper 500)");
  public static final ConfigKey<Double> LEARNING_RATE = ConfigKey.decimal("study.learning-rate", 0.01, 1e-9, 10, "initial learning rate");
  public static final ConfigKey<Integer> BATCH_SIZE = ConfigKey.integer("study.batch-size", 32, 2, 65_536, "samples per step");
  public static final ConfigKey<Long> SEED = ConfigKey.longInteger("study.seed", 1L, Long.MIN_VALUE, Long.MAX_VALUE, "study seed (each run derives its own from it and its id)");
  public static final ConfigKey<Double> WIDTH = ConfigKey.decimal("study.width-multiplier", 1.0, 0.01, 8, "scales every width (1: the paper's)");
  public static final ConfigKey<Integer> BLOCKS = ConfigKey.integer("study.blocks-per-stage", 2, 1, 16, "BasicBlocks per stage (2: ResNet-18)");
  public static final ConfigKey<Integer> TIME_STEPS = ConfigKey.integer("study.time-steps", 6, 1, 64, "T: frames per sample");
  public static final ConfigKey<Integer> EVENT_COUNT = ConfigKey.integer("study.event-count", 2500, 1, 100_000_000, "events per frame slice");
  public static final ConfigKey<Integer> INPUT_SIZE = ConfigKey.integer("study.input-size", 128, 8, 4096, "frame height = width");
  public static final ConfigKey<Integer> CLASSES = ConfigKey.integer("study.classes", 6, 2, 10_000, "number of classes");
  public static final ConfigKey<Integer> LIMIT = ConfigKey.integer("study.limit", 0, 0, Integer.MAX_VALUE, "at most this many training and validation samples per run (0: all)");
  public static final ConfigKey<Integer> MAX_RUNS = ConfigKey.integer("study.max-runs", 0, 0, Integer.MAX_VALUE, "at most this many new runs in this invocation (0: all)");

  /** Every key the job accepts. */
  public static final List<ConfigKey<?>> KEYS = List.of(SHARDS, OUTPUT, COMBINATIONS, FOLDS, MODELS, SPECIFIC, CROP_DOMAIN, EPOCHS, LEARNING_RATE,
      BATCH_SIZE, SEED, WIDTH, BLOCKS, TIME_STEPS, EVENT_COUNT, INPUT_SIZE, CLASSES, LIMIT, MAX_RUNS);

  public StudySettings {
    Objects.requireNonNull(shards, "shards is null");
    Objects.requireNonNull(output, "output is null");
    masks = List.copyOf(masks);
    folds = List.copyOf(folds);
    models = List.copyOf(models);
    Objects.requireNonNull(model, "model is null");
    Objects.requireNonNull(cropDomain, "cropDomain is null");
    Objects.requireNonNull(training, "training is null");
    if (masks.isEmpty() || folds.isEmpty() || models.isEmpty()) {
      throw new IllegalArgumentException("Invalid study: " + masks.size() + " combinations, " + folds.size() + " folds, "
          + models.size() + " models");
    }
  }

  /** Resolves the settings from a strict configuration. */
  public static StudySettings from(StrictConfig config) {
    List<Integer> masks = new ArrayList<>();
    String combinations = config.get(COMBINATIONS).trim().toLowerCase(Locale.ROOT);
    if (combinations.equals("all")) {
      for (int m = 0; m < 32; m++) {
        masks.add(m);
      }
    } else {
      for (String part : combinations.split("[+,]")) {
        int mask;
        try {
          mask = Integer.parseInt(part.trim());
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException("Invalid combination: " + part + " (expected a bit mask 0..31)", e);
        }
        if (mask < 0 || mask > 31 || masks.contains(mask)) {
          throw new IllegalArgumentException("Invalid combination: " + part + " (expected distinct bit masks 0..31)");
        }
        masks.add(mask);
      }
    }
    List<Integer> folds = new ArrayList<>();
    for (int f = 0; f < config.get(FOLDS); f++) {
      folds.add(f);
    }
    List<ModelKind> models = new ArrayList<>();
    for (String part : config.get(MODELS).split("[+,]")) {
      models.add(ModelKind.parse(part));
    }
    long seed = config.get(SEED);
    ModelSpec model = new ModelSpec(ModelKind.SNN, config.get(WIDTH), config.get(BLOCKS), config.get(TIME_STEPS),
        config.get(INPUT_SIZE), config.get(CLASSES), 0.5);
    TrainingConfig training = new TrainingConfig(config.get(EPOCHS), config.get(BATCH_SIZE), config.get(LEARNING_RATE), 0.9, 5e-4,
        TrainingConfig.Schedule.COSINE, seed, 1);
    return new StudySettings(config.get(SHARDS), config.get(OUTPUT), masks, folds, models, config.get(SPECIFIC), model,
        CropDomain.parse(config.get(CROP_DOMAIN)), config.get(EVENT_COUNT), training, seed, config.get(LIMIT), config.get(MAX_RUNS));
  }

  /** The input representation. */
  public SpikingFerFrames representation() {
    return new SpikingFerFrames(model.timeSteps(), eventCount, model.inputSize());
  }
}
