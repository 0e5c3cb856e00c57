package org.tnas.search.run;

import java.util.List;
import java.util.Objects;
import org.tnas.search.evaluation.EvaluationResult;
import org.tnas.search.evolution.StrategyKind;

/**
 * What a search run hands back: every evaluation in candidate order, per-generation statistics,
 * the best candidate by scalar fitness, the Pareto front on (WAR, UAR, -SynOps) of the valid
 * candidates, and where the files are. Immutable.
 *
 * @param resumedAfterGeneration generations loaded from a checkpoint (0 for a fresh run)
 * @param best the valid candidate with the highest scalar fitness (first in candidate order on ties),
 *     or null if no candidate was valid
 */
public record SearchResult(String runId, String configHash, StrategyKind strategy, double lambda,
    List<EvaluationResult> results, List<GenerationSummary> generations, EvaluationResult best,
    List<EvaluationResult> paretoFront, String output, int resumedAfterGeneration) {
  public SearchResult {
    Objects.requireNonNull(runId, "runId is null");
    Objects.requireNonNull(configHash, "configHash is null");
    Objects.requireNonNull(strategy, "strategy is null");
    results = List.copyOf(Objects.requireNonNull(results, "results is null"));
    generations = List.copyOf(Objects.requireNonNull(generations, "generations is null"));
    paretoFront = List.copyOf(Objects.requireNonNull(paretoFront, "paretoFront is null"));
    Objects.requireNonNull(output, "output is null");
  }

  /** Valid evaluations only. */
  public List<EvaluationResult> validResults() {
    return results.stream().filter(EvaluationResult::isOk).toList();
  }
}
