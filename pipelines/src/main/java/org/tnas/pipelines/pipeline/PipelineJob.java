package org.tnas.pipelines.pipeline;

import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;
import org.tnas.formats.errors.ProjectException;
import org.tnas.formats.events.SensorGeometry;
import org.tnas.formats.samples.SampleRecord;
import org.tnas.formats.shards.Manifest;
import org.tnas.formats.shards.SampleEntry;
import org.tnas.formats.shards.ShardInfo;
import org.tnas.formats.util.Progress;
import org.tnas.pipelines.spark.Preflight;
import org.tnas.pipelines.synthesize.SynthesizeJob;
import org.tnas.pipelines.synthesize.SynthesizeSettings;
import org.tnas.search.data.LabelledTensorSet;
import org.tnas.search.data.ShardDataSource;
import org.tnas.search.data.ShardTensorLoader;
import org.tnas.search.evaluation.EvaluationData;
import org.tnas.search.evaluation.Evaluator;
import org.tnas.search.evaluation.InProcessEvaluator;
import org.tnas.search.evaluation.SupernetScorerFactory;
import org.tnas.search.evolution.StrategyKind;
import org.tnas.search.report.SearchReport;
import org.tnas.formats.fs.HadoopFiles;
import org.tnas.search.run.FinalModel;
import org.tnas.search.run.SearchConf;
import org.tnas.search.run.SearchResult;
import org.tnas.search.run.SearchRun;
import org.tnas.search.space.Genome;
import org.tnas.search.space.SearchSpace;
import org.tnas.search.spark.SparkEvaluator;
import org.tnas.search.supernet.DjlEngines;
import org.tnas.search.supernet.OptimizerKind;
import org.tnas.search.supernet.SubnetEvaluator;
import org.tnas.search.supernet.Supernet;
import org.tnas.search.supernet.SupernetCheckpoint;
import org.tnas.search.supernet.SupernetConfig;
import org.tnas.search.supernet.SupernetTrainer;
import org.tnas.udfs.core.FrameMode;
import org.tnas.udfs.core.FrameRepresentation;

/**
 * The job behind {@code tnas pipeline}: the whole TNAS-ER flow on one labelled shard set.
 *
 * <ol>
 *   <li>data: the given shard set, or {@code tnas synthesize}'s sample written to {@code output/shards};
 *   <li>network inputs: T binary event frames per polarity at the sensor size (2T channels);
 *       splits: the samples' split field (train / validation / test) or a Spiking-FER fold;
 *   <li>supernet: SPOS training of the ReLU supernet on the training split (driver, DJL),
 *       checkpointed to {@code output/supernet.ckpt};
 *   <li>search: the evolutionary search with the population evaluated on Spark (or threads),
 *       checkpointed per generation in {@code output/search}; a random-search baseline with the same
 *       budget in {@code output/random};
 *   <li>final model: the winner retrained from scratch, mapped onto its TTFS twin and verified on the
 *       test split; the report (charts, model card, tables) in {@code output/report}.
 * </ol>
 *
 * <p>With {@code search.resume}, committed shards are kept, the supernet is not trained again when
 * {@value #SUPERNET_IDENTITY_FILE} matches the current data, space and training settings and the
 * checkpoint's bytes (otherwise the run is refused naming the difference), each search continues
 * from its checkpoint and a search the driver had not reached starts afresh (deterministic from its
 * seed). Driver-side only; not thread safe.
 */
public final class PipelineJob {
  private PipelineJob() {}

  /** One run (settings.folds() must be empty: see {@link #runCrossFold}). */
  public static PipelineResult run(PipelineSettings settings, SparkSession spark) {
    if (!settings.folds().isEmpty()) {
      throw new IllegalArgumentException("Invalid pipeline.folds: " + settings.folds() + " (a cross-fold run: call runCrossFold)");
    }
    long start = System.nanoTime();
    Configuration conf = spark.sparkContext().hadoopConfiguration();
    Preflight.checkFileSystems(List.of(settings.output(), settings.shards()), "pipeline.output/pipeline.shards");
    String root = settings.output().replaceAll("/+$", "");
    Progress steps = Progress.onStderr("pipeline", "steps", 5);
    String shards = prepareData(settings, spark, root);
    steps.advance(1);
    return runFold(settings, spark, shards, settings.fold(), root, settings.search(), steps, start);
  }

