package org.tnas.udfs.core;

import java.util.SplittableRandom;
import org.tnas.formats.util.Seeds;

/**
 * Counter-based (random-access) draws of {@code count} uniform noise events for one seed: noise
 * event {@code j} (in time order) has {@code t ~ U[tMin, tMax]} (integers; the times are the order
 * statistics of {@code count} independent uniform draws), {@code x ~ U[0, W)}, {@code y ~ U[0, H)},
 * {@code p ~ U{0, 1}}, all independent, as {@link NoiseKernels#addUniformNoise} defines them. Any
 * event can be drawn without drawing the others (only its block of {@link #BLOCK} events), so a
 * reader that needs a few of them ({@link SpikingFerInput}'s lazy tail) does not pay for all; a
 * reader that needs all ({@link NoiseKernels}) gets the same values.
 *
 * <p>Sorted times with random access, exact in distribution. The classical construction (also
 * {@link NoiseKernels#sortedUniformTimes}): with {@code E_1 .. E_{count+1}} independent Exp(1) and
 * {@code S_j = E_1 + .. + E_j}, the vector {@code (S_1, .., S_count) / S_{count+1}} is distributed as
 * the order statistics of {@code count} independent U[0, 1); time {@code j} is {@code tMin +
 * floor(S_j / S_{count+1} * (tMax - tMin + 1))} (clamped to {@code tMax} against rounding). Here the
 * exponentials are produced block by block: the sum of block {@code b}'s {@code s_b} exponentials is
 * {@code G_b ~ Gamma(s_b, 1)}, drawn for every block up front from one stream (Marsaglia and Tsang's
 * exact rejection method; one draw per 1,024 noise events) together with the final {@code
 * E_{count+1}}; this gives every block's starting sum and the total. The exponentials inside block
 * {@code b} are drawn only when the block is read, from a stream keyed by {@code (seed, b)}: {@code
 * s_b} fresh Exp(1) values {@code e_i} with partial sums {@code c_i}, and {@code S = start_b + G_b *
 * (c_i / c_{s_b})}. This is exact: {@code (e_i / sum e)} is Dirichlet(1, .., 1) and independent of
 * {@code sum e}, so multiplying it by an independent {@code G_b ~ Gamma(s_b, 1)} gives {@code s_b}
 * independent Exp(1) values whose sum is {@code G_b} (the Gamma-Dirichlet decomposition). The last
 * event of a block lands exactly on the next block's start ({@code c / c = 1}), and every step is
 * a monotone floating-point operation, so the times are sorted across blocks as within them.
 *
 * <p>Coordinates and polarities of block {@code b} come from their own streams keyed by {@code
 * (seed, b)}: one 64-bit draw per event gives x (high 32 bits) and y (low 32 bits) by Lemire's
 * multiply-shift with rejection (exactly uniform, no division on the common path), the polarity is
 * one bit of a 64-bit draw per 64 events. Not thread safe (blocks are cached when read).
 */
final class KeyedNoise {
  /** Noise events per block. */
  static final int BLOCK = 1024;
  private static final int SHIFT = 10;
  private static final long GAMMA_STREAM = 0;
  private static final long TIME_STREAM = 1;
  private static final long COORDINATE_STREAM = 2;
  private static final long POLARITY_STREAM = 3;

  private final long seed;
  final int count;
  private final long tMin;
  private final long tMax;
  private final int width;
  private final int height;
  private final double range;
  /** {@code start[b]}: the sum of the exponentials before block b; {@code start[blocks]} all of them. */
  private final double[] start;
  private final double total;
  private final long[][] times;
  private final short[][] xs;
  private final short[][] ys;
  private final byte[][] ps;

  KeyedNoise(long seed, int count, long tMin, long tMax, int width, int height) {
    if (count < 0) {
      throw new IllegalArgumentException("Invalid number of noise events: " + count);
    }
    this.seed = seed;
    this.count = count;
    this.tMin = tMin;
    this.tMax = tMax;
    this.width = width;
    this.height = height;
    this.range = (double) (tMax - tMin) + 1;
    int blocks = (count + BLOCK - 1) >>> SHIFT;
    start = new double[blocks + 1];
    SplittableRandom random = new SplittableRandom(Seeds.derive(seed, GAMMA_STREAM));
    double sum = 0;
    for (int b = 0; b < blocks; b++) {
      start[b] = sum;
      sum += gamma(blockSize(b), random);
    }
    start[blocks] = sum;
    total = sum + random.nextExponential();
    times = new long[blocks][];
    xs = new short[blocks][];
    ys = new short[blocks][];
    ps = new byte[blocks][];
  }

