package org.tnas.search.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tnas.formats.errors.ProjectException;
import org.tnas.search.evaluation.CandidateSpec;
import org.tnas.search.evaluation.EvaluationResult;
import org.tnas.search.evaluation.Evaluator;
import org.tnas.search.evaluation.FakeScorer;
import org.tnas.search.evaluation.InProcessEvaluator;
import org.tnas.search.evaluation.ScorerPool;
import org.tnas.search.evolution.EvolutionConfig;
import org.tnas.search.evolution.FitnessMode;
import org.tnas.search.evolution.Hypervolume;
import org.tnas.search.evolution.StrategyKind;
import org.tnas.search.results.ResultTable;
import org.tnas.search.space.SearchSpace;
import org.tnas.search.spark.SparkEvaluator;
import org.tnas.udfs.testing.LocalSpark;

class SearchRunTest extends LocalSpark {
  static final SearchSpace SPACE = SearchSpace.defaults(12, 32, 32, 4);
  static final Configuration HADOOP = new Configuration();

  @TempDir Path dir;

  @AfterEach
  void clearPool() {
    ScorerPool.clear();
  }

  static SearchConf conf(Path output, long seed, StrategyKind strategy) {
    return SearchConf.defaults(output.toUri().toString())
        .withEvolution(new EvolutionConfig(12, 4, 6, 6, 0.1, 5, 0.5, FitnessMode.SCALAR, seed, 0))
        .withRun("run-" + seed, output.toUri().toString(), strategy);
  }

  static List<EvaluationResult> comparable(List<EvaluationResult> results) {
    return results.stream().map(EvaluationResult::withoutRunEnvironment).toList();
  }

  @Test
  void theSameSeedGivesIdenticalTablesInProcessAndOnSpark() {
    FakeScorer.Factory factory = FakeScorer.Factory.of(SPACE, 11);
    SearchResult local;
    try (InProcessEvaluator evaluator = new InProcessEvaluator(factory, 2, 2)) {
      local = SearchRun.run(conf(dir.resolve("local"), 3, StrategyKind.EVOLUTION), SPACE, evaluator, HADOOP);
    }
    SearchResult again;
    try (InProcessEvaluator evaluator = new InProcessEvaluator(factory, 1, 2)) {
      again = SearchRun.run(conf(dir.resolve("again"), 3, StrategyKind.EVOLUTION), SPACE, evaluator, HADOOP);
    }
    SearchResult onSpark;
    try (SparkEvaluator evaluator = new SparkEvaluator(spark, factory, 1, 2)) {
      onSpark = SearchRun.run(conf(dir.resolve("spark"), 3, StrategyKind.EVOLUTION), SPACE, evaluator, HADOOP);
    }
    assertThat(local.results()).hasSize(60);
    assertThat(comparable(again.results())).isEqualTo(comparable(local.results()));
    assertThat(comparable(onSpark.results())).isEqualTo(comparable(local.results()));
    assertThat(onSpark.best().genome()).isEqualTo(local.best().genome());
    assertThat(onSpark.configHash()).isEqualTo(local.configHash());
    // the table on disk holds the same rows
    List<EvaluationResult> stored = ResultTable.read(
        new org.apache.hadoop.fs.Path(local.output(), SearchRun.RESULTS_FILE), HADOOP);
    assertThat(comparable(stored)).isEqualTo(comparable(local.results()));
  }

  /** An evaluator that dies (like a killed driver) when asked for generation {@code stopAt}. */
  record Dying(Evaluator delegate, int stopAt) implements Evaluator {
    @Override
    public List<EvaluationResult> evaluate(List<CandidateSpec> specs) {
      if (specs.get(0).generation() == stopAt) {
        throw new IllegalStateException("driver killed before generation " + stopAt);
      }
      return delegate.evaluate(specs);
    }

    @Override
    public String scorerIdentity() {
      return delegate.scorerIdentity();
    }

    @Override
    public void close() {
      delegate.close();
    }
  }

