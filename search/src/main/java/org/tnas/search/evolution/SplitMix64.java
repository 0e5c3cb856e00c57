package org.tnas.search.evolution;

import java.util.SplittableRandom;
import org.tnas.formats.util.Seeds;

/**
 * A SplitMix64 generator whose whole state is one {@code long}, so a search strategy can save it in
 * a checkpoint and continue exactly where it stopped. Each random operation of the strategy takes a
 * fresh {@link SplittableRandom} seeded by {@link #nextLong()}. Not thread-safe.
 */
public final class SplitMix64 {
  private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;
  private long state;

  /** A generator with the given raw state (from {@link #state()} or a derived seed). */
  public SplitMix64(long state) {
    this.state = state;
  }

  /** The next 64 random bits. */
  public long nextLong() {
    state += GOLDEN_GAMMA;
    return Seeds.mix64(state);
  }

  /** A fresh random seeded from {@link #nextLong()}. */
  public SplittableRandom nextRandom() {
    return new SplittableRandom(nextLong());
  }

  /** A uniform integer in {@code [0, bound)}. */
  public int nextInt(int bound) {
    if (bound < 1) {
      throw new IllegalArgumentException("Invalid bound: " + bound);
    }
    return (int) Math.floorMod(nextLong(), (long) bound);
  }

  /** The raw state: {@code new SplitMix64(state())} continues with the same numbers. */
  public long state() {
    return state;
  }
}
