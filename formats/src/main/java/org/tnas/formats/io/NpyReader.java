package org.tnas.formats.io;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.tnas.formats.errors.EventErrorCode;
import org.tnas.formats.errors.EventFormatException;
import org.tnas.formats.events.EventBatch;
import org.tnas.formats.events.EventFormat;
import org.tnas.formats.events.SensorGeometry;

/**
 * Streaming reader of NumPy {@code .npy} (format versions 1, 2 and 3) holding a one-dimensional
 * structured event array, e.g. {@code [('t','<i8'),('x','<i2'),('y','<i2'),('p','|u1')]} as written
 * by expelliarmus, tonic or {@link NpyWriter}.
 *
 * <p>Fields are found by name (case-insensitive): t = {@code t, ts, timestamp, time}; x; y; p =
 * {@code p, pol, polarity, on}. Other fields and unnamed padding ({@code ('', '|V3')}) are skipped.
 * Accepted field types, any byte order: t = signed/unsigned integers of 1-8 bytes or float32/64;
 * x, y = integers 0..32767; p = bool or integers with values 0/1 or -1/+1 (normalised to 0/1).
 * Timestamps are microseconds unless {@link EventReadOptions#timeUnit()} says otherwise; float
 * timestamps are rounded to the nearest microsecond. Anything else is rejected with
 * UNSUPPORTED_EVENT_FORMAT naming the field. Not thread safe.
 */
public final class NpyReader extends AbstractEventReader {
  static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
  private static final int MAX_HEADER = 1 << 20;
  private static final int MAX_ITEM = 1 << 16;

  private final Field t;
  private final Field x;
  private final Field y;
  private final Field p;
  private final int itemSize;
  private final long length;
  private final double timeScale;
  private long done;

  /** A decodable field: byte offset in the record, kind (i, u, f, b), size and byte order. */
  private record Field(String name, int offset, char kind, int size, boolean bigEndian) {}

  /** Opens a reader over {@code input} with default options; parses the header now. */
  public NpyReader(InputStream input, String source) {
    this(new ByteSource(input, source), EventReadOptions.defaults());
  }

  NpyReader(ByteSource in, EventReadOptions options) {
    super(in, EventFormat.NPY);
    setGeometry(options.geometry());
    byte[] magic = in.readBytes(6, 6, "NumPy magic");
    if (!Arrays.equals(magic, MAGIC)) {
      throw unsupported(0, "Invalid NumPy magic: expected \\x93NUMPY");
    }
    int major = in.readUnsignedByte("NumPy version");
    in.readUnsignedByte("NumPy version");
    long headerLength;
    if (major == 1) {
      headerLength = in.readShortLittleEndian("NumPy header length") & 0xFFFF;
    } else if (major == 2 || major == 3) {
      headerLength = in.readIntLittleEndian("NumPy header length") & 0xFFFFFFFFL;
    } else {
      throw unsupported(6, "Invalid NumPy format version: " + major + ", expected 1, 2 or 3");
    }
    long headerAt = in.offset();
    byte[] header = in.readBytes(headerLength, MAX_HEADER, "NumPy header");
    String text = new String(header, 0, (int) headerLength,
        major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1).trim();
    Map<?, ?> dict;
    try {
      Object parsed = PythonLiteral.parse(text);
      if (!(parsed instanceof Map<?, ?> map)) {
        throw new IllegalArgumentException("Invalid NumPy header: not a dict");
      }
      dict = map;
    } catch (IllegalArgumentException e) {
      throw new EventFormatException(EventErrorCode.CORRUPT_EVENT_FILE, in.source(), headerAt,
          "Invalid NumPy header: " + e.getMessage(), e);
    }
    length = parseShape(dict.get("shape"), headerAt);
    Object descr = dict.get("descr");
    if (descr == null) {
      throw new EventFormatException(EventErrorCode.CORRUPT_EVENT_FILE, in.source(), headerAt,
          "Invalid NumPy header: no 'descr' entry, expected the dtype description");
    }
    if (!(descr instanceof List<?> entries)) {
      throw unsupported(headerAt, "Cannot map NumPy dtype " + descr
          + " to events: expected a structured dtype with fields t, x, y, p");
    }
    Field ft = null;
    Field fx = null;
    Field fy = null;
    Field fp = null;
    int offset = 0;
    List<String> names = new ArrayList<>();
    for (Object entry : entries) {
      if (!(entry instanceof List<?> tuple) || tuple.size() < 2
          || !(tuple.get(0) instanceof String name) || !(tuple.get(1) instanceof String type)) {
        throw unsupported(headerAt, "Cannot map NumPy field " + entry + ": expected (name, type)");
      }
      names.add(name + ":" + type);
      int size = typeSize(type, headerAt);
      if (tuple.size() > 2) {
        if (!name.isEmpty()) {
          throw unsupported(headerAt, "Cannot map NumPy field " + name + ": sub-array fields are not events");
        }
        size = multiply(size, tuple.get(2), headerAt);
      }
      String role = role(name);
      if (role != null) {
        Field field = field(name, type, offset, headerAt);
        switch (role) {
          case "t" -> ft = field;
          case "x" -> fx = field;
          case "y" -> fy = field;
          default -> fp = field;
        }
      }
      offset += size;
      if (offset > MAX_ITEM) {
        throw unsupported(headerAt, "Invalid NumPy record size: more than " + MAX_ITEM + " bytes");
      }
    }
    if (ft == null || fx == null || fy == null || fp == null) {
      throw unsupported(headerAt, "Cannot map NumPy fields " + names + " to events: expected t, x, y and p");
    }
    check(ft, "iuf", headerAt);
    check(fx, "iu", headerAt);
    check(fy, "iu", headerAt);
    check(fp, "iub", headerAt);
    if (ft.kind() == 'f' && ft.size() < 4) {
      throw unsupported(headerAt, "Cannot map NumPy field " + ft.name() + ": float16 timestamps lose precision");
    }
    t = ft;
    x = fx;
    y = fy;
    p = fp;
    itemSize = offset;
    if (itemSize == 0 && length > 0) {
      throw unsupported(headerAt, "Invalid NumPy record size: 0");
    }
    TimeUnit unit = options.timeUnit() == null ? TimeUnit.MICROSECONDS : options.timeUnit();
    timeScale = EventReadOptions.microsecondsPer(unit);
  }