  /** What a cross-fold run produced: one pipeline result per fold and their aggregate. */
  public record CrossFoldResult(List<Integer> folds, List<PipelineResult> results,
      List<org.tnas.search.results.MetricSummary> summaries, String report, double seconds) {}

  /**
   * Runs {@code settings.folds()} one after another, each in {@code <output>/fold-<k>} with its own
   * supernet (trained without the fold's test split), search, baseline and final model, then writes
   * the cross-fold summary (mean and standard deviation, Spiking-FER's protocol) to {@code
   * <output>/report}. Resumable fold by fold with {@code search.resume}.
   */
  public static CrossFoldResult runCrossFold(PipelineSettings settings, SparkSession spark) {
    if (settings.folds().isEmpty()) {
      throw new IllegalArgumentException("Invalid pipeline.folds: empty (a single run: call run)");
    }
    long start = System.nanoTime();
    Configuration conf = spark.sparkContext().hadoopConfiguration();
    Preflight.checkFileSystems(List.of(settings.output(), settings.shards()), "pipeline.output/pipeline.shards");
    String root = settings.output().replaceAll("/+$", "");
    String shards = prepareData(settings, spark, root);
    // every fold needs a test split: checked before the first fold trains anything
    List<Integer> empty = new ArrayList<>();
    for (int fold : settings.folds()) {
      if (ShardTensorLoader.count(new Path(shards), conf, ShardTensorLoader.testSelection(fold)) == 0) {
        empty.add(fold);
      }
    }
    if (!empty.isEmpty()) {
      throw new ProjectException(PipelineErrorCode.NO_TEST_SPLIT, "Cannot run the folds " + settings.folds() + " of "
          + shards + ": no sample lies in the test split of fold(s) " + empty
          + " (the records' test folds come from tnas convert --folds or the synthetic samples' subjects)");
    }
    List<PipelineResult> results = new ArrayList<>();
    List<org.tnas.search.results.FoldScore> scores = new ArrayList<>();
    List<String> genomes = new ArrayList<>();
    Progress folds = Progress.onStderr("cross-fold", "folds", settings.folds().size());
    for (int fold : settings.folds()) {
      String foldRoot = root + "/fold-" + fold;
      SearchConf foldSearch = settings.search().withRun(settings.search().runId() + "-fold-" + fold, foldRoot + "/search",
          settings.search().strategy());
      Progress steps = Progress.onStderr("pipeline fold " + fold, "steps", 4);
      PipelineResult result = runFold(settings, spark, shards, fold, foldRoot, foldSearch, steps, System.nanoTime());
      results.add(result);
      FinalModel model = result.finalModel();
      if (model == null) {
        throw new ProjectException(PipelineErrorCode.NO_TEST_SPLIT, "Cannot aggregate fold " + fold + " of " + shards
            + ": no final model (no sample lies in the fold's test split, or pipeline.final-model=false)");
      }
      List<Double> recall = new ArrayList<>();
      for (double r : model.spiking().classification().perClassRecall()) {
        recall.add(r);
      }
      scores.add(new org.tnas.search.results.FoldScore(fold, model.spiking().war(), model.spiking().uar(), recall,
          model.spiking().meanSynapticOperations(), model.spiking().spikesPerNeuron()));
      genomes.add(model.genome());
      folds.advance(1);
    }
    folds.finish();
    Path report = new Path(root + "/report");
    SearchReport.writeCrossFold(report, conf, scores, genomes, results.get(0).classNames());
    return new CrossFoldResult(settings.folds(), results, org.tnas.search.results.FoldAggregation.aggregate(scores),
        report.toString(), (System.nanoTime() - start) / 1e9);
  }

