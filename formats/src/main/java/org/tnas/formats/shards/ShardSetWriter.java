package org.tnas.formats.shards;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BaseFixedWidthVector;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.SmallIntVector;
import org.apache.arrow.vector.TinyIntVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowFileWriter;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.tnas.formats.errors.EventErrorCode;
import org.tnas.formats.errors.ProjectException;
import org.tnas.formats.events.EventBatch;
import org.tnas.formats.events.EventReader;
import org.tnas.formats.events.EventSchema;
import org.tnas.formats.events.SensorGeometry;
import org.tnas.formats.fs.HadoopFiles;
import org.tnas.formats.samples.SampleRecord;

/**
 * Writes samples into a sequence of Arrow shards in one shard set directory, on any Hadoop file
 * system. Layout and commit protocol: see the {@linkplain org.tnas.formats.shards package
 * documentation}.
 *
 * <p>Lifecycle: {@link #open}, then any number of {@code write} calls, then {@link #finish()} (which
 * commits the last shard and returns every shard this writer committed) or {@link #abort()} (which
 * deletes everything this writer created); {@link #close()} aborts a writer that did not finish, so
 * use it in try-with-resources and call {@code finish()} as the last statement of the block. Shards are written under {@code
 * dir/_temporary/<writerId>/} and renamed to {@code dir/part-<writerId>-<sequence>.arrow} when
 * complete; nothing becomes visible to readers until {@link Manifest#commit} lists it, so a writer
 * that crashes leaves no readable shard.
 *
 * <p>Many writers may write into one directory at the same time (one per Spark task) as long as
 * their writer ids differ: they share no file. A retried task must use a new writer id (e.g. append
 * the attempt number); the driver commits only the {@link ShardInfo}s of successful writers.
 *
 * <p>A sample never spans two shards. A sample whose events fail validation ({@link
 * org.tnas.formats.errors.EventFormatException} INVALID_EVENT) or whose streamed source fails is
 * not written at all and the writer stays usable; an I/O failure of the file system leaves the
 * writer failed (abort it). Not thread safe: one writer per thread.
 */
public final class ShardSetWriter implements AutoCloseable {
  /** File name prefix of shards. */
  public static final String SHARD_PREFIX = "part-";
  /** File name suffix of shards. */
  public static final String SHARD_SUFFIX = ".arrow";
  /** Footer metadata key of the JSON sample list. */
  public static final String FOOTER_SAMPLES = "tnas.shard.samples";
  /** Footer metadata key of the writer id. */
  public static final String FOOTER_WRITER = "tnas.shard.writer";

  private static final Pattern WRITER_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");
  /** Payload bytes of one event (2 + 2 + 8 + 1) plus the validity bits of the four columns. */
  private static final double BYTES_PER_EVENT = 13.5;
  /** Flatbuffer message header and padding of one record batch, roughly. */
  private static final long BYTES_PER_BATCH = 320;

  private final FileSystem fs;
  private final Path dir;
  private final Path temporaryDir;
  private final ShardWriterOptions options;
  private final String writerId;
  private final RootAllocator ownedRoot;
  private final BufferAllocator allocator;
  private final VectorSchemaRoot root;
  private final SmallIntVector xVector;
  private final SmallIntVector yVector;
  private final BigIntVector tVector;
  private final TinyIntVector pVector;
  private final List<ShardInfo> committed = new ArrayList<>();
  private final Set<String> sampleIds = new HashSet<>();
  private OpenShard current;
  private int nextSequence;
  private boolean failed;
  private boolean finished;

  private ShardSetWriter(
      FileSystem fs, Path dir, ShardWriterOptions options, String writerId, RootAllocator ownedRoot, BufferAllocator parent) {
    this.fs = fs;
    this.dir = dir;
    this.temporaryDir = new Path(new Path(dir, Manifest.TEMPORARY_DIRECTORY), writerId);
    this.options = options;
    this.writerId = writerId;
    this.ownedRoot = ownedRoot;
    this.allocator = parent.newChildAllocator("shard-writer-" + writerId, 0, Long.MAX_VALUE);
    VectorSchemaRoot created = null;
    try {
      created = VectorSchemaRoot.create(EventSchema.arrowSchema(null), allocator);
      this.root = created;
      this.xVector = (SmallIntVector) root.getVector(EventSchema.X);
      this.yVector = (SmallIntVector) root.getVector(EventSchema.Y);
      this.tVector = (BigIntVector) root.getVector(EventSchema.T);
      this.pVector = (TinyIntVector) root.getVector(EventSchema.P);
      // the buffers are allocated once at full batch capacity and reused by every batch
      for (BaseFixedWidthVector vector : List.of(xVector, yVector, tVector, pVector)) {
        vector.allocateNew(options.maxBatchRows());
        vector.getValidityBuffer().setOne(0, vector.getValidityBuffer().capacity());
      }
    } catch (RuntimeException e) {
      if (created != null) {
        created.close();
      }
      allocator.close();
      throw e;
    }
  }

