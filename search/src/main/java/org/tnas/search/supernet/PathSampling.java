package org.tnas.search.supernet;

/** How SPOS supernet training chooses the path of each optimiser step (SEARCH.md section 4). */
public enum PathSampling {
  /** Every step draws a legal genome uniformly and independently (Guo et al., SPOS). */
  UNIFORM,
  /**
   * Strict fairness (Chu et al., FairNAS): steps come in groups; within a group every choice of
   * every gene (depth, and each block's kernel, width and downsampling) is used equally often, in a
   * seeded random order per gene. See {@link FairPathSampler}.
   */
  FAIR;

  /** Parses {@code uniform} or {@code fair} (any case). */
  public static PathSampling parse(String value) {
    for (PathSampling sampling : values()) {
      if (sampling.name().equalsIgnoreCase(value.strip())) {
        return sampling;
      }
    }
    throw new IllegalArgumentException("Invalid path sampling: " + value + " (expected uniform or fair)");
  }

  /** The name as written in settings ({@code uniform}). */
  @Override
  public String toString() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
