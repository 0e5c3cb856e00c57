package org.tnas.formats.shards;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.SmallIntVector;
import org.apache.arrow.vector.TinyIntVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowFileReader;
import org.apache.arrow.vector.ipc.message.ArrowBlock;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.tnas.formats.errors.EventErrorCode;
import org.tnas.formats.errors.EventFormatException;
import org.tnas.formats.errors.ProjectException;
import org.tnas.formats.events.EventBatch;
import org.tnas.formats.events.EventSchema;
import org.tnas.formats.events.EventStatistics;
import org.tnas.formats.fs.HadoopInputChannel;

/**
 * One open Arrow event shard: its footer (sample entries, writer, schema version) and random access
 * to its samples. Opening reads only the footer; {@link #read(SampleEntry)} reads only that sample's
 * record batches, through a channel over the Hadoop input stream (no local copy, the shard is never
 * loaded whole). Used by {@link ShardDataset} and on its own by {@code tnas inspect}.
 *
 * <p>Every problem with the file is an {@link EventFormatException} (CORRUPT_SHARD) naming the file.
 * Not thread safe; close it to release the stream and the Arrow memory (a child of the given
 * allocator, or an own root allocator).
 */
public final class ShardFile implements AutoCloseable {
  private final Path path;
  private final String source;
  private final long byteSize;
  private final RootAllocator ownedRoot;
  private final BufferAllocator allocator;
  private final HadoopInputChannel channel;
  private final ArrowFileReader reader;
  private final VectorSchemaRoot root;
  private final List<ArrowBlock> blocks;
  private final List<SampleEntry> entries;
  private final String writerId;
  private final int schemaVersion;

  private ShardFile(Path path, FileSystem fs, RootAllocator ownedRoot, BufferAllocator parent) throws IOException {
    this.path = path;
    this.source = path.toString();
    this.ownedRoot = ownedRoot;
    this.byteSize = fs.getFileStatus(path).getLen();
    this.allocator = parent.newChildAllocator("shard-" + path.getName(), 0, Long.MAX_VALUE);
    HadoopInputChannel opened = null;
    ArrowFileReader arrowReader = null;
    try {
      FSDataInputStream in = fs.open(path);
      opened = new HadoopInputChannel(in, byteSize);
      arrowReader = new ArrowFileReader(opened, allocator);
      VectorSchemaRoot vectors;
      List<ArrowBlock> recordBlocks;
      Map<String, String> footer;
      try {
        vectors = arrowReader.getVectorSchemaRoot();
        recordBlocks = arrowReader.getRecordBlocks();
        footer = arrowReader.getMetaData();
      } catch (IOException | RuntimeException e) {
        throw corrupt(-1, "Cannot read shard footer: " + e.getMessage(), e);
      }
      checkSchema(vectors.getSchema());
      String samples = footer.get(ShardSetWriter.FOOTER_SAMPLES);
      if (samples == null) {
        throw corrupt(-1, "Invalid shard footer: no " + ShardSetWriter.FOOTER_SAMPLES + " metadata (not written by this project)", null);
      }
      this.channel = opened;
      this.reader = arrowReader;
      this.root = vectors;
      this.blocks = List.copyOf(recordBlocks);
      this.entries = List.copyOf(ShardJson.entries(samples, source));
      this.writerId = footer.getOrDefault(ShardSetWriter.FOOTER_WRITER, "");
      this.schemaVersion = EventSchema.VERSION;
      for (SampleEntry entry : entries) {
        if ((long) entry.firstBatch() + entry.batchCount() > blocks.size()) {
          throw corrupt(
              -1,
              "Invalid sample entry " + entry.sampleId() + ": batches " + entry.firstBatch() + "+" + entry.batchCount()
                  + " beyond the " + blocks.size() + " record batches of the file",
              null);
        }
      }
    } catch (IOException | RuntimeException e) {
      closeQuietly(arrowReader, opened);
      allocator.close();
      throw e;
    }
  }

