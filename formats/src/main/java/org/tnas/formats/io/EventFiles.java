package org.tnas.formats.io;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Locale;
import java.util.Objects;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.tnas.formats.errors.EventErrorCode;
import org.tnas.formats.errors.EventFormatException;
import org.tnas.formats.events.EventFormat;
import org.tnas.formats.events.EventReader;
import org.tnas.formats.events.SensorGeometry;
import org.tnas.formats.fs.HadoopFiles;

/**
 * Entry point for event files on any Hadoop file system ({@code file://}, {@code hdfs://}, ...):
 * format detection, readers and writers.
 *
 * <p>Detection looks at the content first (magic numbers and headers: {@code #!AER-DAT4.0},
 * {@code #!AER-DAT2.0}, {@code \x93NUMPY}, the HDF5 signature, {@code ARROW1}, Prophesee {@code %}
 * headers naming EVT 2.0 / EVT 3.0 / a DAT "Data file containing" line) and only then at the
 * extension ({@code .raw}, {@code .dat}, {@code .bin}, {@code .npy}, {@code .csv}/{@code .txt},
 * {@code .h5}/{@code .hdf5}, {@code .aedat4}, {@code .aedat}, {@code .arrow}).
 *
 * <p>Readers stream: memory is bounded by the batch size, never the file size. HDF5 is read with
 * positioned reads through the Hadoop stream (no local copy). Arrow event shards are not event
 * files: {@link #open} rejects them with a message pointing to the shard reader (see {@link
 * #openArrowShard}). All methods are static and thread safe; the returned readers and writers are
 * not.
 */
public final class EventFiles {
  /** Bytes inspected by {@link #detect}. */
  static final int PROBE_BYTES = 4096;
  private static final byte[] HDF5_SIGNATURE = {(byte) 0x89, 'H', 'D', 'F', '\r', '\n', 0x1A, '\n'};

  private EventFiles() {}

  /** Opens {@code path}, detecting its format, with default options. */
  public static EventReader open(Path path, Configuration conf) {
    return open(path, conf, null, EventReadOptions.defaults());
  }

  /** Opens {@code path} as {@code format} (no detection). */
  public static EventReader open(Path path, Configuration conf, EventFormat format) {
    return open(path, conf, Objects.requireNonNull(format, "format is null"), EventReadOptions.defaults());
  }

  /**
   * Opens {@code path} as {@code format}, or detects the format when {@code format} is null.
   *
   * @throws EventFormatException if the format cannot be detected or the header is invalid
   * @throws UncheckedIOException if the file system fails (missing file, permissions...)
   */
  public static EventReader open(Path path, Configuration conf, EventFormat format, EventReadOptions options) {
    Objects.requireNonNull(path, "path is null");
    Objects.requireNonNull(conf, "conf is null");
    Objects.requireNonNull(options, "options is null");
    String source = path.toString();
    FileSystem fs;
    FSDataInputStream stream;
    try {
      fs = path.getFileSystem(conf);
      stream = fs.open(path);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot open event file " + source + ": " + e.getMessage(), e);
    }
    ByteSource in = new ByteSource(stream, source);
    try {
      EventFormat chosen = format != null ? format : detect(in, source);
      if (chosen == EventFormat.HDF5) {
        in.close();
        return openHdf5(fs, path, options);
      }
      return open(in, chosen, options);
    } catch (RuntimeException e) {
      closeQuietly(in);
      throw e;
    }
  }

  /**
   * Opens an event stream (tests, in-memory data). {@code format} null means detect; {@code source}
   * names the data in messages and its extension helps detection. HDF5 streams are copied to a
   * local temporary file first (HDF5 needs random access), deleted when the reader closes.
   */
  public static EventReader open(InputStream input, String source, EventFormat format, EventReadOptions options) {
    Objects.requireNonNull(input, "input is null");
    Objects.requireNonNull(source, "source is null");
    Objects.requireNonNull(options, "options is null");
    ByteSource in = new ByteSource(input, source);
    try {
      EventFormat chosen = format != null ? format : detect(in, source);
      if (chosen == EventFormat.HDF5) {
        return openHdf5Copy(in, source, options);
      }
      return open(in, chosen, options);
    } catch (RuntimeException e) {
      closeQuietly(in);
      throw e;
    }
  }

  /** Detects the format of {@code path} from its first bytes, then its extension. */
  public static EventFormat detect(Path path, Configuration conf) {
    Objects.requireNonNull(path, "path is null");
    Objects.requireNonNull(conf, "conf is null");
    try (FSDataInputStream stream = path.getFileSystem(conf).open(path)) {
      ByteSource in = new ByteSource(stream, path.toString(), PROBE_BYTES * 2);
      return detect(in, path.toString());
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot open event file " + path + ": " + e.getMessage(), e);
    }
  }

