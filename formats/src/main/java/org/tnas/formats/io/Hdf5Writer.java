package org.tnas.formats.io;

import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.DatasetCreationOptions;
import io.jhdf.api.WritableDataset;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Objects;
import org.tnas.formats.events.EventBatch;
import org.tnas.formats.events.EventFormat;
import org.tnas.formats.events.SensorGeometry;

/**
 * Writes the Spiking-FER / v2e HDF5 layout: one dataset {@code events} of shape (n, 4), type
 * uint32, rows {@code [t_us, x, y, p]}, plus integer attributes {@code sensor_width} and {@code
 * sensor_height} on the dataset when the geometry is known. Requires jHDF 0.13.0+ (the first
 * release that writes unsigned integers).
 *
 * <p>Limits, honestly: jHDF writes a dataset from one in-memory Java array on close, so events are
 * held in memory (16 bytes each plus the row arrays built on close) and the output must be a local
 * file ({@link EventFiles#create} writes to a local temporary file and copies it to other file
 * systems). jHDF cannot write zero-length datasets, so closing a writer with no events throws
 * IllegalStateException (use NPY or CSV for possibly empty outputs). Timestamps must lie in 0..2^32-1 us (~71 minutes), the range of uint32. Not thread
 * safe.
 */
public final class Hdf5Writer implements EventWriter {
  private static final long UINT32_MAX = 0xFFFFFFFFL;

  private final Path file;
  private final SensorGeometry geometry;
  private int[] t = new int[1024];
  private short[] x = new short[1024];
  private short[] y = new short[1024];
  private byte[] p = new byte[1024];
  private int count;
  private boolean closed;

  /** Writes to the local {@code file} on close; {@code geometry} may be null. */
  public Hdf5Writer(Path file, SensorGeometry geometry) {
    this.file = Objects.requireNonNull(file, "file is null");
    this.geometry = geometry;
  }

  @Override
  public EventFormat format() {
    return EventFormat.HDF5;
  }

  @Override
  public void write(EventBatch batch, int from, int n) {
    EventWriter.checkRange(batch, from, n);
    if (closed) {
      throw new IllegalStateException("Cannot write: the HDF5 writer is closed");
    }
    if ((long) count + n > Integer.MAX_VALUE - 8) {
      throw new IllegalStateException("Cannot write HDF5 events: more than " + (Integer.MAX_VALUE - 8) + " events in one file");
    }
    if (count + n > t.length) {
      int capacity = (int) Math.min(Integer.MAX_VALUE - 8, Math.max(count + (long) n, 2L * t.length));
      t = Arrays.copyOf(t, capacity);
      x = Arrays.copyOf(x, capacity);
      y = Arrays.copyOf(y, capacity);
      p = Arrays.copyOf(p, capacity);
    }
    for (int i = from; i < from + n; i++) {
      long time = batch.t()[i];
      if (time < 0 || time > UINT32_MAX) {
        throw new IllegalArgumentException("Cannot write HDF5 event " + (count + i - from) + ": t " + time
            + " us does not fit uint32 (0.." + UINT32_MAX + ")");
      }
      if (batch.x()[i] < 0 || batch.y()[i] < 0) {
        throw new IllegalArgumentException("Cannot write HDF5 event " + (count + i - from) + ": negative coordinates");
      }
      int j = count + i - from;
      t[j] = (int) time;
      x[j] = batch.x()[i];
      y[j] = batch.y()[i];
      p[j] = batch.p()[i];
    }
    count += n;
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
    if (count == 0) {
      // jHDF 0.13 fails on zero-length dimensions (ArrayIndexOutOfBoundsException while writing)
      throw new IllegalStateException("Cannot write HDF5 events to " + file + ": jHDF cannot write an empty (0, 4) dataset");
    }
    int[][] rows = new int[count][];
    for (int i = 0; i < count; i++) {
      rows[i] = new int[] {t[i], x[i], y[i], p[i]};
    }
    t = null;
    x = null;
    y = null;
    p = null;
    try (WritableHdfFile out = HdfFile.write(file)) {
      WritableDataset dataset = out.putDataset(Hdf5Reader.DATASET, rows,
          DatasetCreationOptions.builder().unsigned().build());
      if (geometry != null) {
        dataset.putAttribute("sensor_width", geometry.width());
        dataset.putAttribute("sensor_height", geometry.height());
      }
    }
  }
}