  /** The shard set to use: given, or synthesized into {@code <root>/shards} (kept on resume). */
  private static String prepareData(PipelineSettings settings, SparkSession spark, String root) {
    Configuration conf = spark.sparkContext().hadoopConfiguration();
    boolean resume = settings.search().resume();
    String shards = settings.shards();
    if (shards.isEmpty()) {
      shards = root + "/shards";
    }
    // on resume, a shard set the first run committed is kept
    boolean committed = resume && exists(new Path(shards, Manifest.FILE_NAME), conf);
    if (settings.convert() != null) {
      if (!committed) {
        org.tnas.pipelines.convert.ConvertJob.Result converted = org.tnas.pipelines.convert.ConvertJob.run(settings.convert(), spark);
        if (converted.converted() == 0) {
          throw new ProjectException(PipelineErrorCode.UNLABELLED_DATA, "Cannot search on " + settings.convert().input()
              + ": no clip was converted (" + converted.skipped().size() + " skipped; see " + shards + "/"
              + org.tnas.pipelines.convert.ConvertJob.REPORT_FILE + ")");
        }
      }
    } else if (settings.shards().isEmpty() && !committed) {
      SynthesizeSettings synthesize = new SynthesizeSettings(shards, settings.syntheticMode(), settings.clipsPerClass(),
          settings.syntheticFrames(), settings.syntheticMode().equals("face") ? 96 : 64,
          settings.syntheticMode().equals("face") ? 96 : 48, "spiking-fer", settings.seed(), 16, 64L << 20, true);
      SynthesizeJob.run(synthesize, spark);
    }
    return shards;
  }

