package org.tnas.formats.io;

import java.io.InputStream;
import org.tnas.formats.errors.EventErrorCode;
import org.tnas.formats.errors.EventFormatException;
import org.tnas.formats.events.EventBatch;
import org.tnas.formats.events.EventFormat;

/**
 * Streaming, stateful decoder of Prophesee RAW EVT 3.0: a {@code %} header (see {@link
 * PropheseeHeader}) then little-endian 16-bit words, type in bits 15..12.
 *
 * <p>State: y, polarity, base x, 12+12-bit time. {@code EVT_ADDR_Y}(0x0) sets y; {@code
 * EVT_ADDR_X}(0x2) emits one event (x = bits 10..0, polarity = bit 11); {@code VECT_BASE_X}(0x3)
 * sets base x and the vector polarity; {@code VECT_12}(0x4) / {@code VECT_8}(0x5) emit one event
 * per set mask bit k at base x + k, then advance base x by 12 / 8; {@code EVT_TIME_LOW}(0x6) and
 * {@code EVT_TIME_HIGH}(0x8) set time bits 11..0 and 23..12. Trigger (0xA, and 0xC as written by
 * expelliarmus), {@code OTHERS}(0xE), {@code CONTINUED_4}(0x7) and {@code CONTINUED_12}(0xF) are
 * skipped; 0x1, 0x9, 0xB and 0xD are corrupt words. The 24-bit time base wraps every 16.777 s:
 * each decrease of the {@code TIME_HIGH} value adds 2^24 us.
 *
 * <p>{@link TimeReconstruction#EXPELLIARMUS_COMPATIBLE} reproduces the expelliarmus reference
 * decoder instead: it counts every decrease of the {@code TIME_LOW} value as a carry of 4096 us
 * into the high part (never undone), on top of what {@code TIME_HIGH} says, and a polarity set by
 * {@code EVT_ADDR_X} carries over to later vector words. So an ordinary rollover of TIME_LOW (4095
 * to 0, announced by a new TIME_HIGH) is counted twice, and every backward jitter of TIME_LOW by a
 * few microseconds adds 4096 us. On the evt3 sample of expelliarmus that is 2 rollovers and 9
 * jitters (3-11 us back with TIME_HIGH unchanged): 11 x 4096 us. Use it only to compare with that
 * reference ({@code tnas import --conf import.evt3-timing=expelliarmus}).
 *
 * <p>A vector word that does not fit in the caller's {@code maxEvents} is finished on the next
 * call, so any batch size is honoured exactly. Not thread safe.
 */
public final class Evt3Reader extends AbstractEventReader {
  /** How timestamps are rebuilt from the 12-bit TIME_HIGH / TIME_LOW words. */
  public enum TimeReconstruction {
    /** The format's definition: t = wraps * 2^24 + TIME_HIGH * 2^12 + TIME_LOW. */
    OFFICIAL,
    /** The expelliarmus reference decoder's counters (see the class comment). */
    EXPELLIARMUS_COMPATIBLE
  }

  private final boolean expelliarmus;
  private int lowOverflows;
  private int y;
  private int polarity;
  private int baseX;
  private int timeHigh;
  private int timeLow;
  private long wrapOffset;
  /** Remaining mask bits of a vector word cut short by maxEvents, relative to pendingBase. */
  private int pendingMask;
  private int pendingBase;

  /** Opens a reader over {@code input}; reads the header now. */
  public Evt3Reader(InputStream input, String source) {
    this(new ByteSource(input, source), TimeReconstruction.OFFICIAL);
  }

  /** Opens a reader over {@code input} with the given timestamp reconstruction. */
  public Evt3Reader(InputStream input, String source, TimeReconstruction timing) {
    this(new ByteSource(input, source), timing);
  }

