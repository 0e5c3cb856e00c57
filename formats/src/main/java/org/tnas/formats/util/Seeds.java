package org.tnas.formats.util;

/**
 * Deterministic seed derivation. Every random choice in the project draws from a seed derived here
 * from explicit identities (run seed, sample id, epoch, augmentation index, generation, candidate
 * index...), never from global state, so that the same run seed gives the same result locally and
 * on a cluster, whatever the task order.
 */
public final class Seeds {
  private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;

  private Seeds() {}

  /** The SplitMix64 finaliser: a bijective, well-mixing function of 64 bits. */
  public static long mix64(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /** Derives a seed from a base seed and any number of identity components, order-sensitive. */
  public static long derive(long seed, long... components) {
    long state = mix64(seed + GOLDEN_GAMMA);
    for (long component : components) {
      state = mix64(state + GOLDEN_GAMMA + mix64(component));
    }
    return state;
  }

  /** Derives a seed from a base seed and a string identity (e.g. a sample id), then components. */
  public static long derive(long seed, String identity, long... components) {
    return derive(derive(seed, stableHash(identity)), components);
  }

  /** A 64-bit FNV-1a hash of the UTF-8 bytes of {@code text}; stable across JVMs and platforms. */
  public static long stableHash(String text) {
    long hash = 0xCBF29CE484222325L;
    for (byte b : text.getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
      hash ^= b & 0xFF;
      hash *= 0x100000001B3L;
    }
    return hash;
  }

  /** A {@link java.util.SplittableRandom} seeded from the derived seed. */
  public static java.util.SplittableRandom random(long seed, long... components) {
    return new java.util.SplittableRandom(derive(seed, components));
  }
}
