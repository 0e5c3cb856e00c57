package org.tnas.pipelines.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tnas.formats.errors.ProjectException;
import org.tnas.search.evaluation.EvaluationResult;
import org.tnas.search.report.ScoreComparison;
import org.tnas.udfs.testing.LocalSpark;

class ScoreComparisonJobTest {
  @Test
  void runsBothSearchesOnOneSupernetAndWritesTheChartAndTable(@TempDir Path dir) throws Exception {
    PipelineSettings settings = PipelineJobTest.settings(dir.resolve("compare"), Map.of("ttfs.weight-bits", "2",
        "ttfs.time-bits", "4", "pipeline.final-model", "false", "pipeline.evaluator", "in-process"));
    ScoreComparisonJob.Result result = ScoreComparisonJob.run(settings, LocalSpark.session());

    assertThat(result.relu().results()).hasSize(8);
    assertThat(result.ttfs().results()).hasSize(8);
    assertThat(result.rows()).hasSize(2);
    // generation 0 proposes the same genomes with the same seeds in both runs: the TTFS-scored run's
    // ReLU-twin columns are the ReLU-scored run's scores (both domains on one scale)
    for (int i = 0; i < 4; i++) {
      EvaluationResult relu = result.relu().results().get(i);
      EvaluationResult ttfs = result.ttfs().results().get(i);
      assertThat(ttfs.genome()).isEqualTo(relu.genome());
      assertThat(ttfs.reluTwin()).isEqualTo(new EvaluationResult.ReluTwin(relu.war(), relu.uar()));
    }
    // 2-bit weights: the TTFS net does not score what its ReLU twin scores
    assertThat(result.ttfs().validResults()).anyMatch(r -> r.war() != r.reluTwin().war());
    // the ReLU-scored winners scored again as TTFS, with their seeds: the same ReLU twin
    assertThat(result.reluWinnersOnTtfs()).isNotEmpty();
    for (EvaluationResult rescored : result.reluWinnersOnTtfs()) {
      EvaluationResult original = result.relu().results().stream()
          .filter(r -> r.generation() == rescored.generation() && r.candidateIndex() == rescored.candidateIndex())
          .findFirst().orElseThrow();
      assertThat(rescored.genome()).isEqualTo(original.genome());
      assertThat(rescored.reluTwin()).isEqualTo(original.reluTwin());
    }
    ScoreComparison.Row last = result.rows().get(1);
    assertThat(last.reluBestSoFar()).isEqualTo(result.relu().best().fitness(0.5));
    assertThat(last.ttfsBestSoFar()).isEqualTo(result.ttfs().best().fitness(0.5));
    assertThat(last.reluBestSoFarOnTtfs()).isBetween(0.0, 1.0);

    Path report = dir.resolve("compare/report");
    assertThat(report.resolve(ScoreComparison.CHART)).isNotEmptyFile();
    assertThat(Files.readAllBytes(report.resolve(ScoreComparison.CHART))).startsWith(0x89, 'P', 'N', 'G');
    List<String> csv = Files.readAllLines(report.resolve(ScoreComparison.TABLE), StandardCharsets.UTF_8);
    assertThat(csv).hasSize(3);
    assertThat(csv.get(0)).startsWith("generation,relu_best,relu_median,relu_best_so_far,");
    assertThat(Files.readString(report.resolve(ScoreComparison.CARD)))
        .contains("spike times 4 bit, weights 2 bit, latency unbounded").contains("## Provenance");
    assertThat(dir.resolve("compare/relu/results.arrow")).isNotEmptyFile();
    assertThat(dir.resolve("compare/ttfs/results.arrow")).isNotEmptyFile();

    // a second run into the same output is refused before anything trains
    assertThatThrownBy(() -> ScoreComparisonJob.run(settings, LocalSpark.session()))
        .isInstanceOf(ProjectException.class).hasMessageStartingWith("Cannot start run search-relu: ");
  }
}
