package org.tnas.search.spark;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import org.apache.spark.SparkEnv;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.SparkSession;
import org.tnas.formats.errors.ErrorType;
import org.tnas.search.evaluation.CandidateRunner;
import org.tnas.search.evaluation.CandidateSpec;
import org.tnas.search.evaluation.EvaluationResult;
import org.tnas.search.evaluation.EvaluationStatus;
import org.tnas.search.evaluation.RetryingEvaluator;
import org.tnas.search.evaluation.ScorerFactory;

/**
 * Evaluates a generation on a Spark cluster (SEARCH.md section 2): the candidate specs are
 * split into {@code ceil(n / candidatesPerTask)} tasks of about equal estimated work ({@link
 * #balancedGroups}); each task runs {@link
 * CandidateRunner} on its executor, where the scorer (supernet checkpoint, validation data) is
 * loaded lazily once per executor JVM and task slot by {@code ScorerPool} and reused across tasks
 * and generations. Exceptions are caught inside the task and returned as small failure records;
 * only {@link EvaluationResult}s travel back to the driver.
 *
 * <p>Failures: a Spark job that fails as a whole turns every candidate of that attempt into a
 * failure classified by {@link #jobFailureType}: lost executors (beyond {@code
 * spark.task.maxFailures}) and out-of-memory are retried up to {@code maxAttempts} (inherited
 * policy of {@link RetryingEvaluator}); any other job failure is internal and stops the run.
 *
 * <p>Driver-side object: not serialisable; the shipped task function holds only the factory.
 * Thread-safe as far as Spark job submission is.
 */
public final class SparkEvaluator extends RetryingEvaluator {
  private final JavaSparkContext context;
  private final int candidatesPerTask;

  /**
   * @param candidatesPerTask candidates per Spark task (1 = one task per candidate)
   * @param maxAttempts attempts per candidate for transient failures (first included)
   */
  public SparkEvaluator(SparkSession spark, ScorerFactory factory, int candidatesPerTask, int maxAttempts) {
    super(factory, maxAttempts);
    Objects.requireNonNull(spark, "spark is null");
    if (candidatesPerTask < 1) {
      throw new IllegalArgumentException("Invalid candidatesPerTask: " + candidatesPerTask);
    }
    this.context = JavaSparkContext.fromSparkContext(spark.sparkContext());
    this.candidatesPerTask = candidatesPerTask;
  }

  @Override
  protected List<EvaluationResult> evaluateAttempt(List<CandidateSpec> specs) {
    if (specs.isEmpty()) {
      return List.of();
    }
    List<CandidateSpec> ordered = new ArrayList<>(specs);
    ordered.sort(CandidateSpec.ORDER);
    List<List<CandidateSpec>> groups = balancedGroups(ordered, candidatesPerTask, factory());
    context.setJobGroup("tnas-search", "evaluate " + ordered.size() + " candidates (generation "
        + ordered.get(0).generation() + ", attempt " + ordered.get(0).attempt() + ")", false);
    try {
      List<EvaluationResult> results = new ArrayList<>(
          context.parallelize(groups, groups.size()).mapPartitions(new EvaluateTask(factory())).collect());
      results.sort(EvaluationResult.ORDER);
      return results;
    } catch (RuntimeException e) {
      // the job failed as a whole: lost executors and out-of-memory are worth another attempt, anything
      // else (a task function that cannot be serialised, a driver-side bug) stops the run
      ErrorType type = jobFailureType(e);
      List<EvaluationResult> failures = new ArrayList<>();
      for (CandidateSpec spec : ordered) {
        failures.add(EvaluationResult.failure(spec, "", EvaluationStatus.FAILED, type.name(),
            "Cannot run Spark evaluation job: " + e.getMessage(), 0, "driver"));
      }
      return failures;
    } finally {
      context.clearJobGroup();
    }
  }

