package org.tnas.search.results;

import org.tnas.formats.errors.ErrorCode;
import org.tnas.formats.errors.ErrorType;

/**
 * Error codes of result tables and run files (file-system failures are {@code IO_FAILURE} of
 * {@link org.tnas.formats.fs.HadoopFiles}).
 */
public enum ResultsErrorCode implements ErrorCode {
  /** A results table is not in the expected layout. */
  CORRUPT_RESULTS(ErrorType.USER_ERROR);

  private final ErrorType type;

  ResultsErrorCode(ErrorType type) {
    this.type = type;
  }

  @Override
  public ErrorType type() {
    return type;
  }
}
