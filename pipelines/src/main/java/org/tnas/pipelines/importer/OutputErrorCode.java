package org.tnas.pipelines.importer;

import org.tnas.formats.errors.ErrorCode;
import org.tnas.formats.errors.ErrorType;

/** Error codes of jobs that write a dataset. */
public enum OutputErrorCode implements ErrorCode {
  /** The output exists and overwriting was not asked for. */
  OUTPUT_EXISTS,
  /** Two inputs would become the same sample. */
  DUPLICATE_SAMPLE_ID;

  @Override
  public ErrorType type() {
    return ErrorType.USER_ERROR;
  }
}
