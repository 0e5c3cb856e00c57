package org.tnas.search.ttfs;

import java.io.Serializable;
import java.util.Locale;
import java.util.Objects;
import org.tnas.search.metrics.EnergyModel;
import org.tnas.search.metrics.WorkCounts;

/**
 * What neuromorphic hardware imposes on a mapped TTFS net, and what it costs there. On an
 * accelerator spike times and weights are stored with few bits and the time window is bounded;
 * that is where the exact ReLU-to-TTFS transfer stops being exact.
 *
 * <ul>
 *   <li>{@code timeBits}: spike-time resolution within each layer's window (the value {@code x =
 *       t_max - t} rounded to {@code B(n) / (2^bits - 1)}, the input to {@code 1 / (2^bits - 1)}; see
 *       {@link TtfsSimulator}); 0 = exact.
 *   <li>{@code weightBits}: per-layer symmetric uniform weight quantisation ({@link
 *       TtfsNetwork#withQuantisedWeights}); 0 = exact.
 *   <li>{@code maxLatency}: the largest read-out time {@code t_min(N)} in tau_c units; longer windows
 *       are shrunk in proportion ({@link TtfsNetwork#withLatencyBudget}); 0 = unbounded.
 *   <li>{@code tauMillis}: the hardware's time constant tau_c in milliseconds, to state latency in ms.
 *   <li>{@code synOpPicojoules}, {@code spikePicojoules}: the energy model, per synaptic operation
 *       and per emitted spike (hidden and input spikes). Defaults: 0.9 pJ per SynOp (a 32-bit float
 *       add on 45 nm CMOS, Horowitz 2014, TTFS.md section 2) and 0 pJ per spike (that table has no
 *       figure for a spike; set your hardware's).
 * </ul>
 *
 * Immutable and serialisable (shipped to Spark executors with a scoring spec).
 */
public record HardwareConstraints(int timeBits, int weightBits, double maxLatency, double tauMillis,
    double synOpPicojoules, double spikePicojoules) implements Serializable {
  private static final long serialVersionUID = 1L;

  /** Default time constant: 1 ms per tau_c. */
  public static final double DEFAULT_TAU_MILLIS = 1.0;

  /** No constraint; the default energy model. */
  public static final HardwareConstraints NONE = new HardwareConstraints(0, 0, 0, DEFAULT_TAU_MILLIS,
      EnergyModel.ACCUMULATE_PICOJOULES, 0);

  public HardwareConstraints {
    if (timeBits < 0 || timeBits > 30 || timeBits == 1) {
      throw new IllegalArgumentException("Invalid spike-time bits: " + timeBits + " (expected 0 for exact or 2..30)");
    }
    if (weightBits < 0 || weightBits > 32 || weightBits == 1) {
      throw new IllegalArgumentException("Invalid weight bits: " + weightBits + " (expected 0 for exact or 2..32)");
    }
    if (!(maxLatency == 0 || maxLatency > 1) || Double.isInfinite(maxLatency)) {
      throw new IllegalArgumentException("Invalid latency budget: " + maxLatency + " (expected 0 for none or above 1 tau_c)");
    }
    if (!(tauMillis > 0) || Double.isInfinite(tauMillis)) {
      throw new IllegalArgumentException("Invalid time constant: " + tauMillis + " ms");
    }
    if (!(synOpPicojoules >= 0) || Double.isInfinite(synOpPicojoules)) {
      throw new IllegalArgumentException("Invalid energy per SynOp: " + synOpPicojoules + " pJ");
    }
    if (!(spikePicojoules >= 0) || Double.isInfinite(spikePicojoules)) {
      throw new IllegalArgumentException("Invalid energy per spike: " + spikePicojoules + " pJ");
    }
  }

  /** These constraints with other bit widths (0 = exact). */
  public HardwareConstraints withBits(int newTimeBits, int newWeightBits) {
    return new HardwareConstraints(newTimeBits, newWeightBits, maxLatency, tauMillis, synOpPicojoules, spikePicojoules);
  }

  /** These constraints without a latency budget. */
  public HardwareConstraints withoutLatencyBudget() {
    return new HardwareConstraints(timeBits, weightBits, 0, tauMillis, synOpPicojoules, spikePicojoules);
  }

  /** True when nothing is quantised or bounded: the TTFS net equals its ReLU twin. */
  public boolean exact() {
    return timeBits == 0 && weightBits == 0 && maxLatency == 0;
  }

  /** {@code mapped} with quantised weights and the latency budget applied (spike times are quantised by the simulator). */
  public TtfsNetwork apply(TtfsNetwork mapped) {
    Objects.requireNonNull(mapped, "mapped is null");
    TtfsNetwork network = maxLatency > 0 ? mapped.withLatencyBudget(maxLatency) : mapped;
    return weightBits > 0 ? network.withQuantisedWeights(weightBits) : network;
  }

  /** A simulator of {@code mapped} under these constraints. */
  public TtfsSimulator simulator(TtfsNetwork mapped) {
    return new TtfsSimulator(apply(mapped), timeBits);
  }

  /** Latency of {@code network} (already constrained) in milliseconds. */
  public double latencyMillis(TtfsNetwork network) {
    return network.latency() * tauMillis;
  }

  /** Energy per inference in picojoules: mean SynOps and spikes of {@code work} times their costs. */
  public double picojoulesPerInference(WorkCounts work) {
    Objects.requireNonNull(work, "work is null");
    if (work.samples() == 0) {
      return Double.NaN;
    }
    double spikes = work.spikes() + work.inputSpikes();
    return (synOpPicojoules * work.synapticOperations() + spikePicojoules * spikes) / work.samples();
  }

  /** For reports: {@code time 4 bit, weights 4 bit, latency <= 20 tau}, or {@code exact}. */
  public String describe() {
    if (exact()) {
      return "exact (no quantisation, unbounded window)";
    }
    return String.format(Locale.ROOT, "spike times %s, weights %s, latency %s",
        timeBits == 0 ? "exact" : timeBits + " bit", weightBits == 0 ? "exact" : weightBits + " bit",
        maxLatency == 0 ? "unbounded" : "<= " + maxLatency + " tau_c");
  }
}
