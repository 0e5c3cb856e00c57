package org.tnas.search.evaluation;

import java.io.Serializable;

/**
 * Creates {@link CandidateScorer}s on a worker. A factory is small and serialisable (paths, seeds,
 * sizes) so it can be shipped to Spark executors; the scorers it creates are heavy and are cached
 * per JVM by {@link ScorerPool} under {@link #cacheKey()}.
 */
public interface ScorerFactory extends Serializable {
  /**
   * A stable text naming everything that determines the scores (kind, checkpoint path, data,
   * settings): the cache key of {@link ScorerPool} and part of a run's configuration hash.
   */
  String identity();

  /**
   * The key under which {@link ScorerPool} caches this factory's scorers in a JVM: two factories
   * with the same key must create interchangeable scorers. Default: {@link #identity()}; a factory
   * that reads files should name their content (a digest) rather than their paths.
   */
  default String cacheKey() {
    return identity();
  }

  /** Creates a scorer (loads whatever it needs). */
  CandidateScorer create();

  /**
   * A relative estimate of the work of scoring {@code genome} (any unit; only ratios matter), used
   * to balance candidates over tasks. Never affects a score. Default: every candidate costs 1.
   */
  default double estimatedCost(String genome) {
    return 1;
  }
}