  private void checkSchema(Schema schema) {
    if (!schema.getFields().equals(EventSchema.eventFields())) {
      throw corrupt(-1, "Invalid shard schema: " + schema.getFields() + ", expected " + EventSchema.eventFields(), null);
    }
    String version = schema.getCustomMetadata().get(EventSchema.META_VERSION);
    if (!Integer.toString(EventSchema.VERSION).equals(version)) {
      throw corrupt(-1, "Invalid shard schema version: " + version + " (this build reads " + EventSchema.VERSION + ")", null);
    }
  }

  /** Opens a shard file with its own Arrow root allocator (closed by {@link #close()}). */
  public static ShardFile open(Path path, Configuration conf) {
    RootAllocator root = new RootAllocator();
    try {
      return open(path, conf, root, root);
    } catch (RuntimeException e) {
      root.close();
      throw e;
    }
  }

  /** Opens a shard file whose buffers come from a child of {@code allocator}. */
  public static ShardFile open(Path path, Configuration conf, BufferAllocator allocator) {
    Objects.requireNonNull(allocator, "allocator is null");
    return open(path, conf, null, allocator);
  }

  private static ShardFile open(Path path, Configuration conf, RootAllocator owned, BufferAllocator parent) {
    Objects.requireNonNull(path, "path is null");
    Objects.requireNonNull(conf, "conf is null");
    try {
      return open(path, path.getFileSystem(conf), owned, parent);
    } catch (IOException e) {
      throw ShardIo.failure("open shard " + path, e);
    }
  }

  static ShardFile open(Path path, FileSystem fs, RootAllocator owned, BufferAllocator parent) throws IOException {
    try {
      return new ShardFile(path, fs, owned, parent);
    } catch (FileNotFoundException e) {
      throw new EventFormatException(EventErrorCode.CORRUPT_SHARD, path.toString(), -1, "Cannot open shard: the file does not exist", e);
    }
  }

  /** The file. */
  public Path path() {
    return path;
  }

  /** The file size in bytes. */
  public long byteSize() {
    return byteSize;
  }

  /** The event schema version of the file. */
  public int schemaVersion() {
    return schemaVersion;
  }

  /** The id of the writer that produced the file (empty if not recorded). */
  public String writerId() {
    return writerId;
  }

  /** The sample entries in file order. */
  public List<SampleEntry> samples() {
    return entries;
  }

  /** Number of record batches in the file. */
  public int batchCount() {
    return blocks.size();
  }

  /** Number of events over all samples, from the footer. */
  public long eventCount() {
    return entries.stream().mapToLong(SampleEntry::eventCount).sum();
  }

  /** Number of bytes read from the file so far (footer plus the batches loaded). */
  public long bytesRead() {
    return channel.bytesRead();
  }

  /** The entry of a sample, if this shard holds it. */
  public Optional<SampleEntry> find(String sampleId) {
    Objects.requireNonNull(sampleId, "sampleId is null");
    return entries.stream().filter(e -> e.sampleId().equals(sampleId)).findFirst();
  }

  /**
   * Reads one sample by id.
   *
   * @throws ProjectException SAMPLE_NOT_FOUND when this shard does not hold it
   */
  public SampleEvents read(String sampleId) {
    SampleEntry entry =
        find(sampleId)
            .orElseThrow(
                () -> new ProjectException(EventErrorCode.SAMPLE_NOT_FOUND, "Cannot find sample: " + sampleId + " in " + source));
    return read(entry);
  }

