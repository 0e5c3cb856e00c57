package org.tnas.pipelines.datasets;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.tnas.formats.errors.ProjectException;

/**
 * The Spiking-FER benchmark's {@code folds.csv}: semicolon-separated, no header, {@code subject;
 * sequence; label (1..6); ten 0/1 flags}, flag i = 1 meaning the sequence is in the TEST split of
 * fold i (0-based here). A sequence may be in several folds' test splits or in none (true of the
 * published files).
 */
public final class SpikingFerFolds {
  /** Spiking-FER's class order: label 1..6 of folds.csv is index 0..5 here. */
  public static final List<String> CLASSES = List.of("happy", "fear", "surprise", "anger", "disgust", "sadness");
  /** Number of folds. */
  public static final int FOLDS = 10;

  private SpikingFerFolds() {}

  /** One row: the label index (0..5) and the folds in whose test split the sequence lies. */
  public record Row(String subject, String sequence, int labelIndex, Set<Integer> testFolds) {
    public Row {
      testFolds = java.util.Collections.unmodifiableSortedSet(new TreeSet<>(testFolds));
    }

    /** The key {@code <subject>/<sequence>}, e.g. {@code S005/001}. */
    public String key() {
      return subject + "/" + sequence;
    }
  }

  /**
   * Reads a folds file.
   *
   * @throws ProjectException INVALID_FOLDS naming the file, the line and what was expected
   */
  public static Map<String, Row> read(Path file, Configuration conf) {
    Map<String, Row> rows = new LinkedHashMap<>();
    try (BufferedReader reader = new BufferedReader(new InputStreamReader(file.getFileSystem(conf).open(file),
        StandardCharsets.UTF_8))) {
      String line;
      int number = 0;
      while ((line = reader.readLine()) != null) {
        number++;
        if (line.isBlank()) {
          continue;
        }
        Row row = parse(line.trim(), file, number);
        if (rows.put(row.key(), row) != null) {
          throw invalid(file, number, "sequence " + row.key() + " is listed twice");
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read folds file " + file + ": " + e.getMessage(), e);
    }
    return rows;
  }

  static Row parse(String line, Path file, int number) {
    String[] fields = line.split(";", -1);
    if (fields.length != 3 + FOLDS) {
      throw invalid(file, number, "expected 13 fields (subject;sequence;label;10 fold flags), found " + fields.length);
    }
    int label;
    try {
      label = Integer.parseInt(fields[2].trim());
    } catch (NumberFormatException e) {
      throw invalid(file, number, "label '" + fields[2] + "' is not a number 1..6");
    }
    if (label < 1 || label > CLASSES.size()) {
      throw invalid(file, number, "label " + label + " is not in 1..6");
    }
    TreeSet<Integer> folds = new TreeSet<>();
    for (int i = 0; i < FOLDS; i++) {
      String flag = fields[3 + i].trim();
      if (flag.equals("1")) {
        folds.add(i);
      } else if (!flag.equals("0")) {
        throw invalid(file, number, "fold flag " + (i + 1) + " is '" + flag + "', expected 0 or 1");
      }
    }
    return new Row(fields[0].trim(), fields[1].trim(), label - 1, folds);
  }

  private static ProjectException invalid(Path file, int line, String what) {
    return new ProjectException(DatasetErrorCode.INVALID_FOLDS, "Invalid folds file " + file + " line " + line + ": " + what);
  }
}
