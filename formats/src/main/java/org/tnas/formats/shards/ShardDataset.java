package org.tnas.formats.shards;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.tnas.formats.errors.EventErrorCode;
import org.tnas.formats.errors.EventFormatException;
import org.tnas.formats.errors.ProjectException;
import org.tnas.formats.events.EventStatistics;

/**
 * A committed shard set, read through its manifest: exactly the shards {@code manifest.json}
 * lists, in its order; anything else in the directory is ignored.
 *
 * <p>{@link #sample(String)} is random access: the manifest says which shard and which record
 * batches hold the sample, and only the shard footer and those batches are read. {@link #stream()}
 * iterates all samples shard by shard with memory bounded by one sample. {@link #verify()} checks
 * every shard against the manifest (size, SHA-256, footer, counts).
 *
 * <p>Before a shard is read its size is compared with the manifest, so a truncated or replaced
 * file is reported (CORRUPT_SHARD, naming the file) instead of being parsed. Not thread safe (it
 * keeps the last shard used open); open one per thread or Spark partition, and close it.
 */
public final class ShardDataset implements AutoCloseable {
  private final Path dir;
  private final FileSystem fs;
  private final Manifest manifest;
  private final Map<String, Manifest.Location> index = new HashMap<>();
  private final RootAllocator ownedRoot;
  private final BufferAllocator allocator;
  private ShardFile cached;
  private boolean closed;

  private ShardDataset(Path dir, FileSystem fs, Manifest manifest, RootAllocator ownedRoot, BufferAllocator parent) {
    this.dir = dir;
    this.fs = fs;
    this.manifest = manifest;
    this.ownedRoot = ownedRoot;
    this.allocator = parent.newChildAllocator("shard-dataset", 0, Long.MAX_VALUE);
    for (ShardInfo shard : manifest.shards()) {
      for (SampleEntry entry : shard.samples()) {
        index.put(entry.sampleId(), new Manifest.Location(shard, entry));
      }
    }
  }

  /** Opens a shard set with its own Arrow root allocator (closed by {@link #close()}). */
  public static ShardDataset open(Path dir, Configuration conf) {
    RootAllocator root = new RootAllocator();
    try {
      return open(dir, conf, root, root);
    } catch (RuntimeException e) {
      root.close();
      throw e;
    }
  }

  /** Opens a shard set whose buffers come from a child of {@code allocator}. */
  public static ShardDataset open(Path dir, Configuration conf, BufferAllocator allocator) {
    Objects.requireNonNull(allocator, "allocator is null");
    return open(dir, conf, null, allocator);
  }

  private static ShardDataset open(Path dir, Configuration conf, RootAllocator owned, BufferAllocator parent) {
    Objects.requireNonNull(dir, "dir is null");
    Objects.requireNonNull(conf, "conf is null");
    Manifest manifest = Manifest.read(dir, conf);
    try {
      FileSystem fs = dir.getFileSystem(conf);
      return new ShardDataset(fs.makeQualified(dir), fs, manifest, owned, parent);
    } catch (IOException e) {
      throw ShardIo.failure("open shard set " + dir, e);
    }
  }

  /** The shard set directory. */
  public Path directory() {
    return dir;
  }

  /** The manifest read at open. */
  public Manifest manifest() {
    return manifest;
  }

  /** All sample ids in manifest order. */
  public List<String> sampleIds() {
    return manifest.sampleIds();
  }

  /** Number of samples. */
  public long sampleCount() {
    return manifest.sampleCount();
  }

  /** Whether the set holds a sample with this id. */
  public boolean contains(String sampleId) {
    return index.containsKey(Objects.requireNonNull(sampleId, "sampleId is null"));
  }

  /**
   * The manifest entry (record, geometry, counts) of a sample, without reading any shard.
   *
   * @throws ProjectException SAMPLE_NOT_FOUND for an unknown id
   */
  public SampleEntry entry(String sampleId) {
    return locate(sampleId).entry();
  }

  /** The path of a shard of this set. */
  public Path shardPath(ShardInfo shard) {
    return new Path(dir, shard.fileName());
  }

  /**
   * Reads one sample: the record from the manifest, the events from its record batches only.
   *
   * @throws ProjectException SAMPLE_NOT_FOUND for an unknown id; CORRUPT_SHARD (an {@link
   *     EventFormatException} naming the file) when the shard is missing, resized or unreadable
   */
  public SampleEvents sample(String sampleId) {
    ensureOpen();
    Manifest.Location location = locate(sampleId);
    ShardFile file = shard(location.shard());
    SampleEntry stored = file.find(sampleId).orElse(null);
    if (!location.entry().equals(stored)) {
      throw new EventFormatException(
          EventErrorCode.CORRUPT_SHARD,
          file.path().toString(),
          -1,
          "Invalid shard footer: the entry of sample " + sampleId + " differs from the manifest's");
    }
    return file.read(stored);
  }

  /**
   * All samples in manifest order, read shard by shard (one shard open at a time, one sample in
   * memory at a time). The stream must be closed (try-with-resources) to release the open shard.
   */
  public Stream<SampleEvents> stream() {
    ensureOpen();
    SampleIterator iterator = new SampleIterator();
    return StreamSupport.stream(Spliterators.spliteratorUnknownSize(iterator, Spliterator.ORDERED | Spliterator.NONNULL), false)
        .onClose(iterator::close);
  }

