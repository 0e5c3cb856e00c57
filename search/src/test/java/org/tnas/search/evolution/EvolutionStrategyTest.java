package org.tnas.search.evolution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.tnas.search.evaluation.CandidateScore;
import org.tnas.search.evaluation.FakeScorer;
import org.tnas.search.space.Genome;
import org.tnas.search.space.SearchSpace;

class EvolutionStrategyTest {
  static final SearchSpace SPACE = SearchSpace.defaults(12, 32, 32, 4);
  static final EvolutionConfig CONFIG = EvolutionConfig.defaults(7).withPopulation(20, 5, 8, 8).withGenerations(6);

  /** Drives a strategy against the fake landscape; returns the archive. */
  static List<ScoredGenome> drive(SearchStrategy strategy, SearchSpace space, long landscape) {
    while (!strategy.isFinished()) {
      List<Genome> proposal = strategy.propose();
      List<ScoredGenome> scores = new ArrayList<>();
      for (int i = 0; i < proposal.size(); i++) {
        Genome genome = proposal.get(i);
        CandidateScore s = FakeScorer.landscape(space, landscape, genome);
        boolean valid = !genome.activeHash().startsWith("f");
        scores.add(new ScoredGenome(strategy.completedGenerations(), i, genome.toCompactString(), s.war(), s.uar(),
            s.synapticOperations(), valid));
      }
      strategy.observe(scores);
    }
    return strategy.archive();
  }

  @Test
  void sameSeedGivesSameSearchAndNoGenomeIsProposedTwice() {
    List<ScoredGenome> first = drive(new EvolutionStrategy(CONFIG, SPACE), SPACE, 3);
    List<ScoredGenome> second = drive(new EvolutionStrategy(CONFIG, SPACE), SPACE, 3);
    List<ScoredGenome> other = drive(new EvolutionStrategy(CONFIG.withSeed(8), SPACE), SPACE, 3);
    assertThat(first).isEqualTo(second).hasSize(120);
    assertThat(other).isNotEqualTo(first);
    Set<String> hashes = new HashSet<>();
    for (ScoredGenome scored : first) {
      Genome genome = Genome.parse(scored.genome());
      assertThat(SPACE.isValid(genome)).isTrue();
      assertThat(hashes.add(genome.activeHash())).as("re-proposed %s", scored.genome()).isTrue();
    }
  }

  @Test
  void laterGenerationsAreMadeOfMutantsCrossoversAndRefillAndImprove() {
    EvolutionStrategy strategy = new EvolutionStrategy(CONFIG, SPACE);
    List<ScoredGenome> archive = drive(strategy, SPACE, 3);
    assertThat(strategy.parents()).hasSize(5);
    double bestFirst = archive.subList(0, 20).stream().mapToDouble(s -> s.fitness(0.5)).max().orElseThrow();
    double bestLast = archive.stream().mapToDouble(s -> s.fitness(0.5)).max().orElseThrow();
    double meanFirst = archive.subList(0, 20).stream().filter(ScoredGenome::valid).mapToDouble(s -> s.fitness(0.5))
        .average().orElseThrow();
    double meanLast = archive.subList(100, 120).stream().filter(ScoredGenome::valid).mapToDouble(s -> s.fitness(0.5))
        .average().orElseThrow();
    assertThat(bestLast).isGreaterThan(bestFirst);
    assertThat(meanLast).isGreaterThan(meanFirst + 0.03);
    // parents are the top-5 valid by fitness, best first
    List<ScoredGenome> sorted = new ArrayList<>(archive);
    sorted.removeIf(s -> !s.valid());
    sorted.sort((a, b) -> Double.compare(b.fitness(0.5), a.fitness(0.5)));
    assertThat(strategy.parents()).isEqualTo(sorted.subList(0, 5));
  }

  @Test
  void budgetsMakeGenomesIllegalAndEvaluationBudgetCapsTheRun() {
    SearchSpace small = SPACE.withBudgets(20_000, Long.MAX_VALUE, Long.MAX_VALUE);
    EvolutionConfig config = CONFIG.withMaxEvaluations(50);
    List<ScoredGenome> archive = drive(new EvolutionStrategy(config, small), small, 3);
    assertThat(archive).hasSize(50);
    for (ScoredGenome scored : archive) {
      assertThat(small.checkBudget(Genome.parse(scored.genome())).parameters()).isLessThanOrEqualTo(20_000);
    }
    assertThat(archive.get(49).generation()).isEqualTo(2);
  }

