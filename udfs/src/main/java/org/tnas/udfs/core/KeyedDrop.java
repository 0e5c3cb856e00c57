package org.tnas.udfs.core;

import java.util.SplittableRandom;
import org.tnas.formats.util.Seeds;

/**
 * Counter-based (random-access) choice of exactly {@code count} of {@code n} indices, uniformly
 * without replacement (every {@code count}-subset equally likely), for EventDrop's random option:
 * the indices are cut into blocks of {@link #BLOCK}; how many indices each block loses is drawn
 * up front, and which ones only when a block is read. So a reader that needs the flags of a few
 * blocks ({@link SpikingFerInput}'s lazy tail) does not draw the others, and a reader of all
 * ({@link Augmentations.EventDrop#transform}) gets the same flags.
 *
 * <p>Exact in distribution: the per-block counts of a uniform {@code count}-subset are
 * multivariate hypergeometric, drawn by halving the block range recursively (the left part's count
 * given the whole range's is hypergeometric; {@link #hypergeometric}, each node of the halving tree
 * with its own stream keyed by {@code (seed, node)}); given its count, a block's subset is uniform
 * among the subsets of that size, drawn with Floyd's algorithm ({@link
 * FilterKernels#randomDropFlags}) from a stream keyed by {@code (seed, block)} (of the kept indices
 * when more than half are dropped: the complement of a uniform subset is uniform). Not thread safe
 * (blocks are cached when read).
 */
final class KeyedDrop {
  /** Indices per block. */
  static final int BLOCK = 4096;
  private static final long COUNT_STREAM = 0;
  private static final long FLAG_STREAM = 1;
  private static final int TABLE = 1024;
  private static final double[] LOG_FACTORIAL = new double[TABLE];

  static {
    for (int k = 2; k < TABLE; k++) {
      LOG_FACTORIAL[k] = LOG_FACTORIAL[k - 1] + Math.log(k);
    }
  }

  private final long seed;
  final int n;
  final int count;
  /** The number of dropped indices of each block. */
  private final int[] dropped;
  private final byte[][] flags;

  KeyedDrop(long seed, int n, int count) {
    if (count < 0 || count > n) {
      throw new IllegalArgumentException("Invalid number of events to drop: " + count + " of " + n);
    }
    this.seed = seed;
    this.n = n;
    this.count = count;
    int blocks = (int) (((long) n + BLOCK - 1) / BLOCK);
    dropped = new int[blocks];
    flags = new byte[blocks][];
    if (blocks > 0) {
      split(0, blocks, count, 1);
    }
  }

  private long start(int block) {
    return Math.min(n, (long) block * BLOCK);
  }

  /** Draws the counts of blocks {@code [from, to)}, which lose {@code lost} indices together; {@code node} keys the draw. */
  private void split(int from, int to, int lost, long node) {
    if (to - from == 1) {
      dropped[from] = lost;
      return;
    }
    int mid = (from + to) >>> 1;
    long size = start(to) - start(from);
    long left = start(mid) - start(from);
    int leftLost = (int) hypergeometric(size, lost, left, new SplittableRandom(Seeds.derive(seed, COUNT_STREAM, node)));
    split(from, mid, leftLost, 2 * node);
    split(mid, to, lost - leftLost, 2 * node + 1);
  }

  /** Number of blocks. */
  int blocks() {
    return dropped.length;
  }

  /** The number of dropped indices in block {@code b}. */
  int droppedIn(int b) {
    return dropped[b];
  }

  /** The flag (1 = dropped) of index {@code i}. */
  int flag(int i) {
    int b = i / BLOCK;
    byte[] block = flags[b];
    if (block == null) {
      block = blockFlags(b);
      flags[b] = block;
    }
    return block[i - b * BLOCK];
  }

  private byte[] blockFlags(int b) {
    int size = (int) (start(b + 1) - start(b));
    SplittableRandom random = new SplittableRandom(Seeds.derive(seed, FLAG_STREAM, b));
    if (2 * dropped[b] <= size) {
      return FilterKernels.randomDropFlags(size, dropped[b], random);
    }
    // more than half dropped: choose the survivors (a uniform subset's complement is uniform), fewer draws
    byte[] kept = FilterKernels.randomDropFlags(size, size - dropped[b], random);
    for (int i = 0; i < size; i++) {
      kept[i] ^= 1;
    }
    return kept;
  }

  /** All {@code n} flags (1 = dropped). */
  byte[] all() {
    byte[] all = new byte[n];
    for (int b = 0; b < blocks(); b++) {
      byte[] block = flags[b] != null ? flags[b] : blockFlags(b);
      System.arraycopy(block, 0, all, (int) start(b), block.length);
    }
    return all;
  }

  /** {@code log(k!)}: a table below 1,024, else Stirling's series (error below 1e-20 there). */
  static double logFactorial(long k) {
    if (k < TABLE) {
      return LOG_FACTORIAL[(int) k];
    }
    double x = k + 1.0;
    double inverse = 1 / x;
    double inverse2 = inverse * inverse;
    return (x - 0.5) * Math.log(x) - x + 0.5 * Math.log(2 * Math.PI)
        + inverse * (1.0 / 12 - inverse2 * (1.0 / 360 - inverse2 / 1260));
  }

  private static double logChoose(long a, long b) {
    return logFactorial(a) - logFactorial(b) - logFactorial(a - b);
  }

  /**
   * The number of marked items among {@code draws} taken without replacement from {@code
   * population} items of which {@code marked} are marked (hypergeometric): inversion of one
   * uniform, walking the probabilities outward from the mode (alternately down and up, each from
   * its neighbour by the exact ratio of binomial coefficients), so the expected number of steps is
   * of the order of the standard deviation. Exact up to floating-point rounding of the
   * probabilities (relative error about 1e-10 for populations of millions); if rounding leaves the
   * uniform above the whole computed mass (a chance of that order) the mode is returned.
   */
  static long hypergeometric(long population, long marked, long draws, SplittableRandom random) {
    long lo = Math.max(0, draws + marked - population);
    long hi = Math.min(draws, marked);
    if (lo >= hi) {
      return lo;
    }
    long mode = (long) Math.floor((draws + 1.0) * (marked + 1.0) / (population + 2.0));
    mode = Math.max(lo, Math.min(hi, mode));
    double pMode = Math.exp(logChoose(marked, mode) + logChoose(population - marked, draws - mode) - logChoose(population, draws));
    double u = random.nextDouble() - pMode;
    if (u < 0) {
      return mode;
    }
    long rest = population - marked - draws;
    double pDown = pMode;
    double pUp = pMode;
    long down = mode;
    long up = mode;
    while (down > lo || up < hi) {
      if (down > lo) {
        // p(k - 1) = p(k) * k (N - K - n + k) / ((K - k + 1) (n - k + 1))
        pDown *= down * (double) (rest + down) / ((marked - down + 1.0) * (draws - down + 1.0));
        down--;
        u -= pDown;
        if (u < 0) {
          return down;
        }
      }
      if (up < hi) {
        // p(k + 1) = p(k) * (K - k) (n - k) / ((k + 1) (N - K - n + k + 1))
        pUp *= (marked - up) * (double) (draws - up) / ((up + 1.0) * (rest + up + 1.0));
        up++;
        u -= pUp;
        if (u < 0) {
          return up;
        }
      }
    }
    return mode;
  }
}