  /**
   * Opens a writer with its own Arrow root allocator (closed by {@link #close()}/{@link #abort()}).
   *
   * @param dir the shard set directory (created if absent), e.g. {@code hdfs://nn/data/ckplus}
   * @param conf the Hadoop configuration that resolves {@code dir}'s file system
   * @param options shard size, batch size, compression
   * @param writerId unique among the writers of this directory: letters, digits, {@code . _ -}
   */
  public static ShardSetWriter open(Path dir, Configuration conf, ShardWriterOptions options, String writerId) {
    RootAllocator root = new RootAllocator();
    try {
      return open(dir, conf, options, writerId, root, root);
    } catch (RuntimeException e) {
      root.close();
      throw e;
    }
  }

  /**
   * Opens a writer whose buffers come from a child of {@code allocator} (closed by {@link #close()}
   * / {@link #abort()}; the caller keeps and closes {@code allocator}).
   */
  public static ShardSetWriter open(
      Path dir, Configuration conf, ShardWriterOptions options, String writerId, BufferAllocator allocator) {
    Objects.requireNonNull(allocator, "allocator is null");
    return open(dir, conf, options, writerId, null, allocator);
  }

  private static ShardSetWriter open(
      Path dir, Configuration conf, ShardWriterOptions options, String writerId, RootAllocator owned, BufferAllocator parent) {
    Objects.requireNonNull(dir, "dir is null");
    Objects.requireNonNull(conf, "conf is null");
    Objects.requireNonNull(options, "options is null");
    Objects.requireNonNull(writerId, "writerId is null");
    if (!WRITER_ID.matcher(writerId).matches()) {
      throw new IllegalArgumentException("Invalid writer id: '" + writerId + "' (letters, digits, '.', '_', '-'; at most 100)");
    }
    try {
      FileSystem fs = dir.getFileSystem(conf);
      Path qualified = fs.makeQualified(dir);
      Path temporary = new Path(new Path(qualified, Manifest.TEMPORARY_DIRECTORY), writerId);
      // leftovers of an earlier attempt with the same id are garbage by construction
      fs.delete(temporary, true);
      fs.mkdirs(temporary);
      return new ShardSetWriter(fs, qualified, options, writerId, owned, parent);
    } catch (IOException e) {
      throw ShardIo.failure("open shard writer in " + dir, e);
    }
  }

  /** The shard set directory (qualified). */
  public Path directory() {
    return dir;
  }

  /** This writer's id. */
  public String writerId() {
    return writerId;
  }

  /** The shards committed so far (the current, still open shard is not included). */
  public List<ShardInfo> committedShards() {
    return List.copyOf(committed);
  }

  /**
   * Writes one sample held in memory.
   *
   * @param sample the description; its id must not have been written by this writer before
   * @param geometry the sensor geometry; every event must lie on it
   * @param events the events (the first {@code events.size()}); not modified
   * @throws org.tnas.formats.errors.EventFormatException INVALID_EVENT (nothing written) when an
   *     event is outside the geometry, has polarity other than 0/1 or a negative timestamp
   * @throws ProjectException CORRUPT_SHARD for a repeated sample id, IO_FAILURE when the file
   *     system fails
   */
  public void write(SampleRecord sample, SensorGeometry geometry, EventBatch events) {
    Objects.requireNonNull(sample, "sample is null");
    Objects.requireNonNull(geometry, "geometry is null");
    Objects.requireNonNull(events, "events is null");
    ensureWritable();
    checkNewId(sample);
    SampleAccumulator accumulator = new SampleAccumulator(sample.sampleId(), geometry);
    accumulator.accept(events, 0, events.size());
    writeValidated(sample, accumulator, events.size(), consumer -> consumer.accept(events));
  }

  /**
   * Writes one sample streamed from a reader, with the geometry the reader declares (or, when it
   * declares none, the smallest one holding every event). See {@link #write(SampleRecord,
   * SensorGeometry, EventReader)}.
   */
  public void write(SampleRecord sample, EventReader events) {
    Objects.requireNonNull(events, "events is null");
    write(sample, events.geometry().orElse(null), events);
  }

