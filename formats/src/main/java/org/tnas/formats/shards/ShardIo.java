package org.tnas.formats.shards;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.NonWritableChannelException;
import java.nio.channels.SeekableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.apache.hadoop.fs.ByteBufferReadable;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.tnas.formats.errors.EventErrorCode;
import org.tnas.formats.errors.ProjectException;

/** Hadoop file system plumbing of the shard layer: channels, hashing, error mapping. */
final class ShardIo {
  private ShardIo() {}

  static ProjectException failure(String action, IOException e) {
    return new ProjectException(EventErrorCode.IO_FAILURE, "Cannot " + action + ": " + e, e);
  }

  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("Cannot hash shards: SHA-256 is not available", e);
    }
  }

  static String hex(byte[] digest) {
    return HexFormat.of().formatHex(digest);
  }

  /** Removes a directory only if it is empty (another writer may still be using it). */
  static void deleteIfEmpty(FileSystem fs, Path dir) {
    try {
      if (fs.exists(dir) && fs.listStatus(dir).length == 0) {
        fs.delete(dir, false);
      }
    } catch (IOException e) {
      // a concurrent writer created something meanwhile: the directory stays, which is harmless
    }
  }

  /** The SHA-256 (hex) and length of a whole file, read sequentially with a 1 MiB buffer. */
  static String hashFile(FileSystem fs, Path path) throws IOException {
    MessageDigest digest = sha256();
    byte[] buffer = new byte[1 << 20];
    try (FSDataInputStream in = fs.open(path, buffer.length)) {
      int n;
      while ((n = in.read(buffer)) > 0) {
        digest.update(buffer, 0, n);
      }
    }
    return hex(digest.digest());
  }

  /**
   * A write-only channel over a Hadoop output stream that hashes (SHA-256) and counts every byte on
   * the way. Bytes are gathered into 1 MiB blocks; each full block is written to the stream by the
   * calling thread while one background thread per channel hashes the previous blocks in order, so
   * hashing overlaps I/O instead of adding to it (a bounded pool of four blocks keeps the hasher at
   * most three blocks behind). Not thread safe: one writer thread.
   */
  static final class HashingOutputChannel implements WritableByteChannel {
    private static final int BLOCK = 1 << 20;
    private static final int BLOCKS = 4;

    private final FSDataOutputStream out;
    private final MessageDigest digest = sha256();
    private final java.util.concurrent.ExecutorService hasher =
        java.util.concurrent.Executors.newSingleThreadExecutor(
            task -> {
              Thread thread = new Thread(task, "tnas-shard-sha256");
              thread.setDaemon(true);
              return thread;
            });
    private final java.util.concurrent.BlockingQueue<byte[]> pool = new java.util.concurrent.ArrayBlockingQueue<>(BLOCKS);
    private java.util.concurrent.Future<?> lastHash;
    private byte[] block;
    private int filled;
    private long written;
    private boolean open = true;
    private String sha256;

    HashingOutputChannel(FSDataOutputStream out) {
      this.out = out;
      for (int i = 0; i < BLOCKS; i++) {
        pool.add(new byte[BLOCK]);
      }
      block = pool.poll();
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
      if (!open) {
        throw new ClosedChannelException();
      }
      int n = src.remaining();
      while (src.hasRemaining()) {
        int chunk = Math.min(src.remaining(), BLOCK - filled);
        src.get(block, filled, chunk);
        filled += chunk;
        if (filled == BLOCK) {
          emit();
        }
      }
      written += n;
      return n;
    }

    private void emit() throws IOException {
      if (filled == 0) {
        return;
      }
      byte[] full = block;
      int length = filled;
      out.write(full, 0, length);
      lastHash =
          hasher.submit(
              () -> {
                digest.update(full, 0, length);
                pool.add(full);
              });
      try {
        block = pool.take();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new java.io.InterruptedIOException("Interrupted while waiting for the SHA-256 hasher");
      }
      filled = 0;
    }

    long bytesWritten() {
      return written;
    }

    /** The hex SHA-256 of everything written (available after {@link #close()}). */
    String sha256Hex() {
      if (sha256 == null) {
        throw new IllegalStateException("Cannot read the SHA-256 of an open channel");
      }
      return sha256;
    }

    @Override
    public boolean isOpen() {
      return open;
    }

    @Override
    public void close() throws IOException {
      if (!open) {
        return;
      }
      open = false;
      try {
        emit();
        out.close();
        if (lastHash != null) {
          lastHash.get();
        }
        sha256 = hex(digest.digest());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new java.io.InterruptedIOException("Interrupted while waiting for the SHA-256 hasher");
      } catch (java.util.concurrent.ExecutionException e) {
        throw new IOException("SHA-256 hashing failed: " + e.getCause(), e.getCause());
      } finally {
        hasher.shutdownNow();
      }
    }

    /** Closes the stream without caring about errors (abort path). */
    void closeQuietly() {
      open = false;
      hasher.shutdownNow();
      try {
        out.close();
      } catch (IOException e) {
        // aborting anyway: the temporary file is deleted next
      }
    }
  }
}
