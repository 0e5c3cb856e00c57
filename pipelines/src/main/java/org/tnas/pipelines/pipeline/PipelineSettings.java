package org.tnas.pipelines.pipeline;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import org.tnas.formats.config.ConfigKey;
import org.tnas.formats.config.StrictConfig;
import org.tnas.pipelines.convert.ConvertSettings;
import org.tnas.search.run.SearchConf;
import org.tnas.search.space.SearchSpace;
import org.tnas.search.supernet.LearningRateSchedule;
import org.tnas.search.supernet.PathSampling;
import org.tnas.udfs.core.AugmentationPipeline;
import org.tnas.udfs.core.CropDomain;

/**
 * Settings of {@code tnas pipeline}: shards (given, or a synthesized sample) -> network inputs ->
 * supernet -> search (and a random-search baseline at equal budget) -> retrain -> TTFS mapping ->
 * report. The {@code search.*} keys of {@link SearchConf} are accepted too; {@code search.output}
 * and {@code search.supernet.checkpoint} are set by the pipeline. The learning-rate schedules,
 * path sampling, weight decay and the retrainings' augmentation are grouped in {@link
 * TrainingOptions} ({@code training}); how the final model is tested (one pass, or SEE's repeated
 * passes over random temporal clips) in {@link TestPassOptions} ({@code testPasses}).
 */
