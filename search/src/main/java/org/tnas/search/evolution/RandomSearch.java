package org.tnas.search.evolution;

import java.util.ArrayList;
import java.util.List;
import org.tnas.search.space.Genome;
import org.tnas.search.space.SearchSpace;

/**
 * The random-search baseline: every generation is {@code populationSize} uniformly random legal,
 * never-seen genomes, for the same number of generations and the same evaluation budget as the
 * evolutionary strategy. Deterministic in the seed. Not thread-safe.
 */
public final class RandomSearch extends AbstractStrategy {
  /** A fresh random search. */
  public RandomSearch(EvolutionConfig config, SearchSpace space) {
    super(config, space);
  }

  @Override
  StrategyKind kind() {
    return StrategyKind.RANDOM;
  }

  @Override
  List<Genome> proposeGeneration(int wanted) {
    List<Genome> proposal = new ArrayList<>();
    refill(proposal, wanted);
    return proposal;
  }
}