  /** Steps 2-5 on {@code shards} with test fold {@code fold} (-1: the samples' split field) in {@code root}. */
  private static PipelineResult runFold(PipelineSettings settings, SparkSession spark, String shards, int fold,
      String root, SearchConf searchConf, Progress steps, long start) {
    Configuration conf = spark.sparkContext().hadoopConfiguration();
    boolean resume = settings.search().resume();
    SearchRun.checkCanStart(searchConf, conf);
    Path shardDir = new Path(shards);
    Manifest manifest = Manifest.read(shardDir, conf);
    List<String> classNames = classNames(manifest, shards);
    SensorGeometry geometry = commonGeometry(manifest, shards);

    // 2. network inputs and splits
    FrameRepresentation representation = FrameRepresentation.timeBins(settings.timeBins(), FrameMode.BINARY,
        geometry.width(), geometry.height());
    ShardDataSource source = new ShardDataSource(shards, representation, classNames.size(), fold,
        settings.validationFraction(), settings.seed(), Map.of());
    EvaluationData data = source.load();
    boolean hasTest = ShardTensorLoader.count(shardDir, conf, ShardTensorLoader.testSelection(fold)) > 0;
    LabelledTensorSet test = hasTest ? ShardTensorLoader.load(shardDir, conf, representation, classNames.size(),
        ShardTensorLoader.testSelection(fold), null, settings.seed(), 0) : null;
    SearchSpace space = space(settings.space(), representation.channels(), representation.height(),
        representation.width(), classNames.size());

    // 3. supernet: trained here, or given (it must be of the same search space)
    SupernetConfig training = SupernetConfig.defaults().withEpochs(settings.supernetEpochs())
        .withBatchSize(settings.batchSize()).withOptimizer(OptimizerKind.ADAM, settings.learningRate())
        .withSeed(settings.seed()).withThreads(Math.max(1, Runtime.getRuntime().availableProcessors()));
    String checkpoint;
    double[] probeLoss;
    if (settings.supernet().isEmpty()) {
      checkpoint = root + "/supernet.ckpt";
      Map<String, String> identity = supernetIdentity(space, training, manifest, settings, fold);
      Path identityFile = new Path(root + "/" + SUPERNET_IDENTITY_FILE);
      if (resume && exists(new Path(checkpoint), conf) && exists(identityFile, conf)) {
        // a resumed run keeps the supernet it trained before (same data, space and training settings)
        Map<String, String> stored = readProperties(identityFile, conf);
        List<String> changed = new ArrayList<>();
        for (String key : new java.util.TreeSet<>(identity.keySet())) {
          if (!identity.get(key).equals(stored.get(key))) {
            changed.add(key + ": " + stored.get(key) + " -> " + identity.get(key));
          }
        }
        if (!changed.isEmpty()) {
          throw new ProjectException(org.tnas.search.run.SearchRunErrorCode.CONFIGURATION_CHANGED, "Cannot resume " + root
              + ": the supernet was trained with other settings or data (" + String.join("; ", changed)
              + "); start a new run in another output");
        }
        String recorded = stored.get(CHECKPOINT_DIGEST);
        String actual = org.tnas.formats.util.Digests.sha256Hex(HadoopFiles.read(new Path(checkpoint), conf));
        if (recorded != null && !recorded.equals(actual)) {
          throw new ProjectException(org.tnas.search.run.SearchRunErrorCode.CONFIGURATION_CHANGED, "Cannot resume " + root
              + ": " + checkpoint + " is not the supernet this run trained (SHA-256 " + actual + ", recorded " + recorded
              + "); start a new run in another output");
        }
        probeLoss = new double[] {Double.parseDouble(stored.getOrDefault("probe.loss.before", "NaN")),
            Double.parseDouble(stored.getOrDefault("probe.loss.after", "NaN"))};
      } else {
        probeLoss = trainSupernet(space, data, training, new Path(checkpoint), conf);
        Map<String, String> written = new TreeMap<>(identity);
        written.put("probe.loss.before", Double.toString(probeLoss[0]));
        written.put("probe.loss.after", Double.toString(probeLoss[1]));
        written.put(CHECKPOINT_DIGEST, org.tnas.formats.util.Digests.sha256Hex(HadoopFiles.read(new Path(checkpoint), conf)));
        writeProperties(identityFile, written, conf);
      }
    } else {
      checkpoint = settings.supernet();
      SearchSpace stored = SupernetCheckpoint.readSpace(new Path(checkpoint), conf);
      if (!stored.equals(space)) {
        throw new ProjectException(PipelineErrorCode.SUPERNET_MISMATCH, "Cannot search with supernet " + checkpoint
            + ": its search space " + stored + " differs from the one of the data and settings " + space);
      }
      probeLoss = new double[] {Double.NaN, Double.NaN};
    }
    steps.advance(1);

    // 4. search and baseline
    SupernetScorerFactory factory = new SupernetScorerFactory(checkpoint, space, source, Math.max(2, settings.batchSize()),
        searchConf.recalibrationBatches(), searchConf.spikingSamples(), 1);
    SearchResult search;
    SearchResult baseline = null;
    try (Evaluator evaluator = evaluator(settings, searchConf, factory, spark)) {
      // on resume, a run the driver did not reach before it died starts afresh (deterministic from its seed)
      search = SearchRun.run(resumable(searchConf, conf), space, evaluator, conf);
      if (settings.baseline()) {
        SearchConf random = searchConf.withRun(searchConf.runId() + "-random", root + "/random", StrategyKind.RANDOM);
        baseline = SearchRun.run(resumable(random, conf), space, evaluator, conf);
      }
    }
    steps.advance(1);
    if (search.best() == null) {
      throw new ProjectException(PipelineErrorCode.NO_VALID_CANDIDATE,
          "Cannot build the final model: no candidate of run " + searchConf.runId() + " was valid (see " + searchConf.output() + ")");
    }

    // 5. final model and report
    SupernetConfig retraining = training.withEpochs(settings.retrainEpochs());
    FinalModel finalModel = test == null || !settings.finalModel() ? null
        : FinalModel.build(space, Genome.parse(search.best().genome()), data.calibration(), data.validation(), test, retraining);
    Path report = new Path(root + "/report");
    Map<String, org.tnas.search.metrics.ClassificationMetrics> groups = Map.of();
    if (finalModel != null && !settings.groupBy().isEmpty()) {
      Map<String, String> groupOf = new java.util.HashMap<>();
      for (ShardInfo shard : manifest.shards()) {
        for (SampleEntry entry : shard.samples()) {
          String value = entry.record().parameters().get(settings.groupBy());
          if (value != null) {
            groupOf.put(entry.sampleId(), value);
          }
        }
      }
      groups = finalModel.metricsByGroup(groupOf::get, classNames.size());
    }
    SearchReport.write(report, conf, search, baseline, finalModel, classNames, settings.groupBy(), groups);
    if (finalModel != null) {
      HadoopFiles.writeAtomically(new Path(report, "final-model.weights"), conf, finalModel.weights().toBytes());
    }
    steps.advance(1);
    steps.finish();
    return new PipelineResult(shards, classNames, data.calibration().size(), data.validation().size(),
        test == null ? 0 : test.size(),
        checkpoint, probeLoss, search, baseline, finalModel, report.toString(), (System.nanoTime() - start) / 1e9);
  }