public record PipelineSettings(String output, String shards, String supernet, boolean finalModel, int clipsPerClass, String syntheticMode, int syntheticFrames,
    int timeBins, int fold, double validationFraction, SpaceChoice space, int supernetEpochs, int supernetStepsPerChoice,
    int batchSize, double learningRate, int retrainEpochs, EvaluatorKind evaluator, boolean baseline, long seed, SearchConf search,
    List<Integer> folds, String groupBy, ConvertSettings convert, List<String> testSubjects,
    double testFraction, int rankingSubnets, int rankingSeeds, double rankingTopFraction, double minimumLossReduction,
    double minimumFitnessMargin, Budgets budgets, AugmentationPipeline supernetAugmentation, TrainingOptions training,
    TestPassOptions testPasses, TtfsOptions ttfs) {

  public static final ConfigKey<String> OUTPUT = ConfigKey.string("pipeline.output", null, "output directory: shards/, supernet.ckpt, search/, random/, report/");
  public static final ConfigKey<String> SHARDS = ConfigKey.string("pipeline.shards", "", "an existing labelled shard set; empty: synthesize the sample data set");
  public static final ConfigKey<String> SUPERNET = ConfigKey.string("pipeline.supernet.checkpoint", "", "an existing supernet checkpoint of the same search space; empty: train one");
  public static final ConfigKey<Boolean> FINAL_MODEL = ConfigKey.bool("pipeline.final-model", true, "retrain the winner, map it to TTFS and evaluate it on the test split");
  public static final ConfigKey<Integer> CLIPS_PER_CLASS = ConfigKey.integer("pipeline.synthetic.clips-per-class", 20, 2, 100_000, "synthetic clips per class (when pipeline.shards is empty)");
  public static final ConfigKey<String> SYNTHETIC_MODE = ConfigKey.string("pipeline.synthetic.mode", "eye", "synthetic clips: eye (7 SEE classes) or face (6 Spiking-FER classes)");
  public static final ConfigKey<Integer> SYNTHETIC_FRAMES = ConfigKey.integer("pipeline.synthetic.frames", 30, 2, 100_000, "frames per synthetic clip");
  public static final ConfigKey<Integer> TIME_BINS = ConfigKey.integer("pipeline.time-bins", 6, 1, 1_000, "T: binary event frames per sample (2T input channels)");
  public static final ConfigKey<Integer> FOLD = ConfigKey.integer("pipeline.fold", -1, -1, 1_000, "test fold (Spiking-FER folds), or -1 to use the samples' split field");
  public static final ConfigKey<Double> VALIDATION_FRACTION = ConfigKey.decimal("pipeline.validation-fraction", 0.2, 0.01, 0.99, "part of the training samples used for validation when no validation split exists");
  public static final ConfigKey<SpaceChoice> SPACE = new ConfigKey<>("pipeline.space", SpaceChoice.SMALL,
      value -> choice(SpaceChoice.class, "pipeline.space", value), "search space: small (depth 2-4, kernels 3/5, widths 8/16/24) or default (SEARCH.md)");
  public static final ConfigKey<Integer> SUPERNET_EPOCHS = ConfigKey.integer("pipeline.supernet.epochs", 0, 0, 100_000, "SPOS training epochs of the supernet; 0: sized by pipeline.supernet.steps-per-choice");
  public static final ConfigKey<Integer> SUPERNET_STEPS_PER_CHOICE = ConfigKey.integer("pipeline.supernet.steps-per-choice", 60, 1, 1_000_000, "SPOS budget when pipeline.supernet.epochs=0: optimizer steps = this x the choices of one block (kernels x widths x downsamplings), at least 10 epochs");
  public static final ConfigKey<String> TEST_SUBJECTS = ConfigKey.string("pipeline.test-subjects", "", "subjects held out as the test split (comma-separated, the samples' subject field); empty: see pipeline.test-fraction");
  public static final ConfigKey<Double> TEST_FRACTION = ConfigKey.decimal("pipeline.test-fraction", 0.0, 0.0, 0.9, "hold out about this part of the samples as the test split, whole subjects at a time, label-stratified and seeded by pipeline.seed; 0: pipeline.fold or the samples' split field");
  public static final ConfigKey<Integer> RANKING_SUBNETS = ConfigKey.integer("pipeline.ranking.subnets", 20, 0, 10_000, "subnets of the ranking study (the search's best and random legal ones, each trained stand-alone); 0: no study");
  public static final ConfigKey<Integer> RANKING_SEEDS = ConfigKey.integer("pipeline.ranking.seeds", 3, 1, 100, "stand-alone training seeds per subnet of the ranking study");
  public static final ConfigKey<Double> RANKING_TOP_FRACTION = ConfigKey.decimal("pipeline.ranking.top-fraction", 0.5, 0.0, 1.0, "part of the ranking study's subnets taken from the top of the search (the rest are random legal subnets)");
  public static final ConfigKey<Double> MIN_LOSS_REDUCTION = ConfigKey.decimal("pipeline.supernet.min-loss-reduction", 0.1, 0.0, 1.0, "warn when supernet training lowered a probe path's validation loss by less than this part");
  public static final ConfigKey<Long> BUDGET_PARAMETERS = ConfigKey.longInteger("pipeline.budget.max-parameters", 0L, 0L, Long.MAX_VALUE, "candidates with more trainable parameters are illegal and never evaluated; 0: no budget");
  public static final ConfigKey<Long> BUDGET_MACS = ConfigKey.longInteger("pipeline.budget.max-macs", 0L, 0L, Long.MAX_VALUE, "candidates with more multiply-accumulates per sample are illegal and never evaluated; 0: no budget");
  public static final ConfigKey<Long> BUDGET_SYNOPS = ConfigKey.longInteger("pipeline.budget.max-synaptic-operations", 0L, 0L, Long.MAX_VALUE, "candidates whose TTFS net needs more SynOps per sample are recorded INVALID and never selected; 0: no budget");
  public static final ConfigKey<String> SUPERNET_AUGMENTATION = ConfigKey.string("pipeline.supernet.augmentation",
      "spatial_jitter@0.5; random_drop(min_ratio=0,max_ratio=0.2)@0.5", "event augmentations applied afresh every supernet epoch (seeded by pipeline.seed, sample and epoch; udfs AugmentationSpecs syntax, e.g. spiking_fer); none: off");
  public static final ConfigKey<LearningRateSchedule> SUPERNET_SCHEDULE = new ConfigKey<>("pipeline.supernet.schedule",
      LearningRateSchedule.CONSTANT, value -> choice(LearningRateSchedule.class, "pipeline.supernet.schedule", value),
      "the supernet's learning rate over its optimizer steps: constant or cosine (annealed to 0; at the default budget it left the probe loss higher, docs/search.md)");
  public static final ConfigKey<PathSampling> SUPERNET_SAMPLING = new ConfigKey<>("pipeline.supernet.sampling",
      PathSampling.UNIFORM, value -> choice(PathSampling.class, "pipeline.supernet.sampling", value),
      "how SPOS picks each step's path: uniform (independent draws) or fair (FairNAS: every choice of every gene equally often per group of steps)");
  public static final ConfigKey<Double> WEIGHT_DECAY = ConfigKey.decimal("pipeline.weight-decay", 0.0, 0.0, 1.0,
      "L2 weight decay of supernet training and retraining");
  public static final ConfigKey<LearningRateSchedule> RETRAIN_SCHEDULE = new ConfigKey<>("pipeline.retrain.schedule",
      LearningRateSchedule.COSINE, value -> choice(LearningRateSchedule.class, "pipeline.retrain.schedule", value),
      "the learning rate of the final retraining and the ranking study's trainings over their steps: cosine or constant");
  public static final ConfigKey<String> RETRAIN_AUGMENTATION = ConfigKey.string("pipeline.retrain.augmentation",
      "spatial_jitter@0.5; random_drop(min_ratio=0,max_ratio=0.2)@0.5", "event augmentations applied afresh every epoch of the final retraining and the ranking study's trainings (seeded by the training seed, sample and epoch); none: off");
  public static final ConfigKey<String> CROP_DOMAIN = ConfigKey.string("pipeline.crop-domain", "events",
      "where the crop and mirror steps of pipeline.supernet.augmentation and pipeline.retrain.augmentation run: events (before binning), frames (on the binned tensor, Spiking-FER's own order; crop and mirror must then be the last steps) or frames-binned (as frames, the crop's box binned at the input size like the validation inputs instead of a NEAREST resize)");
  public static final ConfigKey<Double> MIN_FITNESS_MARGIN = ConfigKey.decimal("pipeline.warn.min-fitness-margin", 0.1, 0.0, 1.0, "warn when the search's best validation fitness is within this of chance (1 / classes)");
  public static final ConfigKey<Integer> BATCH_SIZE = ConfigKey.integer("pipeline.batch-size", 16, 2, 100_000, "training batch size");
  public static final ConfigKey<Double> LEARNING_RATE = ConfigKey.decimal("pipeline.learning-rate", 0.005, 1e-7, 10, "Adam learning rate (supernet and retraining)");
  public static final ConfigKey<Integer> RETRAIN_EPOCHS = ConfigKey.integer("pipeline.retrain.epochs", 15, 1, 100_000, "epochs to retrain the winner from scratch");
  public static final ConfigKey<EvaluatorKind> EVALUATOR = new ConfigKey<>("pipeline.evaluator", EvaluatorKind.SPARK,
      value -> choice(EvaluatorKind.class, "pipeline.evaluator", value), "population evaluation: spark (one task per candidate group) or in-process (threads)");
  public static final ConfigKey<Boolean> BASELINE = ConfigKey.bool("pipeline.baseline", true, "also run random search with the same evaluation budget and compare");
  public static final ConfigKey<String> INPUT = ConfigKey.string("pipeline.input", "", "a dataset root to convert first (tnas convert, with the convert.* keys) into <output>/shards; empty: pipeline.shards or the synthetic sample");
  public static final ConfigKey<String> FOLDS = ConfigKey.string("pipeline.folds", "", "cross-fold run: folds to run one after another (all = 0-9, a range 0-4, or a list 0,3,7), each with its own supernet, search and final model, aggregated as mean and std in report/cross-fold.md; empty: one run (pipeline.fold)");
  public static final ConfigKey<String> GROUP_BY = ConfigKey.string("pipeline.report.group-by", "source.lighting", "sample-record parameter whose values group the final model's test metrics in the model card (SEE: source.lighting); samples without it are left out; empty: none");
  public static final ConfigKey<Integer> TEST_PASSES = ConfigKey.integer("pipeline.test.passes", 0, 0, TestPassOptions.MAX_PASSES,
      "passes of the final model over the test split, each drawing a random temporal clip per test sample (SEE's protocol; mean and std over passes in report/test-passes*.csv and the model card); 0: automatic = 20 with a clip (pipeline.test.clip), 1 without");
  public static final ConfigKey<String> TEST_CLIP = ConfigKey.string("pipeline.test.clip", "auto",
      "temporal clip of every sample: auto (SEE data: SEE's 4 event frames of 33 ms, time_clip(duration=132000,step=33000); other data: none), none (whole clips), or time_clip(duration=<us>,step=<us>); with a clip, training draws a fresh clip per epoch, validation and calibration use one seeded clip per sample, test pass k draws from (pipeline.seed, sample, k)");
  public static final ConfigKey<Long> SEED = ConfigKey.longInteger("pipeline.seed", 1L, Long.MIN_VALUE, Long.MAX_VALUE, "seed of data splits, synthetic data, supernet, retraining and the ranking study (the search has its own search.seed)");

  /** Parses an enum value written in lower case with dashes ({@code in-process} is IN_PROCESS). */
  static <E extends Enum<E>> E choice(Class<E> type, String key, String value) {
    String name = value.strip().toUpperCase(Locale.ROOT).replace('-', '_');
    for (E constant : type.getEnumConstants()) {
      if (constant.name().equals(name)) {
        return constant;
      }
    }
    List<String> names = new ArrayList<>();
    for (E constant : type.getEnumConstants()) {
      names.add(constant.name().toLowerCase(Locale.ROOT).replace('_', '-'));
    }
    throw new IllegalArgumentException("Invalid " + key + ": " + value + " (expected one of " + String.join(", ", names) + ")");
  }

  /** The pipeline's own keys. */
  public static final List<ConfigKey<?>> PIPELINE_KEYS = List.of(OUTPUT, SHARDS, SUPERNET, FINAL_MODEL, CLIPS_PER_CLASS, SYNTHETIC_MODE,
      SYNTHETIC_FRAMES, TIME_BINS, FOLD, VALIDATION_FRACTION, SPACE, SUPERNET_EPOCHS, SUPERNET_STEPS_PER_CHOICE, BATCH_SIZE,
      LEARNING_RATE, RETRAIN_EPOCHS, EVALUATOR, BASELINE, SEED, FOLDS, GROUP_BY, INPUT, TEST_SUBJECTS, TEST_FRACTION,
      RANKING_SUBNETS, RANKING_SEEDS, RANKING_TOP_FRACTION, MIN_LOSS_REDUCTION, MIN_FITNESS_MARGIN, BUDGET_PARAMETERS,
      BUDGET_MACS, BUDGET_SYNOPS, SUPERNET_AUGMENTATION, SUPERNET_SCHEDULE, SUPERNET_SAMPLING, WEIGHT_DECAY, RETRAIN_SCHEDULE,
      RETRAIN_AUGMENTATION, CROP_DOMAIN, TEST_PASSES, TEST_CLIP);

  /** Every key {@code tnas pipeline} accepts: its own and the search's (but search.output and the checkpoint). */
  public static final List<ConfigKey<?>> KEYS = keys();

  /** The conversion keys {@code tnas pipeline} passes on (input and output are the pipeline's). */
  static boolean isConvertKey(ConfigKey<?> key) {
    String name = key.name();
    return !name.equals(ConvertSettings.INPUT.name())
        && !name.equals(ConvertSettings.OUTPUT.name())
        && !name.equals(ConvertSettings.OVERWRITE.name());
  }

  private static List<ConfigKey<?>> keys() {
    List<ConfigKey<?>> keys = new ArrayList<>(PIPELINE_KEYS);
    keys.addAll(TtfsOptions.KEYS);
    for (ConfigKey<?> key : ConvertSettings.KEYS) {
      if (isConvertKey(key)) {
        keys.add(key);
      }
    }
    for (ConfigKey<?> key : SearchConf.KEYS) {
      if (!key.name().equals(SearchConf.OUTPUT.name()) && !key.name().equals(SearchConf.SUPERNET_CHECKPOINT.name())) {
        keys.add(key);
      }
    }
    return List.copyOf(keys);
  }

  public PipelineSettings {
    Objects.requireNonNull(output, "output is null");
    Objects.requireNonNull(shards, "shards is null");
    Objects.requireNonNull(supernet, "supernet is null");
    Objects.requireNonNull(search, "search is null");
    Objects.requireNonNull(space, "space is null");
    Objects.requireNonNull(evaluator, "evaluator is null");
    Objects.requireNonNull(budgets, "budgets is null");
    Objects.requireNonNull(supernetAugmentation, "supernetAugmentation is null");
    Objects.requireNonNull(training, "training is null");
    Objects.requireNonNull(testPasses, "testPasses is null");
    Objects.requireNonNull(ttfs, "ttfs is null");
    testSubjects = List.copyOf(Objects.requireNonNull(testSubjects, "testSubjects is null"));
    if (!testSubjects.isEmpty() && testFraction > 0) {
      throw new IllegalArgumentException("Invalid pipeline.test-fraction: " + testFraction
          + " (pipeline.test-subjects is set too: use one)");
    }
    if ((!testSubjects.isEmpty() || testFraction > 0) && (fold != -1 || !folds.isEmpty())) {
      throw new IllegalArgumentException("Invalid pipeline.test-subjects/pipeline.test-fraction: set with pipeline.fold"
          + " or pipeline.folds (a test split by subject or by fold: use one)");
    }
    if (rankingSubnets > 0 && rankingSubnets < 3) {
      throw new IllegalArgumentException("Invalid pipeline.ranking.subnets: " + rankingSubnets
          + " (a rank correlation needs at least 3 subnets; 0 switches the study off)");
    }
    folds = List.copyOf(Objects.requireNonNull(folds, "folds is null"));
    if (convert != null && !shards.isEmpty()) {
      throw new IllegalArgumentException("Invalid pipeline.input: " + convert.input() + " (pipeline.shards is set too: use one)");
    }
    Objects.requireNonNull(groupBy, "groupBy is null");
    if (!folds.isEmpty() && fold != -1) {
      throw new IllegalArgumentException("Invalid pipeline.fold: " + fold + " (pipeline.folds runs the folds; set one of the two)");
    }
    if (!folds.isEmpty() && !supernet.isEmpty()) {
      throw new IllegalArgumentException("Invalid pipeline.supernet.checkpoint: " + supernet
          + " (a cross-fold run trains one supernet per fold without the fold's test split)");
    }
    if (!folds.isEmpty() && !finalModel) {
      throw new IllegalArgumentException("Invalid pipeline.final-model: false (a cross-fold run aggregates the final"
          + " models' test scores)");
    }
    if (training.cropDomain().onFrames()) {
      requireFramesOrder(training.cropDomain(), SUPERNET_AUGMENTATION.name(), supernetAugmentation);
      requireFramesOrder(training.cropDomain(), RETRAIN_AUGMENTATION.name(), training.retrainAugmentation());
    }
    if (!syntheticMode.equals("eye") && !syntheticMode.equals("face")) {
      throw new IllegalArgumentException("Invalid pipeline.synthetic.mode: " + syntheticMode + " (expected eye or face)");
    }
  }

  /** Parses {@code pipeline.crop-domain} ({@link CropDomain#parse}). */
  static CropDomain cropDomain(String value) {
    try {
      return CropDomain.parse(value);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("Invalid " + CROP_DOMAIN.name() + ": " + value + " (" + e.getMessage() + ")", e);
    }
  }

  /** Checks that the augmentation of {@code key} can run with Crop and Mirror on the frames. */
  private static void requireFramesOrder(CropDomain domain, String key, AugmentationPipeline pipeline) {
    try {
      domain.requireOrder(pipeline);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("Invalid " + CROP_DOMAIN.name() + ": " + domain.label() + " with " + key + "=" + pipeline.spec()
          + " (" + e.getMessage() + ")", e);
    }
  }

  /** Parses an augmentation setting ({@code none}: the empty pipeline). */
  static AugmentationPipeline augmentation(String key, String spec) {
    String text = spec.strip();
    try {
      return text.equalsIgnoreCase("none") ? AugmentationPipeline.empty()
          : AugmentationPipeline.parse(text);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("Invalid " + key + ": " + spec + " (" + e.getMessage() + ")", e);
    }
  }

  /** Epochs of the supernet never fall below this when they are sized by steps. */
  static final int MIN_SIZED_EPOCHS = 10;

  /**
   * The supernet's epochs: {@code pipeline.supernet.epochs}, or (0) enough epochs over {@code
   * trainingSamples} for {@code steps-per-choice x} the choices of one block optimizer steps.
   */
  public int supernetEpochs(int trainingSamples, SearchSpace space) {
    if (supernetEpochs > 0) {
      return supernetEpochs;
    }
    long choices = (long) space.kernelChoices().size() * space.widthChoices().size() * space.downsamplingChoices().size();
    long steps = supernetStepsPerChoice * choices;
    long stepsPerEpoch = Math.max(1, trainingSamples / batchSize);
    return (int) Math.max(MIN_SIZED_EPOCHS, Math.min(100_000, (steps + stepsPerEpoch - 1) / stepsPerEpoch));
  }

  /** How {@link #supernetEpochs(int, org.tnas.search.space.SearchSpace)} was chosen, for the model card. */
  public String supernetEpochsSource() {
    return supernetEpochs > 0 ? "pipeline.supernet.epochs" : "sized by pipeline.supernet.steps-per-choice=" + supernetStepsPerChoice;
  }

  /** Resolves the settings; the search configuration gets {@code <output>/search} as its output. */
  public static PipelineSettings from(StrictConfig config) {
    String output = config.get(OUTPUT);
    Map<String, String> searchValues = new HashMap<>();
    for (ConfigKey<?> key : SearchConf.KEYS) {
      if (config.isSet(key)) {
        searchValues.put(key.name(), config.explicitValues().get(key.name()));
      }
    }
    searchValues.put(SearchConf.OUTPUT.name(), output.replaceAll("/+$", "") + "/search");
    SearchConf search = SearchConf.from(StrictConfig.builder(SearchConf.KEYS).layer(searchValues, "tnas pipeline").build());
    return new PipelineSettings(output, config.get(SHARDS), config.get(SUPERNET), config.get(FINAL_MODEL), config.get(CLIPS_PER_CLASS),
        config.get(SYNTHETIC_MODE).toLowerCase(Locale.ROOT), config.get(SYNTHETIC_FRAMES), config.get(TIME_BINS),
        config.get(FOLD), config.get(VALIDATION_FRACTION), config.get(SPACE), config.get(SUPERNET_EPOCHS),
        config.get(SUPERNET_STEPS_PER_CHOICE), config.get(BATCH_SIZE), config.get(LEARNING_RATE), config.get(RETRAIN_EPOCHS),
        config.get(EVALUATOR), config.get(BASELINE), config.get(SEED), search,
        parseFolds(config.get(FOLDS)), config.get(GROUP_BY).strip(), convertSettings(config, output),
        parseSubjects(config.get(TEST_SUBJECTS)), config.get(TEST_FRACTION), config.get(RANKING_SUBNETS),
        config.get(RANKING_SEEDS), config.get(RANKING_TOP_FRACTION), config.get(MIN_LOSS_REDUCTION),
        config.get(MIN_FITNESS_MARGIN), new Budgets(config.get(BUDGET_PARAMETERS), config.get(BUDGET_MACS),
        config.get(BUDGET_SYNOPS)), augmentation(SUPERNET_AUGMENTATION.name(),
        config.get(SUPERNET_AUGMENTATION)), new TrainingOptions(config.get(SUPERNET_SCHEDULE), config.get(SUPERNET_SAMPLING),
        config.get(WEIGHT_DECAY), config.get(RETRAIN_SCHEDULE), augmentation(RETRAIN_AUGMENTATION.name(),
        config.get(RETRAIN_AUGMENTATION)), cropDomain(config.get(CROP_DOMAIN))), TestPassOptions.parse(config.get(TEST_PASSES), config.get(TEST_CLIP)),
        TtfsOptions.from(config));
  }

  /** The conversion of {@code pipeline.input} into {@code <output>/shards}, or null without an input. */
  private static ConvertSettings convertSettings(StrictConfig config, String output) {
    String input = config.get(INPUT).strip();
    if (input.isEmpty()) {
      for (ConfigKey<?> key : ConvertSettings.KEYS) {
        if (isConvertKey(key) && config.isSet(key)) {
          throw new IllegalArgumentException("Invalid " + key.name() + ": set without pipeline.input (the convert.* keys"
              + " configure the conversion of pipeline.input)");
        }
      }
      return null;
    }
    Map<String, String> values = new HashMap<>();
    for (ConfigKey<?> key : ConvertSettings.KEYS) {
      if (isConvertKey(key) && config.isSet(key)) {
        values.put(key.name(), config.explicitValues().get(key.name()));
      }
    }
    values.put(ConvertSettings.INPUT.name(), input);
    values.put(ConvertSettings.OUTPUT.name(), output.replaceAll("/+$", "") + "/shards");
    return ConvertSettings.of(values);
  }

  /** Parses {@code pipeline.test-subjects}: comma-separated names, blanks dropped. */
  static List<String> parseSubjects(String text) {
    List<String> subjects = new ArrayList<>();
    for (String part : text.split(",")) {
      if (!part.isBlank()) {
        subjects.add(part.strip());
      }
    }
    return subjects;
  }

  /** Parses {@code pipeline.folds}: empty, {@code all} (0-9), {@code a-b}, or {@code a,b,c} (sorted, distinct). */
  public static List<Integer> parseFolds(String text) {
    String value = text.strip().toLowerCase(Locale.ROOT);
    if (value.isEmpty()) {
      return List.of();
    }
    if (value.equals("all")) {
      value = "0-9";
    }
    TreeSet<Integer> folds = new TreeSet<>();
    try {
      for (String part : value.split(",")) {
        String item = part.strip();
        int dash = item.indexOf('-', 1);
        int from = Integer.parseInt(dash < 0 ? item : item.substring(0, dash).strip());
        int to = dash < 0 ? from : Integer.parseInt(item.substring(dash + 1).strip());
        if (from < 0 || to < from || to > 999) {
          throw new NumberFormatException(item);
        }
        for (int f = from; f <= to; f++) {
          folds.add(f);
        }
      }
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("Invalid pipeline.folds: " + text + " (expected all, a range such as 0-9, or a list such as 0,3,7)");
    }
    return List.copyOf(folds);
  }
}
