package org.tnas.formats.io;

import io.jhdf.HdfFile;
import io.jhdf.api.Attribute;
import io.jhdf.api.Dataset;
import io.jhdf.api.Node;
import java.net.URI;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.tnas.formats.errors.EventErrorCode;
import org.tnas.formats.errors.EventFormatException;
import org.tnas.formats.events.EventBatch;
import org.tnas.formats.events.EventFormat;
import org.tnas.formats.events.EventReader;
import org.tnas.formats.events.SensorGeometry;

/**
 * Reader of HDF5 event files in the Spiking-FER / v2e layout: a dataset {@code events} of shape
 * (n, 4) whose rows are {@code [t, x, y, p]} (uint32 in those tools; any integer or float type is
 * accepted), t in microseconds unless {@link EventReadOptions#timeUnit()} says otherwise, p 0/1 or
 * -1/+1. Optional integer attributes {@code sensor_width}/{@code sensor_height} on the dataset (as
 * written by {@link Hdf5Writer}) give the geometry.
 *
 * <p>Streaming: HDF5 needs random access, so the file is opened through jHDF either directly (a
 * local file, memory-mapped by jHDF) or over a {@link SeekableByteChannel} (any Hadoop file
 * system, see {@link EventFiles}); rows are then read in slices of {@value #SLICE_ROWS} rows with
 * jHDF's hyperslab API, so memory is bounded by one slice (chunked and deflate-compressed datasets
 * included), never by the file size. Errors carry the row index as their offset. Not thread safe.
 */
public final class Hdf5Reader implements EventReader {
  /** Rows per slice read from the dataset. */
  static final int SLICE_ROWS = 1 << 16;
  static final String DATASET = "events";

  private final HdfFile file;
  private final AutoCloseable resource;
  private final String source;
  private final Dataset dataset;
  private final long rows;
  private final double timeScale;
  private final SensorGeometry geometry;
  private long[][] slice;
  private int sliceRow;
  private int sliceRows;
  private long nextRow;
  private boolean closed;
  /** Whether the current slice's t column is already in microseconds (float data). */
  private boolean sliceInMicroseconds;

  private Hdf5Reader(HdfFile file, AutoCloseable resource, String source, EventReadOptions options) {
    this.file = file;
    this.resource = resource;
    this.source = source;
    try {
      Node node = file.getChild(DATASET);
      if (!(node instanceof Dataset data)) {
        throw new EventFormatException(EventErrorCode.UNSUPPORTED_EVENT_FORMAT, source, -1,
            "Cannot read HDF5 events: no dataset '" + DATASET + "' at the root (found " + file.getChildren().keySet() + ")");
      }
      long[] shape = data.getDimensionsAsLong();
      if (shape.length != 2 || shape[1] < 4 || data.isCompound() || data.isVariableLength()) {
        throw new EventFormatException(EventErrorCode.UNSUPPORTED_EVENT_FORMAT, source, -1,
            "Cannot map HDF5 dataset '" + DATASET + "' of shape " + java.util.Arrays.toString(shape)
                + " to events: expected numeric rows (n, 4) [t, x, y, p]");
      }
      this.dataset = data;
      this.rows = shape[0];
      this.geometry = options.geometry() != null ? options.geometry() : declaredGeometry(data);
    } catch (RuntimeException e) {
      closeQuietly(file, resource);
      throw wrap(e, -1, "Cannot open HDF5 event file");
    }
    TimeUnit unit = options.timeUnit() == null ? TimeUnit.MICROSECONDS : options.timeUnit();
    this.timeScale = EventReadOptions.microsecondsPer(unit);
  }

  /** Opens a local HDF5 file. */
  public static Hdf5Reader open(Path file, String source, EventReadOptions options) {
    Objects.requireNonNull(file, "file is null");
    HdfFile hdf;
    try {
      hdf = new HdfFile(file);
    } catch (RuntimeException e) {
      throw wrap(source, e, -1, "Cannot open HDF5 event file");
    }
    return new Hdf5Reader(hdf, null, source, options);
  }

  /** Opens an HDF5 file over a seekable channel, which the reader closes. */
  public static Hdf5Reader open(SeekableByteChannel channel, String source, EventReadOptions options) {
    Objects.requireNonNull(channel, "channel is null");
    HdfFile hdf;
    try {
      hdf = new HdfFile(channel, URI.create("channel:/" + Integer.toHexString(System.identityHashCode(channel))));
    } catch (RuntimeException e) {
      closeQuietly(null, channel);
      throw wrap(source, e, -1, "Cannot open HDF5 event file");
    }
    return new Hdf5Reader(hdf, channel, source, options);
  }

  private static SensorGeometry declaredGeometry(Dataset data) {
    Attribute width = data.getAttribute("sensor_width");
    Attribute height = data.getAttribute("sensor_height");
    if (width == null || height == null) {
      return null;
    }
    Object w = width.getData();
    Object h = height.getData();
    if (w instanceof Number wn && h instanceof Number hn) {
      try {
        return new SensorGeometry(wn.intValue(), hn.intValue());
      } catch (IllegalArgumentException e) {
        return null;
      }
    }
    return null;
  }

  @Override
  public EventFormat format() {
    return EventFormat.HDF5;
  }

