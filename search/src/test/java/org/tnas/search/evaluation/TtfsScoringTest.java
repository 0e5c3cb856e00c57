package org.tnas.search.evaluation;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tnas.formats.util.Seeds;
import org.tnas.search.evaluation.ScoreDomain;
import org.tnas.search.space.Genome;
import org.tnas.search.ttfs.HardwareConstraints;

/**
 * Scoring candidates with their TTFS net (TNAS-ER figure 4) on the tiny real supernet of {@link
 * SupernetScorerTest}: exact constraints reproduce the ReLU twin's scores, 2-bit weights do not, and
 * the factory's identity names the domain and constraints only when the TTFS net scores.
 */
class TtfsScoringTest {
  @TempDir static Path directory;
  static String checkpoint;

  @BeforeAll
  static void train() {
    checkpoint = SupernetScorerTest.trainCheckpoint(directory);
  }

  @AfterEach
  void clearPool() {
    ScorerPool.clear();
  }

  static List<CandidateSpec> specs(int count) {
    List<CandidateSpec> specs = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      specs.add(CandidateSpec.first("ttfs", 21, 0, i,
          Genome.random(SupernetScorerTest.SPACE, Seeds.random(21, i)).toCompactString()));
    }
    return specs;
  }

  static List<EvaluationResult> evaluate(SupernetScorerFactory factory, List<CandidateSpec> specs) {
    try (InProcessEvaluator evaluator = new InProcessEvaluator(factory, 1, 1)) {
      return evaluator.evaluate(specs);
    }
  }

  @Test
  void exactConstraintsScoreWhatTheReluTwinScores() {
    List<CandidateSpec> specs = specs(6);
    SupernetScorerFactory relu = SupernetScorerTest.factory(checkpoint);
    List<EvaluationResult> reluScored = evaluate(relu, specs);
    List<EvaluationResult> ttfsScored = evaluate(relu.withScore(ScoreDomain.TTFS, HardwareConstraints.NONE), specs);
    for (int i = 0; i < specs.size(); i++) {
      EvaluationResult r = reluScored.get(i);
      EvaluationResult t = ttfsScored.get(i);
      assertThat(r.status()).as(r.errorMessage()).isEqualTo(EvaluationStatus.OK);
      assertThat(t.status()).as(t.errorMessage()).isEqualTo(EvaluationStatus.OK);
      // the identity mapping: the simulated TTFS net predicts what the ReLU twin predicts
      assertThat(t.war()).as(t.genome()).isEqualTo(r.war());
      assertThat(t.uar()).as(t.genome()).isEqualTo(r.uar());
      assertThat(t.perClassRecall()).as(t.genome()).isEqualTo(r.perClassRecall());
      assertThat(t.reluTwin()).isEqualTo(new EvaluationResult.ReluTwin(r.war(), r.uar()));
      assertThat(r.reluTwin()).isEqualTo(new EvaluationResult.ReluTwin(r.war(), r.uar()));
      // SynOps of the TTFS-scored run come from the whole validation split, not the first 12 samples
      assertThat(t.synapticOperations()).isGreaterThan(0);
      assertThat(t.macs()).isEqualTo(r.macs());
    }
  }

  @Test
  void twoBitWeightsChangeTheScoreButNotTheReluTwin() {
    List<CandidateSpec> specs = specs(6);
    SupernetScorerFactory relu = SupernetScorerTest.factory(checkpoint);
    List<EvaluationResult> reluScored = evaluate(relu, specs);
    List<EvaluationResult> quantised = evaluate(relu.withScore(ScoreDomain.TTFS, HardwareConstraints.NONE.withBits(0, 2)),
        specs);
    int differing = 0;
    for (int i = 0; i < specs.size(); i++) {
      EvaluationResult r = reluScored.get(i);
      EvaluationResult q = quantised.get(i);
      assertThat(q.status()).as(q.errorMessage()).isEqualTo(EvaluationStatus.OK);
      assertThat(q.reluTwin()).isEqualTo(new EvaluationResult.ReluTwin(r.war(), r.uar()));
      if (q.war() != r.war() || !q.perClassRecall().equals(r.perClassRecall())) {
        differing++;
      }
    }
    assertThat(differing).as("candidates whose 2-bit TTFS score differs from the ReLU twin's").isGreaterThan(0);
    // and the mean WAR drops: 2-bit weights (values -1, 0, 1 times a scale) lose most of the net
    double reluMean = reluScored.stream().mapToDouble(EvaluationResult::war).average().orElseThrow();
    double quantisedMean = quantised.stream().mapToDouble(EvaluationResult::war).average().orElseThrow();
    assertThat(quantisedMean).isLessThan(reluMean);
  }

  @Test
  void theIdentityNamesTheScoreDomainAndTheConstraintsThatChangeAScore() {
    SupernetScorerFactory relu = SupernetScorerTest.factory("ckpt");
    // a ReLU-scored factory names what it named before the score domain existed: old runs resume
    assertThat(relu.identity()).isEqualTo("supernet(checkpoint=ckpt, space=" + SupernetScorerTest.SPACE + ", data="
        + SupernetScorerTest.DATA.identity() + ", batch=32, recalibration=2, spiking=12, threads=1)");
    assertThat(relu.withScore(ScoreDomain.RELU, HardwareConstraints.NONE.withBits(4, 4)).identity())
        .isEqualTo(relu.identity());
    SupernetScorerFactory exact = relu.withScore(ScoreDomain.TTFS, HardwareConstraints.NONE);
    SupernetScorerFactory fourBits = relu.withScore(ScoreDomain.TTFS, HardwareConstraints.NONE.withBits(4, 4));
    SupernetScorerFactory twoBitWeights = relu.withScore(ScoreDomain.TTFS, HardwareConstraints.NONE.withBits(4, 2));
    assertThat(exact.identity()).endsWith(", threads=1, score=ttfs(time-bits=0, weight-bits=0, max-latency=0.0))");
    assertThat(fourBits.identity()).endsWith(", score=ttfs(time-bits=4, weight-bits=4, max-latency=0.0))");
    assertThat(List.of(relu.identity(), exact.identity(), fourBits.identity(), twoBitWeights.identity()))
        .doesNotHaveDuplicates();
    HardwareConstraints latency = new HardwareConstraints(4, 4, 20, 1, 0.9, 0);
    assertThat(relu.withScore(ScoreDomain.TTFS, latency).identity()).endsWith("max-latency=20.0))");
    // the time constant and the energy costs change no score
    HardwareConstraints otherCosts = new HardwareConstraints(4, 4, 0, 2.5, 0.03, 0.1);
    assertThat(relu.withScore(ScoreDomain.TTFS, otherCosts).identity()).isEqualTo(fourBits.identity());
  }

  @Test
  void rowsOfRunCheckpointsWrittenBeforeTheReluTwinColumnReadTheirScoreAsTheTwin() throws Exception {
    // serialised by the code of commit 10b2449 (EvaluationResult without reluTwin)
    List<?> rows;
    try (InputStream bytes = TtfsScoringTest.class.getResourceAsStream("rows-before-relu-twin.bin");
        ObjectInputStream input = new ObjectInputStream(bytes)) {
      input.setObjectInputFilter(ObjectInputFilter.Config.createFilter("org.tnas.**;java.**;!*"));
      rows = (List<?>) input.readObject();
    }
    EvaluationResult ok = (EvaluationResult) rows.get(0);
    assertThat(ok.war()).isEqualTo(0.75);
    assertThat(ok.reluTwin()).isEqualTo(new EvaluationResult.ReluTwin(0.75, 0.625));
    assertThat(ok.reluFitness(0.5)).isEqualTo(ok.fitness(0.5));
    EvaluationResult invalid = (EvaluationResult) rows.get(1);
    assertThat(invalid.reluTwin().war()).isNaN();
    assertThat(invalid.reluFitness(0.5)).isNaN();
  }
}
