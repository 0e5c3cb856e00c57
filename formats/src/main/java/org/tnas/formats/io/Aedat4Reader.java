package org.tnas.formats.io;

import com.github.luben.zstd.ZstdInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.tnas.formats.errors.EventErrorCode;
import org.tnas.formats.errors.EventFormatException;
import org.tnas.formats.events.EventBatch;
import org.tnas.formats.events.EventFormat;
import org.tnas.formats.events.SensorGeometry;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;

/**
 * Streaming decoder of iniVation AEDAT 4.0 (DV) polarity events.
 *
 * <p>Layout: the 14-byte magic {@code #!AER-DAT4.0\r\n}; a little-endian u32 length and the
 * {@code IOHE} IOHeader flatbuffer (field 0 compression: 0 none, 1 LZ4, 2 LZ4 high, 3 Zstd, 4 Zstd
 * high; field 1 dataTablePosition, -1 if absent; field 2 the stream-info XML); then packets
 * {@code i32 streamId, i32 size, size bytes} up to the data table (or the end). Each packet body,
 * once decompressed as one LZ4 or Zstd frame, is a size-prefixed flatbuffer; for the EVTS stream it
 * is an {@code EventPacket} whose field 0 is a vector of 16-byte structs {@code int64 t; int16 x;
 * int16 y; bool on} (3 bytes padding). Packets of other streams (frames, IMU, triggers) are skipped
 * without decompression. The flatbuffers are parsed by hand with every offset bounds-checked.
 *
 * <p>The EVTS stream is the one with the smallest id whose {@code typeIdentifier} is EVTS; its
 * {@code info/sizeX}/{@code sizeY} give the geometry. Timestamps are kept as recorded (absolute Unix
 * microseconds in DV recordings). Memory: one compressed and one decompressed packet, each capped
 * at {@value #MAX_PACKET_BYTES} bytes. Not thread safe.
 */
public final class Aedat4Reader extends AbstractEventReader {
  static final byte[] MAGIC = "#!AER-DAT4.0\r\n".getBytes(StandardCharsets.US_ASCII);
  /** Largest accepted IOHeader (the XML of a few streams is a few KiB). */
  static final int MAX_HEADER_BYTES = 16 << 20;
  /** Largest accepted packet, compressed or not (DV packets are typically well below 1 MiB). */
  static final int MAX_PACKET_BYTES = 256 << 20;

  private final int compression;
  private final long dataTablePosition;
  private final int eventStream;
  private byte[] compressed = new byte[0];
  private byte[] packet = new byte[1 << 16];
  private int eventsStart;
  private int eventsEnd;
  private long packetOffset;

  /** Opens a reader over {@code input}; reads and parses the IOHeader now. */
  public Aedat4Reader(InputStream input, String source) {
    this(new ByteSource(input, source));
  }

  Aedat4Reader(ByteSource in) {
    super(in, EventFormat.AEDAT4);
    byte[] magic = in.readBytes(MAGIC.length, MAGIC.length, "AEDAT4 magic");
    if (!Arrays.equals(magic, MAGIC)) {
      throw new EventFormatException(EventErrorCode.UNSUPPORTED_EVENT_FORMAT, in.source(), 0,
          "Invalid AEDAT4 magic: expected #!AER-DAT4.0\\r\\n");
    }
    long headerLength = in.readIntLittleEndian("AEDAT4 IOHeader length") & 0xFFFFFFFFL;
    long headerStart = in.offset();
    byte[] header = in.readBytes(headerLength, MAX_HEADER_BYTES, "AEDAT4 IOHeader");
    FlatTable root = FlatTable.root(header, 0, (int) headerLength, in, headerStart, "AEDAT4 IOHeader");
    compression = root.int32(0, 0);
    if (compression < 0 || compression > 4) {
      throw in.corruptAt(headerStart, "Invalid AEDAT4 compression: " + compression + ", expected 0..4");
    }
    dataTablePosition = root.int64(1, -1);
    String xml = root.string(2);
    if (xml == null) {
      throw in.corruptAt(headerStart, "Invalid AEDAT4 IOHeader: no stream description (infoNode)");
    }
    StreamInfo info = parseStreams(xml, in, headerStart);
    eventStream = info.id;
    setGeometry(info.geometry);
  }