  @Override
  public String source() {
    return source;
  }

  @Override
  public Optional<SensorGeometry> geometry() {
    return Optional.ofNullable(geometry);
  }

  /** Number of rows in the dataset. */
  public long rows() {
    return rows;
  }

  @Override
  public int read(EventBatch into, int maxEvents) {
    Objects.requireNonNull(into, "into is null");
    if (maxEvents < 1) {
      throw new IllegalArgumentException("Invalid maxEvents: " + maxEvents);
    }
    if (closed) {
      throw new IllegalStateException("Cannot read " + source + ": the reader is closed");
    }
    int count = 0;
    while (count < maxEvents) {
      if (sliceRow == sliceRows) {
        if (nextRow >= rows) {
          break;
        }
        loadSlice();
      }
      int n = Math.min(maxEvents - count, sliceRows - sliceRow);
      into.ensureRoom(n);
      for (int i = 0; i < n; i++) {
        long[] row = slice[sliceRow];
        long index = nextRow - sliceRows + sliceRow;
        long t = timeScale == 1 || sliceInMicroseconds ? row[0] : Math.round(row[0] * timeScale);
        long x = row[1];
        long y = row[2];
        long p = row[3];
        if (x < 0 || x > Short.MAX_VALUE || y < 0 || y > Short.MAX_VALUE) {
          throw new EventFormatException(EventErrorCode.CORRUPT_EVENT_FILE, source, index,
              "Invalid HDF5 event coordinates in row " + index + ": x " + x + ", y " + y + ", expected 0.." + Short.MAX_VALUE);
        }
        if (p != 0 && p != 1 && p != -1) {
          throw new EventFormatException(EventErrorCode.CORRUPT_EVENT_FILE, source, index,
              "Invalid HDF5 polarity in row " + index + ": " + p + ", expected 0/1 or -1/+1");
        }
        into.addUnchecked((int) x, (int) y, t, p == 1 ? 1 : 0);
        sliceRow++;
      }
      count += n;
    }
    return count;
  }

  private void loadSlice() {
    int n = (int) Math.min(SLICE_ROWS, rows - nextRow);
    Object data;
    try {
      data = dataset.getData(new long[] {nextRow, 0}, new int[] {n, 4});
    } catch (RuntimeException e) {
      throw wrap(e, nextRow, "Cannot read HDF5 rows " + nextRow + ".." + (nextRow + n));
    }
    slice = toLongs(data, n);
    sliceRow = 0;
    sliceRows = n;
    nextRow += n;
  }

  private long[][] toLongs(Object data, int n) {
    long[][] out = slice != null && slice.length >= n ? slice : new long[n][4];
    sliceInMicroseconds = false;
    if (data instanceof long[][] v) {
      for (int i = 0; i < n; i++) {
        System.arraycopy(v[i], 0, out[i], 0, 4);
      }
    } else if (data instanceof int[][] v) {
      for (int i = 0; i < n; i++) {
        for (int j = 0; j < 4; j++) {
          out[i][j] = v[i][j];
        }
      }
    } else if (data instanceof short[][] v) {
      for (int i = 0; i < n; i++) {
        for (int j = 0; j < 4; j++) {
          out[i][j] = v[i][j];
        }
      }
    } else if (data instanceof byte[][] v) {
      for (int i = 0; i < n; i++) {
        for (int j = 0; j < 4; j++) {
          out[i][j] = v[i][j];
        }
      }
    } else if (data instanceof double[][] v) {
      for (int i = 0; i < n; i++) {
        out[i][0] = Math.round(v[i][0] * timeScale);
        for (int j = 1; j < 4; j++) {
          out[i][j] = Math.round(v[i][j]);
        }
      }
      sliceInMicroseconds = true;
      return out;
    } else if (data instanceof float[][] v) {
      for (int i = 0; i < n; i++) {
        out[i][0] = Math.round(v[i][0] * timeScale);
        for (int j = 1; j < 4; j++) {
          out[i][j] = Math.round(v[i][j]);
        }
      }
      sliceInMicroseconds = true;
      return out;
    } else {
      throw new EventFormatException(EventErrorCode.UNSUPPORTED_EVENT_FORMAT, source, nextRow,
          "Cannot map HDF5 data of type " + (data == null ? "null" : data.getClass().getSimpleName())
              + " to events: expected integer or float rows");
    }
    return out;
  }

  private EventFormatException wrap(RuntimeException e, long at, String action) {
    return wrap(source, e, at, action);
  }

  private static EventFormatException wrap(String source, RuntimeException e, long at, String action) {
    if (e instanceof EventFormatException efe) {
      return efe;
    }
    return new EventFormatException(EventErrorCode.CORRUPT_EVENT_FILE, source, at,
        action + ": " + e.getClass().getSimpleName() + ": " + e.getMessage(), e);
  }

  private static void closeQuietly(HdfFile file, AutoCloseable resource) {
    try {
      if (file != null) {
        file.close();
      }
    } catch (RuntimeException e) {
      // already failing: keep the first error
    }
    try {
      if (resource != null) {
        resource.close();
      }
    } catch (Exception e) {
      // already failing: keep the first error
    }
  }

  @Override
  public void close() {
    if (!closed) {
      closed = true;
      closeQuietly(file, resource);
    }
  }
}
