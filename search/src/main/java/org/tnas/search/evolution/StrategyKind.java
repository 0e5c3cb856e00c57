package org.tnas.search.evolution;

/** Which search strategy proposes the candidates. */
public enum StrategyKind {
  /** The evolutionary strategy of SEARCH.md ({@link EvolutionStrategy}). */
  EVOLUTION,
  /** Uniform random legal candidates with the same evaluation budget ({@link RandomSearch}). */
  RANDOM
}
