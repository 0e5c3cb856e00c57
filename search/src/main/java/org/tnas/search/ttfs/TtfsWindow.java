package org.tnas.search.ttfs;

import java.io.Serializable;

/**
 * The time window {@code [tMin, tMax)} of one layer of a TTFS network (TTFS.md section 1), in
 * units of tau_c. For hidden layers {@code tMax - tMin = B(n) = factor * X(n)}; for the output
 * layer only {@code tMin} is meaningful (the logits are read there) and {@code tMax == tMin}.
 *
 * @param maxActivation X(n), the largest ReLU output of the layer over the calibration set (NaN
 *     for the output layer)
 */
public record TtfsWindow(double tMin, double tMax, double maxActivation) implements Serializable {
  /** The window length {@code B(n)}. */
  public double length() {
    return tMax - tMin;
  }
}
