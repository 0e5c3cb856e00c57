package org.tnas.search.metrics;

/**
 * The 45 nm CMOS energy estimate of TTFS.md section 2 (Horowitz, ISSCC 2014): an accumulate
 * (32-bit float add) costs 0.9 pJ, a multiply-accumulate 4.6 pJ. An estimate for comparing
 * architectures, not a hardware measurement. Stateless.
 */
public final class EnergyModel {
  /** Energy of one accumulate in picojoules. */
  public static final double ACCUMULATE_PICOJOULES = 0.9;
  /** Energy of one multiply-accumulate in picojoules. */
  public static final double MULTIPLY_ACCUMULATE_PICOJOULES = 4.6;

  private EnergyModel() {}

  /** E_ANN = 4.6 pJ * MACs. */
  public static double annPicojoules(double macs) {
    return MULTIPLY_ACCUMULATE_PICOJOULES * macs;
  }

  /** E_SNN = 0.9 pJ * SynOps (input spikes counted as accumulates inside the SynOps). */
  public static double snnPicojoules(double synapticOperations) {
    return ACCUMULATE_PICOJOULES * synapticOperations;
  }

  /**
   * E_SNN with an analog first layer = 0.9 pJ * SynOps of the spiking layers + 4.6 pJ *
   * first-layer MACs.
   *
   * @param spikingSynapticOperations SynOps excluding those caused by input spikes
   */
  public static double snnPicojoulesAnalogInput(double spikingSynapticOperations, double firstLayerMacs) {
    return ACCUMULATE_PICOJOULES * spikingSynapticOperations + MULTIPLY_ACCUMULATE_PICOJOULES * firstLayerMacs;
  }
}
