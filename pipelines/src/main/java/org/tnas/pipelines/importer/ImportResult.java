package org.tnas.pipelines.importer;

import java.util.List;
import java.util.Objects;
import org.tnas.formats.samples.SkippedInput;

/**
 * What an import produced. Invariant: {@code inputs == converted + skipped.size()}.
 *
 * @param output the committed shard set directory
 * @param inputs number of input files
 * @param converted number of files converted into samples
 * @param skipped the files not converted, each with its reason
 * @param shards number of shard files
 * @param events number of events written
 * @param seconds wall time of the job
 */
public record ImportResult(String output, int inputs, long converted, List<SkippedInput> skipped, int shards, long events, double seconds) {
  public ImportResult {
    Objects.requireNonNull(output, "output is null");
    skipped = List.copyOf(skipped);
    if (inputs != converted + skipped.size()) {
      throw new IllegalStateException(
          "Cannot account for every input: " + inputs + " inputs, " + converted + " converted, " + skipped.size() + " skipped");
    }
  }
}