  Evt3Reader(ByteSource in, TimeReconstruction timing) {
    super(in, EventFormat.EVT3);
    expelliarmus = java.util.Objects.requireNonNull(timing, "timing is null") == TimeReconstruction.EXPELLIARMUS_COMPATIBLE;
    PropheseeHeader header = PropheseeHeader.read(in);
    if (header.lines().isEmpty()) {
      PropheseeHeader.refuseTextWithoutHeader(in, EventFormat.EVT3);
    }
    if (header.declaredFormat() != null && header.declaredFormat() != EventFormat.EVT3) {
      throw new EventFormatException(
          EventErrorCode.UNSUPPORTED_EVENT_FORMAT, in.source(), 0,
          "Invalid EVT3 header: it declares " + header.declaredFormat() + ", expected EVT 3.0");
    }
    setGeometry(header.geometry());
  }

  @Override
  protected int decode(EventBatch into, int maxEvents) {
    int count = 0;
    if (pendingMask != 0) {
      count = drainPending(into, maxEvents);
    }
    while (count < maxEvents) {
      if (!in.fill(2)) {
        if (in.available() > 0) {
          throw in.truncated("EVT3 word");
        }
        break;
      }
      byte[] b = in.buffer();
      int start = in.position();
      int end = start + (in.available() & ~1);
      into.ensureRoom((int) Math.min(maxEvents - count, 12L * ((end - start) >>> 1)));
      int pos = start;
      long time = currentTime();
      int yy = y;
      int pp = polarity;
      int bx = baseX;
      try {
        while (pos < end && count < maxEvents) {
          int word = (short) ByteSource.SHORT_LE.get(b, pos) & 0xFFFF;
          pos += 2;
          switch (word >>> 12) {
            case 0x0:
              yy = word & 0x7FF;
              break;
            case 0x2:
              into.addUnchecked(word & 0x7FF, yy, time, (word >>> 11) & 1);
              count++;
              if (expelliarmus) {
                pp = (word >>> 11) & 1;
              }
              break;
            case 0x3:
              bx = word & 0x7FF;
              pp = (word >>> 11) & 1;
              break;
            case 0x4:
            case 0x5: {
              int mask = (word >>> 12) == 0x4 ? word & 0xFFF : word & 0xFF;
              int base = bx;
              bx += (word >>> 12) == 0x4 ? 12 : 8;
              while (mask != 0) {
                if (count == maxEvents) {
                  pendingMask = mask;
                  pendingBase = base;
                  break;
                }
                int k = Integer.numberOfTrailingZeros(mask);
                into.addUnchecked(base + k, yy, time, pp);
                count++;
                mask &= mask - 1;
              }
              break;
            }
            case 0x6:
              if (expelliarmus && (word & 0xFFF) < timeLow) {
                lowOverflows++;
              }
              timeLow = word & 0xFFF;
              time = currentTime();
              break;
            case 0x8: {
              int high = word & 0xFFF;
              if (high < timeHigh) {
                wrapOffset += 1L << 24;
              }
              timeHigh = high;
              time = currentTime();
              break;
            }
            case 0x7:
            case 0xA:
            case 0xC:
            case 0xE:
            case 0xF:
              break;
            default:
              long at = in.offset() + (pos - 2 - start);
              throw in.corruptAt(at, String.format(
                  "Invalid EVT3 word 0x%04X: type 0x%X is not defined, expected one of "
                      + "0x0,0x2-0x8,0xA,0xC,0xE,0xF", word, word >>> 12));
          }
        }
      } finally {
        y = yy;
        polarity = pp;
        baseX = bx;
        in.advance(pos - start);
      }
    }
    return count;
  }

  private long currentTime() {
    return wrapOffset + ((long) (timeHigh + lowOverflows) << 12) + timeLow;
  }

  private int drainPending(EventBatch into, int maxEvents) {
    long time = currentTime();
    into.ensureRoom(Math.min(maxEvents, Integer.bitCount(pendingMask)));
    int count = 0;
    while (pendingMask != 0 && count < maxEvents) {
      int k = Integer.numberOfTrailingZeros(pendingMask);
      into.addUnchecked(pendingBase + k, y, time, polarity);
      count++;
      pendingMask &= pendingMask - 1;
    }
    return count;
  }
}
