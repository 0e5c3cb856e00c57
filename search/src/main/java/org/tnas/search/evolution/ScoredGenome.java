package org.tnas.search.evolution;

import java.io.Serializable;
import java.util.Objects;

/**
 * What a search strategy learns about one evaluated candidate. Immutable and serialisable.
 *
 * @param generation generation in which it was evaluated
 * @param candidateIndex index within that generation (candidate order)
 * @param genome the genome's compact string
 * @param war weighted average recall (accuracy) on the validation split
 * @param uar unweighted average recall
 * @param synapticOperations mean SynOps per sample of its TTFS twin
 * @param valid false for invalid or failed candidates: they rank below every valid one
 */
public record ScoredGenome(int generation, int candidateIndex, String genome, double war, double uar,
    double synapticOperations, boolean valid) implements Serializable {
  public ScoredGenome {
    Objects.requireNonNull(genome, "genome is null");
    if (generation < 0 || candidateIndex < 0) {
      throw new IllegalArgumentException("Invalid candidate position: generation " + generation + ", index "
          + candidateIndex);
    }
  }

  /** {@code lambda * UAR + (1 - lambda) * WAR}; negative infinity for invalid candidates. */
  public double fitness(double lambda) {
    if (!valid || Double.isNaN(war) || Double.isNaN(uar)) {
      return Double.NEGATIVE_INFINITY;
    }
    return lambda * uar + (1 - lambda) * war;
  }

  /** The objectives maximised by Pareto ranking: (WAR, UAR, -SynOps). */
  public double[] objectives() {
    return new double[] {war, uar, -synapticOperations};
  }
}
