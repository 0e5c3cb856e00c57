package org.tnas.search.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tnas.search.evaluation.EvaluationResult;
import org.tnas.search.evaluation.EvaluationStatus;
import org.tnas.search.evolution.StrategyKind;
import org.tnas.search.run.GenerationSummary;
import org.tnas.search.run.SearchResult;

class ScoreComparisonTest {
  private static EvaluationResult row(String run, int generation, int index, String genome, double war,
      double reluWar) {
    return new EvaluationResult(run, generation, index, genome, "h", 7, EvaluationStatus.OK, "", "", war, war,
        List.of(war), 100, 200, 30, 0.2, 0.1, "driver", 1, new EvaluationResult.ReluTwin(reluWar, reluWar));
  }

  private static EvaluationResult invalid(String run, int generation, int index) {
    return EvaluationResult.failure(new org.tnas.search.evaluation.CandidateSpec(run, generation, index, "D2:3x8S,3x8S",
        7, 1), "h", EvaluationStatus.INVALID, "USER_ERROR", "Invalid candidate: x", 0.1, "driver");
  }

  private static SearchResult run(String id, double lambda, List<EvaluationResult> rows) {
    List<GenerationSummary> generations = new ArrayList<>();
    double soFar = Double.NEGATIVE_INFINITY;
    for (int g = 0; g <= rows.get(rows.size() - 1).generation(); g++) {
      final int generation = g;
      double[] fitness = rows.stream().filter(r -> r.generation() == generation && r.isOk())
          .mapToDouble(r -> r.fitness(lambda)).sorted().toArray();
      double best = fitness.length == 0 ? Double.NaN : fitness[fitness.length - 1];
      soFar = fitness.length == 0 ? soFar : Math.max(soFar, best);
      generations.add(new GenerationSummary(g, 2, fitness.length, best,
          fitness.length == 0 ? Double.NaN : fitness[fitness.length / 2], soFar, 0.1));
    }
    return new SearchResult(id, "hash", StrategyKind.EVOLUTION, lambda, rows, generations, null, List.of(), "out", 0);
  }

  @Test
  void eachRunsBestSoFarIsReadInTheOtherDomain(@TempDir Path dir) throws Exception {
    SearchResult relu = run("r", 0.5, List.of(invalid("r", 0, 0), invalid("r", 0, 1), row("r", 1, 0, "A", 0.6, 0.6),
        row("r", 1, 1, "B", 0.6, 0.6), row("r", 2, 0, "C", 0.5, 0.5), row("r", 2, 1, "D", 0.7, 0.7)));
    SearchResult ttfs = run("t", 0.5, List.of(row("t", 0, 0, "E", 0.3, 0.55), row("t", 0, 1, "F", 0.4, 0.45),
        row("t", 1, 0, "G", 0.35, 0.65), row("t", 1, 1, "H", 0.2, 0.7), row("t", 2, 0, "I", 0.5, 0.58),
        row("t", 2, 1, "J", 0.1, 0.2)));
    // the ReLU-scored winners A (tie with B: first in candidate order wins) and D, scored as TTFS
    List<EvaluationResult> rescored = List.of(row("r-as-ttfs", 1, 0, "A", 0.25, 0.6), row("r-as-ttfs", 2, 1, "D", 0.45, 0.7));
    assertThat(ScoreComparison.bestSoFar(relu)).extracting(r -> r == null ? null : r.genome())
        .containsExactly(null, "A", "D");

    List<ScoreComparison.Row> rows = ScoreComparison.write(new org.apache.hadoop.fs.Path(dir.toUri()), new Configuration(),
        relu, ttfs, rescored, "spike times 4 bit, weights 4 bit, latency unbounded", "## Provenance\n");
    assertThat(rows).hasSize(3);
    assertThat(rows.get(0).reluBestSoFar()).isNaN();
    assertThat(rows.get(0).reluBestSoFarOnTtfs()).isNaN();
    assertThat(rows.get(0).ttfsBestSoFarGenome()).isEqualTo("F");
    assertThat(rows.get(0).ttfsBestSoFarOnRelu()).isEqualTo(0.45);
    assertThat(rows.get(1).reluBestSoFarGenome()).isEqualTo("A");
    assertThat(rows.get(1).reluBestSoFarOnTtfs()).isEqualTo(0.25);
    assertThat(rows.get(2).reluBestSoFar()).isEqualTo(0.7);
    assertThat(rows.get(2).reluBestSoFarOnTtfs()).isEqualTo(0.45);
    assertThat(rows.get(2).ttfsBestSoFar()).isEqualTo(0.5);
    assertThat(rows.get(2).ttfsBestSoFarOnRelu()).isEqualTo(0.58);

    assertThat(Files.readAllBytes(dir.resolve(ScoreComparison.CHART))).startsWith(0x89, 'P', 'N', 'G');
    assertThat(Files.readAllLines(dir.resolve(ScoreComparison.TABLE), StandardCharsets.UTF_8)).containsExactly(
        "generation,relu_best,relu_median,relu_best_so_far,relu_best_so_far_genome,relu_best_so_far_on_ttfs,ttfs_best,"
            + "ttfs_median,ttfs_best_so_far,ttfs_best_so_far_genome,ttfs_best_so_far_on_relu",
        "0,,,,\"\",,0.400000,0.400000,0.400000,\"F\",0.450000",
        "1,0.600000,0.600000,0.600000,\"A\",0.250000,0.350000,0.350000,0.400000,\"F\",0.450000",
        "2,0.700000,0.700000,0.700000,\"D\",0.450000,0.500000,0.500000,0.500000,\"I\",0.580000");
    assertThat(Files.readString(dir.resolve(ScoreComparison.CARD)))
        .contains("| 2 | 0.7000 | 0.7000 | 0.7000 | 0.4500 | 0.5000 | 0.5000 | 0.5000 | 0.5800 |")
        .contains("the TTFS-scored winner minus the ReLU-scored winner = 0.0500").endsWith("## Provenance\n");
    assertThat(ScoreComparison.chart(rows, 0.5, "x").series()).hasSize(6);
  }

  @Test
  void runsOfDifferentFitnessWeightsAreNotCompared() {
    SearchResult relu = run("r", 0.5, List.of(row("r", 0, 0, "A", 0.6, 0.6)));
    SearchResult ttfs = run("t", 0.33, List.of(row("t", 0, 0, "A", 0.6, 0.6)));
    assertThatThrownBy(() -> ScoreComparison.rows(relu, ttfs, List.of()))
        .hasMessage("Cannot compare runs of different fitness weights: lambda 0.5 and 0.33");
  }
}