  /** The file next to supernet.ckpt recording what it was trained on and with (read on resume). */
  public static final String SUPERNET_IDENTITY_FILE = "supernet.properties";

  /** The key of {@value #SUPERNET_IDENTITY_FILE} holding the SHA-256 of the trained checkpoint's bytes. */
  static final String CHECKPOINT_DIGEST = "checkpoint.sha256";

  /** With resume, a run whose checkpoint does not exist yet is started instead of refused. */
  static SearchConf resumable(SearchConf run, Configuration conf) {
    if (run.resume() && !exists(new Path(run.output(), SearchRun.CHECKPOINT_FILE), conf)) {
      return run.withResume(false);
    }
    return run;
  }

  /** What determines the trained supernet: data (shard digests), inputs, split, space and training settings. */
  static Map<String, String> supernetIdentity(SearchSpace space, SupernetConfig training, Manifest manifest,
      PipelineSettings settings, int fold) {
    Map<String, String> identity = new TreeMap<>();
    StringBuilder digests = new StringBuilder();
    for (ShardInfo shard : manifest.shards()) {
      digests.append(shard.sha256()).append(',');
    }
    identity.put("data.shards", org.tnas.formats.util.Digests.sha256Hex(digests.toString()));
    identity.put("data.time-bins", Integer.toString(settings.timeBins()));
    identity.put("data.fold", Integer.toString(fold));
    identity.put("data.validation-fraction", Double.toString(settings.validationFraction()));
    identity.put("space", SupernetCheckpoint.spaceHash(space));
    identity.put("training.epochs", Integer.toString(training.epochs()));
    identity.put("training.batch-size", Integer.toString(training.batchSize()));
    identity.put("training.optimizer", training.optimizer() + " lr=" + training.learningRate() + " momentum="
        + training.momentum() + " decay=" + training.weightDecay());
    identity.put("training.seed", Long.toString(training.seed()));
    return identity;
  }

  private static boolean exists(Path path, Configuration conf) {
    try {
      return path.getFileSystem(conf).exists(path);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException("Cannot read " + path + ": " + e.getMessage(), e);
    }
  }

