package org.tnas.pipelines.datasets;

import java.io.IOException;
import java.io.InputStream;
import java.io.Serial;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.tnas.formats.errors.ProjectException;
import org.tnas.formats.samples.SampleRecord;

/**
 * The Spiking-FER benchmark's {@code folds.csv}: semicolon-separated, no header, one row per
 * sequence: {@code subject;sequence;label;f1;...;f10} with the label 1..6 in the order happy, fear,
 * surprise, anger, disgust, sadness ({@link DatasetAdapters#SPIKING_FER_CLASSES}, index = label -
 * 1) and ten 0/1 flags, flag i = 1 meaning the sequence is in the TEST split of fold i (0-based
 * here: fold {@code i - 1}); the train split of a fold is every other row. Files of other datasets
 * in the same form may use any label 1..n (label - 1 indexes the dataset's class list, e.g. the
 * generic layout's) and any number of fold flags (the same on every row).
 *
 * <p>Facts of the four published files (tested in FoldsTest): the ten folds are not a partition —
 * each is its own test split of about a fifth of the rows, and a row lies in 0 to 6 test splits
 * (CK+: 39 rows in none, one row in six). Immutable and serialisable (the rows only).
 */
public final class Folds implements Serializable {
  @Serial private static final long serialVersionUID = 1L;

  /** Number of folds. */
  public static final int FOLD_COUNT = 10;

  private final String source;
  private final List<Row> rows;
  private final Map<String, Row> byKey;

  /**
   * One row.
   *
   * @param subject e.g. {@code S005}
   * @param sequence e.g. {@code 001} (digits are written with at least 3 digits)
   * @param labelIndex 0..5 (the file's label minus 1)
   * @param testFolds the 0-based folds in whose test split the row lies, sorted
   * @param line the 1-based line number in the file
   */
  public record Row(String subject, String sequence, int labelIndex, Set<Integer> testFolds, int line)
      implements Serializable {
    @Serial private static final long serialVersionUID = 1L;

    public Row {
      Objects.requireNonNull(subject, "subject is null");
      Objects.requireNonNull(sequence, "sequence is null");
      if (labelIndex < 0) {
        throw new IllegalArgumentException("Invalid label index: " + labelIndex);
      }
      for (int fold : testFolds) {
        if (fold < 0) {
          throw new IllegalArgumentException("Invalid fold: " + fold);
        }
      }
      testFolds = Collections.unmodifiableSortedSet(new TreeSet<>(testFolds));
    }

    /** The join key {@code <subject>/<sequence>}, e.g. {@code S005/001}. */
    public String key() {
      return subject + "/" + sequence;
    }

    /** The Spiking-FER class name of the label (labels 1..6), else {@code class-<label>}. */
    public String labelName() {
      return labelName(DatasetAdapters.SPIKING_FER_CLASSES);
    }

    /** The name of the label in {@code classes} (index = label - 1), else {@code class-<label>}. */
    public String labelName(List<String> classes) {
      return labelIndex < classes.size() ? classes.get(labelIndex) : "class-" + (labelIndex + 1);
    }
  }

  /**
   * A scan joined with the folds: {@code clips} have a row with the same label; {@code rejected}
   * holds the scan's rejected inputs plus clips without a row ({@link DatasetErrorCode#MISSING_FOLD})
   * and clips whose label differs from the row's ({@link DatasetErrorCode#INVALID_LABEL}), so {@code
   * clips.size() + rejected.size() == scan.candidateCount()}; {@code rowsWithoutClip} are the rows
   * no usable clip matched (e.g. sequences missing from the user's copy or rejected by the
   * adapter), in file order.
   */
  public record Join(List<ClipSpec> clips, List<Rejected> rejected, List<Row> rowsWithoutClip) implements Serializable {
    @Serial private static final long serialVersionUID = 1L;

    public Join {
      clips = List.copyOf(clips);
      rejected = List.copyOf(rejected);
      rowsWithoutClip = List.copyOf(rowsWithoutClip);
    }
  }

  /** The train and test lists of one fold. */
  public record Split<T>(int fold, List<T> train, List<T> test) {
    public Split {
      train = List.copyOf(train);
      test = List.copyOf(test);
    }
  }

