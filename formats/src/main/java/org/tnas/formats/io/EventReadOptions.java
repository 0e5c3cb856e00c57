package org.tnas.formats.io;

import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.tnas.formats.events.SensorGeometry;

/**
 * Options for formats that cannot say everything about themselves. Immutable and serialisable.
 *
 * @param timeUnit the unit of timestamps in text, NumPy and HDF5 files; null means "from the file,
 *     else microseconds" (a v2e text header announcing float seconds selects seconds). One of
 *     SECONDS, MILLISECONDS, MICROSECONDS, NANOSECONDS.
 * @param geometry the sensor geometry for formats that do not declare one (N-MNIST, CSV, NumPy,
 *     HDF5, and AEDAT 2.0 whose DAVIS addresses need it to un-mirror); null means "from the file,
 *     else unknown". A declared geometry in the file (EVT, DAT, AEDAT 4) wins over this one.
 * @param evt3Timing how EVT 3.0 timestamps are rebuilt; null means {@link
 *     Evt3Reader.TimeReconstruction#OFFICIAL} (the format's definition)
 */
public record EventReadOptions(TimeUnit timeUnit, SensorGeometry geometry, Evt3Reader.TimeReconstruction evt3Timing)
    implements java.io.Serializable {
  private static final Set<TimeUnit> UNITS =
      Set.of(TimeUnit.SECONDS, TimeUnit.MILLISECONDS, TimeUnit.MICROSECONDS, TimeUnit.NANOSECONDS);

  public EventReadOptions {
    if (timeUnit != null && !UNITS.contains(timeUnit)) {
      throw new IllegalArgumentException("Invalid time unit: " + timeUnit + ", expected one of " + UNITS);
    }
    if (evt3Timing == null) {
      evt3Timing = Evt3Reader.TimeReconstruction.OFFICIAL;
    }
  }

  /** Options without an EVT 3.0 timing choice (the format's definition is used). */
  public EventReadOptions(TimeUnit timeUnit, SensorGeometry geometry) {
    this(timeUnit, geometry, null);
  }

  /** No overrides: everything from the file. */
  public static EventReadOptions defaults() {
    return new EventReadOptions(null, null);
  }

  public EventReadOptions withTimeUnit(TimeUnit unit) {
    return new EventReadOptions(unit, geometry, evt3Timing);
  }

  public EventReadOptions withGeometry(SensorGeometry sensor) {
    return new EventReadOptions(timeUnit, sensor, evt3Timing);
  }

  /** A copy with the given EVT 3.0 timestamp reconstruction. */
  public EventReadOptions withEvt3Timing(Evt3Reader.TimeReconstruction timing) {
    return new EventReadOptions(timeUnit, geometry, java.util.Objects.requireNonNull(timing, "timing is null"));
  }

  /** Microseconds per unit as a double scale factor (SECONDS = 1e6, NANOSECONDS = 1e-3). */
  static double microsecondsPer(TimeUnit unit) {
    switch (unit) {
      case SECONDS:
        return 1e6;
      case MILLISECONDS:
        return 1e3;
      case NANOSECONDS:
        return 1e-3;
      default:
        return 1;
    }
  }
}
