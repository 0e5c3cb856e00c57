package org.tnas.search.supernet;

import org.tnas.formats.errors.ErrorCode;
import org.tnas.formats.errors.ErrorType;

/**
 * Error codes of the DJL supernet (training, checkpoints). Carried by {@link
 * org.tnas.formats.errors.ProjectException}. A {@link #NON_FINITE_LOSS} marks the candidate or run as
 * invalid (worst fitness, never retried, SEARCH.md section 2).
 */
public enum SupernetErrorCode implements ErrorCode {
  /** A training or validation loss became NaN or infinite. */
  NON_FINITE_LOSS(ErrorType.USER_ERROR),
  /** A checkpoint belongs to another search space or supernet layout. */
  INCOMPATIBLE_CHECKPOINT(ErrorType.USER_ERROR),
  /** A checkpoint's bytes are corrupt or truncated. */
  CORRUPT_CHECKPOINT(ErrorType.USER_ERROR),
  /** A checkpoint cannot be read or written on its file system. */
  CHECKPOINT_IO(ErrorType.EXTERNAL);

  private final ErrorType type;

  SupernetErrorCode(ErrorType type) {
    this.type = type;
  }

  @Override
  public ErrorType type() {
    return type;
  }
}
