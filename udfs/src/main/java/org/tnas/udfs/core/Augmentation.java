package org.tnas.udfs.core;

import org.tnas.formats.events.EventBatch;
import org.tnas.formats.events.SensorGeometry;

/**
 * One event augmentation or filter: a small immutable, serialisable configuration record that
 * draws its random parameters from an explicit seed and delegates the work to a pure kernel
 * ({@link GeometryKernels}, {@link TimeKernels}, {@link FilterKernels}, {@link NoiseKernels}).
 *
 * <p>Contract of {@link #apply}: the input must satisfy {@link EventChecks} for {@code geometry}
 * (else a {@link org.tnas.formats.errors.ProjectException} INVALID_EVENT); the input is never
 * modified; the result is a new batch whose events satisfy {@link EventChecks} for {@link
 * #outputGeometry}; the same (events, geometry, seed) always gives the same result, on any JVM.
 * An empty sample gives an empty result unless the javadoc of the implementation says otherwise.
 * Thread safe.
 */
public interface Augmentation extends java.io.Serializable {
  /** Applies the augmentation with all random choices drawn from {@code seed}. */
  EventBatch apply(EventBatch events, SensorGeometry geometry, long seed);

  /** The sensor geometry of the result; the input geometry unless the augmentation resizes. */
  default SensorGeometry outputGeometry(SensorGeometry input) {
    return input;
  }

  /** The textual form understood by {@link AugmentationSpecs#parse}, e.g. {@code random_drop(min_ratio=0.1,max_ratio=0.9)}. */
  String spec();
}
