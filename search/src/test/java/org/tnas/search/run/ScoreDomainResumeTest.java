package org.tnas.search.run;

import org.tnas.search.evaluation.ScoreDomain;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tnas.formats.config.StrictConfig;
import org.tnas.formats.errors.ProjectException;
import org.tnas.search.evaluation.FakeScorer;
import org.tnas.search.evaluation.InProcessEvaluator;
import org.tnas.search.evaluation.ScorerPool;
import org.tnas.search.space.SearchSpace;

/** The configuration hash of a run names the score domain and the TTFS constraints, and only for TTFS runs. */
class ScoreDomainResumeTest {
  static final SearchSpace SPACE = SearchSpace.defaults(12, 32, 32, 4);
  static final Configuration HADOOP = new Configuration();

  @TempDir Path dir;

  @AfterEach
  void clearPool() {
    ScorerPool.clear();
  }

  static SearchConf conf(Path output, String... keyValues) {
    Map<String, String> values = new TreeMap<>();
    values.put(SearchConf.OUTPUT.name(), output.toUri().toString());
    values.put(SearchConf.POPULATION_SIZE.name(), "6");
    values.put(SearchConf.TOP_K.name(), "2");
    values.put(SearchConf.MUTATION_COUNT.name(), "3");
    values.put(SearchConf.CROSSOVER_COUNT.name(), "3");
    values.put(SearchConf.GENERATIONS.name(), "2");
    for (int i = 0; i < keyValues.length; i += 2) {
      values.put(keyValues[i], keyValues[i + 1]);
    }
    return SearchConf.from(StrictConfig.builder(SearchConf.KEYS).layer(values, "test").build());
  }

  private static void run(SearchConf conf, FakeScorer.Factory factory) {
    try (InProcessEvaluator evaluator = new InProcessEvaluator(factory, 1, 1)) {
      SearchRun.run(conf, SPACE, evaluator, HADOOP);
    }
  }

  @Test
  void aReluRunsConfigurationIsTheOneOfRunsBeforeTheScoreDomainExisted() {
    FakeScorer.Factory factory = FakeScorer.Factory.of(SPACE, 3);
    try (InProcessEvaluator evaluator = new InProcessEvaluator(factory, 1, 1)) {
      // relu with constraints set: the constraints are unused, the keys and the hash those of old runs
      SearchConf relu = conf(dir.resolve("r"), "ttfs.weight-bits", "4", "ttfs.time-bits", "4");
      Map<String, String> configuration = SearchRun.configuration(relu, SPACE, evaluator);
      assertThat(configuration).containsOnlyKeys("search.run-id", "search.seed", "search.strategy", "search.mode",
          "search.population-size", "search.top-k", "search.mutation.count", "search.crossover.count",
          "search.mutation.probability", "search.generations", "search.fitness.lambda", "search.max-evaluations",
          "search-space", "scorer");
      assertThat(SearchRun.hash(configuration))
          .isEqualTo(SearchRun.hash(SearchRun.configuration(conf(dir.resolve("r")), SPACE, evaluator)));
      SearchConf ttfs = conf(dir.resolve("t"), "search.scoring.score", "ttfs", "ttfs.weight-bits", "4");
      assertThat(SearchRun.configuration(ttfs, SPACE, evaluator)).containsEntry("search.scoring.score", "TTFS")
          .containsEntry("ttfs.weight-bits", "4").containsEntry("ttfs.time-bits", "0")
          .containsEntry("ttfs.max-latency", "0.0");
      assertThat(SearchRun.hash(SearchRun.configuration(ttfs, SPACE, evaluator)))
          .isNotEqualTo(SearchRun.hash(configuration));
    }
  }

  @Test
  void aResumeInAnotherScoreDomainIsRefused() {
    FakeScorer.Factory factory = FakeScorer.Factory.of(SPACE, 5);
    SearchConf relu = conf(dir.resolve("run"));
    run(relu, factory);
    SearchConf ttfs = relu.withScore(ScoreDomain.TTFS).withResume(true);
    assertThatThrownBy(() -> run(ttfs, factory)).isInstanceOf(ProjectException.class)
        .hasMessage("Cannot resume " + relu.output() + ": configuration changed: search.scoring.score was null, now TTFS; "
            + "ttfs.max-latency was null, now 0.0; ttfs.time-bits was null, now 0; ttfs.weight-bits was null, now 0");
    // the unchanged relu run resumes
    run(relu.withResume(true), factory);
  }

  @Test
  void aTtfsResumeWithOtherConstraintsIsRefusedAndWithOtherEnergyCostsResumes() {
    FakeScorer.Factory factory = FakeScorer.Factory.of(SPACE, 7);
    Path output = dir.resolve("ttfs");
    SearchConf fourBits = conf(output, "search.scoring.score", "ttfs", "ttfs.weight-bits", "4", "ttfs.time-bits", "4");
    run(fourBits, factory);
    SearchConf twoBits = conf(output, "search.scoring.score", "ttfs", "ttfs.weight-bits", "2", "ttfs.time-bits", "4",
        "search.resume", "true");
    assertThatThrownBy(() -> run(twoBits, factory)).isInstanceOf(ProjectException.class)
        .hasMessage("Cannot resume " + twoBits.output() + ": configuration changed: ttfs.weight-bits was 4, now 2");
    SearchConf otherCosts = conf(output, "search.scoring.score", "ttfs", "ttfs.weight-bits", "4", "ttfs.time-bits", "4",
        "ttfs.tau-ms", "2.5", "ttfs.energy.synop-pj", "0.03", "search.resume", "true");
    run(otherCosts, factory);
  }
}
