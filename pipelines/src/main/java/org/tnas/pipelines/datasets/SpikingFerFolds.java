package org.tnas.pipelines.datasets;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.tnas.formats.errors.ProjectException;

/**
 * The first folds.csv reader, kept as a thin view of {@link Folds} for {@code ConvertJob} until it
 * moves to {@link DatasetAdapters} and {@link Folds#join}; new code should use {@link Folds}.
 */
public final class SpikingFerFolds {
  /** Spiking-FER's class order: label 1..6 of folds.csv is index 0..5 here. */
  public static final List<String> CLASSES = DatasetAdapters.SPIKING_FER_CLASSES;
  /** Number of folds. */
  public static final int FOLDS = Folds.FOLD_COUNT;

  private SpikingFerFolds() {}

  /** One row: the label index (0..5) and the folds in whose test split the sequence lies. */
  public record Row(String subject, String sequence, int labelIndex, Set<Integer> testFolds) {
    public Row {
      testFolds = java.util.Collections.unmodifiableSortedSet(new java.util.TreeSet<>(testFolds));
    }

    /** The key {@code <subject>/<sequence>}, e.g. {@code S005/001}. */
    public String key() {
      return subject + "/" + sequence;
    }
  }

  /**
   * Reads a folds file: rows by key, in file order.
   *
   * @throws ProjectException INVALID_FOLDS naming the file, the line and what was expected
   */
  public static Map<String, Row> read(Path file, Configuration conf) {
    Map<String, Row> rows = new LinkedHashMap<>();
    for (Folds.Row row : Folds.read(file, conf).rows()) {
      rows.put(row.key(), new Row(row.subject(), row.sequence(), row.labelIndex(), row.testFolds()));
    }
    return rows;
  }
}
