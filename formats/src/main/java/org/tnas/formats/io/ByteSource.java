package org.tnas.formats.io;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;
import org.tnas.formats.errors.EventErrorCode;
import org.tnas.formats.errors.EventFormatException;

/**
 * A buffered, offset-tracking byte source over an {@link InputStream}, the one way readers of this
 * package consume bytes. Decoders either ask for typed values ({@link #readIntLittleEndian()}...)
 * or work directly on the exposed window {@code buffer()[position() .. limit())} and then {@link
 * #advance(int)} past what they consumed, which keeps the hot loops free of per-value calls.
 *
 * <p>Memory is bounded by the window size; every variable-size read ({@link #readBytes}) grows its
 * result as bytes actually arrive, so a corrupt header declaring a huge size fails with {@code
 * TRUNCATED_EVENT_FILE} instead of allocating what it declares. Not thread safe.
 */
final class ByteSource implements Closeable {
  static final VarHandle SHORT_LE =
      MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);
  static final VarHandle INT_LE =
      MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
  static final VarHandle LONG_LE =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  static final VarHandle INT_BE =
      MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);

  /** Default window: large enough for bulk decoding, small enough to keep many readers open. */
  static final int DEFAULT_WINDOW = 1 << 20;

  private final InputStream in;
  private final String source;
  private byte[] buffer;
  private int position;
  private int limit;
  /** File offset of {@code buffer[0]}. */
  private long bufferStart;
  private boolean endOfStream;

  ByteSource(InputStream in, String source, int window) {
    this.in = Objects.requireNonNull(in, "in is null");
    this.source = Objects.requireNonNull(source, "source is null");
    if (window < 64) {
      throw new IllegalArgumentException("Invalid window: " + window);
    }
    this.buffer = new byte[window];
  }

  ByteSource(InputStream in, String source) {
    this(in, source, DEFAULT_WINDOW);
  }

  String source() {
    return source;
  }

  /** The file offset of the next unread byte. */
  long offset() {
    return bufferStart + position;
  }

  byte[] buffer() {
    return buffer;
  }

  int position() {
    return position;
  }

  int limit() {
    return limit;
  }

  int available() {
    return limit - position;
  }

  /** Consumes {@code count} bytes of the current window. */
  void advance(int count) {
    if (count < 0 || count > limit - position) {
      throw new IllegalArgumentException("Invalid advance: " + count);
    }
    position += count;
  }

  /**
   * Tries to make at least {@code minimum} bytes available in the window (compacting and reading).
   * Reads as much as fits without blocking twice once the minimum is met.
   *
   * @return whether {@code minimum} bytes are available; false only at the end of the stream
   */
  boolean fill(int minimum) {
    if (limit - position >= minimum) {
      return true;
    }
    if (minimum > buffer.length) {
      throw new IllegalArgumentException("Invalid fill: " + minimum + " > window " + buffer.length);
    }
    if (position > 0) {
      int remaining = limit - position;
      System.arraycopy(buffer, position, buffer, 0, remaining);
      bufferStart += position;
      position = 0;
      limit = remaining;
    }
    while (limit < minimum && !endOfStream) {
      int read;
      try {
        read = in.read(buffer, limit, buffer.length - limit);
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot read " + source + " at byte " + offset(), e);
      }
      if (read < 0) {
        endOfStream = true;
      } else {
        limit += read;
      }
    }
    return limit - position >= minimum;
  }

  /** Whether the stream is exhausted (no unread byte). */
  boolean isAtEnd() {
    return !fill(1);
  }

  /** Ensures {@code count} bytes are available or throws TRUNCATED naming {@code what}. */
  void require(int count, String what) {
    if (!fill(count)) {
      throw truncated(what + " (" + count + " bytes)");
    }
  }

  int readUnsignedByte(String what) {
    require(1, what);
    return buffer[position++] & 0xFF;
  }

  /** The next byte without consuming it, or -1 at the end. */
  int peek() {
    return fill(1) ? buffer[position] & 0xFF : -1;
  }

  int readIntLittleEndian(String what) {
    require(4, what);
    int value = (int) INT_LE.get(buffer, position);
    position += 4;
    return value;
  }

  int readShortLittleEndian(String what) {
    require(2, what);
    int value = (short) SHORT_LE.get(buffer, position);
    position += 2;
    return value;
  }

  long readLongLittleEndian(String what) {
    require(8, what);
    long value = (long) LONG_LE.get(buffer, position);
    position += 8;
    return value;
  }

  /**
   * Reads exactly {@code count} bytes into a new array no larger than what actually arrived: the
   * result grows from at most one window as bytes come in.
   *
   * @param maximum the largest acceptable count; larger declared sizes are CORRUPT
   */
  byte[] readBytes(long count, long maximum, String what) {
    return readBytesInto(null, count, maximum, what);
  }

  /** Like {@link #readBytes} but reuses {@code reuse} when it is large enough. */
  byte[] readBytesInto(byte[] reuse, long count, long maximum, String what) {
    if (count < 0 || count > maximum) {
      throw corrupt("Invalid " + what + " size: " + count + ", expected 0.." + maximum);
    }
    int total = (int) count;
    byte[] out = reuse != null && reuse.length >= total
        ? reuse
        : new byte[Math.min(total, Math.max(buffer.length, reuse == null ? 0 : reuse.length))];
    int done = 0;
    while (done < total) {
      if (!fill(1)) {
        throw truncated(what + " (" + total + " bytes, " + done + " present)");
      }
      int chunk = Math.min(total - done, limit - position);
      if (done + chunk > out.length) {
        out = Arrays.copyOf(out, (int) Math.min(total, Math.max((long) out.length * 2, done + chunk)));
      }
      System.arraycopy(buffer, position, out, done, chunk);
      position += chunk;
      done += chunk;
    }
    return out;
  }

  /** Skips exactly {@code count} bytes or throws TRUNCATED. */
  void skip(long count, String what) {
    if (count < 0) {
      throw corrupt("Invalid " + what + " size: " + count);
    }
    long remaining = count;
    while (remaining > 0) {
      if (!fill(1)) {
        throw truncated(what + " (" + count + " bytes, " + (count - remaining) + " present)");
      }
      int chunk = (int) Math.min(remaining, limit - position);
      position += chunk;
      remaining -= chunk;
    }
  }

  /**
   * Reads one line ending in LF (the LF and a preceding CR are dropped) as ISO-8859-1 text.
   *
   * @return the line, or null at the end of the stream
   */
  String readLine(int maximumLength, String what) {
    if (!fill(1)) {
      return null;
    }
    StringBuilder line = null;
    while (true) {
      int start = position;
      int end = start;
      while (end < limit && buffer[end] != '\n') {
        end++;
      }
      int length = end - start + (line == null ? 0 : line.length());
      if (length > maximumLength) {
        throw corrupt("Invalid " + what + ": line longer than " + maximumLength + " bytes");
      }
      if (end < limit) {
        String piece = new String(buffer, start, end - start, StandardCharsets.ISO_8859_1);
        position = end + 1;
        String result = line == null ? piece : line.append(piece).toString();
        return result.endsWith("\r") ? result.substring(0, result.length() - 1) : result;
      }
      if (line == null) {
        line = new StringBuilder();
      }
      line.append(new String(buffer, start, end - start, StandardCharsets.ISO_8859_1));
      position = limit;
      if (!fill(1)) {
        String result = line.toString();
        return result.endsWith("\r") ? result.substring(0, result.length() - 1) : result;
      }
    }
  }

  EventFormatException truncated(String expected) {
    return new EventFormatException(
        EventErrorCode.TRUNCATED_EVENT_FILE, source, offset(), "Cannot read " + expected + ": the file ends");
  }

  EventFormatException corrupt(String problem) {
    return new EventFormatException(EventErrorCode.CORRUPT_EVENT_FILE, source, offset(), problem);
  }

  EventFormatException corruptAt(long at, String problem) {
    return new EventFormatException(EventErrorCode.CORRUPT_EVENT_FILE, source, at, problem);
  }

  @Override
  public void close() {
    try {
      in.close();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot close " + source, e);
    }
  }
}
