package org.tnas.pipelines.datasets;

import org.tnas.formats.errors.ErrorCode;
import org.tnas.formats.errors.ErrorType;

/**
 * Error codes of the dataset adapters and the folds file. All are about the user's input
 * ({@link ErrorType#USER_ERROR}): a per-clip problem becomes a {@link Rejected} entry with one of
 * these codes; a problem with the whole input (wrong root, unreadable folds file, unknown dataset
 * name or option) is thrown as a {@link org.tnas.formats.errors.ProjectException}.
 */
public enum DatasetErrorCode implements ErrorCode {
  /** The folds file is malformed (names the file, the line and what was expected). */
  INVALID_FOLDS,
  /** A clip has no label file or no label entry. */
  MISSING_LABEL,
  /** A label exists but is malformed, unknown or outside the dataset's classes. */
  INVALID_LABEL,
  /** A sequence folder holds no frame image. */
  EMPTY_SEQUENCE,
  /** A file or folder that is not an input of this layout (a stray file, a non-video...). */
  UNSUPPORTED_INPUT,
  /** A clip's metadata file (MMI session XML) is missing. */
  MISSING_METADATA,
  /** A metadata file (XML, JSON, CSV manifest) cannot be parsed. */
  INVALID_METADATA,
  /** Metadata names frames or a video that do not exist. */
  MISSING_SOURCE,
  /** A name does not follow the layout's naming scheme (no subject, bad SEE sequence name). */
  INVALID_NAME,
  /**
   * A path written in the dataset's metadata (a manifest entry), or a relative path of a setting,
   * points outside the dataset root ({@code ..} or an absolute path elsewhere).
   */
  OUTSIDE_ROOT,
  /** Two inputs map to the same clip id; the later one is rejected. */
  DUPLICATE_CLIP,
  /** A clip has no row in the folds file. */
  MISSING_FOLD,
  /** The dataset root does not have the layout's expected top-level folders or files. */
  INVALID_ROOT,
  /** Unknown dataset name or dataset option. */
  INVALID_DATASET;

  @Override
  public ErrorType type() {
    return ErrorType.USER_ERROR;
  }
}
