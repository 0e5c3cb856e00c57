/**
 * Evaluation metrics (TTFS.md sections 2 and 3): WAR (weighted average recall = accuracy), UAR
 * (unweighted average recall, absent classes reported, never divided by zero), per-class recall,
 * confusion matrix and the fitness {@code lambda * UAR + (1 - lambda) * WAR} ({@link
 * org.tnas.search.metrics.ClassificationMetrics}, {@link org.tnas.search.metrics.ConfusionMatrix});
 * work counts (SynOps, spikes per neuron, MACs, latency, violations) summed over samples ({@link
 * org.tnas.search.metrics.WorkCounts}) and the 45 nm energy estimate ({@link
 * org.tnas.search.metrics.EnergyModel}). Abbreviations: WAR, UAR, MAC, SynOps = synaptic
 * operations, pJ = picojoule.
 */
package org.tnas.search.metrics;
