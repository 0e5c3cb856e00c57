package org.tnas.pipelines.datasets;

import java.io.Serial;
import java.io.Serializable;
import java.util.Objects;
import org.tnas.formats.samples.SkippedInput;

/**
 * A candidate input that cannot be used, with the reason. Immutable and serialisable.
 *
 * @param uri the file or folder (fully qualified Hadoop path string)
 * @param code why, as a category
 * @param reason the full message ({@code "Invalid ...: ..."} / {@code "Cannot ...: ..."}), naming
 *     the offending file, value and what was expected
 */
public record Rejected(String uri, DatasetErrorCode code, String reason) implements Serializable {
  @Serial private static final long serialVersionUID = 1L;

  public Rejected {
    Objects.requireNonNull(uri, "uri is null");
    Objects.requireNonNull(code, "code is null");
    Objects.requireNonNull(reason, "reason is null");
  }

  /** The same entry as a job report's {@link SkippedInput} (error code = {@code code().name()}). */
  public SkippedInput toSkippedInput() {
    return new SkippedInput(uri, code.name(), reason);
  }
}
