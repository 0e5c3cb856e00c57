package org.tnas.search.metrics;

import java.io.Serializable;
import java.util.Objects;

/**
 * The result of evaluating one model on one evaluation set: accuracy metrics and the summed work
 * counts (means via {@link WorkCounts}). Immutable and serialisable; the search writes one row of
 * its results table from it.
 */
public record EvaluationMetrics(ClassificationMetrics classification, WorkCounts work) implements Serializable {
  public EvaluationMetrics {
    Objects.requireNonNull(classification, "classification is null");
    Objects.requireNonNull(work, "work is null");
  }

  /** WAR of the classification. */
  public double war() {
    return classification.war();
  }

  /** UAR of the classification. */
  public double uar() {
    return classification.uar();
  }

  /** {@code lambda * UAR + (1 - lambda) * WAR}. */
  public double fitness(double lambda) {
    return classification.fitness(lambda);
  }

  /** Mean SynOps per sample. */
  public double meanSynapticOperations() {
    return work.meanSynapticOperations();
  }

  /** Hidden spikes per hidden neuron over the whole set. */
  public double spikesPerNeuron() {
    return work.spikesPerNeuron();
  }

  /** Mean estimated E_ANN / E_SNN per sample (input as spikes), NaN if E_SNN is 0. */
  public double energyRatio() {
    double snn = work.meanSnnPicojoules(false);
    return snn == 0 ? Double.NaN : work.meanAnnPicojoules() / snn;
  }
}
