package org.tnas.search.evaluation;

/** Outcome class of one evaluation (SEARCH.md section 2). */
public enum EvaluationStatus {
  /** Scored. */
  OK,
  /** The network is invalid (budget, NaN loss, shape or mapping error): worst fitness, never retried. */
  INVALID,
  /** Evaluation failed (lost executor, out of memory, internal error); see the error type. */
  FAILED
}
