package org.tnas.formats.errors;

/**
 * Broad category of a failure. Callers decide from it whether to retry: {@link #USER_ERROR} and
 * {@link #INTERNAL_ERROR} are never retried, {@link #INSUFFICIENT_RESOURCES} and {@link #EXTERNAL}
 * may be retried a bounded number of times.
 */
public enum ErrorType {
  /** Bad input or configuration supplied by the user: a corrupt file, an unknown key. */
  USER_ERROR,
  /** A bug in this project. */
  INTERNAL_ERROR,
  /** Out of memory, disk or executors. */
  INSUFFICIENT_RESOURCES,
  /** A failure of something outside the project: a file system, a lost executor. */
  EXTERNAL
}
