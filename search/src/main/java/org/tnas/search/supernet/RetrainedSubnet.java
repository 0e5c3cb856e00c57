package org.tnas.search.supernet;

import java.util.List;
import java.util.Objects;
import org.tnas.search.net.NetworkWeights;

/**
 * A subnet retrained from scratch by {@link SubnetTrainer}.
 *
 * @param genomeString the genome's compact string
 * @param weights the trained standalone ReLU network (batch-norm running statistics from training)
 * @param epochs per-epoch training results
 * @param validation evaluation on the validation set, or null when none was given
 */
public record RetrainedSubnet(String genomeString, NetworkWeights weights, List<EpochResult> epochs,
    SubnetEvaluation validation) {
  public RetrainedSubnet {
    Objects.requireNonNull(genomeString, "genomeString is null");
    Objects.requireNonNull(weights, "weights is null");
    epochs = List.copyOf(Objects.requireNonNull(epochs, "epochs is null"));
  }
}