  /**
   * Writes one sample streamed from a reader (read to its end; the caller closes it). At most
   * {@link ShardWriterOptions#sampleBufferEvents()} events are held in memory; the rest are spilled
   * to a local temporary file until the reader has finished, so that a reader failing half-way (a
   * corrupt input) leaves nothing in the shard and the writer usable for the next sample.
   *
   * @param geometry the geometry, or null to infer the smallest one holding every event
   * @throws org.tnas.formats.errors.EventFormatException from the reader, or INVALID_EVENT
   */
  public void write(SampleRecord sample, SensorGeometry geometry, EventReader events) {
    Objects.requireNonNull(sample, "sample is null");
    Objects.requireNonNull(events, "events is null");
    ensureWritable();
    checkNewId(sample);
    SampleAccumulator accumulator = new SampleAccumulator(sample.sampleId(), geometry);
    try (SampleStaging staging = new SampleStaging(options.sampleBufferEvents())) {
      int rows = options.maxBatchRows();
      EventBatch chunk = new EventBatch(rows);
      boolean more = true;
      while (more) {
        chunk.clear();
        // fill the chunk: a reader may return few events per call (an emulator: one frame's), and a
        // staged chunk keeps its whole capacity in memory
        while (chunk.size() < rows) {
          if (events.read(chunk, rows - chunk.size()) == 0) {
            more = false;
            break;
          }
        }
        if (chunk.size() == 0) {
          break;
        }
        accumulator.accept(chunk, 0, chunk.size());
        staging.add(chunk);
        if (!staging.isSpilling()) {
          chunk = new EventBatch(rows);
        }
      }
      writeValidated(sample, accumulator, staging.events(), staging::forEachChunk);
    }
  }

  private interface ChunkSource {
    void forEach(java.util.function.Consumer<EventBatch> consumer);
  }

  private void writeValidated(SampleRecord sample, SampleAccumulator accumulator, long events, ChunkSource chunks) {
    int rows = options.maxBatchRows();
    long estimate = (long) (events * BYTES_PER_EVENT) + ((events + rows - 1) / rows) * BYTES_PER_BATCH;
    try {
      if (current != null && !current.entries.isEmpty() && current.channel.bytesWritten() + estimate > options.targetShardBytes()) {
        finishShard();
      }
      if (current == null) {
        current = startShard();
      }
      int firstBatch = current.batches;
      chunks.forEach(
          chunk -> {
            for (int from = 0; from < chunk.size(); from += rows) {
              writeBatch(chunk, from, Math.min(rows, chunk.size() - from));
            }
          });
      current.entries.add(accumulator.entry(sample, firstBatch, current.batches - firstBatch));
      sampleIds.add(sample.sampleId());
      if (current.channel.bytesWritten() >= options.targetShardBytes()) {
        finishShard();
      }
    } catch (IOException e) {
      failed = true;
      throw ShardIo.failure("write shard " + (current == null ? dir : current.temporaryPath), e);
    } catch (UncheckedIOException e) {
      failed = true;
      throw ShardIo.failure("write shard " + (current == null ? dir : current.temporaryPath), e.getCause());
    } catch (RuntimeException e) {
      failed = true;
      throw e;
    }
  }

