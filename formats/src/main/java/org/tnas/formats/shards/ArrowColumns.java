package org.tnas.formats.shards;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.SmallIntVector;
import org.apache.arrow.vector.TinyIntVector;

/**
 * Bulk copies between the primitive arrays of an event batch and the data buffers of Arrow vectors
 * (Arrow buffers are little-endian). One memory copy per column instead of a per-value set/get.
 */
final class ArrowColumns {
  private ArrowColumns() {}

  private static ByteBuffer view(ArrowBuf buffer, long bytes) {
    return buffer.nioBuffer(0, Math.toIntExact(bytes)).order(ByteOrder.LITTLE_ENDIAN);
  }

  static void put(SmallIntVector vector, short[] values, int from, int count) {
    view(vector.getDataBuffer(), 2L * count).asShortBuffer().put(values, from, count);
  }

  static void put(BigIntVector vector, long[] values, int from, int count) {
    view(vector.getDataBuffer(), 8L * count).asLongBuffer().put(values, from, count);
  }

  static void put(TinyIntVector vector, byte[] values, int from, int count) {
    vector.getDataBuffer().setBytes(0, values, from, count);
  }

  static void get(SmallIntVector vector, short[] into, int offset, int count) {
    view(vector.getDataBuffer(), 2L * count).asShortBuffer().get(into, offset, count);
  }

  static void get(BigIntVector vector, long[] into, int offset, int count) {
    view(vector.getDataBuffer(), 8L * count).asLongBuffer().get(into, offset, count);
  }

  static void get(TinyIntVector vector, byte[] into, int offset, int count) {
    vector.getDataBuffer().getBytes(0, into, offset, count);
  }
}
