package org.tnas.formats.errors;

/** A domain-specific error code; each domain has an enum implementing it. */
public interface ErrorCode {
  /** The stable name of the code, e.g. {@code CORRUPT_EVENT_FILE}. */
  String name();

  /** The category that decides retries. */
  ErrorType type();
}
