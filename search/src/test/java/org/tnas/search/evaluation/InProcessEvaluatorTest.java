package org.tnas.search.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.tnas.formats.errors.ProjectException;
import org.tnas.formats.util.Seeds;
import org.tnas.search.space.Genome;
import org.tnas.search.space.SearchSpace;

class InProcessEvaluatorTest {
  static final SearchSpace SPACE = SearchSpace.defaults(12, 32, 32, 4);

  /** Random genomes whose active hashes start with the given characters (and others). */
  static List<CandidateSpec> specs(int count, long seed) {
    List<CandidateSpec> specs = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      Genome genome = Genome.random(SPACE, Seeds.random(seed, i));
      specs.add(CandidateSpec.first("run", seed, 2, i, genome.toCompactString()));
    }
    return specs;
  }

  static Genome genomeWithPrefix(String prefix, long seed) {
    for (int i = 0; ; i++) {
      Genome genome = Genome.random(SPACE, Seeds.random(seed, 1000 + i));
      if (genome.activeHash().startsWith(prefix)) {
        return genome;
      }
    }
  }

  @AfterEach
  void clearPool() {
    ScorerPool.clear();
  }

  @Test
  void resultsAreOrderedByCandidateIdAndEqualTheLandscape() {
    FakeScorer.Factory factory = FakeScorer.Factory.of(SPACE, 5);
    List<CandidateSpec> specs = specs(40, 3);
    List<CandidateSpec> shuffled = new ArrayList<>(specs);
    java.util.Collections.reverse(shuffled);
    try (InProcessEvaluator evaluator = new InProcessEvaluator(factory, 3, 2)) {
      List<EvaluationResult> results = evaluator.evaluate(shuffled);
      assertThat(results).extracting(EvaluationResult::candidateId)
          .isEqualTo(specs.stream().map(CandidateSpec::candidateId).toList());
      for (int i = 0; i < specs.size(); i++) {
        EvaluationResult result = results.get(i);
        Genome genome = Genome.parse(specs.get(i).genome());
        assertThat(result.genomeHash()).isEqualTo(genome.hash());
        assertThat(result.seed()).isEqualTo(CandidateSpec.seedFor(3, 2, i));
        assertThat(result.attempt()).isEqualTo(1);
        assertThat(result.executorId()).startsWith("in-process-tnas-evaluator-");
        if (genome.activeHash().startsWith("f")) {
          assertThat(result.status()).isEqualTo(EvaluationStatus.INVALID);
          assertThat(result.errorType()).isEqualTo("USER_ERROR");
          assertThat(result.errorMessage()).isEqualTo("Invalid validation loss: NaN for genome " + genome);
          assertThat(result.war()).isNaN();
        } else {
          CandidateScore expected = FakeScorer.landscape(SPACE, 5, genome);
          assertThat(result.status()).isEqualTo(EvaluationStatus.OK);
          assertThat(result.war()).isEqualTo(expected.war());
          assertThat(result.perClassRecall()).isEqualTo(expected.perClassRecall());
          assertThat(result.synapticOperations()).isEqualTo(expected.synapticOperations());
        }
      }
      assertThat(results).anyMatch(r -> r.status() == EvaluationStatus.INVALID);
      assertThat(ScorerPool.created(factory)).isBetween(1, 3);
    }
  }

  @Test
  void budgetViolationsAreInvalidWithoutScoring() {
    SearchSpace tight = SPACE.withBudgets(Long.MAX_VALUE, Long.MAX_VALUE, 1);
    FakeScorer.Factory factory = new FakeScorer.Factory(tight, 5, "", "", 0, "");
    Genome genome = Genome.random(tight, Seeds.random(1, 2));
    try (InProcessEvaluator evaluator = new InProcessEvaluator(factory, 1, 1)) {
      EvaluationResult result = evaluator.evaluate(List.of(CandidateSpec.first("run", 1, 0, 0, genome.toString())))
          .get(0);
      assertThat(result.status()).isEqualTo(EvaluationStatus.INVALID);
      assertThat(result.errorMessage()).startsWith("Invalid candidate: SynOps ").endsWith(" > budget 1");
      assertThat(result.war()).isEqualTo(FakeScorer.landscape(tight, 5, genome).war());
    }
  }

  @Test
  void transientFailuresAreRetriedBoundedly() {
    Genome flaky = genomeWithPrefix("a", 1);
    List<CandidateSpec> specs = List.of(CandidateSpec.first("run", 1, 0, 0, flaky.toString()));
    // fails on attempts 1 and 2, succeeds on 3
    FakeScorer.Factory factory = new FakeScorer.Factory(SPACE, 5, "", "a", 3, "");
    try (InProcessEvaluator evaluator = new InProcessEvaluator(factory, 2, 3)) {
      EvaluationResult result = evaluator.evaluate(specs).get(0);
      assertThat(result.status()).isEqualTo(EvaluationStatus.OK);
      assertThat(result.attempt()).isEqualTo(3);
      assertThat(result.withoutRunEnvironment()).isEqualTo(
          EvaluationResult.ok(specs.get(0), flaky.hash(), FakeScorer.landscape(SPACE, 5, flaky), 0, ""));
    }
    try (InProcessEvaluator evaluator = new InProcessEvaluator(factory, 2, 2)) {
      assertThatThrownBy(() -> evaluator.evaluate(specs))
          .isInstanceOf(ProjectException.class)
          .hasMessage("Cannot evaluate candidate g0000-c00000 (" + flaky + "): INSUFFICIENT_RESOURCES failure in all 2 "
              + "attempts, last: Cannot evaluate: fake out of memory for " + flaky)
          .extracting(e -> ((ProjectException) e).code()).isEqualTo(EvaluationErrorCode.RETRIES_EXHAUSTED);
    }
  }

  @Test
  void internalErrorsStopTheRunWithTheCandidateNamed() {
    Genome buggy = genomeWithPrefix("b", 2);
    FakeScorer.Factory factory = new FakeScorer.Factory(SPACE, 5, "", "", 0, "b");
    List<CandidateSpec> specs = new ArrayList<>(specs(3, 9));
    specs.add(CandidateSpec.first("run", 9, 2, 3, buggy.toString()));
    try (InProcessEvaluator evaluator = new InProcessEvaluator(factory, 2, 3)) {
      assertThatThrownBy(() -> evaluator.evaluate(specs))
          .isInstanceOf(ProjectException.class)
          .hasMessageStartingWith("Cannot continue search: internal error evaluating candidate g0002-c00003 (" + buggy
              + ") on executor in-process-tnas-evaluator-")
          .hasMessageEndingWith(": java.lang.IllegalStateException: fake bug for " + buggy);
    }
  }

  @Test
  void specsAndResultsValidateTheirFields() {
    assertThatThrownBy(() -> new CandidateSpec("run", -1, 0, "D3:x", 0, 1)).hasMessage("Invalid generation: -1");
    assertThatThrownBy(() -> new CandidateSpec("run", 0, 0, "D3:x", 0, 0)).hasMessage("Invalid attempt: 0");
    assertThatThrownBy(() -> new CandidateSpec(null, 0, 0, "D3:x", 0, 1)).hasMessage("runId is null");
    assertThatThrownBy(() -> new InProcessEvaluator(FakeScorer.Factory.of(SPACE, 1), 0, 1))
        .hasMessage("Invalid threads: 0");
    CandidateSpec spec = CandidateSpec.first("run", 1, 0, 0, "D3:x");
    assertThatThrownBy(() -> EvaluationResult.failure(spec, "", EvaluationStatus.OK, "", "", 0, ""))
        .hasMessage("Invalid status: OK for a failure");
    assertThat(spec.candidateId()).isEqualTo("g0000-c00000");
  }
}
