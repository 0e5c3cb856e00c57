package org.tnas.pipelines.importer;

import java.io.Serial;
import java.io.Serializable;
import java.util.Objects;

/**
 * One input file of an import, as shipped to an executor.
 *
 * @param uri fully qualified URI of the file
 * @param bytes its length
 * @param sampleId the sample id it will get: its path relative to the input root, without extension
 */
public record InputFile(String uri, long bytes, String sampleId) implements Serializable {
  @Serial private static final long serialVersionUID = 1L;

  public InputFile {
    Objects.requireNonNull(uri, "uri is null");
    Objects.requireNonNull(sampleId, "sampleId is null");
    if (bytes < 0) {
      throw new IllegalArgumentException("Invalid file length: " + bytes);
    }
  }
}
