package org.tnas.pipelines.train;

import java.io.Serializable;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.tnas.formats.config.ConfigKey;
import org.tnas.formats.config.StrictConfig;
import org.tnas.search.models.ModelSpec;
import org.tnas.search.training.Eda;
import org.tnas.search.training.SpikingFerFrames;
import org.tnas.search.training.TrainingConfig;
import org.tnas.udfs.core.CropDomain;

/**
 * Settings of {@code tnas train}: one fixed Spiking-FER model (SNN or ANN) trained on a shard set
 * and a fold with the paper's recipe. Defaults are the paper's (exact networks, T = 6 slices of 2500
 * events, 128x128, SGD 0.01 / 0.9 / 5e-4, cosine, batch 32, 500 epochs). Immutable, serialisable.
 */
public record TrainSettings(String shards, String output, ModelSpec model, int fold, Set<String> testSubjects, Set<Eda> edas,
    CropDomain cropDomain, int eventCount,
    TrainingConfig training, boolean resume, int limit, long modelSeed) implements Serializable {
  private static final long serialVersionUID = 1L;

  public static final ConfigKey<String> SHARDS = ConfigKey.string("train.shards", null, "committed shard set to train on (any Hadoop FS URI)");
  public static final ConfigKey<String> OUTPUT = ConfigKey.string("train.output", null, "directory for checkpoints, curves.png, epochs.csv, metrics.md, energy.md");
  public static final ConfigKey<String> MODEL = ConfigKey.string("train.model", "snn", "snn (Spiking-FER's SEW-ResNet-18) or ann (ResNet-18 on the 2T frame channels)");
  public static final ConfigKey<Integer> FOLD = ConfigKey.integer("train.fold", 0, -1, 99, "fold whose test split validates (-1: the train/test splits)");
  public static final ConfigKey<String> TEST_SUBJECTS = ConfigKey.string("train.test-subjects", "", "subjects whose samples validate instead of a fold's test split (comma-separated, the samples' subject field); empty: train.fold");
  public static final ConfigKey<String> EDAS = ConfigKey.string("train.edas", "hflip+noise+reverse+polflip+crop", "event augmentations per epoch: none, all, or hflip+noise+reverse+polflip+crop+eventdrop+mirror");
  public static final ConfigKey<String> CROP_DOMAIN = ConfigKey.string("train.crop-domain", "events", "where the crop and mirror EDAs run: events (before binning, this project's original order), frames (on the binned tensor, Spiking-FER's own order) or frames-binned (as frames, the crop's box binned at the input size like the validation inputs instead of a NEAREST resize)");
  public static final ConfigKey<Integer> EPOCHS = ConfigKey.integer("train.epochs", 500, 1, 100_000, "epochs (paper 500)");
  public static final ConfigKey<Integer> BATCH_SIZE = ConfigKey.integer("train.batch-size", 32, 2, 65_536, "samples per step");
  public static final ConfigKey<Double> LEARNING_RATE = ConfigKey.decimal("train.learning-rate", 0.01, 1e-9, 10, "initial learning rate (paper 0.01, its train.py 5e-3)");
  public static final ConfigKey<Double> MOMENTUM = ConfigKey.decimal("train.momentum", 0.9, 0, 0.999, "SGD momentum");
  public static final ConfigKey<Double> WEIGHT_DECAY = ConfigKey.decimal("train.weight-decay", 5e-4, 0, 0.5, "SGD weight decay");
  public static final ConfigKey<String> SCHEDULE = ConfigKey.string("train.schedule", "cosine", "learning-rate schedule: cosine (annealed per epoch over the epochs) or constant");
  public static final ConfigKey<Long> SEED = ConfigKey.longInteger("train.seed", 1L, Long.MIN_VALUE, Long.MAX_VALUE, "seed of initialisation, batch order, dropout and augmentation");
  public static final ConfigKey<Integer> THREADS = ConfigKey.integer("train.threads", 0, 0, 1024, "PyTorch intra-op threads (0: engine default)");
  public static final ConfigKey<Double> WIDTH = ConfigKey.decimal("train.width-multiplier", 1.0, 0.01, 8, "scales every width (1: 64/128/256/512)");
  public static final ConfigKey<Integer> BLOCKS = ConfigKey.integer("train.blocks-per-stage", 2, 1, 16, "BasicBlocks per stage (2: ResNet-18)");
  public static final ConfigKey<Integer> TIME_STEPS = ConfigKey.integer("train.time-steps", 6, 1, 64, "T: frames per sample");
  public static final ConfigKey<Integer> EVENT_COUNT = ConfigKey.integer("train.event-count", 2500, 1, 100_000_000, "events per frame slice (else T event bins)");
  public static final ConfigKey<Integer> INPUT_SIZE = ConfigKey.integer("train.input-size", 128, 8, 4096, "frame height = width");
  public static final ConfigKey<Integer> CLASSES = ConfigKey.integer("train.classes", 6, 2, 10_000, "number of classes");
  public static final ConfigKey<Boolean> RESUME = ConfigKey.bool("train.resume", false, "continue from the output's checkpoint");
  public static final ConfigKey<Integer> LIMIT = ConfigKey.integer("train.limit", 0, 0, Integer.MAX_VALUE, "at most this many training and validation samples (0: all)");

  /** Every key the job accepts. */
  public static final List<ConfigKey<?>> KEYS = List.of(SHARDS, OUTPUT, MODEL, FOLD, TEST_SUBJECTS, EDAS, CROP_DOMAIN, EPOCHS, BATCH_SIZE, LEARNING_RATE, MOMENTUM,
      WEIGHT_DECAY, SCHEDULE, SEED, THREADS, WIDTH, BLOCKS, TIME_STEPS, EVENT_COUNT, INPUT_SIZE, CLASSES, RESUME, LIMIT);

  public TrainSettings {
    Objects.requireNonNull(shards, "shards is null");
    Objects.requireNonNull(output, "output is null");
    Objects.requireNonNull(model, "model is null");
    testSubjects = Set.copyOf(Objects.requireNonNull(testSubjects, "testSubjects is null"));
    edas = Set.copyOf(Objects.requireNonNull(edas, "edas is null"));
    Objects.requireNonNull(cropDomain, "cropDomain is null");
    Objects.requireNonNull(training, "training is null");
  }

  /** Resolves the settings from a strict configuration. */
  public static TrainSettings from(StrictConfig config) {
    long seed = config.get(SEED);
    ModelSpec model = new ModelSpec(ModelSpec.ModelKind.parse(config.get(MODEL)), config.get(WIDTH), config.get(BLOCKS),
        config.get(TIME_STEPS), config.get(INPUT_SIZE), config.get(CLASSES), 0.5);
    TrainingConfig training = new TrainingConfig(config.get(EPOCHS), config.get(BATCH_SIZE), config.get(LEARNING_RATE),
        config.get(MOMENTUM), config.get(WEIGHT_DECAY), TrainingConfig.Schedule.parse(config.get(SCHEDULE)), seed,
        config.get(THREADS));
    Set<String> testSubjects = new java.util.TreeSet<>();
    for (String subject : config.get(TEST_SUBJECTS).split(",")) {
      if (!subject.isBlank()) {
        testSubjects.add(subject.trim());
      }
    }
    return new TrainSettings(config.get(SHARDS), config.get(OUTPUT), model, config.get(FOLD), testSubjects,
        Eda.parseSet(config.get(EDAS)), CropDomain.parse(config.get(CROP_DOMAIN)),
        config.get(EVENT_COUNT), training, config.get(RESUME), config.get(LIMIT), seed);
  }

  /** The input representation. */
  public SpikingFerFrames representation() {
    return new SpikingFerFrames(model.timeSteps(), eventCount, model.inputSize());
  }
}
