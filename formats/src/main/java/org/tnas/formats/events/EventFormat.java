package org.tnas.formats.events;

/** The event file formats the project reads; see ../shared/docs/FORMATS.md for layouts. */
public enum EventFormat {
  /** Prophesee RAW EVT 2.0 (32-bit words). */
  EVT2("evt2"),
  /** Prophesee RAW EVT 3.0 (16-bit stateful words). */
  EVT3("evt3"),
  /** Prophesee DAT (legacy Event2D/CD, 8-byte events). */
  DAT("dat"),
  /** iniVation AEDAT 4.0 (flatbuffer packets, LZ4 or Zstd). */
  AEDAT4("aedat4"),
  /** jAER AEDAT 2.0 (big-endian address/timestamp pairs). */
  AEDAT2("aedat2"),
  /** N-MNIST / N-Caltech101 ATIS 40-bit binary. */
  NMNIST_BIN("nmnist"),
  /** NumPy .npy structured event array. */
  NPY("npy"),
  /** Text / CSV lines {@code t x y p}. */
  CSV("csv"),
  /** HDF5 with dataset {@code events} of uint32 rows [t_us, x, y, p] (Spiking-FER, v2e). */
  HDF5("h5"),
  /** This project's Arrow IPC event shard. */
  ARROW_SHARD("arrow"),
  /** Events produced in memory by the video-to-event emulator (no file format). */
  EMULATED("emulated");

  private final String id;

  EventFormat(String id) {
    this.id = id;
  }

  /** Short lower-case identifier used on the command line ({@code --format evt3}). */
  public String id() {
    return id;
  }

  /** Parses an identifier as printed by {@link #id()} (case-insensitive). */
  public static EventFormat fromId(String id) {
    for (EventFormat format : values()) {
      if (format.id.equalsIgnoreCase(id) || format.name().equalsIgnoreCase(id)) {
        return format;
      }
    }
    throw new IllegalArgumentException("Invalid event format: " + id);
  }
}