  private Folds(String source, List<Row> rows) {
    this.source = source;
    this.rows = List.copyOf(rows);
    Map<String, Row> keys = new LinkedHashMap<>();
    for (Row row : rows) {
      Row prior = keys.put(row.key(), row);
      if (prior != null) {
        throw invalid(source, row.line(), "sequence " + row.key() + " is listed twice (first on line " + prior.line() + ")");
      }
    }
    this.byKey = Collections.unmodifiableMap(keys);
  }

  /**
   * Reads a folds file through its Hadoop file system.
   *
   * @throws ProjectException INVALID_FOLDS naming the file, the line and what was expected
   * @throws UncheckedIOException if the file cannot be read
   */
  public static Folds read(Path file, Configuration conf) {
    Objects.requireNonNull(file, "file is null");
    Objects.requireNonNull(conf, "conf is null");
    try (InputStream in = file.getFileSystem(conf).open(file)) {
      return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), file.toString());
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read folds file " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * Parses the text of a folds file; {@code source} names it in messages. Blank lines are skipped;
   * a leading UTF-8 byte order mark and CRLF line ends are accepted.
   *
   * @throws ProjectException INVALID_FOLDS naming the source, the line and what was expected
   */
  public static Folds parse(String text, String source) {
    Objects.requireNonNull(text, "text is null");
    Objects.requireNonNull(source, "source is null");
    if (text.startsWith("\uFEFF")) {
      text = text.substring(1);
    }
    List<Row> rows = new ArrayList<>();
    List<String> lines = text.lines().toList();
    int flags = -1;
    for (int i = 0; i < lines.size(); i++) {
      if (!lines.get(i).isBlank()) {
        String line = lines.get(i).strip();
        int fields = line.split(";", -1).length;
        if (flags < 0) {
          flags = fields - 3;
          if (flags < 1) {
            throw invalid(source, i + 1, "expected subject;sequence;label and at least one fold flag (" + FOLD_COUNT
                + " in Spiking-FER's files), found " + fields + " fields");
          }
        }
        rows.add(parseRow(line, source, i + 1, flags));
      }
    }
    return new Folds(source, rows);
  }

  private static Row parseRow(String line, String source, int number, int flags) {
    String[] fields = line.split(";", -1);
    if (fields.length != 3 + flags) {
      throw invalid(source, number, "expected " + (3 + flags) + " fields (subject;sequence;label;" + flags
          + " fold flags, as the first row), found " + fields.length);
    }
    String subject = fields[0].strip();
    if (subject.isEmpty()) {
      throw invalid(source, number, "empty subject");
    }
    String sequence = normaliseSequence(fields[1].strip());
    if (sequence.isEmpty()) {
      throw invalid(source, number, "empty sequence");
    }
    int label;
    try {
      label = Integer.parseInt(fields[2].strip());
    } catch (NumberFormatException e) {
      throw invalid(source, number, "label '" + fields[2] + "' is not a whole number from 1");
    }
    if (label < 1) {
      throw invalid(source, number, "label " + label + " is not 1 or more");
    }
    Set<Integer> folds = new TreeSet<>();
    for (int i = 0; i < flags; i++) {
      String flag = fields[3 + i].strip();
      if (flag.equals("1")) {
        folds.add(i);
      } else if (!flag.equals("0")) {
        throw invalid(source, number, "fold flag " + (i + 1) + " is '" + flag + "', expected 0 or 1");
      }
    }
    return new Row(subject, sequence, label - 1, folds, number);
  }

  /** A sequence written with digits only gets at least 3 digits ({@code 1 -> 001}). */
  static String normaliseSequence(String sequence) {
    if (!sequence.isEmpty() && sequence.chars().allMatch(c -> c >= '0' && c <= '9') && sequence.length() < 3) {
      return String.format(Locale.ROOT, "%03d", Integer.parseInt(sequence));
    }
    return sequence;
  }

  private static ProjectException invalid(String source, int line, String what) {
    return new ProjectException(DatasetErrorCode.INVALID_FOLDS, "Invalid folds file " + source + " line " + line + ": " + what);
  }

  /** The file (or name) the rows came from. */
  public String source() {
    return source;
  }

