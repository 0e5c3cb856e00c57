package org.tnas.search.training;

import org.tnas.formats.errors.ErrorCode;
import org.tnas.formats.errors.ErrorType;

/** Error codes of the training engine, carried by {@link org.tnas.formats.errors.ProjectException}. */
public enum TrainingErrorCode implements ErrorCode {
  /** A training loss became NaN or infinite. */
  NON_FINITE_LOSS(ErrorType.USER_ERROR),
  /** A checkpoint belongs to another model or recipe. */
  INCOMPATIBLE_CHECKPOINT(ErrorType.USER_ERROR),
  /** A checkpoint's bytes are corrupt or truncated. */
  CORRUPT_CHECKPOINT(ErrorType.USER_ERROR),
  /** A checkpoint cannot be read on its file system. */
  CHECKPOINT_IO(ErrorType.EXTERNAL),
  /** The data does not fit the model. */
  DATA_MISMATCH(ErrorType.USER_ERROR),
  /** The DJL PyTorch engine cannot be loaded. */
  ENGINE_UNAVAILABLE(ErrorType.EXTERNAL);

  private final ErrorType type;

  TrainingErrorCode(ErrorType type) {
    this.type = type;
  }

  @Override
  public ErrorType type() {
    return type;
  }
}
