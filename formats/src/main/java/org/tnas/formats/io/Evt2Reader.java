package org.tnas.formats.io;

import java.io.InputStream;
import org.tnas.formats.errors.EventErrorCode;
import org.tnas.formats.errors.EventFormatException;
import org.tnas.formats.events.EventBatch;
import org.tnas.formats.events.EventFormat;

/**
 * Streaming decoder of Prophesee RAW EVT 2.0: a {@code %} header (see {@link PropheseeHeader})
 * then little-endian 32-bit words whose bits 31..28 give the type. {@code CD_OFF}(0x0) and
 * {@code CD_ON}(0x1) carry the 6 low timestamp bits (27..22), x (21..11) and y (10..0);
 * {@code EVT_TIME_HIGH}(0x8) carries timestamp bits 33..6; {@code EXT_TRIGGER}(0xA), {@code
 * OTHERS}(0xE) and {@code CONTINUED}(0xF) are skipped; any other type is a corrupt word. The 34-bit
 * time base is extended when the high part jumps back by more than half its range (a wrap every
 * ~4.8 hours). Not thread safe.
 */
public final class Evt2Reader extends AbstractEventReader {
  private static final long HIGH_RANGE = 1L << 28;

  private long timeHigh;
  private long wrapOffset;

  /** Opens a reader over {@code input}; reads the header now. */
  public Evt2Reader(InputStream input, String source) {
    this(new ByteSource(input, source));
  }

  Evt2Reader(ByteSource in) {
    super(in, EventFormat.EVT2);
    PropheseeHeader header = PropheseeHeader.read(in);
    if (header.lines().isEmpty()) {
      PropheseeHeader.refuseTextWithoutHeader(in, EventFormat.EVT2);
    }
    if (header.declaredFormat() != null && header.declaredFormat() != EventFormat.EVT2) {
      throw new EventFormatException(
          EventErrorCode.UNSUPPORTED_EVENT_FORMAT, in.source(), 0,
          "Invalid EVT2 header: it declares " + header.declaredFormat() + ", expected EVT 2.0");
    }
    setGeometry(header.geometry());
  }

  @Override
  protected int decode(EventBatch into, int maxEvents) {
    int count = 0;
    while (count < maxEvents) {
      if (!in.fill(4)) {
        if (in.available() > 0) {
          throw in.truncated("EVT2 word");
        }
        break;
      }
      byte[] b = in.buffer();
      int start = in.position();
      int end = start + (in.available() & ~3);
      into.ensureRoom(Math.min(maxEvents - count, (end - start) >>> 2));
      int pos = start;
      long high = timeHigh;
      while (pos < end && count < maxEvents) {
        int word = (int) ByteSource.INT_LE.get(b, pos);
        int type = word >>> 28;
        if (type <= 1) {
          long t = wrapOffset + ((high << 6) | ((word >>> 22) & 0x3F));
          into.addUnchecked((word >>> 11) & 0x7FF, word & 0x7FF, t, type);
          count++;
        } else if (type == 0x8) {
          long next = word & 0x0FFFFFFFL;
          if (next < high && high - next > HIGH_RANGE / 2) {
            wrapOffset += HIGH_RANGE << 6;
          }
          high = next;
        } else if (type != 0xA && type != 0xE && type != 0xF) {
          timeHigh = high;
          long at = in.offset() + (pos - start);
          in.advance(pos - start);
          throw in.corruptAt(at, String.format(
              "Invalid EVT2 word 0x%08X: type 0x%X is not defined, expected 0x0,0x1,0x8,0xA,0xE,0xF",
              word, type));
        }
        pos += 4;
      }
      timeHigh = high;
      in.advance(pos - start);
    }
    return count;
  }
}
