package org.tnas.formats.samples;

import java.io.Serial;
import java.io.Serializable;
import java.util.Objects;

/**
 * An input that was not converted, with the reason. Every input of a job is either converted or
 * listed as skipped.
 *
 * @param uri the input
 * @param errorCode the error code name (e.g. {@code TRUNCATED_EVENT_FILE})
 * @param reason the full message (names the file, the offset and what was expected)
 */
public record SkippedInput(String uri, String errorCode, String reason) implements Serializable {
  @Serial private static final long serialVersionUID = 1L;

  public SkippedInput {
    Objects.requireNonNull(uri, "uri is null");
    Objects.requireNonNull(errorCode, "errorCode is null");
    Objects.requireNonNull(reason, "reason is null");
  }
}