  /** Number of blocks. */
  int blocks() {
    return start.length - 1;
  }

  private int blockSize(int b) {
    return Math.min(BLOCK, count - (b << SHIFT));
  }

  /**
   * A Gamma(shape, 1) draw, shape >= 1: Marsaglia and Tsang (2000), "A simple method for generating
   * gamma variables", exact (rejection with a squeeze).
   */
  static double gamma(double shape, SplittableRandom random) {
    double d = shape - 1.0 / 3;
    double c = 1 / Math.sqrt(9 * d);
    while (true) {
      double x;
      double v;
      do {
        x = random.nextGaussian();
        v = 1 + c * x;
      } while (v <= 0);
      v = v * v * v;
      double u = random.nextDouble();
      double x2 = x * x;
      if (u < 1 - 0.0331 * x2 * x2 || Math.log(u) < 0.5 * x2 + d * (1 - v + Math.log(v))) {
        return d * v;
      }
    }
  }

  /** The timestamp of the exponential sum {@code s}. */
  private long time(double s) {
    return Math.min(tMax, tMin + (long) Math.floor(s / total * range));
  }

  /** The time of the last noise event of block {@code b}, without drawing the block. */
  long lastTimeOf(int b) {
    return time(start[b + 1]);
  }

  /** Writes the times of block {@code b} to {@code out} from {@code at}. */
  void fillTimes(int b, long[] out, int at) {
    int size = blockSize(b);
    SplittableRandom random = new SplittableRandom(Seeds.derive(seed, TIME_STREAM, b));
    double[] sums = new double[size];
    double sum = 0;
    for (int i = 0; i < size; i++) {
      sum += random.nextExponential();
      sums[i] = sum;
    }
    double from = start[b];
    double gamma = start[b + 1] - from;
    // c_last / c_last = 1: exactly the next block's start
    long last = time(start[b + 1]);
    for (int i = 0; i < size - 1; i++) {
      // monotone operations on c_i <= c_last; the clamp guards against from + gamma rounding above
      // the next block's start (start[b+1] - start[b] is not exact when the later sum is more than
      // twice the earlier), so the times stay sorted across blocks
      out[at + i] = Math.min(last, time(from + gamma * (sums[i] / sum)));
    }
    out[at + size - 1] = last;
  }

  /** Writes the coordinates and polarities of block {@code b} from {@code at}. */
  void fillCoordinates(int b, short[] ox, short[] oy, byte[] op, int at) {
    int size = blockSize(b);
    SplittableRandom random = new SplittableRandom(Seeds.derive(seed, COORDINATE_STREAM, b));
    for (int i = 0; i < size; i++) {
      long r = random.nextLong();
      ox[at + i] = (short) bounded(r >>> 32, width, random);
      oy[at + i] = (short) bounded(r & 0xFFFFFFFFL, height, random);
    }
    SplittableRandom bits = new SplittableRandom(Seeds.derive(seed, POLARITY_STREAM, b));
    for (int i = 0; i < size; i += 64) {
      long word = bits.nextLong();
      int end = Math.min(size, i + 64);
      for (int k = i; k < end; k++) {
        op[at + k] = (byte) ((word >>> (k - i)) & 1);
      }
    }
  }

  /**
   * A uniform integer in {@code [0, bound)} from 32 random bits {@code r} (Lemire 2019, "Fast
   * random integer generation in an interval"): {@code (r * bound) >> 32}, redrawn from {@code
   * random} while the low half is below {@code 2^32 mod bound}, which makes it exactly uniform.
   */
  static int bounded(long r, int bound, SplittableRandom random) {
    long m = r * bound;
    long low = m & 0xFFFFFFFFL;
    if (low < bound) {
      long threshold = (0x1_0000_0000L - bound) % bound;
      while (low < threshold) {
        m = (random.nextInt() & 0xFFFFFFFFL) * bound;
        low = m & 0xFFFFFFFFL;
      }
    }
    return (int) (m >>> 32);
  }

