package org.tnas.formats.fs;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.NonWritableChannelException;
import java.nio.channels.SeekableByteChannel;
import org.apache.hadoop.fs.ByteBufferReadable;
import org.apache.hadoop.fs.FSDataInputStream;

/**
 * The project's one read-only {@link SeekableByteChannel} over a Hadoop input stream (Arrow shard
 * files, HDF5 event files on any Hadoop file system). It seeks only when the requested position
 * differs from the stream position, so a full scan reads sequentially (the fast path of every
 * Hadoop file system) and random access reads exactly the requested ranges. Counts the bytes it
 * returns. Thread safe: every method is synchronized, so a reader that shares it between threads
 * (jHDF) sees each {@code read} at the position it set. Open it with {@link HadoopFiles#openChannel}.
 */
public final class HadoopInputChannel implements SeekableByteChannel {
  private final FSDataInputStream in;
  private final long size;
  private final boolean byteBufferReadable;
  private long position;
  private long streamPosition;
  private long bytesRead;
  private boolean open = true;
  private byte[] scratch = new byte[0];

  /** A channel over {@code in} (which it owns and closes) for a file of {@code size} bytes. */
  public HadoopInputChannel(FSDataInputStream in, long size) {
    this.in = in;
    this.size = size;
    this.byteBufferReadable = in.getWrappedStream() instanceof ByteBufferReadable;
  }

  @Override
  public synchronized int read(ByteBuffer dst) throws IOException {
    if (!open) {
      throw new ClosedChannelException();
    }
    if (position >= size) {
      return -1;
    }
    int wanted = (int) Math.min(dst.remaining(), size - position);
    if (wanted == 0) {
      return 0;
    }
    if (streamPosition != position) {
      in.seek(position);
      streamPosition = position;
    }
    int total = 0;
    while (total < wanted) {
      int n;
      if (dst.hasArray()) {
        n = in.read(dst.array(), dst.arrayOffset() + dst.position(), wanted - total);
        if (n > 0) {
          dst.position(dst.position() + n);
        }
      } else if (byteBufferReadable) {
        int limit = dst.limit();
        dst.limit(dst.position() + (wanted - total));
        try {
          n = in.read(dst);
        } finally {
          dst.limit(limit);
        }
      } else {
        int chunk = Math.min(wanted - total, 1 << 20);
        if (scratch.length < chunk) {
          scratch = new byte[chunk];
        }
        n = in.read(scratch, 0, chunk);
        if (n > 0) {
          dst.put(scratch, 0, n);
        }
      }
      if (n < 0) {
        break;
      }
      total += n;
    }
    position += total;
    streamPosition += total;
    bytesRead += total;
    return total == 0 ? -1 : total;
  }

  /** Bytes returned by {@link #read} so far. */
  public synchronized long bytesRead() {
    return bytesRead;
  }

  @Override
  public int write(ByteBuffer src) {
    throw new NonWritableChannelException();
  }

  @Override
  public synchronized long position() {
    return position;
  }

  @Override
  public synchronized SeekableByteChannel position(long newPosition) {
    if (newPosition < 0) {
      throw new IllegalArgumentException("Invalid position: " + newPosition);
    }
    position = newPosition;
    return this;
  }

  @Override
  public long size() {
    return size;
  }

  @Override
  public SeekableByteChannel truncate(long newSize) {
    throw new NonWritableChannelException();
  }

  @Override
  public synchronized boolean isOpen() {
    return open;
  }

  @Override
  public synchronized void close() throws IOException {
    if (open) {
      open = false;
      in.close();
    }
  }
}
