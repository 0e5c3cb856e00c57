package org.tnas.formats.shards;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.tnas.formats.events.EventBatch;

/**
 * Holds a streamed sample until its source has been read to the end, so that a source failing
 * half-way leaves no trace in the shard (failure atomicity per sample). The first {@code
 * memoryLimit} events stay in memory as chunks; the rest go to a local temporary file (the
 * executor's scratch disk, not the shard file system) as little-endian column blocks. Not thread
 * safe; {@link #close()} deletes the spill file.
 */
final class SampleStaging implements AutoCloseable {
  private final long memoryLimit;
  private final List<EventBatch> chunks = new ArrayList<>();
  private long inMemory;
  private long events;
  private Path spillPath;
  private FileChannel spill;
  private ByteBuffer buffer;
  private int largestChunk;

  SampleStaging(long memoryLimit) {
    this.memoryLimit = memoryLimit;
  }

  /** Keeps the given chunk (taken over: the caller must not reuse it unless it was spilled). */
  void add(EventBatch chunk) {
    int n = chunk.size();
    if (n == 0) {
      return;
    }
    events += n;
    largestChunk = Math.max(largestChunk, n);
    if (spill == null && inMemory + n <= memoryLimit) {
      chunks.add(chunk);
      inMemory += n;
      return;
    }
    try {
      if (spill == null) {
        spillPath = Files.createTempFile("tnas-sample-", ".spill");
        spill = FileChannel.open(spillPath, StandardOpenOption.READ, StandardOpenOption.WRITE);
      }
      ByteBuffer out = buffer(4 + 13L * n);
      out.putInt(n);
      out.asShortBuffer().put(chunk.x(), 0, n);
      out.position(out.position() + 2 * n);
      out.asShortBuffer().put(chunk.y(), 0, n);
      out.position(out.position() + 2 * n);
      out.asLongBuffer().put(chunk.t(), 0, n);
      out.position(out.position() + 8 * n);
      out.put(chunk.p(), 0, n);
      out.flip();
      while (out.hasRemaining()) {
        spill.write(out);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot spill sample events to a local temporary file: " + e.getMessage(), e);
    }
  }

  /** Whether a chunk handed to {@link #add} may be reused by the caller (it was copied out). */
  boolean isSpilling() {
    return spill != null;
  }

  long events() {
    return events;
  }

  /** Feeds every chunk, in order, to the consumer (spilled chunks through one reused batch). */
  void forEachChunk(Consumer<EventBatch> consumer) {
    chunks.forEach(consumer);
    if (spill == null) {
      return;
    }
    try {
      long position = 0;
      long size = spill.size();
      EventBatch reused = new EventBatch(largestChunk);
      while (position < size) {
        ByteBuffer header = buffer(4);
        header.limit(4);
        readFully(header, position);
        int n = header.getInt(0);
        ByteBuffer in = buffer(13L * n);
        in.limit(13 * n);
        readFully(in, position + 4);
        in.flip();
        reused.clear();
        reused.ensureRoom(n);
        in.asShortBuffer().get(reused.x(), 0, n);
        in.position(2 * n);
        in.asShortBuffer().get(reused.y(), 0, n);
        in.position(4 * n);
        in.asLongBuffer().get(reused.t(), 0, n);
        in.position(12 * n);
        in.get(reused.p(), 0, n);
        EventBatch view = EventBatch.wrap(reused.x(), reused.y(), reused.t(), reused.p(), n);
        consumer.accept(view);
        position += 4 + 13L * n;
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read back spilled sample events: " + e.getMessage(), e);
    }
  }

  private void readFully(ByteBuffer into, long position) throws IOException {
    into.position(0);
    long at = position;
    while (into.hasRemaining()) {
      int n = spill.read(into, at);
      if (n < 0) {
        throw new IOException("spill file ended early at byte " + at);
      }
      at += n;
    }
  }

  private ByteBuffer buffer(long bytes) {
    int size = Math.toIntExact(bytes);
    if (buffer == null || buffer.capacity() < size) {
      buffer = ByteBuffer.allocateDirect(Math.max(size, 1 << 16)).order(ByteOrder.LITTLE_ENDIAN);
    }
    buffer.clear();
    return buffer;
  }

  @Override
  public void close() {
    chunks.clear();
    if (spill != null) {
      try {
        spill.close();
        Files.deleteIfExists(spillPath);
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot delete spill file " + spillPath + ": " + e.getMessage(), e);
      } finally {
        spill = null;
      }
    }
  }
}
