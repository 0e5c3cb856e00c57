package org.tnas.formats.events;

import java.util.Arrays;

/**
 * A growable columnar buffer of events in the canonical schema (see {@link EventSchema}): parallel
 * primitive arrays {@code x, y, t, p} of which the first {@link #size()} entries are valid.
 *
 * <p>Readers fill it, kernels read its arrays directly. It is mutable and NOT thread safe; pass
 * {@link #copy()} or {@link #trimmed()} arrays across threads. The arrays returned by the accessors
 * are the live backing arrays (length = capacity, not size).
 */
public final class EventBatch {
  private short[] x;
  private short[] y;
  private long[] t;
  private byte[] p;
  private int size;

  public EventBatch(int initialCapacity) {
    if (initialCapacity < 0) {
      throw new IllegalArgumentException("Invalid capacity: " + initialCapacity);
    }
    x = new short[initialCapacity];
    y = new short[initialCapacity];
    t = new long[initialCapacity];
    p = new byte[initialCapacity];
  }

  public EventBatch() {
    this(1024);
  }

  /** Wraps existing arrays (no copy); all must have at least {@code size} entries. */
  public static EventBatch wrap(short[] x, short[] y, long[] t, byte[] p, int size) {
    if (size < 0 || x.length < size || y.length < size || t.length < size || p.length < size) {
      throw new IllegalArgumentException("Invalid batch size: " + size);
    }
    EventBatch batch = new EventBatch(0);
    batch.x = x;
    batch.y = y;
    batch.t = t;
    batch.p = p;
    batch.size = size;
    return batch;
  }

  /** Number of valid events. */
  public int size() {
    return size;
  }

  public boolean isEmpty() {
    return size == 0;
  }

  /** Current capacity of the backing arrays. */
  public int capacity() {
    return t.length;
  }

  public short[] x() {
    return x;
  }

  public short[] y() {
    return y;
  }

  public long[] t() {
    return t;
  }

  public byte[] p() {
    return p;
  }

  /** Forgets all events, keeping the capacity. */
  public void clear() {
    size = 0;
  }

  /** Ensures room for {@code extra} more events without reallocation. */
  public void ensureRoom(int extra) {
    long needed = (long) size + extra;
    if (needed > t.length) {
      if (needed > Integer.MAX_VALUE - 8) {
        throw new IllegalStateException("Cannot grow event batch: " + needed + " events");
      }
      int capacity = (int) Math.min(Integer.MAX_VALUE - 8, Math.max(needed, 2L * t.length + 16));
      x = Arrays.copyOf(x, capacity);
      y = Arrays.copyOf(y, capacity);
      t = Arrays.copyOf(t, capacity);
      p = Arrays.copyOf(p, capacity);
    }
  }

  /** Appends one event (growing if needed). Values are stored as given; no validation. */
  public void add(int ex, int ey, long et, int ep) {
    if (size == t.length) {
      ensureRoom(1);
    }
    x[size] = (short) ex;
    y[size] = (short) ey;
    t[size] = et;
    p[size] = (byte) ep;
    size++;
  }

  /**
   * Declares {@code count} events that the caller wrote straight into the arrays ({@link #x()} ...
   * from index {@link #size()} on, after {@link #ensureRoom(int)}) as appended: the fast path of
   * producers that write columns in bulk.
   *
   * @throws IndexOutOfBoundsException if the arrays have no room for them
   */
  public void appendWritten(int count) {
    if (count < 0 || (long) size + count > t.length) {
      throw new IndexOutOfBoundsException("Invalid appended count: " + count + " (size " + size + ", capacity " + t.length + ")");
    }
    size += count;
  }

  /** Appends one event; the caller has ensured room with {@link #ensureRoom(int)}. */
  public void addUnchecked(int ex, int ey, long et, int ep) {
    int i = size++;
    x[i] = (short) ex;
    y[i] = (short) ey;
    t[i] = et;
    p[i] = (byte) ep;
  }

  /** Appends {@code count} events of {@code other} starting at {@code from}. */
  public void addAll(EventBatch other, int from, int count) {
    if (from < 0 || count < 0 || from + count > other.size) {
      throw new IndexOutOfBoundsException("Invalid range: " + from + "+" + count);
    }
    ensureRoom(count);
    System.arraycopy(other.x, from, x, size, count);
    System.arraycopy(other.y, from, y, size, count);
    System.arraycopy(other.t, from, t, size, count);
    System.arraycopy(other.p, from, p, size, count);
    size += count;
  }

  public void addAll(EventBatch other) {
    addAll(other, 0, other.size);
  }

  /** A deep copy with capacity equal to size. */
  public EventBatch copy() {
    return wrap(
        Arrays.copyOf(x, size), Arrays.copyOf(y, size), Arrays.copyOf(t, size), Arrays.copyOf(p, size), size);
  }

  /** This batch if its arrays are exactly {@code size} long, else a trimmed copy. */
  public EventBatch trimmed() {
    return t.length == size && x.length == size && y.length == size && p.length == size ? this : copy();
  }

  /** Number of ON events. */
  public long countOn() {
    long on = 0;
    for (int i = 0; i < size; i++) {
      on += p[i] == EventSchema.ON ? 1 : 0;
    }
    return on;
  }

  /** Whether timestamps never decrease. */
  public boolean isSorted() {
    for (int i = 1; i < size; i++) {
      if (t[i] < t[i - 1]) {
        return false;
      }
    }
    return true;
  }

  @Override
  public String toString() {
    return "EventBatch[size=" + size + "]";
  }
}