  private static String role(String name) {
    switch (name.toLowerCase(Locale.ROOT)) {
      case "t":
      case "ts":
      case "timestamp":
      case "time":
        return "t";
      case "x":
        return "x";
      case "y":
        return "y";
      case "p":
      case "pol":
      case "polarity":
      case "on":
        return "p";
      default:
        return null;
    }
  }

  private EventFormatException unsupported(long at, String problem) {
    return new EventFormatException(EventErrorCode.UNSUPPORTED_EVENT_FORMAT, in.source(), at, problem);
  }

  private long parseShape(Object shape, long at) {
    if (shape == null) {
      throw new EventFormatException(EventErrorCode.CORRUPT_EVENT_FILE, in.source(), at,
          "Invalid NumPy header: no 'shape' entry, expected the array shape");
    }
    if (shape instanceof List<?> dims && dims.size() == 1 && dims.get(0) instanceof Long n && n >= 0) {
      return n;
    }
    throw unsupported(at, "Cannot map NumPy shape " + shape + " to events: expected a 1-D array (n,)");
  }

  private int multiply(int size, Object shape, long at) {
    long total = size;
    List<?> dims = shape instanceof List<?> list ? list : List.of(shape);
    for (Object dim : dims) {
      if (!(dim instanceof Long n) || n < 0 || n > MAX_ITEM) {
        throw unsupported(at, "Invalid NumPy sub-array shape: " + shape);
      }
      total *= n;
      if (total > MAX_ITEM) {
        throw unsupported(at, "Invalid NumPy record size: more than " + MAX_ITEM + " bytes");
      }
    }
    return (int) total;
  }

  private int typeSize(String type, long at) {
    String body = type.isEmpty() ? type : type.substring("<>|=".indexOf(type.charAt(0)) >= 0 ? 1 : 0);
    if (body.equals("?")) {
      return 1;
    }
    if (body.length() >= 2) {
      try {
        int size = Integer.parseInt(body.substring(1));
        if (size >= 1 && size <= MAX_ITEM) {
          return size;
        }
      } catch (NumberFormatException e) {
        // reported below
      }
    }
    throw unsupported(at, "Cannot map NumPy type " + type + ": expected e.g. <i8, <u2, |u1, |b1, <f8");
  }

