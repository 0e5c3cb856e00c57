package org.tnas.search.evaluation;

import org.tnas.search.space.Genome;
import org.tnas.search.space.SearchSpace;

/**
 * The per-candidate work of an evaluator: scores one genome. Implementations hold heavy state (a
 * supernet, validation data) and are created on each worker by a {@link ScorerFactory}; {@link
 * ScorerPool} gives every concurrently running task its own instance, so implementations need not
 * be thread-safe.
 *
 * <p>Failures are reported by exceptions and classified by {@link CandidateRunner}: a {@code
 * ProjectException} of type USER_ERROR (invalid genome, budget exceeded, NaN loss, shape or
 * mapping error) makes the candidate INVALID; INSUFFICIENT_RESOURCES / EXTERNAL types and {@code
 * OutOfMemoryError} are transient and retried; anything else is an internal error that stops the
 * run.
 */
public interface CandidateScorer extends AutoCloseable {
  /** The search space the genomes belong to. */
  SearchSpace space();

  /** Scores {@code genome} (already validated against {@link #space()}) for {@code spec}. */
  CandidateScore score(Genome genome, CandidateSpec spec);

  /** Frees the scorer's resources. */
  @Override
  void close();
}
