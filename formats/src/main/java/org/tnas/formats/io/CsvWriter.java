package org.tnas.formats.io;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import org.tnas.formats.events.EventBatch;
import org.tnas.formats.events.EventFormat;

/**
 * Writes events as CSV text: a header line {@code t,x,y,p} then one line per event with t in
 * integer microseconds and p 0/1, read back exactly by {@link CsvReader}. Not thread safe.
 */
public final class CsvWriter implements EventWriter {
  private final OutputStream out;
  private final byte[] line = new byte[64 * 1024];
  private int used;
  private long count;
  private boolean closed;

  /** Writes to {@code out}, which is closed by {@link #close()}. */
  public CsvWriter(OutputStream out) {
    this.out = Objects.requireNonNull(out, "out is null");
    byte[] header = "t,x,y,p\n".getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(header, 0, line, 0, header.length);
    used = header.length;
  }

  @Override
  public EventFormat format() {
    return EventFormat.CSV;
  }

  @Override
  public void write(EventBatch batch, int from, int count) {
    EventWriter.checkRange(batch, from, count);
    if (closed) {
      throw new IllegalStateException("Cannot write: the CSV writer is closed");
    }
    for (int i = from; i < from + count; i++) {
      if (used > line.length - 48) {
        flush();
      }
      used = number(batch.t()[i], used);
      line[used++] = ',';
      used = number(batch.x()[i], used);
      line[used++] = ',';
      used = number(batch.y()[i], used);
      line[used++] = ',';
      used = number(batch.p()[i], used);
      line[used++] = '\n';
    }
    this.count += count;
  }

  private int number(long value, int at) {
    String text = Long.toString(value);
    for (int i = 0; i < text.length(); i++) {
      line[at + i] = (byte) text.charAt(i);
    }
    return at + text.length();
  }

  private void flush() {
    try {
      out.write(line, 0, used);
      used = 0;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write CSV events", e);
    }
  }

  @Override
  public long count() {
    return count;
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    flush();
    try {
      out.close();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot close the CSV file", e);
    }
  }
}