  /**
   * Detects a format from the first bytes {@code head[0..length)} of a file named {@code name}.
   *
   * @throws EventFormatException UNSUPPORTED_EVENT_FORMAT when neither content nor name tell
   */
  public static EventFormat detect(byte[] head, int length, String name) {
    Objects.requireNonNull(head, "head is null");
    Objects.requireNonNull(name, "name is null");
    EventFormat byContent = detectContent(head, Math.min(length, head.length));
    if (byContent != null) {
      return byContent;
    }
    EventFormat byName = detectExtension(name);
    if (byName != null) {
      return byName;
    }
    if (hasExtension(name, "raw")) {
      throw new EventFormatException(EventErrorCode.UNSUPPORTED_EVENT_FORMAT, name, 0,
          "Cannot detect the event format of a .raw file: it has no readable '% evt 2.0' or '% evt 3.0' header line,"
              + " and without one EVT2 and EVT3 cannot be told apart; give the format (tnas import --format evt2 or"
              + " --format evt3, setting import.format)");
    }
    throw new EventFormatException(EventErrorCode.UNSUPPORTED_EVENT_FORMAT, name, 0,
        "Cannot detect the event format: no known magic number or header, and the extension is not one of "
            + ".raw .dat .bin .npy .csv .txt .h5 .hdf5 .aedat4 .aedat .arrow");
  }

  private static EventFormat detect(ByteSource in, String source) {
    in.fill(Math.min(PROBE_BYTES, in.buffer().length));
    return detect(java.util.Arrays.copyOfRange(in.buffer(), in.position(), in.limit()), in.available(), source);
  }

  private static EventFormat detectContent(byte[] head, int length) {
    if (startsWith(head, length, Aedat4Reader.MAGIC, 12)) {
      return EventFormat.AEDAT4;
    }
    if (startsWith(head, length, Aedat2Reader.MAGIC.getBytes(StandardCharsets.US_ASCII), 12)) {
      return EventFormat.AEDAT2;
    }
    if (startsWith(head, length, NpyReader.MAGIC, 6)) {
      return EventFormat.NPY;
    }
    if (startsWith(head, length, HDF5_SIGNATURE, 8)) {
      return EventFormat.HDF5;
    }
    if (startsWith(head, length, "ARROW1".getBytes(StandardCharsets.US_ASCII), 6)) {
      return EventFormat.ARROW_SHARD;
    }
    if (length > 0 && head[0] == '%') {
      String text = new String(head, 0, length, StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT);
      for (String line : text.split("\n")) {
        if (!line.startsWith("%")) {
          break;
        }
        String body = line.substring(1).trim();
        if (body.startsWith("evt 3") || body.startsWith("format evt3")) {
          return EventFormat.EVT3;
        }
        if (body.startsWith("evt 2") || body.startsWith("format evt2")) {
          return EventFormat.EVT2;
        }
        if (body.startsWith("data file containing")) {
          return EventFormat.DAT;
        }
      }
    }
    return null;
  }

  private static EventFormat detectExtension(String name) {
    String lower = name.toLowerCase(Locale.ROOT);
    int slash = Math.max(lower.lastIndexOf('/'), lower.lastIndexOf('\\'));
    int dot = lower.lastIndexOf('.');
    String extension = dot > slash ? lower.substring(dot + 1) : "";
    switch (extension) {
      case "dat":
        return EventFormat.DAT;
      case "bin":
        return EventFormat.NMNIST_BIN;
      case "npy":
        return EventFormat.NPY;
      case "csv":
      case "txt":
        return EventFormat.CSV;
      case "h5":
      case "hdf5":
        return EventFormat.HDF5;
      case "aedat4":
        return EventFormat.AEDAT4;
      case "aedat":
      case "aedat2":
        return EventFormat.AEDAT2;
      case "arrow":
        return EventFormat.ARROW_SHARD;
      default:
        return null; // .raw without an EVT header line cannot be told apart: EVT2 or EVT3
    }
  }

  private static boolean hasExtension(String name, String extension) {
    String lower = name.toLowerCase(Locale.ROOT);
    int slash = Math.max(lower.lastIndexOf('/'), lower.lastIndexOf('\\'));
    return lower.endsWith("." + extension) && lower.lastIndexOf('.') > slash;
  }

  private static boolean startsWith(byte[] head, int length, byte[] magic, int count) {
    if (length < count) {
      return false;
    }
    for (int i = 0; i < count; i++) {
      if (head[i] != magic[i]) {
        return false;
      }
    }
    return true;
  }

  private static EventReader open(ByteSource in, EventFormat format, EventReadOptions options) {
    switch (format) {
      case EVT2:
        return new Evt2Reader(in);
      case EVT3:
        return new Evt3Reader(in, options.evt3Timing());
      case DAT:
        return new DatReader(in);
      case AEDAT4:
        return new Aedat4Reader(in);
      case AEDAT2:
        return new Aedat2Reader(in, options.geometry());
      case NMNIST_BIN:
        return new NmnistReader(in, options.geometry());
      case NPY:
        return new NpyReader(in, options);
      case CSV:
        return new CsvReader(in, options);
      case ARROW_SHARD:
        throw openArrowShard(in.source());
      default:
        throw new EventFormatException(EventErrorCode.UNSUPPORTED_EVENT_FORMAT, in.source(), -1,
            "Cannot open event format " + format + " from a stream");
    }
  }