  private static void writeProperties(Path path, Map<String, String> values, Configuration conf) {
    StringBuilder text = new StringBuilder();
    for (Map.Entry<String, String> entry : values.entrySet()) {
      text.append(entry.getKey()).append('=').append(entry.getValue()).append('\n');
    }
    HadoopFiles.writeAtomically(path, conf, text.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  private static Map<String, String> readProperties(Path path, Configuration conf) {
    Map<String, String> values = new TreeMap<>();
    for (String line : new String(HadoopFiles.read(path, conf), java.nio.charset.StandardCharsets.UTF_8).split("\n")) {
      int equals = line.indexOf('=');
      if (equals > 0) {
        values.put(line.substring(0, equals), line.substring(equals + 1));
      }
    }
    return values;
  }

  private static Evaluator evaluator(PipelineSettings settings, SearchConf conf, SupernetScorerFactory factory, SparkSession spark) {
    if (settings.evaluator().equals("spark")) {
      return new SparkEvaluator(spark, factory, conf.candidatesPerTask(), conf.maxAttempts());
    }
    return new InProcessEvaluator(factory, conf.threads(), conf.maxAttempts());
  }

  /** Trains the supernet with SPOS and saves it; returns a probe path's validation loss before and after. */
  public static double[] trainSupernet(SearchSpace space, EvaluationData data, SupernetConfig config, Path checkpoint,
      Configuration conf) {
    DjlEngines.pytorch(config.threads());
    Genome probe = Genome.random(space, org.tnas.formats.util.Seeds.random(config.seed(), 7));
    try (NDManager manager = NDManager.newBaseManager();
        Supernet supernet = Supernet.create(space, manager, config.seed());
        SupernetTrainer trainer = SupernetTrainer.singlePath(supernet, config)) {
      SubnetEvaluator evaluator = new SubnetEvaluator(supernet, config.batchSize());
      double before = evaluator.recalibrateAndEvaluate(probe, data.calibration(), 4, 1, data.validation()).meanLoss();
      Progress epochs = Progress.onStderr("supernet", "epochs", config.epochs());
      for (int e = 0; e < config.epochs(); e++) {
        trainer.trainEpoch(data.calibration());
        epochs.advance(1);
      }
      epochs.finish();
      double after = evaluator.recalibrateAndEvaluate(probe, data.calibration(), 4, 1, data.validation()).meanLoss();
      SupernetCheckpoint.save(supernet, checkpoint, conf);
      return new double[] {before, after};
    }
  }

  public static SearchSpace space(String name, int channels, int height, int width, int classes) {
    SearchSpace defaults = SearchSpace.defaults(channels, height, width, classes);
    if (name.equals("default")) {
      return defaults;
    }
    return defaults.withDepthChoices(List.of(2, 3, 4)).withKernelChoices(List.of(3, 5)).withWidthChoices(List.of(8, 16, 24));
  }

  /** Class names by label index, from the sample records; every index up to the largest must be named. */
  static List<String> classNames(Manifest manifest, String shards) {
    TreeMap<Integer, String> names = new TreeMap<>();
    for (ShardInfo shard : manifest.shards()) {
      for (SampleEntry entry : shard.samples()) {
        SampleRecord record = entry.record();
        if (record.isLabelled()) {
          names.putIfAbsent(record.labelIndex(), record.labelName());
        }
      }
    }
    if (names.isEmpty()) {
      throw new ProjectException(PipelineErrorCode.UNLABELLED_DATA, "Cannot search on " + shards + ": no sample is labelled");
    }
    List<String> list = new ArrayList<>();
    for (int i = 0; i <= names.lastKey(); i++) {
      list.add(names.getOrDefault(i, "class-" + i));
    }
    return list;
  }

  static SensorGeometry commonGeometry(Manifest manifest, String shards) {
    SensorGeometry geometry = null;
    for (ShardInfo shard : manifest.shards()) {
      for (SampleEntry entry : shard.samples()) {
        if (geometry == null) {
          geometry = entry.geometry();
        } else if (!geometry.equals(entry.geometry())) {
          throw new ProjectException(PipelineErrorCode.MIXED_SENSOR_SIZES, String.format(Locale.ROOT,
              "Cannot build network inputs from %s: samples have sensor sizes %s and %s (sample %s); convert them to one size first",
              shards, geometry, entry.geometry(), entry.sampleId()));
        }
      }
    }
    if (geometry == null) {
      throw new ProjectException(PipelineErrorCode.UNLABELLED_DATA, "Cannot search on " + shards + ": the shard set is empty");
    }
    return geometry;
  }
}
