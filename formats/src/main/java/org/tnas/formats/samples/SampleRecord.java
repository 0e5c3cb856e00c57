package org.tnas.formats.samples;

import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The description of one labelled sample (one clip / one recording), stored next to its events in
 * a shard and in the manifest. Immutable and serialisable.
 *
 * @param sampleId unique id within a dataset, e.g. {@code ckplus/S005/001}
 * @param dataset dataset name, e.g. {@code CK+}, {@code SEE}, {@code synthetic}
 * @param subject subject id (empty if unknown)
 * @param labelIndex class index, 0-based; -1 if unlabelled
 * @param labelName class name (empty if unlabelled)
 * @param split split name ({@code train}, {@code validation}, {@code test}, or empty)
 * @param testFolds the fold indices (0-based) in whose test split this sample lies
 * @param sourcePath the input this sample came from
 * @param parameters the parameters that produced the events (format, emulator preset, seed...)
 */
public record SampleRecord(
    String sampleId,
    String dataset,
    String subject,
    int labelIndex,
    String labelName,
    String split,
    Set<Integer> testFolds,
    String sourcePath,
    Map<String, String> parameters)
    implements java.io.Serializable {

  public SampleRecord {
    Objects.requireNonNull(sampleId, "sampleId is null");
    Objects.requireNonNull(dataset, "dataset is null");
    Objects.requireNonNull(subject, "subject is null");
    Objects.requireNonNull(labelName, "labelName is null");
    Objects.requireNonNull(split, "split is null");
    Objects.requireNonNull(sourcePath, "sourcePath is null");
    if (sampleId.isEmpty()) {
      throw new IllegalArgumentException("Invalid sample id: empty");
    }
    if (labelIndex < -1) {
      throw new IllegalArgumentException("Invalid label index: " + labelIndex);
    }
    for (Integer fold : Objects.requireNonNull(testFolds, "testFolds is null")) {
      if (fold == null || fold < 0) {
        throw new IllegalArgumentException("Invalid fold: " + fold);
      }
    }
    // sorted, immutable copies so equal records serialise identically
    testFolds = java.util.Collections.unmodifiableSortedSet(new TreeSet<>(testFolds));
    parameters =
        java.util.Collections.unmodifiableSortedMap(
            new TreeMap<>(Objects.requireNonNull(parameters, "parameters is null")));
  }

  /** An unlabelled sample read from a file, with no dataset metadata. */
  public static SampleRecord unlabelled(String sampleId, String sourcePath, Map<String, String> parameters) {
    return new SampleRecord(sampleId, "", "", -1, "", "", Set.of(), sourcePath, parameters);
  }

  /** Whether the sample has a class label. */
  public boolean isLabelled() {
    return labelIndex >= 0;
  }

  /** A copy with another split. */
  public SampleRecord withSplit(String newSplit) {
    return new SampleRecord(
        sampleId, dataset, subject, labelIndex, labelName, newSplit, testFolds, sourcePath, parameters);
  }
}