  private void writeBatch(EventBatch chunk, int from, int count) {
    ArrowColumns.put(xVector, chunk.x(), from, count);
    ArrowColumns.put(yVector, chunk.y(), from, count);
    ArrowColumns.put(tVector, chunk.t(), from, count);
    ArrowColumns.put(pVector, chunk.p(), from, count);
    root.setRowCount(count);
    try {
      current.writer.writeBatch();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    current.batches++;
  }

  private OpenShard startShard() throws IOException {
    String fileName = String.format(Locale.ROOT, "%s%s-%05d%s", SHARD_PREFIX, writerId, nextSequence++, SHARD_SUFFIX);
    Path temporary = new Path(temporaryDir, fileName);
    ShardIo.HashingOutputChannel channel = new ShardIo.HashingOutputChannel(dataFileSystem().create(temporary, false));
    Map<String, String> footer = new HashMap<>();
    ArrowFileWriter writer = new ArrowFileWriter(root, null, channel, footer);
    try {
      writer.start();
    } catch (IOException | RuntimeException e) {
      channel.closeQuietly();
      throw e;
    }
    return new OpenShard(fileName, temporary, channel, writer, footer);
  }

  /**
   * The file system the shard bytes are written through. A shard carries its own end-to-end
   * checksum (the SHA-256 in the manifest, checked by {@link ShardDataset#verify()}), so on a
   * checksummed local file system ({@code file://}) the bytes go to the underlying raw file system
   * and no {@code .crc} sidecar file is written: it would only duplicate the SHA-256 and halve the
   * write rate. Renames and reads still go through {@link #fs}, which handles a missing {@code
   * .crc} file by not verifying. Other file systems (HDFS, S3A) are used as they are.
   */
  private FileSystem dataFileSystem() {
    return fs instanceof org.apache.hadoop.fs.LocalFileSystem local ? local.getRawFileSystem() : fs;
  }

  private void finishShard() throws IOException {
    OpenShard shard = current;
    current = null;
    shard.footer.put(EventSchema.META_VERSION, Integer.toString(EventSchema.VERSION));
    shard.footer.put(FOOTER_WRITER, writerId);
    shard.footer.put(FOOTER_SAMPLES, ShardJson.entries(shard.entries));
    shard.writer.end();
    shard.channel.close();
    String sha = shard.channel.sha256Hex();
    long size = shard.channel.bytesWritten();
    Path target = new Path(dir, shard.fileName);
    if (fs.exists(target)) {
      fs.delete(shard.temporaryPath, false);
      throw new ProjectException(
          EventErrorCode.CORRUPT_SHARD, "Cannot commit shard: " + target + " already exists (writer ids must be unique)");
    }
    HadoopFiles.commit(fs, shard.temporaryPath, target, HadoopFiles.Existing.KEEP);
    committed.add(new ShardInfo(shard.fileName, writerId, size, sha, EventSchema.VERSION, shard.entries));
  }

  private void checkNewId(SampleRecord sample) {
    if (sampleIds.contains(sample.sampleId())) {
      throw new ProjectException(
          EventErrorCode.CORRUPT_SHARD, "Invalid sample id: " + sample.sampleId() + " was already written by writer " + writerId);
    }
  }

  private void ensureWritable() {
    if (finished) {
      throw new IllegalStateException("Cannot write sample: the shard writer " + writerId + " is closed");
    }
    if (failed) {
      throw new IllegalStateException("Cannot write sample: the shard writer " + writerId + " failed earlier; abort it");
    }
  }

  /**
   * Commits the current shard (if it holds a sample), releases the Arrow memory and removes this
   * writer's temporary directory. Calling it again returns the same list.
   *
   * @return every shard this writer committed, in order; pass them (with the other writers') to
   *     {@link Manifest#commit}
   * @throws IllegalStateException if an earlier write failed (everything was aborted)
   */
  public List<ShardInfo> finish() {
    if (finished) {
      if (failed) {
        throw new IllegalStateException("Cannot finish shard writer " + writerId + ": it was aborted");
      }
      return List.copyOf(committed);
    }
    if (failed) {
      abort();
      throw new IllegalStateException("Cannot finish shard writer " + writerId + ": an earlier write failed, its shards were deleted");
    }
    try {
      if (current != null) {
        finishShard();
      }
      fs.delete(temporaryDir, true);
      // the shared _temporary parent is left to Manifest.commit: writers of other tasks may be
      // creating their directories in it right now (deleting it here raced with their mkdirs)
    } catch (IOException e) {
      abort();
      throw ShardIo.failure("finish shard writer " + writerId, e);
    } catch (RuntimeException e) {
      abort();
      throw e;
    } finally {
      release();
    }
    return List.copyOf(committed);
  }

  /**
   * Releases the writer. After {@link #finish()} this does nothing; without it (an exception left
   * the try-with-resources block early) it {@link #abort() aborts}: nothing of a writer that did
   * not finish survives, as a failed Spark task must leave nothing behind.
   */
  @Override
  public void close() {
    if (!finished) {
      abort();
    }
  }

  /**
   * Deletes everything this writer created (its temporary directory and the shards it already
   * renamed into the directory) and releases its memory. Safe to call more than once and after a
   * failure.
   */
  public void abort() {
    failed = true;
    if (current != null) {
      current.channel.closeQuietly();
      current = null;
    }
    try {
      fs.delete(temporaryDir, true);
      for (ShardInfo shard : committed) {
        fs.delete(new Path(dir, shard.fileName()), false);
      }
      // an aborting writer removes the shared parent only when nothing else is in it (rare path;
      // finish() leaves it to Manifest.commit so that concurrent writers never race on it)
      ShardIo.deleteIfEmpty(fs, temporaryDir.getParent());
    } catch (IOException e) {
      // best effort: whatever remains is invisible to readers, since no manifest lists it
    } finally {
      committed.clear();
      release();
    }
  }

  private void release() {
    if (finished) {
      return;
    }
    finished = true;
    root.close();
    allocator.close();
    if (ownedRoot != null) {
      ownedRoot.close();
    }
  }

  private static final class OpenShard {
    final String fileName;
    final Path temporaryPath;
    final ShardIo.HashingOutputChannel channel;
    final ArrowFileWriter writer;
    final Map<String, String> footer;
    final List<SampleEntry> entries = new ArrayList<>();
    int batches;

    OpenShard(String fileName, Path temporaryPath, ShardIo.HashingOutputChannel channel, ArrowFileWriter writer, Map<String, String> footer) {
      this.fileName = fileName;
      this.temporaryPath = temporaryPath;
      this.channel = channel;
      this.writer = writer;
      this.footer = footer;
    }
  }
}
