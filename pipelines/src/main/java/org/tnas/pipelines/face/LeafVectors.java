package org.tnas.pipelines.face;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The leaf-vector additions of {@link Dlib68Model} with the incubating Vector API: 8 coordinates a
 * vector, four vectors (32 coordinates) per pass over the trees. A vector add is eight independent
 * float additions, so every coordinate still gets the leaves one after the other in tree order and
 * the sums are the scalar loop's, bit for bit. Only loaded when {@link LeafVectorSupport#AVAILABLE},
 * so a JVM without {@code --add-modules jdk.incubator.vector} never resolves this class.
 */
final class LeafVectors {
  private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_256;
  private static final int LANES = 8;

  private LeafVectors() {}

  /** The preferred vector's width in bits on this machine. */
  static int preferredBits() {
    return FloatVector.SPECIES_PREFERRED.vectorBitSize();
  }

  /** {@code shape[i] += values[offsets[t] + i]} for every tree {@code t < trees} in order. */
  static void addLeaves(float[] shape, float[] values, int[] offsets, int trees) {
    int points = shape.length;
    int i = 0;
    for (; i + 4 * LANES <= points; i += 4 * LANES) {
      FloatVector a = FloatVector.fromArray(SPECIES, shape, i);
      FloatVector b = FloatVector.fromArray(SPECIES, shape, i + LANES);
      FloatVector c = FloatVector.fromArray(SPECIES, shape, i + 2 * LANES);
      FloatVector d = FloatVector.fromArray(SPECIES, shape, i + 3 * LANES);
      for (int t = 0; t < trees; t++) {
        int o = offsets[t] + i;
        a = a.add(FloatVector.fromArray(SPECIES, values, o));
        b = b.add(FloatVector.fromArray(SPECIES, values, o + LANES));
        c = c.add(FloatVector.fromArray(SPECIES, values, o + 2 * LANES));
        d = d.add(FloatVector.fromArray(SPECIES, values, o + 3 * LANES));
      }
      a.intoArray(shape, i);
      b.intoArray(shape, i + LANES);
      c.intoArray(shape, i + 2 * LANES);
      d.intoArray(shape, i + 3 * LANES);
    }
    for (; i + LANES <= points; i += LANES) {
      FloatVector a = FloatVector.fromArray(SPECIES, shape, i);
      for (int t = 0; t < trees; t++) {
        a = a.add(FloatVector.fromArray(SPECIES, values, offsets[t] + i));
      }
      a.intoArray(shape, i);
    }
    for (; i < points; i++) {
      float a = shape[i];
      for (int t = 0; t < trees; t++) {
        a += values[offsets[t] + i];
      }
      shape[i] = a;
    }
  }
}
