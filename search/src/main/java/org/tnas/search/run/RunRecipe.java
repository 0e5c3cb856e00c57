package org.tnas.search.run;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Properties;
import java.util.TreeSet;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.tnas.formats.errors.ProjectException;
import org.tnas.search.data.AugmentedEpochs;
import org.tnas.search.data.LabelledTensorSet;
import org.tnas.search.data.ShardDataSource;
import org.tnas.search.data.ShardTensorLoader;
import org.tnas.search.data.TestSplit;
import org.tnas.search.evaluation.EvaluationData;
import org.tnas.search.metrics.ClassificationMetrics;
import org.tnas.search.net.NetworkWeights;
import org.tnas.search.net.ReluNetwork;
import org.tnas.formats.fs.HadoopFiles;
import org.tnas.search.space.Downsampling;
import org.tnas.search.space.Genome;
import org.tnas.search.space.HeadKind;
import org.tnas.search.space.SearchSpace;
import org.tnas.search.supernet.LearningRateSchedule;
import org.tnas.search.supernet.OptimizerKind;
import org.tnas.search.supernet.PathSampling;
import org.tnas.search.supernet.RetrainedSubnet;
import org.tnas.search.supernet.SubnetTrainer;
import org.tnas.search.supernet.SupernetConfig;
import org.tnas.udfs.core.AugmentationPipeline;
import org.tnas.udfs.core.CropDomain;
import org.tnas.udfs.core.FrameMode;
import org.tnas.udfs.core.FrameRepresentation;

/**
 * What a run trained and scored with, recorded machine-readably in its folder ({@value #FILE_NAME},
 * Java properties) so that anyone can retrain a genome exactly as the run did: the shard set and
 * split, the input representation, the search space, the final-model recipe and the fitness
 * weighting. {@link #retrain} is the public call for that. Immutable.
 *
 * @param shards the shard set directory
 * @param testSplit the held-out test split
 * @param validationFraction the part of the training selection used for validation
 * @param dataSeed the seed of the validation split
 * @param timeBins T binary event frames per polarity
 * @param width frame width
 * @param height frame height
 * @param space the search space (with its budgets)
 * @param retraining the final-model training settings
 * @param retrainAugmentation event augmentations applied afresh every retraining epoch, seeded by
 *     the training seed (the empty pipeline: none)
 * @param cropDomain where the Crop and Mirror steps of {@code retrainAugmentation} run ({@code
 *     retrain.crop-domain}; a recipe written without it reads as {@link CropDomain#EVENTS}, the only
 *     domain of the runs before it)
 * @param lambda the weight of UAR in the fitness
 */
