package org.tnas.udfs.core;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * Binning with the Vector API: events are taken in chunks of {@value #CHUNK}; for each chunk one
 * vector loop widens x, y (int16) and p (int8) to ints, checks them (x, y on the sensor, p 0/1:
 * any violation ORs a sign bit into an accumulator) and computes every event's flat frame index
 * into a small buffer; a scalar loop then stores (binary) or adds (count) into the frames. The
 * result equals the scalar loop of {@link Frames} exactly: the same cells get 1 (binary) or the
 * same number of +1 increments (count; sums of ones are exact in float up to 2^24). A chunk with
 * an invalid event is never stored: the call returns false and the caller reports the event.
 * Only loaded when {@link VectorSupport#AVAILABLE}.
 */
final class FrameVectorPass {
  static final int CHUNK = 1024;
  private static final VectorSpecies<Integer> INTS = IntVector.SPECIES_PREFERRED;
  private static final VectorSpecies<Short> SHORTS = VectorSpecies.of(short.class, VectorShape.forBitSize(INTS.length() * Short.SIZE));
  private static final VectorSpecies<Byte> BYTES = VectorSpecies.of(byte.class, VectorShape.forBitSize(INTS.length() * Byte.SIZE));

  private FrameVectorPass() {}

  static int lanes() {
    return INTS.length();
  }

  /**
   * Bins events {@code [from, to)} into {@code values} at a one-to-one pixel map (frame size =
   * sensor size, whole sensor): event i goes to {@code base + p * width * height + y * width + x}.
   *
   * @return false (and nothing of the offending chunk stored) if an event is off the sensor or has
   *     a polarity other than 0/1
   */
  static boolean binOneToOne(short[] x, short[] y, byte[] p, int from, int to, int base, int width, int height, boolean binary, float[] values) {
    int plane = width * height;
    int[] index = new int[CHUNK];
    IntVector lastX = IntVector.broadcast(INTS, width - 1);
    IntVector lastY = IntVector.broadcast(INTS, height - 1);
    IntVector one = IntVector.broadcast(INTS, 1);
    int lanes = INTS.length();
    for (int start = from; start < to; start += CHUNK) {
      int count = Math.min(CHUNK, to - start);
      int bound = count - count % lanes;
      IntVector bad = IntVector.zero(INTS);
      int k = 0;
      for (; k < bound; k += lanes) {
        IntVector xv = (IntVector) ShortVector.fromArray(SHORTS, x, start + k).convertShape(VectorOperators.S2I, INTS, 0);
        IntVector yv = (IntVector) ShortVector.fromArray(SHORTS, y, start + k).convertShape(VectorOperators.S2I, INTS, 0);
        IntVector pv = (IntVector) ByteVector.fromArray(BYTES, p, start + k).convertShape(VectorOperators.B2I, INTS, 0);
        bad = bad.or(xv.or(yv).or(pv)).or(lastX.sub(xv).or(lastY.sub(yv)).or(one.sub(pv)));
        pv.mul(plane).add(yv.mul(width)).add(xv).add(base).intoArray(index, k);
      }
      int scalarBad = 0;
      for (; k < count; k++) {
        int xi = x[start + k];
        int yi = y[start + k];
        int pi = p[start + k];
        scalarBad |= xi | yi | pi | (width - 1 - xi) | (height - 1 - yi) | (1 - pi);
        index[k] = base + pi * plane + yi * width + xi;
      }
      if ((scalarBad | bad.reduceLanes(VectorOperators.OR)) < 0) {
        return false;
      }
      if (binary) {
        for (k = 0; k < count; k++) {
          values[index[k]] = 1f;
        }
      } else {
        for (k = 0; k < count; k++) {
          values[index[k]] += 1f;
        }
      }
    }
    return true;
  }
}
