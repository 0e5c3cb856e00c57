/**
 * The architecture search space of TNAS-ER (SEARCH.md): {@link org.tnas.search.space.SearchSpace}
 * (choices, input, head, budgets), {@link org.tnas.search.space.Genome} (depth + per-block genes,
 * canonical string, SHA-256 hash, random/mutation/crossover with explicit RNG) and the concrete
 * layer shapes of a subnet ({@link org.tnas.search.space.SubnetPlan}) with its parameter and MAC
 * counts. Pure Java, no DJL or Spark. Abbreviations used: MAC = multiply-accumulate, SynOps =
 * synaptic operations.
 */
package org.tnas.search.space;
