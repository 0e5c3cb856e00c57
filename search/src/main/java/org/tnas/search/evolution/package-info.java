/**
 * The search strategies of TNAS-ER (SEARCH.md section 1), free of Spark and DJL: {@link
 * org.tnas.search.evolution.EvolutionStrategy} (population, top-k, mutation, crossover, legal
 * refill, no re-evaluation), {@link org.tnas.search.evolution.RandomSearch} (the equal-budget
 * baseline), {@link org.tnas.search.evolution.NsgaRanking} (non-dominated sorting and crowding
 * distance) and {@link org.tnas.search.evolution.Hypervolume} (2-D accuracy vs SynOps). Strategies
 * are generation-synchronous and deterministic; their state (including the {@link
 * org.tnas.search.evolution.SplitMix64} RNG state) is checkpointable. Abbreviations: WAR, UAR
 * (weighted / unweighted average recall), SynOps (synaptic operations), NSGA (non-dominated
 * sorting genetic algorithm).
 */
package org.tnas.search.evolution;
