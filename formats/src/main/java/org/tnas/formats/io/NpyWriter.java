package org.tnas.formats.io;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import org.tnas.formats.events.EventBatch;
import org.tnas.formats.events.EventFormat;

/**
 * Writes a NumPy {@code .npy} (format 1.0) structured event array with the dtype of the
 * expelliarmus reference files: {@code [('t','<i8'),('x','<i2'),('y','<i2'),('p','|u1'),('','|V3')]}
 * (16-byte aligned records). {@code np.load} reads it back as a record array.
 *
 * <p>The header holds the event count, which is unknown until {@link #close()}, and the target may
 * be a non-seekable stream (HDFS): records are therefore spooled to a local temporary file and
 * copied after the header on close. Memory stays bounded; the temporary file is deleted on close.
 * Not thread safe.
 */
public final class NpyWriter implements EventWriter {
  static final String DESCR = "[('t', '<i8'), ('x', '<i2'), ('y', '<i2'), ('p', '|u1'), ('', '|V3')]";
  static final int RECORD = 16;

  private final OutputStream target;
  private final Path spool;
  private final OutputStream spooled;
  private final byte[] buffer = new byte[RECORD * 4096];
  private long count;
  private boolean closed;

  /** Writes to {@code target}, which is closed by {@link #close()}. */
  public NpyWriter(OutputStream target) {
    this.target = Objects.requireNonNull(target, "target is null");
    try {
      spool = Files.createTempFile("tnas-npy-", ".spool");
      spooled = new BufferedOutputStream(Files.newOutputStream(spool), 1 << 16);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot create the NumPy spool file", e);
    }
  }

  @Override
  public EventFormat format() {
    return EventFormat.NPY;
  }

  @Override
  public void write(EventBatch batch, int from, int count) {
    EventWriter.checkRange(batch, from, count);
    if (closed) {
      throw new IllegalStateException("Cannot write: the NumPy writer is closed");
    }
    short[] x = batch.x();
    short[] y = batch.y();
    long[] t = batch.t();
    byte[] p = batch.p();
    int used = 0;
    try {
      for (int i = from; i < from + count; i++) {
        if (used == buffer.length) {
          spooled.write(buffer, 0, used);
          used = 0;
        }
        ByteSource.LONG_LE.set(buffer, used, t[i]);
        ByteSource.SHORT_LE.set(buffer, used + 8, x[i]);
        ByteSource.SHORT_LE.set(buffer, used + 10, y[i]);
        buffer[used + 12] = p[i];
        buffer[used + 13] = 0;
        buffer[used + 14] = 0;
        buffer[used + 15] = 0;
        used += RECORD;
      }
      spooled.write(buffer, 0, used);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write the NumPy spool file " + spool, e);
    }
    this.count += count;
  }

  @Override
  public long count() {
    return count;
  }

  /** The complete v1.0 header (magic, version, length, dict padded to a multiple of 64) for {@code n} records. */
  static byte[] header(long n) {
    String dict = "{'descr': " + DESCR + ", 'fortran_order': False, 'shape': (" + n + ",), }";
    int unpadded = 10 + dict.length() + 1;
    int padding = (64 - unpadded % 64) % 64;
    String text = dict + " ".repeat(padding) + "\n";
    byte[] body = text.getBytes(StandardCharsets.ISO_8859_1);
    byte[] out = new byte[10 + body.length];
    System.arraycopy(NpyReader.MAGIC, 0, out, 0, 6);
    out[6] = 1;
    out[7] = 0;
    out[8] = (byte) body.length;
    out[9] = (byte) (body.length >>> 8);
    System.arraycopy(body, 0, out, 10, body.length);
    return out;
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    try (OutputStream out = target) {
      spooled.close();
      out.write(header(count));
      try (InputStream in = Files.newInputStream(spool)) {
        in.transferTo(out);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot complete the NumPy file", e);
    } finally {
      try {
        Files.deleteIfExists(spool);
      } catch (IOException e) {
        // the temporary file is left behind; nothing else to do
      }
    }
  }
}
