package org.tnas.udfs.core;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The copy loop of an up-scaling {@link GeometryKernels#resize} with the Vector API: each copied
 * row of an event's block is one vector store per column (x, y, t, p) of {@value #LANES} values,
 * instead of one scalar store per value and column. Row {@code r} of an event's block writes
 * {@code x = fx + 0..7, y = fy + r} and the event's t and p at the current output end, which then
 * advances by the event's column count {@code cx} (rows at or beyond its row count {@code cy}
 * advance by 0 and are overwritten): exactly the values and order of the scalar loop, which writes
 * {@code maxX} columns per row and advances over the first {@code cx}. Needs {@code maxX <=}
 * {@value #LANES} and {@value #LANES} spare slots at the end of every output array. Only loaded
 * when {@link VectorSupport#WIDE}.
 */
final class ResizeVectorPass {
  static final int LANES = 8;
  private static final VectorSpecies<Short> SHORTS = ShortVector.SPECIES_128;
  private static final VectorSpecies<Long> LONGS = LongVector.SPECIES_512;
  private static final VectorSpecies<Byte> BYTES = ByteVector.SPECIES_64;
  private static final short[] COLUMNS = {0, 1, 2, 3, 4, 5, 6, 7};

  private ResizeVectorPass() {}

  /** Lanes of the preferred long vector (8 with AVX-512). */
  static int nativeLongLanes() {
    return LongVector.SPECIES_PREFERRED.length();
  }

  /**
   * Writes the blocks of the {@code m} events {@code inside[0..m)}; returns the output size.
   */
  static int copyBlocks(int m, int[] inside, short[] x, short[] y, long[] t, byte[] p, AxisMap xs, AxisMap ys, int maxY,
      short[] ox, short[] oy, long[] ot, byte[] op) {
    int[] firstX = xs.first;
    int[] firstY = ys.first;
    int[] countX = xs.count;
    int[] countY = ys.count;
    ShortVector columns = ShortVector.fromArray(SHORTS, COLUMNS, 0);
    int k = 0;
    for (int j = 0; j < m; j++) {
      int i = inside[j];
      int xi = x[i];
      int yi = y[i];
      int fy = firstY[yi];
      int cx = countX[xi];
      int cy = countY[yi];
      ShortVector xv = columns.add((short) firstX[xi]);
      LongVector tv = LongVector.broadcast(LONGS, t[i]);
      ByteVector pv = ByteVector.broadcast(BYTES, p[i]);
      for (int row = 0; row < maxY; row++) {
        xv.intoArray(ox, k);
        ShortVector.broadcast(SHORTS, (short) (fy + row)).intoArray(oy, k);
        tv.intoArray(ot, k);
        pv.intoArray(op, k);
        k += cx & -((row - cy) >>> 31); // cx while row < cy, else 0 (no branch)
      }
    }
    return k;
  }
}
