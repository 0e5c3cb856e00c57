package org.tnas.search.evaluation;

import org.tnas.formats.errors.ErrorCode;
import org.tnas.formats.errors.ErrorType;

/** Error codes of candidate evaluation; the type decides retries (SEARCH.md section 2). */
public enum EvaluationErrorCode implements ErrorCode {
  /** The JVM ran out of (heap or native) memory while evaluating. Retried. */
  OUT_OF_MEMORY(ErrorType.INSUFFICIENT_RESOURCES),
  /** The executor or Spark job running the evaluation was lost. Retried. */
  EXECUTOR_LOST(ErrorType.EXTERNAL),
  /** A transient failure was retried the allowed number of times and still failed. Stops the run. */
  RETRIES_EXHAUSTED(ErrorType.EXTERNAL),
  /** A bug while evaluating a candidate. Stops the run. */
  INTERNAL_FAILURE(ErrorType.INTERNAL_ERROR);

  private final ErrorType type;

  EvaluationErrorCode(ErrorType type) {
    this.type = type;
  }

  @Override
  public ErrorType type() {
    return type;
  }
}
