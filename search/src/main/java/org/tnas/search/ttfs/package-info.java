/**
 * Time-to-first-spike (TTFS) spiking networks with B1 neurons, the identity mapping from a ReLU
 * network (TTFS.md): batch-norm fusion ({@link org.tnas.search.ttfs.BatchNormFusion}), maximum
 * activation calibration ({@link org.tnas.search.ttfs.ActivationCalibration}), the mapped network
 * with its time windows ({@link org.tnas.search.ttfs.TtfsNetwork}, {@link
 * org.tnas.search.ttfs.TtfsMapper}) and an event-driven simulator producing logits, spike times,
 * SynOps, spikes per neuron, latency and counted validity violations ({@link
 * org.tnas.search.ttfs.TtfsSimulator}). Pure Java. Abbreviations: TTFS = time to first spike,
 * SynOps = synaptic operations, MAC = multiply-accumulate.
 */
package org.tnas.search.ttfs;
