package org.tnas.search.evolution;

import java.io.Serializable;
import java.util.Locale;
import java.util.Objects;

/**
 * Settings of the evolutionary search (SEARCH.md section 1; defaults of the SPOS reference code).
 * Immutable and serialisable.
 *
 * @param populationSize candidates evaluated per generation (generation 0: all random)
 * @param topK parents kept from everything evaluated so far
 * @param mutationCount mutants proposed per generation (after generation 0)
 * @param crossoverCount crossover children proposed per generation (after generation 0)
 * @param mutationProbability probability that each gene is redrawn by a mutation
 * @param generations number of generations
 * @param lambda weight of UAR in the scalar fitness {@code lambda * UAR + (1 - lambda) * WAR}
 * @param mode scalar or Pareto (NSGA-II) ranking of parents
 * @param seed run seed; every random choice derives from it
 * @param maxEvaluations evaluation budget: at most this many candidates over the whole run; 0
 *     means {@code populationSize * generations}
 */
public record EvolutionConfig(
    int populationSize,
    int topK,
    int mutationCount,
    int crossoverCount,
    double mutationProbability,
    int generations,
    double lambda,
    FitnessMode mode,
    long seed,
    int maxEvaluations)
    implements Serializable {

  public EvolutionConfig {
    Objects.requireNonNull(mode, "mode is null");
    if (populationSize < 1) {
      throw new IllegalArgumentException("Invalid populationSize: " + populationSize);
    }
    if (topK < 1 || topK > populationSize) {
      throw new IllegalArgumentException("Invalid topK: " + topK + " (1.." + populationSize + ")");
    }
    if (mutationCount < 0 || crossoverCount < 0 || mutationCount + crossoverCount > populationSize) {
      throw new IllegalArgumentException("Invalid mutationCount + crossoverCount: " + mutationCount + " + "
          + crossoverCount + " (at most populationSize " + populationSize + ")");
    }
    if (!(mutationProbability >= 0 && mutationProbability <= 1)) {
      throw new IllegalArgumentException("Invalid mutationProbability: " + mutationProbability);
    }
    if (generations < 1) {
      throw new IllegalArgumentException("Invalid generations: " + generations);
    }
    if (!(lambda >= 0 && lambda <= 1)) {
      throw new IllegalArgumentException("Invalid lambda: " + lambda);
    }
    if (maxEvaluations < 0) {
      throw new IllegalArgumentException("Invalid maxEvaluations: " + maxEvaluations);
    }
  }

  /** SEARCH.md defaults: population 50, top-k 10, 25 mutations, 25 crossovers, p 0.1, 20 generations, lambda 0.5, scalar. */
  public static EvolutionConfig defaults(long seed) {
    return new EvolutionConfig(50, 10, 25, 25, 0.1, 20, 0.5, FitnessMode.SCALAR, seed, 0);
  }

  /** The effective evaluation budget. */
  public int evaluationBudget() {
    return maxEvaluations == 0 ? populationSize * generations : maxEvaluations;
  }

  /** A copy with other population settings. */
  public EvolutionConfig withPopulation(int population, int parents, int mutations, int crossovers) {
    return new EvolutionConfig(population, parents, mutations, crossovers, mutationProbability, generations, lambda,
        mode, seed, maxEvaluations);
  }

  /** A copy with another number of generations. */
  public EvolutionConfig withGenerations(int value) {
    return new EvolutionConfig(populationSize, topK, mutationCount, crossoverCount, mutationProbability, value, lambda,
        mode, seed, maxEvaluations);
  }

  /** A copy with another ranking mode. */
  public EvolutionConfig withMode(FitnessMode value) {
    return new EvolutionConfig(populationSize, topK, mutationCount, crossoverCount, mutationProbability, generations,
        lambda, value, seed, maxEvaluations);
  }

  /** A copy with another seed. */
  public EvolutionConfig withSeed(long value) {
    return new EvolutionConfig(populationSize, topK, mutationCount, crossoverCount, mutationProbability, generations,
        lambda, mode, value, maxEvaluations);
  }

  /** A copy with another lambda. */
  public EvolutionConfig withLambda(double value) {
    return new EvolutionConfig(populationSize, topK, mutationCount, crossoverCount, mutationProbability, generations,
        value, mode, seed, maxEvaluations);
  }

  /** A copy with another evaluation budget (0 = population x generations). */
  public EvolutionConfig withMaxEvaluations(int value) {
    return new EvolutionConfig(populationSize, topK, mutationCount, crossoverCount, mutationProbability, generations,
        lambda, mode, seed, value);
  }

  /** A canonical one-line text of every setting (hashed into run checkpoints). */
  public String canonicalText() {
    return String.format(Locale.ROOT,
        "population=%d topK=%d mutations=%d crossovers=%d mutationProbability=%s generations=%d lambda=%s mode=%s "
            + "seed=%d maxEvaluations=%d",
        populationSize, topK, mutationCount, crossoverCount, Double.toString(mutationProbability), generations,
        Double.toString(lambda), mode, seed, maxEvaluations);
  }
}