  private record StreamInfo(int id, SensorGeometry geometry) {}

  private static StreamInfo parseStreams(String xml, ByteSource in, long at) {
    Document document;
    try {
      DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
      factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      factory.setExpandEntityReferences(false);
      factory.setXIncludeAware(false);
      DocumentBuilder builder = factory.newDocumentBuilder();
      builder.setErrorHandler(new org.xml.sax.helpers.DefaultHandler());
      document = builder.parse(new InputSource(new java.io.StringReader(xml)));
    } catch (ParserConfigurationException | SAXException | IOException e) {
      throw new EventFormatException(EventErrorCode.CORRUPT_EVENT_FILE, in.source(), at,
          "Invalid AEDAT4 stream description: " + e.getMessage(), e);
    }
    Element outInfo = null;
    for (Element node : children(document.getDocumentElement(), "node")) {
      if ("outInfo".equals(node.getAttribute("name"))) {
        outInfo = node;
      }
    }
    int best = -1;
    SensorGeometry geometry = null;
    if (outInfo != null) {
      for (Element stream : children(outInfo, "node")) {
        int id;
        try {
          id = Integer.parseInt(stream.getAttribute("name"));
        } catch (NumberFormatException e) {
          continue;
        }
        if (!"EVTS".equals(attribute(stream, "typeIdentifier")) || (best >= 0 && id > best)) {
          continue;
        }
        best = id;
        geometry = null;
        for (Element info : children(stream, "node")) {
          if ("info".equals(info.getAttribute("name"))) {
            try {
              String sx = attribute(info, "sizeX");
              String sy = attribute(info, "sizeY");
              if (sx != null && sy != null) {
                geometry = new SensorGeometry(Integer.parseInt(sx.trim()), Integer.parseInt(sy.trim()));
              }
            } catch (IllegalArgumentException e) {
              throw new EventFormatException(EventErrorCode.CORRUPT_EVENT_FILE, in.source(), at,
                  "Invalid AEDAT4 EVTS geometry: " + e.getMessage(), e);
            }
          }
        }
      }
    }
    if (best < 0) {
      throw new EventFormatException(EventErrorCode.UNSUPPORTED_EVENT_FORMAT, in.source(), at,
          "Cannot read AEDAT4 events: the stream description has no EVTS (polarity event) stream");
    }
    return new StreamInfo(best, geometry);
  }

