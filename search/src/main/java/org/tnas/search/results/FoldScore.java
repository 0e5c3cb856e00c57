package org.tnas.search.results;

import java.util.List;
import java.util.Objects;

/**
 * The test scores of the final model on one fold (Spiking-FER: fold 1..10 of folds.csv) or one
 * repeated test pass (SEE: pass 1..20 with a random temporal clip per sequence). Immutable.
 */
public record FoldScore(int fold, double war, double uar, List<Double> perClassRecall, double synapticOperations,
    double spikesPerNeuron) {
  public FoldScore {
    perClassRecall = List.copyOf(Objects.requireNonNull(perClassRecall, "perClassRecall is null"));
  }
}
