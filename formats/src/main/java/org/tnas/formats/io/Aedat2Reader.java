package org.tnas.formats.io;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.tnas.formats.errors.EventErrorCode;
import org.tnas.formats.errors.EventFormatException;
import org.tnas.formats.events.EventBatch;
import org.tnas.formats.events.EventFormat;
import org.tnas.formats.events.SensorGeometry;

/**
 * Streaming decoder of jAER AEDAT 2.0 polarity events from DAVIS cameras, the layout v2e writes
 * with {@code --dvs_aedat2} ({@code v2ecore/output/aedat2_output.py}: {@code a = x << 12 | y << 22
 * | p << 11} with x and y mirrored to jAER's lower-left origin).
 *
 * <p>File: the line {@code #!AER-DAT2.0}, further {@code #} comment lines, then big-endian int32
 * pairs (address, timestamp in us). Address bit fields (DAVIS240/DAVIS346):
 *
 * <ul>
 *   <li>bit 31: 1 = APS/IMU sample, skipped;
 *   <li>bits 30..22: y address (jAER origin bottom-left), image row = height - 1 - address;
 *   <li>bits 21..12: x address (mirrored by the chip), image column = width - 1 - address;
 *   <li>bit 11: polarity, 1 = ON;
 *   <li>bit 10: 1 = special/external event, skipped.
 * </ul>
 *
 * <p>The geometry is needed to un-mirror the addresses: it is the caller's, else DAVIS240
 * (240x180) when a header line names DAVIS240, else DAVIS346 (346x260). Addresses outside it are
 * corrupt. The 32-bit timestamp is extended by 2^32 when it jumps back by more than 2^31. Not
 * thread safe.
 */
public final class Aedat2Reader extends AbstractEventReader {
  static final String MAGIC = "#!AER-DAT2.0";
  private static final int MAX_HEADER_LINES = 100_000;

  private final int width;
  private final int height;
  private long previous;
  private long wrapOffset;

  /** Opens a reader over {@code input} with the geometry found in the header (default DAVIS346). */
  public Aedat2Reader(InputStream input, String source) {
    this(new ByteSource(input, source), null);
  }

  Aedat2Reader(ByteSource in, SensorGeometry requested) {
    super(in, EventFormat.AEDAT2);
    String first = in.readLine(4096, "AEDAT2 magic line");
    if (first == null || !first.startsWith(MAGIC)) {
      throw new EventFormatException(EventErrorCode.UNSUPPORTED_EVENT_FORMAT, in.source(), 0,
          "Invalid AEDAT2 magic: expected a first line " + MAGIC);
    }
    List<String> lines = new ArrayList<>();
    while (in.peek() == '#') {
      if (lines.size() >= MAX_HEADER_LINES) {
        throw in.corrupt("Invalid AEDAT2 header: more than " + MAX_HEADER_LINES + " comment lines");
      }
      lines.add(in.readLine(1 << 16, "AEDAT2 header line"));
    }
    SensorGeometry geometry = requested;
    if (geometry == null) {
      boolean davis240 = lines.stream().anyMatch(l -> l.toUpperCase(Locale.ROOT).contains("DAVIS240"));
      geometry = davis240 ? new SensorGeometry(240, 180) : new SensorGeometry(346, 260);
    }
    if (geometry.width() > 1024 || geometry.height() > 512) {
      throw new IllegalArgumentException("Invalid AEDAT2 geometry: " + geometry + ", the DAVIS layout holds at most 1024x512");
    }
    width = geometry.width();
    height = geometry.height();
    setGeometry(geometry);
  }

  @Override
  protected int decode(EventBatch into, int maxEvents) {
    int count = 0;
    while (count < maxEvents) {
      if (!in.fill(8)) {
        if (in.available() > 0) {
          throw in.truncated("AEDAT2 event");
        }
        break;
      }
      byte[] b = in.buffer();
      int start = in.position();
      int end = start + (in.available() & ~7);
      into.ensureRoom(Math.min(maxEvents - count, (end - start) >>> 3));
      int pos = start;
      long prev = previous;
      long offset = wrapOffset;
      while (pos < end && count < maxEvents) {
        int address = (int) ByteSource.INT_BE.get(b, pos);
        long t = (int) ByteSource.INT_BE.get(b, pos + 4) & 0xFFFFFFFFL;
        pos += 8;
        if (address < 0 || (address & 0x400) != 0) {
          continue; // APS/IMU sample or special event
        }
        int xAddress = (address >>> 12) & 0x3FF;
        int yAddress = (address >>> 22) & 0x1FF;
        if (xAddress >= width || yAddress >= height) {
          previous = prev;
          wrapOffset = offset;
          long at = in.offset() + (pos - 8 - start);
          in.advance(pos - start);
          throw in.corruptAt(at, String.format(
              "Invalid AEDAT2 address 0x%08X: x %d, y %d outside the %dx%d sensor",
              address, xAddress, yAddress, width, height));
        }
        if (t < prev && prev - t > (1L << 31)) {
          offset += 1L << 32;
        }
        prev = t;
        into.addUnchecked(width - 1 - xAddress, height - 1 - yAddress, offset + t, (address >>> 11) & 1);
        count++;
      }
      previous = prev;
      wrapOffset = offset;
      in.advance(pos - start);
    }
    return count;
  }
}
