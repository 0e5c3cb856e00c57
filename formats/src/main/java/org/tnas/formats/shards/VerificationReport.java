package org.tnas.formats.shards;

import java.util.List;
import java.util.Objects;

/**
 * The outcome of {@link ShardDataset#verify()}: how much was checked and every mismatch found, each
 * message starting with the shard file name. Immutable.
 *
 * @param shardsChecked number of shards listed by the manifest and examined
 * @param bytesChecked number of shard bytes hashed
 * @param problems one line per problem, e.g. {@code "part-w0-00001.arrow: Invalid SHA-256: ..."}
 */
public record VerificationReport(int shardsChecked, long bytesChecked, List<String> problems) {
  public VerificationReport {
    problems = List.copyOf(Objects.requireNonNull(problems, "problems is null"));
  }

  /** Whether no problem was found. */
  public boolean isValid() {
    return problems.isEmpty();
  }
}
