package org.tnas.search.evolution;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.tnas.formats.util.Seeds;
import org.tnas.search.space.Genome;
import org.tnas.search.space.SearchSpace;

/** The bookkeeping shared by the strategies: RNG, archive, seen set, budget, legal refill. */
abstract class AbstractStrategy implements SearchStrategy {
  /** Attempts per wanted candidate before a generation is left short (small or exhausted spaces). */
  static final int ATTEMPTS_PER_CANDIDATE = 20;

  final EvolutionConfig config;
  final SearchSpace space;
  SplitMix64 random;
  final List<ScoredGenome> archive = new ArrayList<>();
  /** Active hashes of every proposed genome: the same subnet is never evaluated twice. */
  final Set<String> seen = new HashSet<>();
  int completedGenerations;
  List<Genome> pending;

  AbstractStrategy(EvolutionConfig config, SearchSpace space) {
    this.config = Objects.requireNonNull(config, "config is null");
    this.space = Objects.requireNonNull(space, "space is null");
    this.random = new SplitMix64(Seeds.derive(config.seed(), Seeds.stableHash(kind().name())));
  }

  abstract StrategyKind kind();

  /** The proposals of generation {@code completedGenerations} (budget already checked). */
  abstract List<Genome> proposeGeneration(int wanted);

  @Override
  public final List<Genome> propose() {
    if (pending != null) {
      throw new IllegalStateException("Cannot propose: generation " + completedGenerations
          + " has not been observed yet");
    }
    if (isFinished()) {
      return List.of();
    }
    int wanted = Math.min(config.populationSize(), config.evaluationBudget() - archive.size());
    List<Genome> proposal = List.copyOf(proposeGeneration(wanted));
    pending = proposal;
    return proposal;
  }

  @Override
  public final void observe(List<ScoredGenome> scores) {
    Objects.requireNonNull(scores, "scores is null");
    if (pending == null) {
      throw new IllegalStateException("Cannot observe: nothing was proposed");
    }
    if (scores.size() != pending.size()) {
      throw new IllegalArgumentException("Invalid scores: " + scores.size() + " for " + pending.size() + " candidates");
    }
    for (int i = 0; i < scores.size(); i++) {
      ScoredGenome score = scores.get(i);
      if (score.candidateIndex() != i || score.generation() != completedGenerations
          || !score.genome().equals(pending.get(i).toCompactString())) {
        throw new IllegalArgumentException("Invalid scores: entry " + i + " is " + score.genome() + " (generation "
            + score.generation() + ", index " + score.candidateIndex() + "), expected " + pending.get(i)
            + " (generation " + completedGenerations + ", index " + i + ")");
      }
    }
    archive.addAll(scores);
    completedGenerations++;
    pending = null;
  }

  @Override
  public boolean isFinished() {
    return completedGenerations >= config.generations() || archive.size() >= config.evaluationBudget()
        || (completedGenerations > 0 && archive.isEmpty());
  }

  @Override
  public int completedGenerations() {
    return completedGenerations;
  }

  @Override
  public List<ScoredGenome> archive() {
    return List.copyOf(archive);
  }

  @Override
  public StrategyState state() {
    if (pending != null) {
      throw new IllegalStateException("Cannot save strategy state: generation " + completedGenerations
          + " is being evaluated");
    }
    return new StrategyState(kind(), completedGenerations, random.state(), archive);
  }

  void restore(StrategyState state) {
    if (state.kind() != kind()) {
      throw new IllegalArgumentException("Invalid strategy state: kind " + state.kind() + ", expected " + kind());
    }
    archive.clear();
    seen.clear();
    archive.addAll(state.archive());
    for (ScoredGenome scored : archive) {
      seen.add(Genome.parse(scored.genome()).activeHash());
    }
    completedGenerations = state.completedGenerations();
    random = new SplitMix64(state.randomState());
    pending = null;
  }

  /** Whether the genome may be proposed: valid, within the parameter/MAC budgets, not seen. */
  boolean isLegal(Genome genome) {
    return space.isValid(genome) && space.checkBudget(genome).isWithinBudget() && !seen.contains(genome.activeHash());
  }

  /** Adds the genome if legal (and marks it seen); returns whether it was added. */
  boolean offer(Genome genome, List<Genome> target) {
    if (!isLegal(genome)) {
      return false;
    }
    seen.add(genome.activeHash());
    target.add(genome);
    return true;
  }

  /** Appends random legal unseen genomes until {@code target} has {@code size} entries (bounded attempts). */
  void refill(List<Genome> target, int size) {
    int attempts = ATTEMPTS_PER_CANDIDATE * Math.max(1, size - target.size());
    while (target.size() < size && attempts-- > 0) {
      offer(Genome.random(space, random.nextRandom()), target);
    }
  }
}
