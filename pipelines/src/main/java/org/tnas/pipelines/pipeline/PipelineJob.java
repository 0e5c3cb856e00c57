package org.tnas.pipelines.pipeline;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;
import org.tnas.formats.errors.ProjectException;
import org.tnas.formats.fs.HadoopFiles;
import org.tnas.formats.util.Progress;
import org.tnas.pipelines.spark.Preflight;
import org.tnas.search.data.TestSplit;
import org.tnas.search.evaluation.EvaluationResult;
import org.tnas.search.ranking.RankingStudy;
import org.tnas.search.report.SearchReport;
import org.tnas.search.results.FoldAggregation;
import org.tnas.search.results.FoldScore;
import org.tnas.search.results.MetricSummary;
import org.tnas.search.results.ResultTable;
import org.tnas.search.run.FinalModel;
import org.tnas.search.run.SearchConf;
import org.tnas.search.run.SearchRun;
import org.tnas.search.run.TtfsStudy;
import org.tnas.search.supernet.SupernetConfig;

/**
 * The job behind {@code tnas pipeline}: the whole TNAS-ER flow on one labelled shard set, as a
 * sequence of stages that each return a small record.
 *
 * <ol>
 *   <li>{@link PipelineData}: the given shard set, a converted dataset, or {@code tnas synthesize}'s
 *       sample written to {@code output/shards}; the test split (subjects, fold or split field),
 *       refused before anything is trained when a final model is asked for and the split is empty;
 *   <li>{@link FoldInputs}: T binary event frames per polarity (2T channels), calibration,
 *       validation and test parts;
 *   <li>{@link SupernetStage}: SPOS training of the ReLU supernet on the training part, checkpointed
 *       to {@code output/supernet.ckpt} (kept on resume);
 *   <li>{@link SearchStage}: the evolutionary search evaluated on Spark (or threads), checkpointed per
 *       generation in {@code output/search}, and a random-search baseline in {@code output/random};
 *   <li>{@link RankingStage}: how well inherited-weight fitness ranks subnets against stand-alone
 *       training (one Spark task per subnet and seed);
 *   <li>{@link FinalStage}: the winner retrained, mapped onto its TTFS twin and verified on the test
 *       split; {@link TtfsStage}: the TTFS net under the {@code ttfs.*} hardware constraints
 *       (fine-tuned, strategies compared, constraint sweep; when asked for); {@link TestPassesStage}: SEE's repeated test passes over random temporal clips (when
 *       {@link TestPassOptions} asks for more than one pass); then {@link ReportStage} writes
 *       {@code output/report}.
 * </ol>
 *
 * <p>Driver-side only; not thread safe.
 */
public final class PipelineJob {
  private PipelineJob() {}

  /** The file next to supernet.ckpt recording what it was trained on and with (read on resume). */
  public static final String SUPERNET_IDENTITY_FILE = SupernetStage.IDENTITY_FILE;

  /** One run (settings.folds() must be empty: see {@link #runCrossFold}). */
  public static PipelineResult run(PipelineSettings settings, SparkSession spark) {
    if (!settings.folds().isEmpty()) {
      throw new IllegalArgumentException("Invalid pipeline.folds: " + settings.folds() + " (a cross-fold run: call runCrossFold)");
    }
    long start = System.nanoTime();
    String root = start(settings, spark);
    PipelineData data = PipelineData.prepare(settings, spark, root);
    TestSplit split = data.testSplit(settings, settings.fold());
    if (settings.finalModel()) {
      data.requireTestSamples(split);
    }
    return runFold(settings, spark, data, split, root, settings.search(), start);
  }

