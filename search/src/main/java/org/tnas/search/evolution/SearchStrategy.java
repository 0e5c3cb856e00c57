package org.tnas.search.evolution;

import java.util.List;
import org.tnas.search.space.Genome;
import org.tnas.search.space.SearchSpace;

/**
 * A generation-synchronous search strategy: {@link #propose()} the candidates of the next
 * generation, evaluate them elsewhere, then {@link #observe} their scores in candidate-index order.
 * The strategy never sees how candidates are evaluated (threads or Spark). Deterministic: the same
 * config, space and observed scores give the same proposals. Not thread-safe.
 */
public interface SearchStrategy {
  /**
   * The genomes of the next generation in candidate-index order: legal (valid and within the
   * parameter and MAC budgets) and never proposed before. Empty when the search is finished.
   *
   * @throws IllegalStateException "Cannot propose: ..." when the previous proposal was not observed
   */
  List<Genome> propose();

  /**
   * Records the scores of the last proposal, one per proposed genome, in the same order.
   *
   * @throws IllegalArgumentException "Invalid scores: ..." when they do not match the proposal
   */
  void observe(List<ScoredGenome> scores);

  /** Whether the generations or the evaluation budget are used up. */
  boolean isFinished();

  /** Generations observed so far. */
  int completedGenerations();

  /** Every scored candidate so far, in (generation, candidate index) order. */
  List<ScoredGenome> archive();

  /** The state to checkpoint (only between generations). */
  StrategyState state();

  /** A fresh strategy of {@code kind}. */
  static SearchStrategy create(StrategyKind kind, EvolutionConfig config, SearchSpace space) {
    return kind == StrategyKind.EVOLUTION ? new EvolutionStrategy(config, space) : new RandomSearch(config, space);
  }

  /** A strategy continuing from a checkpointed state. */
  static SearchStrategy restore(StrategyState state, EvolutionConfig config, SearchSpace space) {
    SearchStrategy strategy = create(state.kind(), config, space);
    ((AbstractStrategy) strategy).restore(state);
    return strategy;
  }
}
