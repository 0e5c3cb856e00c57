package org.tnas.formats.config;

import org.tnas.formats.errors.ErrorCode;
import org.tnas.formats.errors.ErrorType;

/** Error codes of configuration handling; all are user errors. */
public enum ConfigErrorCode implements ErrorCode {
  UNKNOWN_CONFIG_KEY,
  INVALID_CONFIG,
  MISSING_CONFIG;

  @Override
  public ErrorType type() {
    return ErrorType.USER_ERROR;
  }
}
