package org.tnas.formats.io;

import java.io.InputStream;
import org.tnas.formats.errors.EventErrorCode;
import org.tnas.formats.errors.EventFormatException;
import org.tnas.formats.events.EventBatch;
import org.tnas.formats.events.EventFormat;

/**
 * Streaming decoder of Prophesee DAT (legacy Event2D / EventCD files such as N-CARS): a {@code %}
 * header, one byte event type (0 = Event2D or 0x0C = EventCD), one byte event size (must be 8),
 * then 8-byte little-endian events {@code u32 t (us), u32 data} with x = bits 13..0, y = bits
 * 27..14 and polarity = bits 31..28 (0 or 1). The 32-bit timestamp is extended by 2^32 when it
 * jumps back by more than 2^31 (a wrap after ~71 minutes; small reorderings are kept as they are).
 * Not thread safe.
 */
public final class DatReader extends AbstractEventReader {
  private static final long HALF = 1L << 31;

  private long previous;
  private long wrapOffset;

  /** Opens a reader over {@code input}; reads the header now. */
  public DatReader(InputStream input, String source) {
    this(new ByteSource(input, source));
  }

  DatReader(ByteSource in) {
    super(in, EventFormat.DAT);
    PropheseeHeader header = PropheseeHeader.read(in);
    setGeometry(header.geometry());
    if (in.isAtEnd()) {
      return; // header only: an empty recording
    }
    long at = in.offset();
    int type = in.readUnsignedByte("DAT event type");
    int size = in.readUnsignedByte("DAT event size");
    if (type != 0x00 && type != 0x0C) {
      throw new EventFormatException(EventErrorCode.UNSUPPORTED_EVENT_FORMAT, in.source(), at,
          "Invalid DAT event type: 0x" + Integer.toHexString(type) + ", expected 0x0 (Event2D) or 0xC (EventCD)");
    }
    if (size != 8) {
      throw new EventFormatException(EventErrorCode.UNSUPPORTED_EVENT_FORMAT, in.source(), at + 1,
          "Invalid DAT event size: " + size + ", expected 8");
    }
  }

  @Override
  protected int decode(EventBatch into, int maxEvents) {
    int count = 0;
    while (count < maxEvents) {
      if (!in.fill(8)) {
        if (in.available() > 0) {
          throw in.truncated("DAT event");
        }
        break;
      }
      byte[] b = in.buffer();
      int start = in.position();
      int n = Math.min(maxEvents - count, in.available() >>> 3);
      into.ensureRoom(n);
      int pos = start;
      long prev = previous;
      long offset = wrapOffset;
      for (int i = 0; i < n; i++, pos += 8) {
        long t = (int) ByteSource.INT_LE.get(b, pos) & 0xFFFFFFFFL;
        int data = (int) ByteSource.INT_LE.get(b, pos + 4);
        int p = data >>> 28;
        if (p > 1) {
          previous = prev;
          wrapOffset = offset;
          long at = in.offset() + (pos - start);
          in.advance(pos - start);
          throw in.corruptAt(at, "Invalid DAT polarity: " + p + ", expected 0 or 1");
        }
        if (t < prev && prev - t > HALF) {
          offset += 1L << 32;
        }
        prev = t;
        into.addUnchecked(data & 0x3FFF, (data >>> 14) & 0x3FFF, offset + t, p);
      }
      previous = prev;
      wrapOffset = offset;
      count += n;
      in.advance(pos - start);
    }
    return count;
  }
}
