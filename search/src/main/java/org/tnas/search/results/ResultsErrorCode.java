package org.tnas.search.results;

import org.tnas.formats.errors.ErrorCode;
import org.tnas.formats.errors.ErrorType;

/** Error codes of result tables and run files. */
public enum ResultsErrorCode implements ErrorCode {
  /** A file cannot be read or written on its file system. */
  RESULTS_IO(ErrorType.EXTERNAL),
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
