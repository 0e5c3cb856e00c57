package org.tnas.search.run;

import org.tnas.formats.errors.ErrorCode;
import org.tnas.formats.errors.ErrorType;

/** Error codes of the search driver (checkpoints and resume). */
public enum SearchRunErrorCode implements ErrorCode {
  /** A resume was asked with a configuration whose hash differs from the checkpoint's. */
  CONFIGURATION_CHANGED(ErrorType.USER_ERROR),
  /** The output already holds a run and resume was not asked. */
  OUTPUT_EXISTS(ErrorType.USER_ERROR),
  /** A run checkpoint cannot be decoded. */
  CORRUPT_RUN_CHECKPOINT(ErrorType.USER_ERROR),
  /** The final model's TTFS twin does not reproduce the ReLU predictions. */
  EQUIVALENCE_FAILED(ErrorType.INTERNAL_ERROR);

  private final ErrorType type;

  SearchRunErrorCode(ErrorType type) {
    this.type = type;
  }

  @Override
  public ErrorType type() {
    return type;
  }
}