  /** Every event, into arrays of {@code count} (the kernel's full draw). */
  void fillAll(long[] t, short[] x, short[] y, byte[] p) {
    for (int b = 0; b < blocks(); b++) {
      fillTimes(b, t, b << SHIFT);
      fillCoordinates(b, x, y, p, b << SHIFT);
    }
  }

  private long[] timesOf(int b) {
    long[] block = times[b];
    if (block == null) {
      block = new long[BLOCK];
      fillTimes(b, block, 0);
      times[b] = block;
    }
    return block;
  }

  private void coordinatesOf(int b) {
    if (xs[b] == null) {
      short[] x = new short[BLOCK];
      short[] y = new short[BLOCK];
      byte[] p = new byte[BLOCK];
      fillCoordinates(b, x, y, p, 0);
      xs[b] = x;
      ys[b] = y;
      ps[b] = p;
    }
  }

  /** The time of noise event {@code j}. */
  long t(int j) {
    return timesOf(j >>> SHIFT)[j & (BLOCK - 1)];
  }

  int x(int j) {
    int b = j >>> SHIFT;
    coordinatesOf(b);
    return xs[b][j & (BLOCK - 1)];
  }

  int y(int j) {
    int b = j >>> SHIFT;
    coordinatesOf(b);
    return ys[b][j & (BLOCK - 1)];
  }

  int p(int j) {
    int b = j >>> SHIFT;
    coordinatesOf(b);
    return ps[b][j & (BLOCK - 1)];
  }

  /** The number of noise events with a time below {@code value} (block ends first, then one block). */
  int lowerBound(long value) {
    int lo = 0;
    int hi = blocks();
    // the first block whose last time is >= value
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (lastTimeOf(mid) < value) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    if (lo == blocks()) {
      return count;
    }
    // the block's last time is >= value, so the bound lies inside the block
    return (lo << SHIFT) + Slicing.lowerBound(timesOf(lo), blockSize(lo), value);
  }

  /** The number of noise events with a time at most {@code value}. */
  int upperBound(long value) {
    return value == Long.MAX_VALUE ? count : lowerBound(value + 1);
  }

  /**
   * The smallest {@code j} in {@code [lo, hi)} with {@code t(j) >= after(j)}, where {@code after}
   * is non-increasing in j (so the condition is false, then true), or {@code hi}: the split of a
   * merge ({@link SpikingFerInput}). The block of the answer is found from block ends first.
   */
  int firstAtOrAfter(int lo, int hi, java.util.function.IntToLongFunction after) {
    if (lo >= hi) {
      return lo;
    }
    // blocks whose last event (clamped to hi - 1) satisfies the condition: find the first
    int b0 = lo >>> SHIFT;
    int b1 = (hi - 1) >>> SHIFT;
    while (b0 < b1) {
      int mid = (b0 + b1) >>> 1;
      int last = Math.min(hi - 1, ((mid + 1) << SHIFT) - 1);
      long lastTime = last == ((mid + 1) << SHIFT) - 1 ? lastTimeOf(mid) : t(last);
      if (lastTime >= after.applyAsLong(last)) {
        b1 = mid;
      } else {
        b0 = mid + 1;
      }
    }
    int a = Math.max(lo, b0 << SHIFT);
    int z = Math.min(hi, (b0 + 1) << SHIFT);
    while (a < z) {
      int mid = (a + z) >>> 1;
      if (t(mid) >= after.applyAsLong(mid)) {
        z = mid;
      } else {
        a = mid + 1;
      }
    }
    return a;
  }

  /** The number of noise events {@code [from, to)} outside the half-open box {@code [x0, x1) x [y0, y1)}. */
  int outside(int from, int to, int x0, int x1, int y0, int y1) {
    int outside = 0;
    int j = from;
    while (j < to) {
      int b = j >>> SHIFT;
      coordinatesOf(b);
      short[] bx = xs[b];
      short[] by = ys[b];
      int base = b << SHIFT;
      int end = Math.min(to, base + BLOCK);
      for (int i = j - base; i < end - base; i++) {
        int xi = bx[i];
        int yi = by[i];
        outside += ((xi - x0) | (x1 - 1 - xi) | (yi - y0) | (y1 - 1 - yi)) >>> 31;
      }
      j = end;
    }
    return outside;
  }
}