public record RunRecipe(String shards, TestSplit testSplit, double validationFraction, long dataSeed, int timeBins,
    int width, int height, SearchSpace space, SupernetConfig retraining, AugmentationPipeline retrainAugmentation,
    CropDomain cropDomain, double lambda) {
  /** The recipe's file name in a run folder. */
  public static final String FILE_NAME = "run-recipe.properties";

  public RunRecipe {
    Objects.requireNonNull(shards, "shards is null");
    Objects.requireNonNull(testSplit, "testSplit is null");
    Objects.requireNonNull(space, "space is null");
    Objects.requireNonNull(retraining, "retraining is null");
    Objects.requireNonNull(retrainAugmentation, "retrainAugmentation is null");
    Objects.requireNonNull(cropDomain, "cropDomain is null");
    cropDomain.requireOrder(retrainAugmentation);
  }

  /** A recipe with Crop and Mirror on the events ({@link CropDomain#EVENTS}). */
  public RunRecipe(String shards, TestSplit testSplit, double validationFraction, long dataSeed, int timeBins, int width,
      int height, SearchSpace space, SupernetConfig retraining, AugmentationPipeline retrainAugmentation, double lambda) {
    this(shards, testSplit, validationFraction, dataSeed, timeBins, width, height, space, retraining, retrainAugmentation,
        CropDomain.EVENTS, lambda);
  }

  /** The retraining's per-epoch augmentation for training seed {@code seed}. */
  public AugmentedEpochs augmentedEpochs(long seed) {
    return new AugmentedEpochs(dataSource(), retrainAugmentation, seed, cropDomain);
  }

  /** The input encoding. */
  public FrameRepresentation representation() {
    return FrameRepresentation.timeBins(timeBins, FrameMode.BINARY, width, height);
  }

  /** The evaluation data recipe (calibration and validation parts). */
  public ShardDataSource dataSource() {
    return new ShardDataSource(shards, representation(), space.classCount(), testSplit, validationFraction, dataSeed,
        java.util.Map.of());
  }

  /**
   * What a retraining scored.
   *
   * @param genome the retrained genome
   * @param weights the trained network (pure Java; {@link ReluNetwork} runs it, {@code TtfsMapper} maps it)
   * @param validation its metrics on the validation split
   * @param test its metrics on the test split, or null without test samples
   * @param lambda the fitness weight of UAR
   */
  public record Retrained(String genome, NetworkWeights weights, ClassificationMetrics validation,
      ClassificationMetrics test, double lambda) {
    /** lambda x UAR + (1 - lambda) x WAR on the validation split. */
    public double validationFitness() {
      return lambda * validation.uar() + (1 - lambda) * validation.war();
    }

    /** The same on the test split (NaN without one). */
    public double testFitness() {
      return test == null ? Double.NaN : lambda * test.uar() + (1 - lambda) * test.war();
    }
  }

  /**
   * Retrains {@code genome} from scratch with this run's recipe (training seed {@code seed}) and
   * scores it on the run's validation and test splits. The returned network stays usable.
   */
  public Retrained retrain(Genome genome, long seed, Configuration conf) {
    EvaluationData data = dataSource().load();
    RetrainedSubnet trained = SubnetTrainer.retrain(space, genome, data.calibration(), augmentedEpochs(seed), null,
        retraining.withSeed(seed));
    ReluNetwork network = new ReluNetwork(trained.weights());
    LabelledTensorSet test = test(conf);
    return new Retrained(genome.toCompactString(), trained.weights(), score(network, data.validation()),
        test == null ? null : score(network, test), lambda);
  }

  /** The run's test split as network inputs (unaugmented), or null when it has no sample. */
  public LabelledTensorSet test(Configuration conf) {
    return ShardTensorLoader.count(new Path(shards), conf, testSplit.test()) == 0 ? null
        : ShardTensorLoader.load(new Path(shards), conf, representation(), space.classCount(), testSplit.test(), null,
            dataSeed, 0);
  }

  private static ClassificationMetrics score(ReluNetwork network, LabelledTensorSet set) {
    long[][] confusion = new long[set.classCount()][set.classCount()];
    for (int i = 0; i < set.size(); i++) {
      confusion[set.label(i)][ReluNetwork.argmax(network.forward(set.input(i)))]++;
    }
    return new ClassificationMetrics(confusion);
  }

  /** Writes the recipe atomically into {@code runFolder}. */
  public void write(Path runFolder, Configuration conf) {
    Properties p = new Properties();
    p.setProperty("data.shards", shards);
    p.setProperty("data.test.fold", Integer.toString(testSplit.fold()));
    p.setProperty("data.test.subjects", String.join("\t", testSplit.subjects()));
    p.setProperty("data.validation-fraction", Double.toString(validationFraction));
    p.setProperty("data.seed", Long.toString(dataSeed));
    p.setProperty("input.time-bins", Integer.toString(timeBins));
    p.setProperty("input.width", Integer.toString(width));
    p.setProperty("input.height", Integer.toString(height));
    p.setProperty("space.depths", join(space.depthChoices()));
    p.setProperty("space.kernels", join(space.kernelChoices()));
    p.setProperty("space.widths", join(space.widthChoices()));
    StringBuilder codes = new StringBuilder();
    space.downsamplingChoices().forEach(d -> codes.append(d.code()));
    p.setProperty("space.downsamplings", codes.toString());
    p.setProperty("space.input-channels", Integer.toString(space.inputChannels()));
    p.setProperty("space.classes", Integer.toString(space.classCount()));
    p.setProperty("space.head", space.headKind().name());
    p.setProperty("space.hidden-widths", join(space.hiddenWidths()));
    p.setProperty("space.budget.parameters", Long.toString(space.maxParameters()));
    p.setProperty("space.budget.macs", Long.toString(space.maxMacs()));
    p.setProperty("space.budget.synaptic-operations", Long.toString(space.maxSynapticOperations()));
    p.setProperty("retrain.epochs", Integer.toString(retraining.epochs()));
    p.setProperty("retrain.batch-size", Integer.toString(retraining.batchSize()));
    p.setProperty("retrain.learning-rate", Double.toString(retraining.learningRate()));
    p.setProperty("retrain.optimizer", retraining.optimizer().name());
    p.setProperty("retrain.momentum", Double.toString(retraining.momentum()));
    p.setProperty("retrain.weight-decay", Double.toString(retraining.weightDecay()));
    p.setProperty("retrain.seed", Long.toString(retraining.seed()));
    p.setProperty("retrain.threads", Integer.toString(retraining.threads()));
    p.setProperty("retrain.recalibration-batches", Integer.toString(retraining.recalibrationBatches()));
    p.setProperty("retrain.schedule", retraining.schedule().name());
    p.setProperty("retrain.augmentation", retrainAugmentation.steps().isEmpty() ? "none" : retrainAugmentation.spec());
    p.setProperty("retrain.crop-domain", cropDomain.label());
    p.setProperty("fitness.lambda", Double.toString(lambda));
    StringWriter text = new StringWriter();
    try {
      p.store(text, "TNAS-ER run recipe: RunRecipe.read(...).retrain(genome, seed, conf) retrains a genome as this run did");
    } catch (IOException e) {
      throw new IllegalStateException("Cannot format the run recipe: " + e.getMessage(), e);
    }
    HadoopFiles.writeAtomically(new Path(runFolder, FILE_NAME), conf, text.toString().getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Reads the recipe of {@code runFolder}.
   *
   * @throws ProjectException CONFIGURATION_CHANGED "Invalid run recipe ..." naming a missing or malformed key
   */
  public static RunRecipe read(Path runFolder, Configuration conf) {
    Path file = new Path(runFolder, FILE_NAME);
    Properties p = new Properties();
    try {
      p.load(new StringReader(new String(HadoopFiles.read(file, conf), StandardCharsets.UTF_8)));
      String subjects = value(p, file, "data.test.subjects");
      int fold = Integer.parseInt(value(p, file, "data.test.fold"));
      TestSplit split = !subjects.isEmpty() ? TestSplit.ofSubjects(List.of(subjects.split("\t")))
          : fold >= 0 ? TestSplit.ofFold(fold) : TestSplit.ofSplitField();
      List<Downsampling> downsamplings = new ArrayList<>();
      for (char code : value(p, file, "space.downsamplings").toCharArray()) {
        downsamplings.add(Downsampling.fromCode(code));
      }
      int timeBins = Integer.parseInt(value(p, file, "input.time-bins"));
      int width = Integer.parseInt(value(p, file, "input.width"));
      int height = Integer.parseInt(value(p, file, "input.height"));
      SearchSpace space = new SearchSpace(integers(value(p, file, "space.depths")), integers(value(p, file, "space.kernels")),
          integers(value(p, file, "space.widths")), downsamplings, Integer.parseInt(value(p, file, "space.input-channels")),
          height, width, Integer.parseInt(value(p, file, "space.classes")), HeadKind.valueOf(value(p, file, "space.head")),
          inOrder(value(p, file, "space.hidden-widths")), Long.parseLong(value(p, file, "space.budget.parameters")),
          Long.parseLong(value(p, file, "space.budget.macs")),
          Long.parseLong(value(p, file, "space.budget.synaptic-operations")));
      SupernetConfig retraining = new SupernetConfig(Integer.parseInt(value(p, file, "retrain.epochs")),
          Integer.parseInt(value(p, file, "retrain.batch-size")), Double.parseDouble(value(p, file, "retrain.learning-rate")),
          OptimizerKind.valueOf(value(p, file, "retrain.optimizer")), Double.parseDouble(value(p, file, "retrain.momentum")),
          Double.parseDouble(value(p, file, "retrain.weight-decay")), Long.parseLong(value(p, file, "retrain.seed")),
          Integer.parseInt(value(p, file, "retrain.threads")),
          Integer.parseInt(value(p, file, "retrain.recalibration-batches")),
          LearningRateSchedule.parse(value(p, file, "retrain.schedule")), PathSampling.UNIFORM);
      String augmentation = value(p, file, "retrain.augmentation").strip();
      // recipes written before the key existed were all trained with Crop and Mirror on the events
      CropDomain cropDomain = CropDomain.parse(p.getProperty("retrain.crop-domain", CropDomain.EVENTS.label()));
      return new RunRecipe(value(p, file, "data.shards"), split, Double.parseDouble(value(p, file, "data.validation-fraction")),
          Long.parseLong(value(p, file, "data.seed")), timeBins, width, height, space, retraining,
          augmentation.equalsIgnoreCase("none") ? AugmentationPipeline.empty() : AugmentationPipeline.parse(augmentation),
          cropDomain, Double.parseDouble(value(p, file, "fitness.lambda")));
    } catch (IOException | IllegalArgumentException e) {
      throw new ProjectException(SearchRunErrorCode.CONFIGURATION_CHANGED, "Invalid run recipe " + file + ": "
          + e.getMessage(), e);
    }
  }

  private static String value(Properties p, Path file, String key) {
    String value = p.getProperty(key);
    if (value == null) {
      throw new IllegalArgumentException("missing key " + key);
    }
    return value;
  }

  private static String join(List<Integer> values) {
    List<String> text = new ArrayList<>();
    values.forEach(v -> text.add(Integer.toString(v)));
    return String.join(",", text);
  }

  private static List<Integer> inOrder(String text) {
    List<Integer> values = new ArrayList<>();
    for (String part : text.split(",")) {
      if (!part.isBlank()) {
        values.add(Integer.parseInt(part.strip()));
      }
    }
    return values;
  }

  private static List<Integer> integers(String text) {
    List<Integer> values = new ArrayList<>();
    for (String part : text.split(",")) {
      if (!part.isBlank()) {
        values.add(Integer.parseInt(part.strip()));
      }
    }
    return List.copyOf(new TreeSet<>(values));
  }
}
