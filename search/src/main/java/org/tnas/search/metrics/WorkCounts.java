package org.tnas.search.metrics;

import java.io.Serializable;

/**
 * The work of one inference of a TTFS network and its ReLU twin (TTFS.md section 2), or the sum
 * over several inferences ({@link #plus}). Immutable and serialisable.
 *
 * @param synapticOperations SynOps: sum over every actual spike of its exact fan-out, including
 *     the input spikes (input as spikes = accumulates)
 * @param inputSynapticOperations the part of {@code synapticOperations} caused by input spikes
 *     (subtract it and add {@code firstLayerMacs} MACs for an analog first layer)
 * @param spikes spikes of hidden neurons (the output layer does not spike; input spikes excluded)
 * @param inputSpikes input values > 0 (each a spike)
 * @param neurons hidden spiking neurons (before pooling)
 * @param violations clamped values: input values outside [0, 1] and neurons whose pre-activation
 *     exceeded B(n)
 * @param macs dense MACs of the ReLU twin
 * @param firstLayerMacs MACs of the first conv/linear layer
 * @param latency latency in tau_c units (t_min of the output layer); summed by {@link #plus}
 * @param samples number of inferences summed here
 */
public record WorkCounts(
    long synapticOperations,
    long inputSynapticOperations,
    long spikes,
    long inputSpikes,
    long neurons,
    long violations,
    long macs,
    long firstLayerMacs,
    double latency,
    long samples)
    implements Serializable {

  /** The zero element of {@link #plus}. */
  public static final WorkCounts ZERO = new WorkCounts(0, 0, 0, 0, 0, 0, 0, 0, 0, 0);

  public WorkCounts {
    if (synapticOperations < 0 || inputSynapticOperations < 0 || inputSynapticOperations > synapticOperations
        || spikes < 0 || inputSpikes < 0 || neurons < 0 || violations < 0 || macs < 0 || firstLayerMacs < 0
        || samples < 0 || !(latency >= 0)) {
      throw new IllegalArgumentException("Invalid work counts: " + synapticOperations + " SynOps, "
          + inputSynapticOperations + " input SynOps, " + spikes + " spikes, " + neurons + " neurons, "
          + violations + " violations, latency " + latency + ", " + samples + " samples");
    }
  }

  /** The element-wise sum. */
  public WorkCounts plus(WorkCounts other) {
    return new WorkCounts(synapticOperations + other.synapticOperations,
        inputSynapticOperations + other.inputSynapticOperations, spikes + other.spikes, inputSpikes + other.inputSpikes,
        neurons + other.neurons, violations + other.violations, macs + other.macs, firstLayerMacs + other.firstLayerMacs,
        latency + other.latency, samples + other.samples);
  }

  /** Hidden spikes per hidden neuron (NaN when there are no neurons). */
  public double spikesPerNeuron() {
    return neurons == 0 ? Double.NaN : (double) spikes / neurons;
  }

  /** Mean SynOps per sample (NaN when empty). */
  public double meanSynapticOperations() {
    return samples == 0 ? Double.NaN : (double) synapticOperations / samples;
  }

  /** Mean MACs per sample (NaN when empty). */
  public double meanMacs() {
    return samples == 0 ? Double.NaN : (double) macs / samples;
  }

  /** Mean latency per sample in tau_c (NaN when empty). */
  public double meanLatency() {
    return samples == 0 ? Double.NaN : latency / samples;
  }

  /** Mean violations per sample (NaN when empty). */
  public double meanViolations() {
    return samples == 0 ? Double.NaN : (double) violations / samples;
  }

  /** Mean estimated ANN energy per sample in picojoules ({@link EnergyModel#annPicojoules}). */
  public double meanAnnPicojoules() {
    return samples == 0 ? Double.NaN : EnergyModel.annPicojoules(macs) / samples;
  }

  /**
   * Mean estimated SNN energy per sample in picojoules ({@link EnergyModel#snnPicojoules}).
   *
   * @param analogInput true: the first layer is computed with MACs on analog input (input SynOps
   *     are replaced by first-layer MACs); false: input values are spikes (accumulates)
   */
  public double meanSnnPicojoules(boolean analogInput) {
    if (samples == 0) {
      return Double.NaN;
    }
    return (analogInput
        ? EnergyModel.snnPicojoulesAnalogInput(synapticOperations - inputSynapticOperations, firstLayerMacs)
        : EnergyModel.snnPicojoules(synapticOperations)) / samples;
  }
}
