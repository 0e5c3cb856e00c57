package org.tnas.formats.errors;

/** Error codes of the event layer (readers, writers, shards). */
public enum EventErrorCode implements ErrorCode {
  /** The bytes do not follow the declared format (bad magic, bad field, bad checksum). */
  CORRUPT_EVENT_FILE(ErrorType.USER_ERROR),
  /** The file ends before a record or header is complete. */
  TRUNCATED_EVENT_FILE(ErrorType.USER_ERROR),
  /** The format could not be recognised or is not supported. */
  UNSUPPORTED_EVENT_FORMAT(ErrorType.USER_ERROR),
  /** An event violates the canonical schema (coordinates outside the sensor, negative time...). */
  INVALID_EVENT(ErrorType.USER_ERROR),
  /** A shard or manifest is corrupt or inconsistent (checksum, counts, schema version). */
  CORRUPT_SHARD(ErrorType.USER_ERROR),
  /** A requested sample does not exist. */
  SAMPLE_NOT_FOUND(ErrorType.USER_ERROR),
  /** An input file or directory does not exist. */
  INPUT_NOT_FOUND(ErrorType.USER_ERROR),
  /** An I/O failure of the underlying file system. */
  IO_FAILURE(ErrorType.EXTERNAL);

  private final ErrorType type;

  EventErrorCode(ErrorType type) {
    this.type = type;
  }

  @Override
  public ErrorType type() {
    return type;
  }
}
