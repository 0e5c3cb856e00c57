package org.tnas.search.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tnas.search.evaluation.EvaluationResult;
import org.tnas.search.evaluation.EvaluationStatus;
import org.tnas.search.evolution.StrategyKind;
import org.tnas.search.run.GenerationSummary;
import org.tnas.search.run.SearchResult;

class SearchReportTest {
  private static EvaluationResult row(String run, int generation, int index, double war, double synapticOperations) {
    return new EvaluationResult(run, generation, index, "D2:3x8N,3x8N", "h" + generation + index, 1L,
        EvaluationStatus.OK, "", "", war, war, List.of(), synapticOperations, 10, 10, 0.1, 0, "", 1);
  }

  private static SearchResult result(String run, StrategyKind kind, double[][] generations) {
    List<EvaluationResult> rows = new ArrayList<>();
    List<GenerationSummary> summaries = new ArrayList<>();
    double soFar = Double.NEGATIVE_INFINITY;
    for (int g = 0; g < generations.length; g++) {
      double best = Double.NEGATIVE_INFINITY;
      for (int i = 0; i < generations[g].length; i += 2) {
        rows.add(row(run, g, i / 2, generations[g][i], generations[g][i + 1]));
        best = Math.max(best, generations[g][i]);
      }
      soFar = Math.max(soFar, best);
      summaries.add(new GenerationSummary(g, generations[g].length / 2, generations[g].length / 2, best, best, soFar, 1));
    }
    return new SearchResult(run, "hash", kind, 0.5, rows, summaries, rows.get(0), List.of(), "/tmp", 0);
  }

  @Test
  void theReportComparesSearchAndRandomSearchPerGenerationInTheChartsAndTheModelCard() {
    // (WAR = UAR, SynOps) pairs per generation
    SearchResult search = result("evolution", StrategyKind.EVOLUTION,
        new double[][] {{0.5, 100, 0.4, 50}, {0.8, 100, 0.3, 200}});
    SearchResult random = result("random", StrategyKind.RANDOM, new double[][] {{0.6, 100}, {0.5, 50}});

    Chart fitness = SearchReport.fitnessChart(search, random);
    assertThat(fitness.series()).extracting(Chart.Series::name).contains("random search, best so far",
        "random search, best of generation");
    Chart.Series randomBest = fitness.series().stream()
        .filter(s -> s.name().equals("random search, best of generation")).findFirst().orElseThrow();
    assertThat(randomBest.y()).containsExactly(0.6, 0.5);
    assertThat(SearchReport.paretoChart(search, random).series()).extracting(Chart.Series::name)
        .contains("search: Pareto front", "random search: Pareto front");

    // reference 200 (largest SynOps); search gen 0 front: (0.4, 50), (0.5, 100): (50*0.4 + 100*0.5) / 200 = 0.35
    // search gen 1 adds (0.8, 100): (50*0.4 + 100*0.8) / 200 = 0.5; random gen 0: 100*0.6/200 = 0.3,
    // gen 1 adds (0.5, 50): (50*0.5 + 100*0.6) / 200 = 0.425
    String card = SearchReport.comparisonByGeneration(search, random, 200);
    assertThat(card).contains("| generation | search best | search best so far | random best | random best so far"
        + " | search hypervolume so far | random hypervolume so far |")
        .contains("| 0 | 0.5000 | 0.5000 | 0.6000 | 0.6000 | 0.3500 | 0.3000 |")
        .contains("| 1 | 0.8000 | 0.8000 | 0.5000 | 0.6000 | 0.5000 | 0.4250 |");
  }
}