  /** The rows in file order. */
  public List<Row> rows() {
    return rows;
  }

  /** The row of {@code <subject>/<sequence>}, or null. */
  public Row row(String key) {
    return byKey.get(Objects.requireNonNull(key, "key is null"));
  }

  /** The row of a clip (matched by its subject and sequence, else by its clip id), or null. */
  public Row row(ClipSpec clip) {
    Objects.requireNonNull(clip, "clip is null");
    if (!clip.subject().isEmpty() && !clip.sequence().isEmpty()) {
      return byKey.get(clip.subject() + "/" + normaliseSequence(clip.sequence()));
    }
    return byKey.get(clip.clipId());
  }

  /**
   * The 0-based folds in whose test split a clip lies.
   *
   * @throws IllegalArgumentException if the folds have no row for the clip
   */
  public Set<Integer> testFolds(ClipSpec clip) {
    Row row = row(clip);
    if (row == null) {
      throw new IllegalArgumentException("Cannot place " + clip.clipId() + " in a fold: " + source + " has no row for it");
    }
    return row.testFolds();
  }

  /**
   * Joins a scan with the folds; see {@link Join}. A clip without a row is rejected with {@code
   * "Cannot place <id> in a fold: <file> has no row for it"}; a clip whose label differs with {@code
   * "Invalid label of <id>: <clip label> in the dataset, <row label> in <file> line <n>"}.
   */
  public Join join(Scan scan) {
    Objects.requireNonNull(scan, "scan is null");
    List<ClipSpec> clips = new ArrayList<>();
    List<Rejected> rejected = new ArrayList<>(scan.rejected());
    Set<String> matched = new HashSet<>();
    for (ClipSpec clip : scan.clips()) {
      Row row = row(clip);
      if (row == null) {
        rejected.add(new Rejected(clip.location(), DatasetErrorCode.MISSING_FOLD,
            "Cannot place " + clip.clipId() + " in a fold: " + source + " has no row for it"));
      } else if (!row.labelName(scan.classNames()).equals(clip.labelName())) {
        rejected.add(new Rejected(clip.location(), DatasetErrorCode.INVALID_LABEL, "Invalid label of " + clip.clipId()
            + ": " + clip.labelName() + " in the dataset, " + row.labelName(scan.classNames()) + " in " + source
            + " line " + row.line()));
      } else {
        clips.add(clip);
        matched.add(row.key());
      }
    }
    List<Row> unmatched = new ArrayList<>();
    for (Row row : rows) {
      if (!matched.contains(row.key())) {
        unmatched.add(row);
      }
    }
    return new Join(clips, rejected, unmatched);
  }

  /**
   * Fold {@code fold}'s train and test clips: test = clips whose row has the fold's flag set, train
   * = the others, both in input order.
   *
   * @throws IllegalArgumentException for a fold outside 0..9 or a clip without a row
   */
  public Split<ClipSpec> split(List<ClipSpec> clips, int fold) {
    checkFold(fold);
    List<ClipSpec> train = new ArrayList<>();
    List<ClipSpec> test = new ArrayList<>();
    for (ClipSpec clip : clips) {
      (testFolds(clip).contains(fold) ? test : train).add(clip);
    }
    return new Split<>(fold, train, test);
  }

  /**
   * Fold {@code fold}'s train and test records by {@link SampleRecord#testFolds()} (no folds file
   * needed once the records carry their folds), both in input order.
   *
   * @throws IllegalArgumentException for a fold outside 0..9
   */
  public static Split<SampleRecord> splitRecords(List<SampleRecord> records, int fold) {
    checkFold(fold);
    List<SampleRecord> train = new ArrayList<>();
    List<SampleRecord> test = new ArrayList<>();
    for (SampleRecord record : records) {
      (record.testFolds().contains(fold) ? test : train).add(record);
    }
    return new Split<>(fold, train, test);
  }

  private static void checkFold(int fold) {
    if (fold < 0 || fold >= FOLD_COUNT) {
      throw new IllegalArgumentException("Invalid fold: " + fold + " (expected 0.." + (FOLD_COUNT - 1) + ")");
    }
  }

  @Override
  public String toString() {
    return "Folds[" + source + ", " + rows.size() + " rows]";
  }
}
