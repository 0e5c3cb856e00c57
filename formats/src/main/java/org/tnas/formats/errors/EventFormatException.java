package org.tnas.formats.errors;

import java.util.Objects;

/**
 * The one documented exception of every event reader: the input is truncated, corrupt, or not in
 * the format it claims. The message always names the source, the byte offset (or record index)
 * and what was expected, e.g. {@code "Invalid EVT3 word at byte 1042 of hdfs://nn/a.raw: type 0x9
 * is not defined, expected one of 0x0,0x2-0x8,0xA,0xE,0xF"}.
 */
public final class EventFormatException extends ProjectException {
  private static final long serialVersionUID = 1L;

  private final String source;
  private final long offset;

  /**
   * @param code what went wrong
   * @param source the file or URI being read
   * @param offset the byte offset (or record index for record-oriented formats; -1 if unknown)
   * @param problem what was found and what was expected, starting with "Invalid ..." or "Cannot ..."
   */
  public EventFormatException(EventErrorCode code, String source, long offset, String problem) {
    this(code, source, offset, problem, null);
  }

  public EventFormatException(
      EventErrorCode code, String source, long offset, String problem, Throwable cause) {
    super(code, format(source, offset, problem), cause);
    this.source = Objects.requireNonNull(source, "source is null");
    this.offset = offset;
  }

  private static String format(String source, long offset, String problem) {
    Objects.requireNonNull(problem, "problem is null");
    String where = offset >= 0 ? " (at byte " + offset + " of " + source + ")" : " (in " + source + ")";
    return problem + where;
  }

  /** The file or URI being read. */
  public String source() {
    return source;
  }

  /** The byte offset or record index where the problem was found, or -1. */
  public long offset() {
    return offset;
  }
}