  /** Reads one sample: only its record batches are read from the file. */
  public SampleEvents read(SampleEntry entry) {
    Objects.requireNonNull(entry, "entry is null");
    if (!entries.contains(entry)) {
      throw new IllegalArgumentException("Invalid sample entry: " + entry.sampleId() + " is not an entry of " + source);
    }
    if (entry.eventCount() > Integer.MAX_VALUE - 8) {
      throw new ProjectException(
          EventErrorCode.CORRUPT_SHARD, "Cannot load sample " + entry.sampleId() + ": " + entry.eventCount() + " events do not fit one batch");
    }
    int total = (int) entry.eventCount();
    short[] x = new short[total];
    short[] y = new short[total];
    long[] t = new long[total];
    byte[] p = new byte[total];
    int offset = 0;
    for (int b = entry.firstBatch(); b < entry.firstBatch() + entry.batchCount(); b++) {
      int n = load(b);
      if ((long) offset + n > total) {
        throw corrupt(blocks.get(b).getOffset(), "Invalid sample " + entry.sampleId() + ": more than its " + total + " events in its batches", null);
      }
      copy(x, y, t, p, offset, n);
      offset += n;
    }
    if (offset != total) {
      throw corrupt(-1, "Invalid sample " + entry.sampleId() + ": its batches hold " + offset + " events, its entry says " + total, null);
    }
    return new SampleEvents(entry, EventBatch.wrap(x, y, t, p, total));
  }

  /**
   * Scans every record batch in file order and summarises the events (count, ON/OFF, first/last
   * timestamp, ranges); memory is bounded by one batch.
   */
  public EventStatistics statistics() {
    EventStatistics statistics = new EventStatistics();
    EventBatch batch = new EventBatch(0);
    for (int b = 0; b < blocks.size(); b++) {
      int n = load(b);
      batch.clear();
      batch.ensureRoom(n);
      copy(batch.x(), batch.y(), batch.t(), batch.p(), 0, n);
      statistics.accept(EventBatch.wrap(batch.x(), batch.y(), batch.t(), batch.p(), n));
    }
    return statistics;
  }

  /** Loads record batch {@code index} into the root and returns its row count. */
  private int load(int index) {
    ArrowBlock block = blocks.get(index);
    try {
      if (!reader.loadRecordBatch(block)) {
        throw corrupt(block.getOffset(), "Cannot read record batch " + index + ": not found", null);
      }
    } catch (IOException | RuntimeException e) {
      if (e instanceof ProjectException) {
        throw (ProjectException) e;
      }
      throw corrupt(block.getOffset(), "Cannot read record batch " + index + ": " + e.getMessage(), e);
    }
    int n = root.getRowCount();
    for (var vector : root.getFieldVectors()) {
      if (vector.getValueCount() != n || vector.getNullCount() != 0) {
        throw corrupt(block.getOffset(), "Invalid record batch " + index + ": column " + vector.getName() + " has nulls or a wrong length", null);
      }
    }
    return n;
  }

  private void copy(short[] x, short[] y, long[] t, byte[] p, int offset, int n) {
    ArrowColumns.get((SmallIntVector) root.getVector(0), x, offset, n);
    ArrowColumns.get((SmallIntVector) root.getVector(1), y, offset, n);
    ArrowColumns.get((BigIntVector) root.getVector(2), t, offset, n);
    ArrowColumns.get((TinyIntVector) root.getVector(3), p, offset, n);
  }

  private EventFormatException corrupt(long offset, String problem, Throwable cause) {
    return new EventFormatException(EventErrorCode.CORRUPT_SHARD, source, offset, problem, cause);
  }

  private static void closeQuietly(ArrowFileReader reader, HadoopInputChannel channel) {
    try {
      if (reader != null) {
        reader.close();
      } else if (channel != null) {
        channel.close();
      }
    } catch (IOException | RuntimeException e) {
      // already failing: the original exception matters
    }
  }

  @Override
  public void close() {
    try {
      reader.close();
    } catch (IOException e) {
      throw ShardIo.failure("close shard " + source, e);
    } finally {
      allocator.close();
      if (ownedRoot != null) {
        ownedRoot.close();
      }
    }
  }
}