  /**
   * Checks every listed shard: the file exists and has the manifest's size and SHA-256 (read in
   * full), its footer lists the same samples, and a scan of its batches finds each sample's event
   * count, ON count and time range. Problems are collected, each prefixed with the file name;
   * nothing is thrown for a bad shard.
   */
  public VerificationReport verify() {
    ensureOpen();
    List<String> problems = new ArrayList<>();
    long bytes = 0;
    for (ShardInfo shard : manifest.shards()) {
      String name = shard.fileName();
      Path path = shardPath(shard);
      try {
        FileStatus status = fs.getFileStatus(path);
        if (status.getLen() != shard.byteSize()) {
          problems.add(name + ": Invalid size: " + status.getLen() + " bytes, the manifest lists " + shard.byteSize());
          continue;
        }
        String sha = ShardIo.hashFile(fs, path);
        bytes += status.getLen();
        if (!sha.equals(shard.sha256())) {
          problems.add(name + ": Invalid SHA-256: " + sha + ", the manifest lists " + shard.sha256());
          continue;
        }
        try (ShardFile file = ShardFile.open(path, fs, null, allocator)) {
          if (!file.samples().equals(shard.samples())) {
            problems.add(name + ": Invalid footer: its sample entries differ from the manifest's");
            continue;
          }
          for (SampleEntry entry : file.samples()) {
            checkSample(name, entry, file.read(entry), problems);
          }
        }
      } catch (FileNotFoundException e) {
        problems.add(name + ": Cannot read shard: the file does not exist");
      } catch (ProjectException e) {
        problems.add(name + ": " + e.getMessage());
      } catch (IOException e) {
        problems.add(name + ": Cannot read shard: " + e);
      }
    }
    return new VerificationReport(manifest.shards().size(), bytes, problems);
  }

  private static void checkSample(String name, SampleEntry entry, SampleEvents sample, List<String> problems) {
    EventStatistics statistics = new EventStatistics();
    statistics.accept(sample.events());
    boolean rangeMatches =
        entry.eventCount() == 0
            || (statistics.minTimestamp().orElseThrow() == entry.minTimestamp()
                && statistics.maxTimestamp().orElseThrow() == entry.maxTimestamp());
    if (statistics.count() != entry.eventCount() || statistics.onCount() != entry.onCount() || !rangeMatches) {
      problems.add(
          name + ": Invalid sample " + entry.sampleId() + ": found " + statistics.count() + " events, " + statistics.onCount()
              + " ON, t " + statistics.minTimestamp().orElse(0L) + ".." + statistics.maxTimestamp().orElse(0L) + "; the manifest lists "
              + entry.eventCount() + ", " + entry.onCount() + ", " + entry.minTimestamp() + ".." + entry.maxTimestamp());
    }
    if (!entry.geometry().contains(statistics.maxX(), statistics.maxY()) && entry.eventCount() > 0) {
      problems.add(name + ": Invalid sample " + entry.sampleId() + ": events outside its geometry " + entry.geometry());
    }
  }

  private Manifest.Location locate(String sampleId) {
    Objects.requireNonNull(sampleId, "sampleId is null");
    Manifest.Location location = index.get(sampleId);
    if (location == null) {
      throw new ProjectException(EventErrorCode.SAMPLE_NOT_FOUND, "Cannot find sample: " + sampleId + " is not in " + dir);
    }
    return location;
  }

  private ShardFile shard(ShardInfo shard) {
    if (cached != null && cached.path().getName().equals(shard.fileName())) {
      return cached;
    }
    if (cached != null) {
      ShardFile previous = cached;
      cached = null;
      previous.close();
    }
    cached = openChecked(shard);
    return cached;
  }

  /** Opens a listed shard after checking its size against the manifest. */
  private ShardFile openChecked(ShardInfo shard) {
    Path path = shardPath(shard);
    try {
      FileStatus status;
      try {
        status = fs.getFileStatus(path);
      } catch (FileNotFoundException e) {
        throw new EventFormatException(EventErrorCode.CORRUPT_SHARD, path.toString(), -1, "Cannot open shard: the file does not exist", e);
      }
      if (status.getLen() != shard.byteSize()) {
        throw new EventFormatException(
            EventErrorCode.CORRUPT_SHARD,
            path.toString(),
            -1,
            "Invalid shard size: " + status.getLen() + " bytes, the manifest lists " + shard.byteSize() + " (truncated or replaced)");
      }
      return ShardFile.open(path, fs, null, allocator);
    } catch (IOException e) {
      throw ShardIo.failure("open shard " + path, e);
    }
  }

  private void ensureOpen() {
    if (closed) {
      throw new IllegalStateException("Cannot read shard set " + dir + ": it is closed");
    }
  }

  /** Closes the open shard and releases the Arrow memory. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      if (cached != null) {
        cached.close();
        cached = null;
      }
    } finally {
      allocator.close();
      if (ownedRoot != null) {
        ownedRoot.close();
      }
    }
  }

  private final class SampleIterator implements Iterator<SampleEvents> {
    private int shardIndex;
    private int sampleIndex;
    private ShardFile file;

    @Override
    public boolean hasNext() {
      while (shardIndex < manifest.shards().size()) {
        if (sampleIndex < manifest.shards().get(shardIndex).sampleCount()) {
          return true;
        }
        closeFile();
        shardIndex++;
        sampleIndex = 0;
      }
      return false;
    }

    @Override
    public SampleEvents next() {
      if (!hasNext()) {
        throw new NoSuchElementException("No more samples in " + dir);
      }
      ShardInfo shard = manifest.shards().get(shardIndex);
      if (file == null) {
        file = openChecked(shard);
        if (!file.samples().equals(shard.samples())) {
          String name = file.path().toString();
          closeFile();
          throw new EventFormatException(
              EventErrorCode.CORRUPT_SHARD, name, -1, "Invalid shard footer: its sample entries differ from the manifest's");
        }
      }
      return file.read(file.samples().get(sampleIndex++));
    }

    private void closeFile() {
      if (file != null) {
        ShardFile open = file;
        file = null;
        open.close();
      }
    }

    void close() {
      closeFile();
    }
  }
}