  private Field field(String name, String type, int offset, long at) {
    char order = "<>|=".indexOf(type.charAt(0)) >= 0 ? type.charAt(0) : '=';
    String body = "<>|=".indexOf(type.charAt(0)) >= 0 ? type.substring(1) : type;
    if (body.equals("?")) {
      return new Field(name, offset, 'b', 1, false);
    }
    char kind = body.charAt(0);
    int size = typeSize(type, at);
    boolean sizeOk = kind == 'f' ? size == 2 || size == 4 || size == 8
        : (kind == 'b' ? size == 1 : size == 1 || size == 2 || size == 4 || size == 8);
    if ("iufb".indexOf(kind) < 0 || !sizeOk) {
      throw unsupported(at, "Cannot map NumPy field " + name + " of type " + type
          + ": expected an integer, float or bool type");
    }
    return new Field(name, offset, kind, size, order == '>');
  }

  private void check(Field field, String kinds, long at) {
    if (kinds.indexOf(field.kind()) < 0) {
      throw unsupported(at, "Cannot map NumPy field " + field.name() + " of kind '" + field.kind()
          + "': expected one of " + kinds);
    }
  }

  @Override
  protected int decode(EventBatch into, int maxEvents) {
    int count = 0;
    while (count < maxEvents && done < length) {
      if (!in.fill(itemSize)) {
        throw in.truncated("NumPy record " + done + " of " + length);
      }
      byte[] b = in.buffer();
      int start = in.position();
      int n = (int) Math.min(Math.min(maxEvents - count, length - done), in.available() / itemSize);
      into.ensureRoom(n);
      int pos = start;
      try {
        for (int i = 0; i < n; i++, pos += itemSize) {
          long rawT;
          if (t.kind() == 'f') {
            double value = (t.size() == 8 ? Double.longBitsToDouble(integer(b, pos, t))
                : Float.intBitsToFloat((int) integer(b, pos, t))) * timeScale;
            if (!(Math.abs(value) < 9.0e18)) {
              throw in.corruptAt(in.offset() + pos - start, "Invalid NumPy timestamp: " + value + " us");
            }
            rawT = Math.round(value);
          } else {
            rawT = integer(b, pos, t);
            if (t.kind() == 'u' && t.size() == 8 && rawT < 0) {
              throw in.corruptAt(in.offset() + pos - start, "Invalid NumPy timestamp: " + Long.toUnsignedString(rawT));
            }
            if (timeScale != 1) {
              rawT = Math.round(rawT * timeScale);
            }
          }
          long ex = integer(b, pos, x);
          long ey = integer(b, pos, y);
          if (ex < 0 || ex > Short.MAX_VALUE || ey < 0 || ey > Short.MAX_VALUE) {
            throw in.corruptAt(in.offset() + pos - start, "Invalid NumPy event coordinates: x " + ex + ", y " + ey
                + ", expected 0.." + Short.MAX_VALUE);
          }
          long ep = integer(b, pos, p);
          if (ep != 0 && ep != 1 && ep != -1) {
            throw in.corruptAt(in.offset() + pos - start, "Invalid NumPy polarity: " + ep + ", expected 0/1 or -1/+1");
          }
          into.addUnchecked((int) ex, (int) ey, rawT, ep == 1 ? 1 : 0);
        }
      } finally {
        int consumed = pos - start;
        done += consumed / itemSize;
        count += consumed / itemSize;
        in.advance(consumed);
      }
    }
    return count;
  }

  /** Reads an integer field (sign- or zero-extended) or the raw bits of a float field. */
  private static long integer(byte[] b, int record, Field f) {
    int at = record + f.offset();
    long value = 0;
    int size = f.size();
    if (f.bigEndian()) {
      for (int i = 0; i < size; i++) {
        value = value << 8 | (b[at + i] & 0xFF);
      }
    } else {
      switch (size) {
        case 1:
          value = b[at] & 0xFF;
          break;
        case 2:
          value = (short) ByteSource.SHORT_LE.get(b, at) & 0xFFFFL;
          break;
        case 4:
          value = (int) ByteSource.INT_LE.get(b, at) & 0xFFFFFFFFL;
          break;
        default:
          value = (long) ByteSource.LONG_LE.get(b, at);
      }
    }
    if (f.kind() == 'i' && size < 8) {
      int shift = 64 - 8 * size;
      value = value << shift >> shift;
    }
    if (f.kind() == 'b') {
      value = value != 0 ? 1 : 0;
    }
    return value;
  }

  /** Number of records the header declares. */
  public long declaredLength() {
    return length;
  }

}
