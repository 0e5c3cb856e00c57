package org.tnas.pipelines.pipeline;

import org.tnas.formats.errors.ErrorCode;
import org.tnas.formats.errors.ErrorType;

/** Error codes of {@code tnas pipeline}. */
public enum PipelineErrorCode implements ErrorCode {
  /** The shard set has no labelled sample. */
  UNLABELLED_DATA,
  /** The samples do not share one sensor size. */
  MIXED_SENSOR_SIZES,
  /** A given supernet checkpoint was trained for another search space. */
  SUPERNET_MISMATCH,
  /** The search found no valid candidate. */
  NO_VALID_CANDIDATE,
  /** A fold of a cross-fold run has no test sample, so it has no final model to aggregate. */
  NO_TEST_SPLIT;

  @Override
  public ErrorType type() {
    return ErrorType.USER_ERROR;
  }
}
