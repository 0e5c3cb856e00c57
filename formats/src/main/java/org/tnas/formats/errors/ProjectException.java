package org.tnas.formats.errors;

import java.util.Objects;

/**
 * The one unchecked exception type of this project. It carries an {@link ErrorCode} (and so an
 * {@link ErrorType}) so that callers can decide what to do without parsing messages. Messages
 * follow the vocabulary {@code "Invalid <thing>: <value>"} / {@code "Cannot <action>: <reason>"}.
 */
public class ProjectException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final ErrorCode code;

  public ProjectException(ErrorCode code, String message) {
    super(message);
    this.code = Objects.requireNonNull(code, "code is null");
  }

  public ProjectException(ErrorCode code, String message, Throwable cause) {
    super(message, cause);
    this.code = Objects.requireNonNull(code, "code is null");
  }

  /** The domain error code. */
  public ErrorCode code() {
    return code;
  }

  /** The error category, which decides retries. */
  public ErrorType type() {
    return code.type();
  }
}
