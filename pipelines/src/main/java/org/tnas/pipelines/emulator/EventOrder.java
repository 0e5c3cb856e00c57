package org.tnas.pipelines.emulator;

/**
 * The order of the events that share one timestamp inside a frame (v2e emits all k-th events of
 * every pixel with the same timestamp).
 */
public enum EventOrder {
  /**
   * Randomly permuted inside each timestamp, like v2e's {@code randperm}; the permutation is drawn
   * from the emulator's seed, so it is reproducible (but not v2e's torch permutation).
   */
  SHUFFLED,
  /** Row-major (y, then x), ON events before OFF events: v2e's order before its shuffle. */
  ROW_MAJOR
}