  /**
   * The hook for Arrow event shards, which are written and read by {@code org.tnas.formats.shards}
   * (their own reader, with manifests and checksums), not by this class. Always the exception to
   * throw; kept as one named place so that delegation can be added without touching detection.
   */
  static EventFormatException openArrowShard(String source) {
    return new EventFormatException(EventErrorCode.UNSUPPORTED_EVENT_FORMAT, source, -1,
        "Cannot open " + source + " as an event file: it is an Arrow event shard, use the shard reader (org.tnas.formats.shards)");
  }

  private static EventReader openHdf5(FileSystem fs, Path path, EventReadOptions options) {
    String source = path.toString();
    Path qualified = fs.makeQualified(path);
    if ("file".equals(qualified.toUri().getScheme())) {
      return Hdf5Reader.open(new File(qualified.toUri()).toPath(), source, options);
    }
    return Hdf5Reader.open(HadoopFiles.openChannel(fs, path), source, options);
  }

  private static EventReader openHdf5Copy(ByteSource in, String source, EventReadOptions options) {
    java.nio.file.Path copy;
    try {
      copy = Files.createTempFile("tnas-h5-", ".h5");
      try (OutputStream out = Files.newOutputStream(copy)) {
        while (in.fill(1)) {
          out.write(in.buffer(), in.position(), in.available());
          in.advance(in.available());
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot copy HDF5 stream " + source + " to a temporary file", e);
    } finally {
      in.close();
    }
    java.nio.channels.SeekableByteChannel channel;
    try {
      channel = Files.newByteChannel(copy, java.nio.file.StandardOpenOption.READ,
          java.nio.file.StandardOpenOption.DELETE_ON_CLOSE);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot open the HDF5 copy of " + source, e);
    }
    return Hdf5Reader.open(channel, source, options);
  }

  /**
   * Creates a writer of {@code format} (NPY, HDF5 or CSV) at {@code path}, overwriting it.
   * {@code geometry} may be null; HDF5 stores it as dataset attributes.
   */
  public static EventWriter create(Path path, Configuration conf, EventFormat format, SensorGeometry geometry) {
    Objects.requireNonNull(path, "path is null");
    Objects.requireNonNull(conf, "conf is null");
    Objects.requireNonNull(format, "format is null");
    try {
      FileSystem fs = path.getFileSystem(conf);
      switch (format) {
        case NPY:
          return new NpyWriter(fs.create(path, true));
        case CSV:
          return new CsvWriter(fs.create(path, true));
        case HDF5: {
          Path qualified = fs.makeQualified(path);
          if ("file".equals(qualified.toUri().getScheme())) {
            File local = new File(qualified.toUri());
            if (local.getParentFile() != null) {
              Files.createDirectories(local.getParentFile().toPath());
            }
            return new Hdf5Writer(local.toPath(), geometry);
          }
          return new CopyingHdf5Writer(fs, path, geometry);
        }
        default:
          throw new EventFormatException(EventErrorCode.UNSUPPORTED_EVENT_FORMAT, path.toString(), -1,
              "Cannot write event format " + format + ": writers exist for npy, h5 and csv");
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot create event file " + path + ": " + e.getMessage(), e);
    }
  }

  /** HDF5 on a non-local file system: written locally by jHDF, then copied on close. */
  private static final class CopyingHdf5Writer implements EventWriter {
    private final FileSystem fs;
    private final Path target;
    private final java.nio.file.Path local;
    private final Hdf5Writer writer;

    CopyingHdf5Writer(FileSystem fs, Path target, SensorGeometry geometry) throws IOException {
      this.fs = fs;
      this.target = target;
      this.local = Files.createTempFile("tnas-h5-", ".h5");
      this.writer = new Hdf5Writer(local, geometry);
    }

    @Override
    public EventFormat format() {
      return EventFormat.HDF5;
    }

    @Override
    public void write(org.tnas.formats.events.EventBatch batch, int from, int count) {
      writer.write(batch, from, count);
    }

    @Override
    public long count() {
      return writer.count();
    }

    @Override
    public void close() {
      try {
        writer.close();
        fs.copyFromLocalFile(true, true, new Path(local.toUri()), target);
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot copy HDF5 file to " + target + ": " + e.getMessage(), e);
      } finally {
        try {
          Files.deleteIfExists(local);
        } catch (IOException e) {
          // nothing more to do
        }
      }
    }
  }

  private static void closeQuietly(ByteSource in) {
    try {
      in.close();
    } catch (RuntimeException e) {
      // keep the first error
    }
  }
}
