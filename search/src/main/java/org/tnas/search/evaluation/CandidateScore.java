package org.tnas.search.evaluation;

import java.io.Serializable;
import java.util.List;
import java.util.Objects;

/**
 * The measurements of one successfully scored candidate. Immutable and serialisable.
 *
 * <p>Which net the accuracy columns come from is the run's score domain ({@code
 * search.scoring.score}): the ReLU twin on the validation split (default), or the TTFS net under the
 * run's hardware constraints simulated on the whole validation split. The ReLU twin's WAR and UAR are
 * kept beside them in both cases ({@code reluWar}, {@code reluUar}; equal to {@code war}, {@code uar}
 * when the ReLU twin scores), so a TTFS-scored run can be read on the ReLU scale too.
 *
 * @param war weighted average recall on the validation split, of the net that scores
 * @param uar unweighted average recall over the classes present
 * @param perClassRecall recall per class index (NaN for a class absent from the split)
 * @param synapticOperations mean SynOps per sample of the TTFS net
 * @param macs dense MACs of the ReLU twin per sample
 * @param parameters trainable parameters
 * @param spikesPerNeuron hidden spikes per hidden neuron
 * @param reluWar the ReLU twin's WAR on the validation split
 * @param reluUar the ReLU twin's UAR on the validation split
 */
public record CandidateScore(double war, double uar, List<Double> perClassRecall, double synapticOperations, long macs,
    long parameters, double spikesPerNeuron, double reluWar, double reluUar) implements Serializable {
  public CandidateScore {
    perClassRecall = List.copyOf(Objects.requireNonNull(perClassRecall, "perClassRecall is null"));
    if (!(war >= 0 && war <= 1)) {
      throw new IllegalArgumentException("Invalid war: " + war);
    }
  }

  /** A score of the ReLU twin: {@code reluWar = war}, {@code reluUar = uar}. */
  public CandidateScore(double war, double uar, List<Double> perClassRecall, double synapticOperations, long macs,
      long parameters, double spikesPerNeuron) {
    this(war, uar, perClassRecall, synapticOperations, macs, parameters, spikesPerNeuron, war, uar);
  }
}
