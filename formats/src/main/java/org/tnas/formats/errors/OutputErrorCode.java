package org.tnas.formats.errors;

/** Error codes of jobs that write a dataset (import, convert, synthesize). */
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