  /**
   * How a failed evaluation job is classified, from its cause chain: an out-of-memory error is
   * INSUFFICIENT_RESOURCES, a lost executor or worker (Spark's "ExecutorLostFailure", "Executor
   * lost", "Lost executor", a task killed by a lost worker) EXTERNAL; both are retried by {@link
   * RetryingEvaluator}. Anything else is INTERNAL_ERROR and stops the run.
   */
  static ErrorType jobFailureType(Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
      if (cause instanceof OutOfMemoryError) {
        return ErrorType.INSUFFICIENT_RESOURCES;
      }
      String message = String.valueOf(cause.getMessage());
      if (message.contains("java.lang.OutOfMemoryError")) {
        return ErrorType.INSUFFICIENT_RESOURCES;
      }
      if (message.contains("ExecutorLostFailure") || message.contains("Executor lost")
          || message.contains("Lost executor") || message.contains("Worker lost") || message.contains("worker lost")) {
        return ErrorType.EXTERNAL;
      }
    }
    return ErrorType.INTERNAL_ERROR;
  }

  /**
   * Splits the candidates into {@code ceil(n / candidatesPerTask)} task groups of about equal
   * estimated work ({@link ScorerFactory#estimatedCost}): the most expensive candidate first, each
   * into the group with the least work so far (longest-processing-time rule), so that no task
   * holds all the large subnets while the others idle. Deterministic; the scores do not depend on
   * the grouping (each candidate's seed is its own), and results are re-ordered by candidate id.
   */
  static List<List<CandidateSpec>> balancedGroups(List<CandidateSpec> ordered, int candidatesPerTask, ScorerFactory factory) {
    int count = (ordered.size() + candidatesPerTask - 1) / candidatesPerTask;
    double[] cost = new double[ordered.size()];
    Integer[] byCost = new Integer[ordered.size()];
    for (int i = 0; i < ordered.size(); i++) {
      cost[i] = factory.estimatedCost(ordered.get(i).genome());
      byCost[i] = i;
    }
    java.util.Arrays.sort(byCost, (a, b) -> cost[a] != cost[b] ? Double.compare(cost[b], cost[a]) : Integer.compare(a, b));
    List<List<CandidateSpec>> groups = new ArrayList<>();
    double[] load = new double[count];
    for (int g = 0; g < count; g++) {
      groups.add(new ArrayList<>());
    }
    for (int index : byCost) {
      int target = 0;
      for (int g = 1; g < count; g++) {
        if (load[g] < load[target]) {
          target = g;
        }
      }
      groups.get(target).add(ordered.get(index));
      load[target] += cost[index];
    }
    // the heaviest group first: Spark starts tasks in partition order
    List<Integer> order = new ArrayList<>();
    for (int g = 0; g < count; g++) {
      order.add(g);
    }
    order.sort((a, b) -> load[a] != load[b] ? Double.compare(load[b], load[a]) : Integer.compare(a, b));
    List<List<CandidateSpec>> result = new ArrayList<>();
    for (int g : order) {
      List<CandidateSpec> group = groups.get(g);
      group.sort(CandidateSpec.ORDER);
      result.add(List.copyOf(group));
    }
    return result;
  }

  @Override
  public void close() {
    // the Spark session belongs to the caller
  }

  /** The task function: holds only the serialisable factory. */
  static final class EvaluateTask implements FlatMapFunction<Iterator<List<CandidateSpec>>, EvaluationResult> {
    private static final long serialVersionUID = 1L;
    private final ScorerFactory factory;

    EvaluateTask(ScorerFactory factory) {
      this.factory = factory;
    }

    @Override
    public Iterator<EvaluationResult> call(Iterator<List<CandidateSpec>> groups) {
      String executor = "executor-" + (SparkEnv.get() == null ? "unknown" : SparkEnv.get().executorId());
      List<EvaluationResult> results = new ArrayList<>();
      while (groups.hasNext()) {
        for (CandidateSpec spec : groups.next()) {
          results.add(CandidateRunner.run(spec, factory, executor));
        }
      }
      return results.iterator();
    }
  }
}
