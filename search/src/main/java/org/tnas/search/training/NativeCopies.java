package org.tnas.search.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;

/**
 * Copies Java values into an existing engine array in place (PyTorch's index_put_ into the array's
 * own storage). DJL's {@code NDArray.set(Buffer)} instead points the tensor at a Java direct buffer
 * and, for a heap buffer, drops the reference to the temporary direct copy, so the garbage
 * collector can free memory the tensor still uses (sporadic NaN weights after a restore). Stateless.
 */
final class NativeCopies {
  private NativeCopies() {}

  /** Writes {@code values} into {@code target} (gradient recording must be off). */
  static void copyInto(NDArray target, float[] values) {
    try (NDArray temporary = target.getManager().create(values, target.getShape())) {
      target.set(new NDIndex("..."), temporary);
    }
  }
}
