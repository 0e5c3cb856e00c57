package org.tnas.pipelines.pipeline;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;
import org.tnas.formats.errors.ProjectException;
import org.tnas.search.evaluation.Evaluator;
import org.tnas.search.evaluation.InProcessEvaluator;
import org.tnas.search.evaluation.SupernetScorerFactory;
import org.tnas.search.evolution.StrategyKind;
import org.tnas.formats.fs.HadoopFiles;
import org.tnas.search.run.SearchConf;
import org.tnas.search.run.SearchResult;
import org.tnas.search.run.SearchRun;
import org.tnas.search.spark.SparkEvaluator;

/**
 * Stage 4 of {@code tnas pipeline}: the evolutionary search with the population evaluated on Spark
 * (or threads), checkpointed per generation, and the random-search baseline at the same budget in
 * {@code <root>/random}. On resume, a search the driver had not reached starts afresh
 * (deterministic from its seed).
 */
final class SearchStage {
  /** The baseline's directory in the run's directory. */
  static final String BASELINE_DIRECTORY = "random";

  private SearchStage() {}

  /**
   * @param search the evolutionary search
   * @param baseline the random search at equal budget, or null
   */
  record Result(SearchResult search, SearchResult baseline) {}

  /** The scorer recipe executors load the supernet and the validation data from. */
  static SupernetScorerFactory scorers(PipelineSettings settings, FoldInputs inputs, String checkpoint, SearchConf searchConf) {
    return new SupernetScorerFactory(checkpoint, inputs.space(), inputs.source(), searchConf.scoringBatchSize(),
        searchConf.recalibrationBatches(), searchConf.spikingSamples(), 1, searchConf.score(), searchConf.hardware());
  }

  static Result run(PipelineSettings settings, SparkSession spark, FoldInputs inputs, String checkpoint,
      SearchConf searchConf, String root) {
    Configuration conf = spark.sparkContext().hadoopConfiguration();
    SupernetScorerFactory factory = scorers(settings, inputs, checkpoint, searchConf);
    SearchResult search;
    SearchResult baseline = null;
    try (Evaluator evaluator = evaluator(settings, searchConf, factory, spark)) {
      search = SearchRun.run(resumable(searchConf, conf), inputs.space(), evaluator, conf);
      if (settings.baseline()) {
        SearchConf random = searchConf.withRun(searchConf.runId() + "-random", root + "/" + BASELINE_DIRECTORY,
            StrategyKind.RANDOM);
        baseline = SearchRun.run(resumable(random, conf), inputs.space(), evaluator, conf);
      }
    }
    if (search.best() == null) {
      throw new ProjectException(PipelineErrorCode.NO_VALID_CANDIDATE, "Cannot build the final model: no candidate of run "
          + searchConf.runId() + " was valid (see " + searchConf.output() + ")");
    }
    return new Result(search, baseline);
  }

  /** With resume, a run whose checkpoint does not exist yet is started instead of refused. */
  static SearchConf resumable(SearchConf run, Configuration conf) {
    if (run.resume() && !HadoopFiles.exists(new Path(run.output(), SearchRun.CHECKPOINT_FILE), conf)) {
      return run.withResume(false);
    }
    return run;
  }

  static Evaluator evaluator(PipelineSettings settings, SearchConf conf, SupernetScorerFactory factory,
      SparkSession spark) {
    if (settings.evaluator() == EvaluatorKind.SPARK) {
      return new SparkEvaluator(spark, factory, conf.candidatesPerTask(), conf.maxAttempts());
    }
    return new InProcessEvaluator(factory, conf.threads(), conf.maxAttempts());
  }
}