  @Test
  void stateRestoresExactlyAfterAnyGeneration() {
    EvolutionStrategy strategy = new EvolutionStrategy(CONFIG, SPACE);
    for (int g = 0; g < 3; g++) {
      List<Genome> proposal = strategy.propose();
      List<ScoredGenome> scores = new ArrayList<>();
      for (int i = 0; i < proposal.size(); i++) {
        CandidateScore s = FakeScorer.landscape(SPACE, 3, proposal.get(i));
        scores.add(new ScoredGenome(g, i, proposal.get(i).toCompactString(), s.war(), s.uar(), s.synapticOperations(),
            !proposal.get(i).activeHash().startsWith("f")));
      }
      strategy.observe(scores);
    }
    StrategyState state = strategy.state();
    SearchStrategy restored = SearchStrategy.restore(state, CONFIG, SPACE);
    assertThat(drive(restored, SPACE, 3)).isEqualTo(drive(strategy, SPACE, 3));
    assertThat(drive(new EvolutionStrategy(CONFIG, SPACE), SPACE, 3)).isEqualTo(restored.archive());
  }

  @Test
  void misuseIsRejectedWithMessages() {
    EvolutionStrategy strategy = new EvolutionStrategy(CONFIG, SPACE);
    List<Genome> proposal = strategy.propose();
    assertThatThrownBy(strategy::propose).isInstanceOf(IllegalStateException.class)
        .hasMessage("Cannot propose: generation 0 has not been observed yet");
    assertThatThrownBy(strategy::state).hasMessage("Cannot save strategy state: generation 0 is being evaluated");
    assertThatThrownBy(() -> strategy.observe(List.of()))
        .hasMessage("Invalid scores: 0 for " + proposal.size() + " candidates");
    assertThatThrownBy(() -> new EvolutionConfig(10, 11, 1, 1, 0.1, 1, 0.5, FitnessMode.SCALAR, 0, 0))
        .hasMessage("Invalid topK: 11 (1..10)");
    assertThatThrownBy(() -> new EvolutionConfig(10, 2, 6, 6, 0.1, 1, 0.5, FitnessMode.SCALAR, 0, 0))
        .hasMessage("Invalid mutationCount + crossoverCount: 6 + 6 (at most populationSize 10)");
    assertThatThrownBy(() -> new EvolutionConfig(10, 2, 1, 1, 0.1, 1, 1.5, FitnessMode.SCALAR, 0, 0))
        .hasMessage("Invalid lambda: 1.5");
  }

  @Test
  void searchBeatsRandomSearchAtEqualBudgetOverSeveralSeeds() {
    int wins = 0;
    int hypervolumeWins = 0;
    for (long seed = 1; seed <= 5; seed++) {
      EvolutionConfig config = CONFIG.withSeed(seed);
      List<ScoredGenome> evolved = drive(new EvolutionStrategy(config, SPACE), SPACE, 100 + seed);
      List<ScoredGenome> random = drive(new RandomSearch(config, SPACE), SPACE, 100 + seed);
      List<ScoredGenome> pareto = drive(new EvolutionStrategy(config.withMode(FitnessMode.PARETO), SPACE), SPACE,
          100 + seed);
      assertThat(evolved).hasSameSizeAs(random);
      if (best(evolved) > best(random)) {
        wins++;
      }
      List<Hypervolume.Point> all = new ArrayList<>(points(random));
      all.addAll(points(pareto));
      double reference = Hypervolume.referenceFor(all);
      if (Hypervolume.of(points(pareto), reference) > Hypervolume.of(points(random), reference)) {
        hypervolumeWins++;
      }
    }
    assertThat(wins).isEqualTo(5);
    assertThat(hypervolumeWins).isGreaterThanOrEqualTo(4);
  }

  static double best(List<ScoredGenome> archive) {
    return archive.stream().mapToDouble(s -> s.fitness(0.5)).max().orElseThrow();
  }

  static List<Hypervolume.Point> points(List<ScoredGenome> archive) {
    List<Hypervolume.Point> points = new ArrayList<>();
    for (ScoredGenome s : archive) {
      if (s.valid()) {
        points.add(new Hypervolume.Point(s.war(), s.synapticOperations()));
      }
    }
    return points;
  }
}