  /** What a cross-fold run produced: one pipeline result per fold and their aggregate. */
  public record CrossFoldResult(List<Integer> folds, List<PipelineResult> results, List<MetricSummary> summaries,
      String report, double seconds) {}

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
    String root = start(settings, spark);
    PipelineData data = PipelineData.prepare(settings, spark, root);
    // every fold needs a test split: checked before the first fold trains anything
    List<Integer> empty = new ArrayList<>();
    for (int fold : settings.folds()) {
      if (data.testCount(TestSplit.ofFold(fold)) == 0) {
        empty.add(fold);
      }
    }
    if (!empty.isEmpty()) {
      throw new ProjectException(PipelineErrorCode.NO_TEST_SPLIT, "Cannot run the folds " + settings.folds() + " of "
          + data.shards() + ": no sample lies in the test split of fold(s) " + empty
          + " (the records' test folds come from tnas convert --folds or the synthetic samples' subjects)");
    }
    List<PipelineResult> results = new ArrayList<>();
    List<FoldScore> scores = new ArrayList<>();
    List<String> genomes = new ArrayList<>();
    Progress folds = Progress.onStderr("cross-fold", "folds", settings.folds().size());
    for (int fold : settings.folds()) {
      String foldRoot = root + "/fold-" + fold;
      SearchConf foldSearch = settings.search().withRun(settings.search().runId() + "-fold-" + fold, foldRoot + "/search",
          settings.search().strategy());
      PipelineResult result = runFold(settings, spark, data, TestSplit.ofFold(fold), foldRoot, foldSearch, System.nanoTime());
      results.add(result);
      FinalModel model = result.finalModel();
      List<Double> recall = new ArrayList<>();
      for (double r : model.spiking().classification().perClassRecall()) {
        recall.add(r);
      }
      scores.add(new FoldScore(fold, model.spiking().war(), model.spiking().uar(), recall,
          model.spiking().meanSynapticOperations(), model.spiking().spikesPerNeuron()));
      genomes.add(model.genome());
      folds.advance(1);
    }
    folds.finish();
    Path report = new Path(root + "/" + ReportStage.DIRECTORY);
    SearchReport.writeCrossFold(report, spark.sparkContext().hadoopConfiguration(), scores, genomes, data.classNames());
    return new CrossFoldResult(settings.folds(), results, FoldAggregation.aggregate(scores), report.toString(),
        (System.nanoTime() - start) / 1e9);
  }

  /** Checks the file systems and returns the output root without trailing slashes. */
  private static String start(PipelineSettings settings, SparkSession spark) {
    Preflight.checkFileSystems(List.of(settings.output(), settings.shards()), "pipeline.output/pipeline.shards");
    return settings.output().replaceAll("/+$", "");
  }

  /** Stages 2-6 with test split {@code split} in {@code root}. */
  private static PipelineResult runFold(PipelineSettings settings, SparkSession spark, PipelineData data, TestSplit split,
      String root, SearchConf searchConf, long start) {
    Configuration conf = spark.sparkContext().hadoopConfiguration();
    SearchRun.checkCanStart(searchConf, conf);
    StageTimes times = new StageTimes();
    FoldInputs inputs = times.time("data", () -> FoldInputs.load(settings, data, split, conf, hadoopSettings(conf)));
    SupernetStage.Result supernet = times.time("supernet", () -> SupernetStage.run(settings, data, inputs, root, conf));
    SearchStage.Result search = times.time("search",
        () -> SearchStage.run(settings, spark, inputs, supernet.checkpoint(), searchConf, root));
    RankingStage.Result ranking = times.time("ranking", () -> RankingStage.run(settings, spark, inputs, supernet, search,
        searchConf, root));
    FinalStage.Result finalModel = times.time("final model", () -> FinalStage.run(settings, data, inputs,
        search.search().best().genome(), supernet.training() == null ? SupernetStage.trainingConfig(settings, inputs)
            : supernet.training()));
    SupernetConfig recipe = FinalStage.retraining(supernet.training() == null ? SupernetStage.trainingConfig(settings, inputs)
        : supernet.training(), settings);
    TtfsStudy.Result ttfs = times.time("ttfs", () -> TtfsStage.run(settings, inputs, finalModel.model(),
        supernet.checkpoint(), recipe, new Path(root + "/" + ReportStage.DIRECTORY), conf));
    TestPassesStage.Result passes = times.time("test passes", () -> TestPassesStage.run(settings, data, inputs,
        finalModel.model(), ttfs, root, conf));
    String report = times.time("report", () -> ReportStage.write(settings, data, inputs, supernet, search, ranking,
        finalModel, passes, ttfs, times, root, conf));
    return new PipelineResult(data.shards(), data.classNames(), inputs.data().calibration().size(),
        inputs.data().validation().size(), inputs.test() == null ? 0 : inputs.test().size(), supernet.checkpoint(),
        new double[] {supernet.probeLossBefore(), supernet.probeLossAfter()}, search.search(), search.baseline(),
        finalModel.model(), report, (System.nanoTime() - start) / 1e9, ranking.study(), ReportStage.warnings(settings,
        supernet, search, ranking, inputs), passes.passes());
  }

  /**
   * {@code tnas ranking}: the ranking study alone for an existing supernet ({@code
   * pipeline.supernet.checkpoint}) on a shard set, with the best subnets of an existing search's
   * {@code results.arrow} in {@code searchOutput} (empty: random legal subnets only), written into
   * {@code <output>/report} (ranking.csv, ranking.png, ranking.md).
   */
  public static RankingStudy rank(PipelineSettings settings, SparkSession spark, String searchOutput) {
    if (settings.supernet().isEmpty()) {
      throw new IllegalArgumentException("Invalid pipeline.supernet.checkpoint: empty (the ranking study needs a trained supernet)");
    }
    if (settings.rankingSubnets() == 0) {
      throw new IllegalArgumentException("Invalid pipeline.ranking.subnets: 0 (the ranking study needs at least 3 subnets)");
    }
    String root = start(settings, spark);
    Configuration conf = spark.sparkContext().hadoopConfiguration();
    PipelineData data = PipelineData.prepare(settings, spark, root);
    TestSplit split = data.testSplit(settings, settings.fold());
    FoldInputs inputs = FoldInputs.load(settings, data, split, conf, hadoopSettings(conf));
    SupernetStage.Result supernet = SupernetStage.run(settings, data, inputs, root, conf);
    List<EvaluationResult> searched = searchOutput.isEmpty() ? List.of()
        : ResultTable.read(new Path(searchOutput, SearchRun.RESULTS_FILE), conf);
    Path report = new Path(root + "/" + ReportStage.DIRECTORY);
    RankingStage.Result result = RankingStage.run(settings, spark, inputs, supernet.checkpoint(), searched,
        settings.search(), FinalStage.retraining(SupernetStage.trainingConfig(settings, inputs), settings), report, conf);
    HadoopFiles.writeAtomically(new Path(report, RankingStage.CARD), conf,
        ("# Supernet ranking: " + supernet.checkpoint() + "\n\n" + result.report()
            + ReportStage.provenance(settings, data, inputs, supernet, new StageTimes(), conf))
            .getBytes(StandardCharsets.UTF_8));
    return result.study();
  }

  /**
   * The driver's Hadoop settings that executors apply when they open the shard set themselves (so a
   * cluster's HDFS settings reach them): every entry of the driver's configuration that differs from
   * a default one.
   */
  static Map<String, String> hadoopSettings(Configuration conf) {
    Configuration defaults = new Configuration();
    Map<String, String> settings = new TreeMap<>();
    for (Map.Entry<String, String> entry : conf) {
      String value = conf.get(entry.getKey());
      if (value != null && !value.equals(defaults.get(entry.getKey()))) {
        settings.put(entry.getKey(), value);
      }
    }
    return settings;
  }
}
