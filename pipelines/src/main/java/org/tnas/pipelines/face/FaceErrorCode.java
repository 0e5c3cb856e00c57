package org.tnas.pipelines.face;

import org.tnas.formats.errors.ErrorCode;
import org.tnas.formats.errors.ErrorType;

/** Error codes of face standardisation. */
public enum FaceErrorCode implements ErrorCode {
  /** A model file (dlib shape predictor, OpenCV cascade) is missing: install libdlib-data / opencv-data. */
  MODEL_NOT_FOUND(ErrorType.USER_ERROR),
  /** A model file cannot be read: not dlib's serialisation of a shape predictor, or a broken cascade XML. */
  INVALID_MODEL(ErrorType.USER_ERROR),
  /** No face was found in any frame of a clip: it cannot be standardised (reported, never centre-cropped). */
  NO_FACE(ErrorType.USER_ERROR);

  private final ErrorType type;

  FaceErrorCode(ErrorType type) {
    this.type = type;
  }

  @Override
  public ErrorType type() {
    return type;
  }
}
