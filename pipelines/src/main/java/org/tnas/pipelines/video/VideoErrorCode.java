package org.tnas.pipelines.video;

import org.tnas.formats.errors.ErrorCode;
import org.tnas.formats.errors.ErrorType;

/** Error codes of video decoding; all are about the input, so none is retried. */
public enum VideoErrorCode implements ErrorCode {
  /** The container or stream cannot be decoded (corrupt, truncated, not a video). */
  CORRUPT_VIDEO,
  /** The container opens but FFmpeg has no decoder for its video codec. */
  UNSUPPORTED_CODEC,
  /** The video holds no frame. */
  EMPTY_VIDEO,
  /** A frame has another size than the first one. */
  FRAME_SIZE_MISMATCH;

  @Override
  public ErrorType type() {
    return ErrorType.USER_ERROR;
  }
}