  @Test
  void aRunKilledAfterGenerationTwoAndResumedEndsAsAnUninterruptedRun() {
    FakeScorer.Factory factory = FakeScorer.Factory.of(SPACE, 17);
    SearchResult straight;
    try (InProcessEvaluator evaluator = new InProcessEvaluator(factory, 2, 2)) {
      straight = SearchRun.run(conf(dir.resolve("straight"), 5, StrategyKind.EVOLUTION), SPACE, evaluator, HADOOP);
    }
    SearchConf interrupted = conf(dir.resolve("interrupted"), 5, StrategyKind.EVOLUTION);
    try (InProcessEvaluator evaluator = new InProcessEvaluator(factory, 2, 2)) {
      assertThatThrownBy(() -> SearchRun.run(interrupted, SPACE, new Dying(evaluator, 2), HADOOP))
          .hasMessage("driver killed before generation 2");
    }
    assertThatThrownBy(() -> {
      try (InProcessEvaluator evaluator = new InProcessEvaluator(factory, 2, 2)) {
        SearchRun.run(interrupted, SPACE, evaluator, HADOOP);
      }
    }).isInstanceOf(ProjectException.class).hasMessageContaining("already holds a run").hasMessageContaining("--resume");
    SearchResult resumed;
    try (InProcessEvaluator evaluator = new InProcessEvaluator(factory, 2, 2)) {
      resumed = SearchRun.run(interrupted.withResume(true), SPACE, evaluator, HADOOP);
    }
    assertThat(resumed.resumedAfterGeneration()).isEqualTo(2);
    assertThat(comparable(resumed.results())).isEqualTo(comparable(straight.results()));
    assertThat(resumed.best().genome()).isEqualTo(straight.best().genome());
    assertThat(resumed.generations()).extracting(GenerationSummary::bestFitnessSoFar)
        .isEqualTo(straight.generations().stream().map(GenerationSummary::bestFitnessSoFar).toList());
  }

  @Test
  void aResumeWithAChangedConfigurationIsRefusedNamingTheChange() {
    FakeScorer.Factory factory = FakeScorer.Factory.of(SPACE, 17);
    SearchConf first = conf(dir.resolve("run"), 5, StrategyKind.EVOLUTION);
    try (InProcessEvaluator evaluator = new InProcessEvaluator(factory, 2, 2)) {
      SearchRun.run(first, SPACE, evaluator, HADOOP);
    }
    SearchConf changed = first.withEvolution(new EvolutionConfig(12, 4, 6, 6, 0.2, 5, 0.5, FitnessMode.SCALAR, 5, 0))
        .withResume(true);
    assertThatThrownBy(() -> {
      try (InProcessEvaluator evaluator = new InProcessEvaluator(factory, 2, 2)) {
        SearchRun.run(changed, SPACE, evaluator, HADOOP);
      }
    }).isInstanceOf(ProjectException.class)
        .hasMessage("Cannot resume " + first.output() + ": configuration changed: search.mutation.probability was 0.1, now 0.2");
  }

  @Test
  void evolutionBeatsRandomSearchAtEqualBudgetOverSeveralSeeds() {
    int evolutionWins = 0;
    int hypervolumeWins = 0;
    int seeds = 5;
    for (long seed = 1; seed <= seeds; seed++) {
      FakeScorer.Factory factory = FakeScorer.Factory.of(SPACE, 100 + seed);
      SearchResult evolution;
      SearchResult random;
      try (InProcessEvaluator evaluator = new InProcessEvaluator(factory, 2, 2)) {
        evolution = SearchRun.run(conf(dir.resolve("e" + seed), seed, StrategyKind.EVOLUTION), SPACE, evaluator, HADOOP);
        random = SearchRun.run(conf(dir.resolve("r" + seed), seed, StrategyKind.RANDOM), SPACE, evaluator, HADOOP);
      }
      assertThat(evolution.results()).hasSameSizeAs(random.results());
      if (evolution.best().fitness(0.5) > random.best().fitness(0.5)) {
        evolutionWins++;
      }
      double reference = Math.max(referenceOf(evolution), referenceOf(random));
      if (Hypervolume.of(points(evolution), reference) > Hypervolume.of(points(random), reference)) {
        hypervolumeWins++;
      }
    }
    assertThat(evolutionWins).as("seeds where evolution found the better best fitness").isGreaterThanOrEqualTo(4);
    assertThat(hypervolumeWins).as("seeds where evolution's front has the larger hypervolume").isGreaterThanOrEqualTo(3);
  }

  static List<Hypervolume.Point> points(SearchResult result) {
    List<Hypervolume.Point> points = new ArrayList<>();
    for (EvaluationResult row : result.validResults()) {
      points.add(new Hypervolume.Point(row.fitness(0.5), row.synapticOperations()));
    }
    return points;
  }

  static double referenceOf(SearchResult result) {
    return Hypervolume.referenceFor(points(result));
  }
}
