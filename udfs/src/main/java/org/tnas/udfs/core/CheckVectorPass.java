package org.tnas.udfs.core;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The column checks of {@link EventChecks} with the Vector API (the JIT does not vectorise the
 * scalar loops' zero-extending reads): the same sign-bit tests on whole vectors, a scalar tail for
 * the rest. Each returns exactly what the scalar check returns: a coordinate {@code v} is valid iff
 * {@code v >= 0} and {@code side - 1 - v >= 0} (no overflow in 16 bits for a negative {@code v}: its
 * own sign bit already marks it; sides are at most {@link org.tnas.formats.events.SensorGeometry#MAX_SIDE}),
 * a polarity iff {@code p >= 0} and {@code 1 - p >= 0} (8-bit wrap-around only for {@code p =
 * -128}, negative itself), timestamps iff the first is non-negative and no difference is negative.
 * Only loaded when {@link VectorSupport#AVAILABLE}.
 */
final class CheckVectorPass {
  private static final VectorSpecies<Short> SHORTS = ShortVector.SPECIES_PREFERRED;
  private static final VectorSpecies<Byte> BYTES = ByteVector.SPECIES_PREFERRED;
  private static final VectorSpecies<Long> LONGS = LongVector.SPECIES_PREFERRED;

  private CheckVectorPass() {}

  /** Whether coordinates {@code [0, n)} lie in {@code [0, side)}. */
  static boolean coordinatesValid(short[] values, int n, int side) {
    short last = (short) (side - 1);
    ShortVector lastVector = ShortVector.broadcast(SHORTS, last);
    ShortVector bad = ShortVector.zero(SHORTS);
    int lanes = SHORTS.length();
    int bound = n - n % lanes;
    int i = 0;
    for (; i < bound; i += lanes) {
      ShortVector v = ShortVector.fromArray(SHORTS, values, i);
      bad = bad.or(v.or(lastVector.sub(v)));
    }
    int scalarBad = bad.reduceLanes(VectorOperators.OR);
    for (; i < n; i++) {
      scalarBad |= values[i] | (last - values[i]);
    }
    return scalarBad >= 0;
  }

  /** Whether polarities {@code [0, n)} are 0 or 1. */
  static boolean polaritiesValid(byte[] p, int n) {
    ByteVector one = ByteVector.broadcast(BYTES, (byte) 1);
    ByteVector bad = ByteVector.zero(BYTES);
    int lanes = BYTES.length();
    int bound = n - n % lanes;
    int i = 0;
    for (; i < bound; i += lanes) {
      ByteVector v = ByteVector.fromArray(BYTES, p, i);
      bad = bad.or(v.or(one.sub(v)));
    }
    int scalarBad = bad.reduceLanes(VectorOperators.OR);
    for (; i < n; i++) {
      scalarBad |= p[i] | (1 - p[i]);
    }
    return scalarBad >= 0;
  }

  /** Whether the {@code n} timestamps are non-negative and sorted. */
  static boolean timesValid(long[] t, int n) {
    if (n == 0) {
      return true;
    }
    long scalarBad = t[0];
    LongVector bad = LongVector.zero(LONGS);
    int lanes = LONGS.length();
    int i = 1;
    int bound = 1 + (n - 1) - (n - 1) % lanes;
    for (; i < bound; i += lanes) {
      bad = bad.or(LongVector.fromArray(LONGS, t, i).sub(LongVector.fromArray(LONGS, t, i - 1)));
    }
    scalarBad |= bad.reduceLanes(VectorOperators.OR);
    for (; i < n; i++) {
      scalarBad |= t[i] - t[i - 1];
    }
    return scalarBad >= 0;
  }
}
