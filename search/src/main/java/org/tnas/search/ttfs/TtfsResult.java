package org.tnas.search.ttfs;

import java.util.List;
import java.util.Objects;
import org.tnas.search.metrics.WorkCounts;

/**
 * The outcome of simulating one sample on a {@link TtfsNetwork}. Arrays are owned by this result
 * (not copied on access; callers must not modify them).
 *
 * @param logits the potentials of the output layer read at its t_min: {@code b + W x}
 * @param prediction argmax of the logits (first on ties)
 * @param work SynOps, spikes, neurons, violations, MACs and latency of this sample
 * @param layerSynapticOperations SynOps into each conv/linear layer: index 0 from the input spikes
 *     into layer 1, ..., the last into the output layer
 * @param layerSpikes spikes per hidden layer (before pooling)
 * @param layerViolations clamped values: index 0 the input (values outside [0, 1]), index n the
 *     neurons of hidden layer n whose pre-activation exceeded B(n) (fired at t_min(n))
 * @param spikeTimes index 0 the input spike times, index n hidden layer n's spike times (before
 *     pooling, CHW order); "no spike" is stored as the layer's t_max (value 0)
 */
public record TtfsResult(
    double[] logits,
    int prediction,
    WorkCounts work,
    long[] layerSynapticOperations,
    long[] layerSpikes,
    long[] layerViolations,
    List<double[]> spikeTimes) {
  public TtfsResult {
    Objects.requireNonNull(logits, "logits is null");
    Objects.requireNonNull(work, "work is null");
    Objects.requireNonNull(layerSynapticOperations, "layerSynapticOperations is null");
    Objects.requireNonNull(layerSpikes, "layerSpikes is null");
    Objects.requireNonNull(layerViolations, "layerViolations is null");
    spikeTimes = List.copyOf(Objects.requireNonNull(spikeTimes, "spikeTimes is null"));
  }
}