  private static java.util.List<Element> children(Element parent, String tag) {
    java.util.List<Element> out = new java.util.ArrayList<>();
    for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element e && tag.equals(e.getTagName())) {
        out.add(e);
      }
    }
    return out;
  }

  private static String attribute(Element node, String key) {
    for (Element attr : children(node, "attr")) {
      if (key.equals(attr.getAttribute("key"))) {
        return attr.getTextContent();
      }
    }
    return null;
  }

  @Override
  protected int decode(EventBatch into, int maxEvents) {
    int count = 0;
    while (count < maxEvents) {
      if (eventsStart >= eventsEnd && !nextEventPacket()) {
        break;
      }
      int n = Math.min(maxEvents - count, (eventsEnd - eventsStart) >>> 4);
      into.ensureRoom(n);
      byte[] b = packet;
      int e = eventsStart;
      for (int i = 0; i < n; i++, e += 16) {
        long t = (long) ByteSource.LONG_LE.get(b, e);
        int x = (short) ByteSource.SHORT_LE.get(b, e + 8);
        int y = (short) ByteSource.SHORT_LE.get(b, e + 10);
        into.addUnchecked(x, y, t, b[e + 12] != 0 ? 1 : 0);
      }
      eventsStart = e;
      count += n;
    }
    return count;
  }

  /** Advances to the next non-empty EVTS packet; false at the end of the packets. */
  private boolean nextEventPacket() {
    while (true) {
      if (dataTablePosition >= 0 && in.offset() >= dataTablePosition) {
        return false;
      }
      if (in.isAtEnd()) {
        return false;
      }
      long at = in.offset();
      int stream = in.readIntLittleEndian("AEDAT4 packet stream id");
      int size = in.readIntLittleEndian("AEDAT4 packet size");
      if (size < 0 || size > MAX_PACKET_BYTES) {
        throw in.corruptAt(at + 4, "Invalid AEDAT4 packet size: " + size + ", expected 0.." + MAX_PACKET_BYTES);
      }
      if (stream != eventStream) {
        in.skip(size, "AEDAT4 packet of stream " + stream);
        continue;
      }
      packetOffset = in.offset();
      compressed = in.readBytesInto(compressed, size, MAX_PACKET_BYTES, "AEDAT4 packet");
      int length = decompress(size);
      parseEventPacket(length);
      if (eventsEnd > eventsStart) {
        return true;
      }
    }
  }

  private int decompress(int size) {
    if (compression == 0) {
      if (packet.length < size) {
        packet = new byte[size];
      }
      System.arraycopy(compressed, 0, packet, 0, size);
      return size;
    }
    if (compression <= 2) {
      try {
        Lz4Frames.Output output = Lz4Frames.decode(compressed, size, packet, MAX_PACKET_BYTES);
        packet = output.buffer();
        return output.length();
      } catch (IllegalArgumentException e) {
        throw new EventFormatException(EventErrorCode.CORRUPT_EVENT_FILE, in.source(), packetOffset,
            "Invalid AEDAT4 packet: cannot decompress the LZ4 frame: " + e.getMessage(), e);
      }
    }
    InputStream body = new ByteArrayInputStream(compressed, 0, size);
    try (InputStream frame = new ZstdInputStream(body)) {
      int done = 0;
      while (true) {
        if (done == packet.length) {
          if (packet.length >= MAX_PACKET_BYTES) {
            throw in.corruptAt(packetOffset, "Invalid AEDAT4 packet: decompresses to more than " + MAX_PACKET_BYTES + " bytes");
          }
          packet = Arrays.copyOf(packet, (int) Math.min(MAX_PACKET_BYTES, 2L * packet.length));
        }
        int read = frame.read(packet, done, packet.length - done);
        if (read < 0) {
          return done;
        }
        done += read;
      }
    } catch (IOException | RuntimeException e) {
      if (e instanceof EventFormatException efe) {
        throw efe;
      }
      throw new EventFormatException(EventErrorCode.CORRUPT_EVENT_FILE, in.source(), packetOffset,
          "Invalid AEDAT4 packet: cannot decompress the Zstd frame: " + e.getMessage(), e);
    } catch (LinkageError e) {
      throw new IllegalStateException("Cannot load the Zstd decompressor: " + e.getMessage(), e);
    }
  }

  private void parseEventPacket(int length) {
    if (length < 12) {
      throw in.corruptAt(packetOffset, "Invalid AEDAT4 EVTS packet: " + length + " bytes, expected at least 12");
    }
    long declared = (int) ByteSource.INT_LE.get(packet, 0) & 0xFFFFFFFFL;
    if (declared > length - 4L) {
      throw in.corruptAt(packetOffset, "Invalid AEDAT4 EVTS packet: size prefix " + declared
          + " exceeds the " + (length - 4) + " decompressed bytes");
    }
    int end = 4 + (int) declared;
    if (packet[8] != 'E' || packet[9] != 'V' || packet[10] != 'T' || packet[11] != 'S') {
      throw in.corruptAt(packetOffset, "Invalid AEDAT4 EVTS packet: identifier "
          + new String(packet, 8, 4, StandardCharsets.ISO_8859_1) + ", expected EVTS");
    }
    FlatTable table = FlatTable.root(packet, 4, end, in, packetOffset, "AEDAT4 EVTS packet");
    int[] vector = table.vector(0, 16);
    eventsStart = vector[0];
    eventsEnd = vector[0] + vector[1] * 16;
  }

  /** A bounds-checked view of one flatbuffer table. */
  private static final class FlatTable {
    private final byte[] b;
    private final int base;
    private final int end;
    private final int table;
    private final int vtable;
    private final int vtableSize;
    private final ByteSource in;
    private final long at;
    private final String what;

    private FlatTable(byte[] b, int base, int end, int table, ByteSource in, long at, String what) {
      this.b = b;
      this.base = base;
      this.end = end;
      this.in = in;
      this.at = at;
      this.what = what;
      this.table = table;
      check(table, 4, "table");
      long vt = (long) table - (int) ByteSource.INT_LE.get(b, table);
      if (vt < base || vt + 4 > end) {
        throw bad("vtable offset " + (vt - base));
      }
      this.vtable = (int) vt;
      this.vtableSize = (short) ByteSource.SHORT_LE.get(b, vtable) & 0xFFFF;
      if (vtableSize < 4 || vtable + (long) vtableSize > end) {
        throw bad("vtable size " + vtableSize);
      }
    }

    /** The root table of the flatbuffer occupying {@code b[base..end)}. */
    static FlatTable root(byte[] b, int base, int end, ByteSource in, long at, String what) {
      if (end - base < 8) {
        throw in.corruptAt(at, "Invalid " + what + ": " + (end - base) + " bytes, expected at least 8");
      }
      long root = base + ((int) ByteSource.INT_LE.get(b, base) & 0xFFFFFFFFL);
      if (root + 4 > end) {
        throw in.corruptAt(at, "Invalid " + what + ": root offset " + (root - base) + " beyond " + (end - base) + " bytes");
      }
      return new FlatTable(b, base, end, (int) root, in, at, what);
    }

    private EventFormatException bad(String detail) {
      return in.corruptAt(at, "Invalid " + what + " flatbuffer: " + detail);
    }

    private void check(long position, long size, String detail) {
      if (position < base || position + size > end) {
        throw bad(detail + " at " + (position - base) + " (+" + size + ") outside 0.." + (end - base));
      }
    }

    /** Absolute position of field {@code index}, or -1 when absent. */
    private int field(int index) {
      int slot = 4 + 2 * index;
      if (slot + 2 > vtableSize) {
        return -1;
      }
      int offset = (short) ByteSource.SHORT_LE.get(b, vtable + slot) & 0xFFFF;
      return offset == 0 ? -1 : table + offset;
    }

    int int32(int index, int absent) {
      int f = field(index);
      if (f < 0) {
        return absent;
      }
      check(f, 4, "field " + index);
      return (int) ByteSource.INT_LE.get(b, f);
    }

    long int64(int index, long absent) {
      int f = field(index);
      if (f < 0) {
        return absent;
      }
      check(f, 8, "field " + index);
      return (long) ByteSource.LONG_LE.get(b, f);
    }

    /** {start, length} of a vector field of {@code elementSize}-byte elements ({0, 0} if absent). */
    int[] vector(int index, int elementSize) {
      int f = field(index);
      if (f < 0) {
        return new int[] {0, 0};
      }
      check(f, 4, "field " + index);
      long vector = f + ((int) ByteSource.INT_LE.get(b, f) & 0xFFFFFFFFL);
      check(vector, 4, "vector of field " + index);
      long length = (int) ByteSource.INT_LE.get(b, (int) vector) & 0xFFFFFFFFL;
      check(vector + 4, length * elementSize, "vector of " + length + " elements");
      return new int[] {(int) vector + 4, (int) length};
    }

    String string(int index) {
      int f = field(index);
      if (f < 0) {
        return null;
      }
      int[] bytes = vector(index, 1);
      return new String(b, bytes[0], bytes[1], StandardCharsets.UTF_8);
    }
  }
}
