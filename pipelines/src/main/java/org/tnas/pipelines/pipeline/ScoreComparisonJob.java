package org.tnas.pipelines.pipeline;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;
import org.tnas.formats.errors.ProjectException;
import org.tnas.pipelines.spark.Preflight;
import org.tnas.search.data.TestSplit;
import org.tnas.search.evaluation.CandidateSpec;
import org.tnas.search.evaluation.EvaluationResult;
import org.tnas.search.evaluation.Evaluator;
import org.tnas.search.evaluation.SupernetScorerFactory;
import org.tnas.search.report.ScoreComparison;
import org.tnas.search.evaluation.ScoreDomain;
import org.tnas.search.run.SearchConf;
import org.tnas.search.run.SearchResult;
import org.tnas.search.run.SearchRun;

/**
 * The job behind {@code tnas score-compare} (TNAS-ER figure 4): the same search twice on one
 * supernet, with the same seed and budget, once scoring candidates by their ReLU twin ({@code
 * <output>/relu}) and once by their TTFS net under the {@code ttfs.*} hardware constraints ({@code
 * <output>/ttfs}); then the ReLU-scored run's best-so-far candidates are scored again as TTFS (same
 * candidate seeds), and {@code <output>/report} gets {@link ScoreComparison}'s chart, table and card.
 *
 * <p>Data, split, search space and supernet as {@code tnas pipeline} (the given shards or the
 * synthetic sample; {@code pipeline.supernet.checkpoint} or a supernet trained into {@code
 * <output>/supernet.ckpt}); {@code search.scoring.score} is not read (both domains run). No random
 * baseline, ranking study or final model. Each search checkpoints per generation and resumes with
 * {@code search.resume}. Driver-side; not thread safe.
 */
public final class ScoreComparisonJob {
  /** The ReLU-scored run's directory in the output. */
  public static final String RELU_DIRECTORY = "relu";
  /** The TTFS-scored run's directory in the output. */
  public static final String TTFS_DIRECTORY = "ttfs";

  private ScoreComparisonJob() {}

  /**
   * What the comparison produced.
   *
   * @param reluWinnersOnTtfs the ReLU-scored run's best-so-far candidates scored as TTFS
   * @param report the report directory
   */
  public record Result(SearchResult relu, SearchResult ttfs, List<EvaluationResult> reluWinnersOnTtfs,
      List<ScoreComparison.Row> rows, String report, double seconds) {}

  public static Result run(PipelineSettings settings, SparkSession spark) {
    if (!settings.folds().isEmpty()) {
      throw new IllegalArgumentException("Invalid pipeline.folds: " + settings.folds()
          + " (tnas score-compare compares one split; choose it with pipeline.fold or pipeline.test-fraction)");
    }
    long start = System.nanoTime();
    Preflight.checkFileSystems(List.of(settings.output(), settings.shards()), "pipeline.output/pipeline.shards");
    String root = settings.output().replaceAll("/+$", "");
    Configuration conf = spark.sparkContext().hadoopConfiguration();
    SearchConf base = settings.search();
    SearchConf relu = SearchStage.resumable(base.withScore(ScoreDomain.RELU)
        .withRun(base.runId() + "-relu", root + "/" + RELU_DIRECTORY, base.strategy()), conf);
    SearchConf ttfs = SearchStage.resumable(base.withScore(ScoreDomain.TTFS)
        .withRun(base.runId() + "-ttfs", root + "/" + TTFS_DIRECTORY, base.strategy()), conf);
    SearchRun.checkCanStart(relu, conf);
    SearchRun.checkCanStart(ttfs, conf);
    if (base.hardware().exact()) {
      System.err.println("[score-compare] warning: the ttfs.* constraints are exact, so the TTFS net predicts what its "
          + "ReLU twin predicts and both curves show the same search; set ttfs.time-bits, ttfs.weight-bits or "
          + "ttfs.max-latency to compare with a constrained net");
    }
    StageTimes times = new StageTimes();
    PipelineData data = times.time("data", () -> PipelineData.prepare(settings, spark, root));
    TestSplit split = data.testSplit(settings, settings.fold());
    FoldInputs inputs = times.time("inputs", () -> FoldInputs.load(settings, data, split, conf,
        PipelineJob.hadoopSettings(conf)));
    SupernetStage.Result supernet = times.time("supernet", () -> SupernetStage.run(settings, data, inputs, root, conf));
    SearchResult reluResult = times.time("ReLU-scored search", () -> search(settings, spark, inputs, supernet, relu, conf));
    SupernetScorerFactory ttfsScorers = SearchStage.scorers(settings, inputs, supernet.checkpoint(), ttfs);
    SearchResult ttfsResult;
    List<EvaluationResult> rescored;
    try (Evaluator evaluator = SearchStage.evaluator(settings, ttfs, ttfsScorers, spark)) {
      ttfsResult = times.time("TTFS-scored search", () -> SearchRun.run(ttfs, inputs.space(), evaluator, conf));
      rescored = times.time("ReLU winners as TTFS", () -> evaluator.evaluate(winnerSpecs(reluResult)));
    }
    Path report = new Path(root + "/" + ReportStage.DIRECTORY);
    String appendix = ReportStage.provenance(settings, data, inputs, supernet, times, conf);
    List<ScoreComparison.Row> rows = ScoreComparison.write(report, conf, reluResult, ttfsResult, rescored,
        base.hardware().describe(), appendix);
    return new Result(reluResult, ttfsResult, rescored, rows, report.toString(), (System.nanoTime() - start) / 1e9);
  }

  private static SearchResult search(PipelineSettings settings, SparkSession spark, FoldInputs inputs,
      SupernetStage.Result supernet, SearchConf run, Configuration conf) {
    SupernetScorerFactory factory = SearchStage.scorers(settings, inputs, supernet.checkpoint(), run);
    SearchResult result;
    try (Evaluator evaluator = SearchStage.evaluator(settings, run, factory, spark)) {
      result = SearchRun.run(run, inputs.space(), evaluator, conf);
    }
    if (result.best() == null) {
      throw new ProjectException(PipelineErrorCode.NO_VALID_CANDIDATE, "Cannot compare the score domains: no candidate "
          + "of run " + run.runId() + " was valid (see " + run.output() + ")");
    }
    return result;
  }

  /**
   * The distinct best-so-far candidates of {@code run}, each with its original identity and seed (so
   * the TTFS scorer recalibrates batch norm exactly as the ReLU-scored run did), in candidate order.
   */
  static List<CandidateSpec> winnerSpecs(SearchResult run) {
    Map<String, CandidateSpec> specs = new LinkedHashMap<>();
    for (EvaluationResult winner : ScoreComparison.bestSoFar(run)) {
      if (winner != null && !specs.containsKey(winner.genome())) {
        specs.put(winner.genome(), new CandidateSpec(run.runId() + "-as-ttfs", winner.generation(),
            winner.candidateIndex(), winner.genome(), winner.seed(), 1));
      }
    }
    return new ArrayList<>(specs.values());
  }
}
