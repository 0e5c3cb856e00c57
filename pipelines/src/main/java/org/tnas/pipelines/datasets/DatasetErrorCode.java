package org.tnas.pipelines.datasets;

import org.tnas.formats.errors.ErrorCode;
import org.tnas.formats.errors.ErrorType;

/** Error codes of the dataset layouts; all are about the input. */
public enum DatasetErrorCode implements ErrorCode {
  INVALID_FOLDS,
  MISSING_LABEL,
  INVALID_LABEL,
  EMPTY_SEQUENCE;

  @Override
  public ErrorType type() {
    return ErrorType.USER_ERROR;
  }
}
