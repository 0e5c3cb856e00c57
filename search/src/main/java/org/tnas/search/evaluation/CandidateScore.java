package org.tnas.search.evaluation;

import java.io.Serializable;
import java.util.List;
import java.util.Objects;

/**
 * The measurements of one successfully scored candidate. Immutable and serialisable.
 *
 * @param war weighted average recall on the validation split (ReLU twin; TTFS gives the same)
 * @param uar unweighted average recall over the classes present
 * @param perClassRecall recall per class index (NaN for a class absent from the split)
 * @param synapticOperations mean SynOps per sample of the TTFS twin
 * @param macs dense MACs of the ReLU twin per sample
 * @param parameters trainable parameters
 * @param spikesPerNeuron hidden spikes per hidden neuron
 */
public record CandidateScore(double war, double uar, List<Double> perClassRecall, double synapticOperations, long macs,
    long parameters, double spikesPerNeuron) implements Serializable {
  public CandidateScore {
    perClassRecall = List.copyOf(Objects.requireNonNull(perClassRecall, "perClassRecall is null"));
    if (!(war >= 0 && war <= 1)) {
      throw new IllegalArgumentException("Invalid war: " + war);
    }
  }
}
