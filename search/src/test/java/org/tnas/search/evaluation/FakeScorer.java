package org.tnas.search.evaluation;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import org.tnas.formats.errors.ProjectException;
import org.tnas.formats.util.Seeds;
import org.tnas.search.space.BlockGene;
import org.tnas.search.space.Genome;
import org.tnas.search.space.SearchSpace;
import org.tnas.search.space.SubnetPlan;
import org.tnas.search.supernet.SupernetErrorCode;

/**
 * A hand-written, deterministic fitness landscape for fast strategy and evaluator tests: a hidden
 * target genome (drawn from the landscape seed) and scores that grow with the number of active
 * genes matching it, plus a capacity bonus; SynOps grow with MACs (a real accuracy/SynOps
 * trade-off). Genomes whose active hash starts with {@code invalidPrefix} throw a NaN-loss error
 * (INVALID); those starting with {@code transientPrefix} throw an out-of-memory error on attempts
 * below {@code transientAttempts}; {@code internalPrefix} throws an IllegalStateException (a bug).
 */
public final class FakeScorer implements CandidateScorer {
  /** Scorers created by any factory in this JVM (checks lazy creation). */
  public static final AtomicInteger CREATED = new AtomicInteger();

  private final Factory factory;

  private FakeScorer(Factory factory) {
    this.factory = factory;
  }

  /** The serialisable factory. */
  public record Factory(SearchSpace space, long landscapeSeed, String invalidPrefix, String transientPrefix,
      int transientAttempts, String internalPrefix) implements ScorerFactory {
    /** A landscape without injected failures except invalid genomes with active hash prefix "f". */
    public static Factory of(SearchSpace space, long landscapeSeed) {
      return new Factory(space, landscapeSeed, "f", "", 0, "");
    }

    @Override
    public String identity() {
      return String.format(Locale.ROOT, "fake(seed=%d, invalid=%s, transient=%s/%d, internal=%s, space=%s)",
          landscapeSeed, invalidPrefix, transientPrefix, transientAttempts, internalPrefix, space);
    }

    @Override
    public CandidateScorer create() {
      CREATED.incrementAndGet();
      return new FakeScorer(this);
    }
  }

  @Override
  public SearchSpace space() {
    return factory.space();
  }

  @Override
  public CandidateScore score(Genome genome, CandidateSpec spec) {
    String hash = genome.activeHash();
    if (!factory.internalPrefix().isEmpty() && hash.startsWith(factory.internalPrefix())) {
      throw new IllegalStateException("fake bug for " + genome);
    }
    if (!factory.transientPrefix().isEmpty() && hash.startsWith(factory.transientPrefix())
        && spec.attempt() < factory.transientAttempts()) {
      throw new ProjectException(EvaluationErrorCode.OUT_OF_MEMORY, "Cannot evaluate: fake out of memory for " + genome);
    }
    if (!factory.invalidPrefix().isEmpty() && hash.startsWith(factory.invalidPrefix())) {
      throw new ProjectException(SupernetErrorCode.NON_FINITE_LOSS, "Invalid validation loss: NaN for genome " + genome);
    }
    return landscape(factory.space(), factory.landscapeSeed(), genome);
  }

  /** The landscape's score of a genome (pure function). */
  public static CandidateScore landscape(SearchSpace space, long seed, Genome genome) {
    int matches = 0;
    int genes = 1;
    Genome target = Genome.random(space, Seeds.random(seed, 1));
    if (target.depth() == genome.depth()) {
      matches++;
    }
    for (int i = 0; i < genome.depth(); i++) {
      BlockGene gene = genome.blocks().get(i);
      BlockGene wanted = target.blocks().get(i);
      matches += (gene.kernel() == wanted.kernel() ? 1 : 0) + (gene.width() == wanted.width() ? 1 : 0)
          + (gene.downsampling() == wanted.downsampling() ? 1 : 0);
      genes += 3;
    }
    SubnetPlan plan = space.plan(genome);
    double match = (double) matches / genes;
    double capacity = Math.log10(plan.parameters()) / 7.0;
    double noise = (Seeds.derive(seed, genome.activeHash()) >>> 11) * 0x1.0p-53;
    double war = Math.min(1, 0.2 + 0.55 * match * match + 0.15 * capacity + 0.02 * noise);
    List<Double> recall = new ArrayList<>();
    double sum = 0;
    for (int c = 0; c < space.classCount(); c++) {
      double r = Math.max(0, Math.min(1, war + 0.08 * (c - (space.classCount() - 1) / 2.0) * (1 - match)));
      recall.add(r);
      sum += r;
    }
    double uar = sum / space.classCount();
    double density = 0.1 + 0.3 * ((Seeds.derive(seed + 1, genome.activeHash()) >>> 11) * 0x1.0p-53);
    double synapticOperations = density * plan.macs();
    return new CandidateScore(war, uar, recall, synapticOperations, plan.macs(), plan.parameters(), density);
  }

  @Override
  public void close() {}
}
