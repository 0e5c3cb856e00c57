package org.tnas.search.ttfs;

import java.util.Objects;
import org.tnas.search.net.NetworkWeights;

/**
 * The whole mapping of TTFS.md from a trained ReLU network to its TTFS twin: fuse batch norm
 * ({@link BatchNormFusion}), measure X(n) on a calibration set ({@link ActivationCalibration}), and
 * set the windows with {@code B(n) = factor * X(n)} ({@link TtfsNetwork#build}). Stateless.
 */
public final class TtfsMapper {
  /** The margin factor of TTFS.md: B(n) = 1.5 X(n). */
  public static final double DEFAULT_FACTOR = 1.5;

  private TtfsMapper() {}

  /** Maps with the default factor 1.5. */
  public static TtfsNetwork map(NetworkWeights trained, Iterable<float[]> calibration) {
    return map(trained, calibration, DEFAULT_FACTOR);
  }

  /** Maps with the given factor B(n) / X(n). */
  public static TtfsNetwork map(NetworkWeights trained, Iterable<float[]> calibration, double factor) {
    Objects.requireNonNull(trained, "trained is null");
    NetworkWeights fused = BatchNormFusion.fuse(trained);
    return TtfsNetwork.build(fused, ActivationCalibration.maxActivations(fused, calibration), factor);
  }
}
