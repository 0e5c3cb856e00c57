package org.tnas.formats.io;

import java.io.InputStream;
import org.tnas.formats.events.EventBatch;
import org.tnas.formats.events.EventFormat;
import org.tnas.formats.events.SensorGeometry;

/**
 * Streaming decoder of the N-MNIST / N-Caltech101 ATIS binary ({@code .bin}): headerless 5-byte
 * events, byte 0 = x, byte 1 = y, byte 2 bit 7 = polarity (1 = ON), and the 23-bit timestamp in
 * microseconds = {@code (byte2 & 0x7F) << 16 | byte3 << 8 | byte4}. The 23-bit timestamp is
 * extended by 2^23 when it jumps back by more than 2^22 (N-MNIST samples last ~0.3 s, so this only
 * matters for long N-Caltech101-style recordings).
 *
 * <p>The format declares no geometry; {@link #geometry()} returns what the caller passed (N-MNIST
 * is 34x34) or empty. Not thread safe.
 */
public final class NmnistReader extends AbstractEventReader {
  private static final long RANGE = 1L << 23;

  private long previous;
  private long wrapOffset;

  /** Opens a reader over {@code input} with no declared geometry. */
  public NmnistReader(InputStream input, String source) {
    this(new ByteSource(input, source), null);
  }

  NmnistReader(ByteSource in, SensorGeometry geometry) {
    super(in, EventFormat.NMNIST_BIN);
    setGeometry(geometry);
  }

  @Override
  protected int decode(EventBatch into, int maxEvents) {
    int count = 0;
    while (count < maxEvents) {
      if (!in.fill(5)) {
        if (in.available() > 0) {
          throw in.truncated("N-MNIST event");
        }
        break;
      }
      byte[] b = in.buffer();
      int start = in.position();
      int n = Math.min(maxEvents - count, in.available() / 5);
      into.ensureRoom(n);
      int pos = start;
      long prev = previous;
      long offset = wrapOffset;
      for (int i = 0; i < n; i++, pos += 5) {
        int b2 = b[pos + 2] & 0xFF;
        long t = ((long) (b2 & 0x7F) << 16) | ((b[pos + 3] & 0xFF) << 8) | (b[pos + 4] & 0xFF);
        if (t < prev && prev - t > RANGE / 2) {
          offset += RANGE;
        }
        prev = t;
        into.addUnchecked(b[pos] & 0xFF, b[pos + 1] & 0xFF, offset + t, b2 >>> 7);
      }
      previous = prev;
      wrapOffset = offset;
      count += n;
      in.advance(pos - start);
    }
    return count;
  }
}
