package org.tnas.search.evolution;

/** How candidates are ranked when parents are chosen (SEARCH.md section 1). */
public enum FitnessMode {
  /** Scalar fitness {@code lambda * UAR + (1 - lambda) * WAR}, highest first. */
  SCALAR,
  /** NSGA-II: non-dominated sorting on (WAR, UAR, -SynOps), then crowding distance. */
  PARETO
}
