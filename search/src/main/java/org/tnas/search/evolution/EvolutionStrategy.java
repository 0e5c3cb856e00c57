package org.tnas.search.evolution;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.tnas.search.space.Genome;
import org.tnas.search.space.SearchSpace;

/**
 * The evolutionary strategy of SEARCH.md (the SPOS reference procedure). Generation 0 is {@code
 * populationSize} random legal genomes. Every later generation takes the top-k parents among
 * everything evaluated so far ({@link #parents()}), then proposes up to {@code mutationCount}
 * mutants (a uniformly chosen parent, each gene redrawn with {@code mutationProbability}) and up to
 * {@code crossoverCount} uniform-crossover children of two distinct parents, and refills the rest
 * with random legal genomes. Legal means valid in the space, within the parameter and MAC budgets
 * ({@link SearchSpace#checkBudget}) and never proposed before (by active hash, so the same subnet
 * is never evaluated twice). Each operator gets {@code 10x} its count in attempts, as in SPOS.
 *
 * <p>Parents: in {@link FitnessMode#SCALAR} mode, the k highest {@code lambda * UAR + (1 - lambda)
 * * WAR}; in {@link FitnessMode#PARETO} mode, the first k by NSGA-II order on (WAR, UAR, -SynOps).
 * Invalid candidates are never parents. Ties keep (generation, candidate index) order.
 *
 * <p>Deterministic: all randomness comes from a {@link SplitMix64} seeded from the run seed, whose
 * state is part of {@link #state()}. Not thread-safe.
 */
public final class EvolutionStrategy extends AbstractStrategy {
  /** A fresh strategy. */
  public EvolutionStrategy(EvolutionConfig config, SearchSpace space) {
    super(config, space);
  }

  @Override
  StrategyKind kind() {
    return StrategyKind.EVOLUTION;
  }

  /** The current top-k parents, best first (empty before generation 0 is observed). */
  public List<ScoredGenome> parents() {
    List<ScoredGenome> valid = new ArrayList<>();
    for (ScoredGenome scored : archive) {
      if (scored.valid() && Double.isFinite(scored.fitness(config.lambda()))) {
        valid.add(scored);
      }
    }
    List<ScoredGenome> ordered = rank(valid, config.mode(), config.lambda());
    return List.copyOf(ordered.subList(0, Math.min(config.topK(), ordered.size())));
  }

  /** Orders valid scored genomes best first under the given mode (stable for ties). */
  public static List<ScoredGenome> rank(List<ScoredGenome> valid, FitnessMode mode, double lambda) {
    if (mode == FitnessMode.SCALAR) {
      List<ScoredGenome> sorted = new ArrayList<>(valid);
      sorted.sort(Comparator.comparingDouble((ScoredGenome s) -> s.fitness(lambda)).reversed());
      return sorted;
    }
    double[][] objectives = new double[valid.size()][];
    for (int i = 0; i < objectives.length; i++) {
      objectives[i] = valid.get(i).objectives();
    }
    List<ScoredGenome> sorted = new ArrayList<>();
    for (int index : NsgaRanking.order(objectives)) {
      sorted.add(valid.get(index));
    }
    return sorted;
  }

  @Override
  List<Genome> proposeGeneration(int wanted) {
    List<Genome> proposal = new ArrayList<>();
    List<ScoredGenome> parents = parents();
    if (completedGenerations > 0 && !parents.isEmpty()) {
      List<Genome> parentGenomes = new ArrayList<>();
      for (ScoredGenome parent : parents) {
        parentGenomes.add(Genome.parse(parent.genome()));
      }
      int mutations = Math.min(config.mutationCount(), wanted);
      int attempts = 10 * mutations;
      int made = 0;
      while (made < mutations && attempts-- > 0) {
        Genome parent = parentGenomes.get(random.nextInt(parentGenomes.size()));
        if (offer(parent.mutate(space, random.nextRandom(), config.mutationProbability()), proposal)) {
          made++;
        }
      }
      int crossovers = Math.min(config.crossoverCount(), wanted - proposal.size());
      attempts = 10 * crossovers;
      made = 0;
      while (made < crossovers && attempts-- > 0 && parentGenomes.size() > 1) {
        int first = random.nextInt(parentGenomes.size());
        int second = random.nextInt(parentGenomes.size() - 1);
        if (second >= first) {
          second++;
        }
        Genome child = parentGenomes.get(first).crossover(parentGenomes.get(second), space, random.nextRandom());
        if (offer(child, proposal)) {
          made++;
        }
      }
    }
    refill(proposal, wanted);
    return proposal;
  }
}
