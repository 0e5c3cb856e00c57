package org.tnas.search.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tnas.formats.errors.ProjectException;
import org.tnas.formats.util.Seeds;
import org.tnas.search.evaluation.CandidateSpec;
import org.tnas.search.evaluation.EvaluationResult;
import org.tnas.search.evaluation.EvaluationStatus;
import org.tnas.search.evaluation.FakeScorer;
import org.tnas.search.evaluation.InProcessEvaluator;
import org.tnas.search.evaluation.ScorerPool;
import org.tnas.search.evaluation.SupernetScorerFactory;
import org.tnas.search.evaluation.SupernetScorerTest;
import org.tnas.search.space.Genome;
import org.tnas.search.evaluation.ScoreDomain;
import org.tnas.search.space.SearchSpace;
import org.tnas.search.ttfs.HardwareConstraints;
import org.tnas.udfs.testing.LocalSpark;

class SparkEvaluatorTest extends LocalSpark {
  static final SearchSpace SPACE = SearchSpace.defaults(12, 32, 32, 4);

  static List<CandidateSpec> specs(SearchSpace space, int count, long seed) {
    List<CandidateSpec> specs = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      specs.add(CandidateSpec.first("run", seed, 1, i, Genome.random(space, Seeds.random(seed, i)).toCompactString()));
    }
    return specs;
  }

  static List<EvaluationResult> deterministic(List<EvaluationResult> results) {
    return results.stream().map(EvaluationResult::withoutRunEnvironment).toList();
  }

  @AfterEach
  void clearPool() {
    ScorerPool.clear();
  }

  @Test
  void sparkResultsEqualInProcessResultsInCandidateOrder() {
    FakeScorer.Factory factory = FakeScorer.Factory.of(SPACE, 5);
    List<CandidateSpec> specs = specs(SPACE, 30, 4);
    List<EvaluationResult> local;
    try (InProcessEvaluator evaluator = new InProcessEvaluator(factory, 2, 2)) {
      local = evaluator.evaluate(specs);
    }
    for (int perTask : new int[] {1, 4}) {
      List<EvaluationResult> distributed = new SparkEvaluator(spark, factory, perTask, 2).evaluate(specs);
      assertThat(deterministic(distributed)).isEqualTo(deterministic(local));
      assertThat(distributed).allMatch(r -> r.executorId().equals("executor-driver"));
    }
    assertThat(local).anyMatch(r -> r.status() == EvaluationStatus.INVALID);
  }

  @Test
  void candidatesAreGroupedIntoTasksOfAboutEqualEstimatedWork() {
    List<CandidateSpec> specs = specs(SPACE, 30, 9);
    SupernetScorerFactory costs = new SupernetScorerFactory("unused", SPACE,
        new org.tnas.search.evaluation.SyntheticDataSource(8, 12, 32, 32, 4, 0.1, 1, 0.5), 8, 1, 4, 1);
    List<List<CandidateSpec>> groups = SparkEvaluator.balancedGroups(specs, 4, costs);
    assertThat(groups).hasSize(8);
    assertThat(groups.stream().flatMap(List::stream).sorted(CandidateSpec.ORDER).toList()).isEqualTo(specs);
    double[] loads = groups.stream().mapToDouble(g -> g.stream().mapToDouble(c -> costs.estimatedCost(c.genome())).sum()).toArray();
    double largest = specs.stream().mapToDouble(c -> costs.estimatedCost(c.genome())).max().orElseThrow();
    // the longest-processing-time rule: no group exceeds the lightest by more than one candidate's cost
    assertThat(java.util.Arrays.stream(loads).max().orElseThrow() - java.util.Arrays.stream(loads).min().orElseThrow())
        .isLessThanOrEqualTo(largest);
    assertThat(loads).isSortedAccordingTo(java.util.Comparator.reverseOrder());
    assertThat(SparkEvaluator.balancedGroups(specs, 4, costs)).isEqualTo(groups);
    // unit costs: groups of at most ceil(30 / 8) candidates
    assertThat(SparkEvaluator.balancedGroups(specs, 4, FakeScorer.Factory.of(SPACE, 5))).allSatisfy(g -> assertThat(g.size()).isBetween(3, 4));
  }

  @Test
  void aFailedJobIsRetriedOnlyForLostExecutorsAndOutOfMemory() {
    org.apache.spark.SparkException lost = new org.apache.spark.SparkException("Job aborted due to stage failure: Task 3 "
        + "in stage 7.0 failed 4 times, most recent failure: Lost task 3.3 (TID 41) (127.0.0.1 executor 1): "
        + "ExecutorLostFailure (executor 1 exited caused by one of the running tasks) Reason: Worker lost");
    assertThat(SparkEvaluator.jobFailureType(lost)).isEqualTo(org.tnas.formats.errors.ErrorType.EXTERNAL);
    assertThat(SparkEvaluator.jobFailureType(new RuntimeException("wrapped", new OutOfMemoryError("Java heap space"))))
        .isEqualTo(org.tnas.formats.errors.ErrorType.INSUFFICIENT_RESOURCES);
    assertThat(SparkEvaluator.jobFailureType(new org.apache.spark.SparkException("Task not serializable",
        new java.io.NotSerializableException("org.tnas.Thing")))).isEqualTo(org.tnas.formats.errors.ErrorType.INTERNAL_ERROR);
  }

  @Test
  void transientFailuresInTasksAreRetriedAndInternalErrorsStop() {
    List<CandidateSpec> specs = specs(SPACE, 12, 6);
    FakeScorer.Factory flaky = new FakeScorer.Factory(SPACE, 5, "", "", 0, "");
    String prefix = Genome.parse(specs.get(3).genome()).activeHash().substring(0, 2);
    FakeScorer.Factory failing = new FakeScorer.Factory(SPACE, 5, "", prefix, 2, "");
    List<EvaluationResult> results = new SparkEvaluator(spark, failing, 1, 2).evaluate(specs);
    assertThat(results.get(3).attempt()).isEqualTo(2);
    assertThat(deterministic(results)).isEqualTo(deterministic(new SparkEvaluator(spark, flaky, 1, 1).evaluate(specs)));
    FakeScorer.Factory buggy = new FakeScorer.Factory(SPACE, 5, "", "", 0, prefix);
    assertThatThrownBy(() -> new SparkEvaluator(spark, buggy, 3, 2).evaluate(specs))
        .isInstanceOf(ProjectException.class)
        .hasMessageStartingWith("Cannot continue search: internal error evaluating candidate g0001-c00003 ("
            + specs.get(3).genome() + ") on executor executor-driver: java.lang.IllegalStateException: fake bug");
  }

  @Test
  void realSupernetScorerGivesTheSameResultsOnSparkAndInProcess(@TempDir Path directory) {
    SupernetScorerFactory factory = SupernetScorerTest.factory(SupernetScorerTest.trainCheckpoint(directory));
    List<CandidateSpec> specs = specs(SupernetScorerTest.SPACE, 4, 12);
    List<EvaluationResult> local;
    try (InProcessEvaluator evaluator = new InProcessEvaluator(factory, 2, 1)) {
      local = evaluator.evaluate(specs);
    }
    List<EvaluationResult> distributed = new SparkEvaluator(spark, factory, 1, 1).evaluate(specs);
    assertThat(local).allMatch(EvaluationResult::isOk);
    assertThat(deterministic(distributed)).isEqualTo(deterministic(local));
    assertThatThrownBy(() -> new SparkEvaluator(spark, factory, 0, 1)).hasMessage("Invalid candidatesPerTask: 0");
  }

  @Test
  void ttfsScoringUnderHardwareConstraintsGivesTheSameResultsOnSparkAndInProcess(@TempDir Path directory) {
    SupernetScorerFactory relu = SupernetScorerTest.factory(SupernetScorerTest.trainCheckpoint(directory));
    // the constraints travel inside the serialised factory to the executors
    SupernetScorerFactory factory = relu.withScore(ScoreDomain.TTFS, HardwareConstraints.NONE.withBits(3, 2));
    List<CandidateSpec> specs = specs(SupernetScorerTest.SPACE, 4, 13);
    List<EvaluationResult> local;
    try (InProcessEvaluator evaluator = new InProcessEvaluator(factory, 2, 1)) {
      local = evaluator.evaluate(specs);
    }
    List<EvaluationResult> distributed = new SparkEvaluator(spark, factory, 1, 1).evaluate(specs);
    assertThat(local).allMatch(EvaluationResult::isOk);
    assertThat(deterministic(distributed)).isEqualTo(deterministic(local));
    // and they were applied: some candidate's constrained score differs from its ReLU twin's
    assertThat(distributed).anyMatch(r -> r.war() != r.reluTwin().war() || r.uar() != r.reluTwin().uar());
  }
}
