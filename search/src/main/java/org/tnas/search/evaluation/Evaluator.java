package org.tnas.search.evaluation;

import java.util.List;

/**
 * The one evaluator seam of the search (SEARCH.md section 2): evaluates the candidates of one
 * generation and returns one final result per candidate, ordered by candidate id, so the order in
 * which workers finish never changes the outcome. Implementations: {@link InProcessEvaluator}
 * (threads) and {@code org.tnas.search.spark.SparkEvaluator}.
 *
 * <p>Contract: transient failures (INSUFFICIENT_RESOURCES, EXTERNAL) are retried up to the
 * evaluator's attempt limit; INVALID results are returned as they are (never retried). A candidate
 * that fails with an internal error, or still fails transiently after the last attempt, makes
 * {@link #evaluate} throw a {@code ProjectException} ({@link EvaluationErrorCode#INTERNAL_FAILURE}
 * / {@link EvaluationErrorCode#RETRIES_EXHAUSTED}) whose message names the candidate: the run stops.
 */
public interface Evaluator extends AutoCloseable {
  /** Evaluates every spec (first attempts) and returns the final results in candidate order. */
  List<EvaluationResult> evaluate(List<CandidateSpec> specs);

  /** The identity of the scores (the scorer factory's identity), hashed into run configurations. */
  String scorerIdentity();

  /** Releases the evaluator's threads (not the per-JVM scorer cache). */
  @Override
  void close();
}
