package org.tnas.pipelines.datasets;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.tnas.formats.errors.ProjectException;

/**
 * ADFES: one video per subject and expression anywhere under the root, named with the subject code
 * and the expression word, e.g. {@code F01-Anger-Face Forward.mpeg}. The name is split into words
 * at every character that is not a letter or digit; the subject is the first word of the form
 * {@code F<digits>} or {@code M<digits>}; the expression is the one known expression word among
 * anger, contempt, disgust, embarrass(ment), fear, joy, neutral, pride, sadness, surprise (with
 * the variants angry, disgusted, happy, sad, surprised...). The 6 basic expressions are kept
 * (joy = happy); contempt, embarrassment, neutral and pride are rejected.
 *
 * <p>Ids: the sequence number is the benchmark's (ADFESDVS folds: 001 anger, 002 disgust, 003
 * fear, 004 joy/happy, 005 sadness, 006 surprise, true of all 131 published rows). The published
 * folds number the 22 subjects {@code S001..S022}; how ADFES codes map to those numbers is not
 * published, so the subject is the code from the name ({@code F01/001}) unless the option {@value
 * #SUBJECT_MAP_OPTION} names a CSV file of {@code adfes_subject,benchmark_subject} lines (e.g.
 * {@code F01,S001}), in which case the mapped subject is used and a video whose subject is not in
 * the map is rejected.
 *
 * <p>Candidates: every visible file under the root, recursively (folders only group files),
 * except the subject map file itself.
 * Immutable and thread-safe.
 */
public final class AdfesAdapter implements DatasetAdapter {
  /** Registry name. */
  public static final String NAME = "adfes";
  /** The option naming the subject map CSV file (absolute, or relative to the root). */
  public static final String SUBJECT_MAP_OPTION = "subject-map";
  /** The 6 basic expressions (Spiking-FER class names) in the benchmark's sequence-number order. */
  public static final List<String> SEQUENCE_ORDER = List.of("anger", "disgust", "fear", "happy", "sadness", "surprise");
  private static final Pattern SUBJECT = Pattern.compile("[FfMm][0-9]+");
  private static final Pattern WORD_SPLIT = Pattern.compile("[^A-Za-z0-9]+");

  private final String subjectMap;

  /** Subjects as named in the files. */
  public AdfesAdapter() {
    this("");
  }

  /** @param subjectMap the subject map CSV (absolute, or relative to the scanned root); empty for none */
  public AdfesAdapter(String subjectMap) {
    this.subjectMap = Objects.requireNonNull(subjectMap, "subjectMap is null");
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public List<String> classNames() {
    return DatasetAdapters.SPIKING_FER_CLASSES;
  }

  @Override
  public Scan scan(Path root, Configuration conf) {
    FileSystem fs = CkPlusAdapter.fileSystem(root, conf);
    if (!LayoutFiles.isDirectory(fs, root)) {
      throw new ProjectException(DatasetErrorCode.INVALID_ROOT, "Invalid ADFES root " + root + ": not a folder");
    }
    Path mapFile = subjectMap.isEmpty() ? null : fs.makeQualified(resolve(root, subjectMap));
    Map<String, String> subjects = mapFile == null ? null : readSubjectMap(fs, mapFile);
    LayoutFiles.Collector out = new LayoutFiles.Collector(NAME);
    walk(fs, root, subjects, mapFile, out);
    return out.build(classNames());
  }

  private void walk(FileSystem fs, Path dir, Map<String, String> subjects, Path mapFile, LayoutFiles.Collector out) {
    for (FileStatus child : LayoutFiles.children(fs, dir)) {
      if (child.isDirectory()) {
        walk(fs, child.getPath(), subjects, mapFile, out);
      } else if (!child.getPath().equals(mapFile)) { // the subject map itself is not a candidate
        examine(child.getPath(), subjects, out);
      }
    }
  }

  private void examine(Path file, Map<String, String> subjects, LayoutFiles.Collector out) {
    String uri = file.toString();
    String fileName = file.getName();
    if (!DatasetAdapters.VIDEO_EXTENSIONS.contains(LayoutFiles.extension(fileName))) {
      out.reject(uri, DatasetErrorCode.UNSUPPORTED_INPUT, "Invalid input " + uri + ": not a video (expected ."
          + String.join(", .", new java.util.TreeSet<>(DatasetAdapters.VIDEO_EXTENSIONS)) + ")");
      return;
    }
    String base = LayoutFiles.baseName(fileName);
    String code = null;
    Set<String> expressions = new LinkedHashSet<>();
    for (String word : WORD_SPLIT.split(base)) {
      if (code == null && SUBJECT.matcher(word).matches()) {
        code = word.toUpperCase(Locale.ROOT);
      }
      String expression = DatasetAdapters.canonicalExpression(word);
      if (expression != null) {
        expressions.add(expression);
      }
    }
    if (expressions.isEmpty()) {
      out.reject(uri, DatasetErrorCode.INVALID_LABEL, "Invalid expression: no expression word in '" + fileName
          + "' (known: anger, contempt, disgust, embarrass, fear, joy, neutral, pride, sadness, surprise)");
      return;
    }
    if (expressions.size() > 1) {
      out.reject(uri, DatasetErrorCode.INVALID_LABEL,
          "Invalid expression: '" + fileName + "' names " + String.join(" and ", expressions));
      return;
    }
    String expression = expressions.iterator().next();
    int index = DatasetAdapters.SPIKING_FER_CLASSES.indexOf(expression);
    if (index < 0) {
      out.reject(uri, DatasetErrorCode.INVALID_LABEL, DatasetAdapters.notSpikingFer(expression));
      return;
    }
    if (code == null) {
      out.reject(uri, DatasetErrorCode.INVALID_NAME,
          "Invalid name '" + fileName + "': no subject code such as F01 or M02");
      return;
    }
    String subject = code;
    if (subjects != null) {
      subject = subjects.get(code);
      if (subject == null) {
        out.reject(uri, DatasetErrorCode.INVALID_NAME,
            "Cannot map ADFES subject " + code + " of '" + fileName + "': not in the subject map " + subjectMap);
        return;
      }
    }
    String sequence = String.format(Locale.ROOT, "%03d", SEQUENCE_ORDER.indexOf(expression) + 1);
    Map<String, String> attributes = new TreeMap<>();
    attributes.put("adfes_subject", code);
    out.accept(new ClipSpec(subject + "/" + sequence, NAME, subject, sequence, index, expression,
        SourceKind.VIDEO_FILE, uri, List.of(uri), 0, attributes, ""));
  }

  /**
   * A path given by a setting (manifest, folds, subject map, annotations): an absolute path or URI
   * is the operator's explicit choice and used as it is; a relative one is resolved against the
   * root and must stay inside it.
   *
   * @throws ProjectException OUTSIDE_ROOT when a relative path leaves the root with {@code ..}
   */
  static Path resolve(Path root, String path) {
    Path given = new Path(path);
    if (given.isAbsolute() || given.toUri().getScheme() != null) {
      return given;
    }
    Path resolved = new Path(root, path);
    if (!LayoutFiles.isInside(root, resolved)) {
      throw new ProjectException(DatasetErrorCode.OUTSIDE_ROOT, "Invalid path " + path + ": it points outside the dataset root "
          + root + " (give an absolute path or URI for a file kept elsewhere)");
    }
    return resolved;
  }

  /** Reads {@code adfes_subject,benchmark_subject} lines (blank lines and # comments skipped). */
  static Map<String, String> readSubjectMap(FileSystem fs, Path file) {
    if (!LayoutFiles.exists(fs, file)) {
      throw new ProjectException(DatasetErrorCode.INVALID_ROOT, "Cannot find the ADFES subject map " + file);
    }
    Map<String, String> map = new LinkedHashMap<>();
    List<String> lines = new ArrayList<>(LayoutFiles.readText(fs, file).lines().toList());
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      String[] fields = line.split(",", -1);
      if (fields.length != 2 || fields[0].isBlank() || fields[1].isBlank()) {
        throw new ProjectException(DatasetErrorCode.INVALID_METADATA, "Invalid subject map " + file + " line " + (i + 1)
            + ": '" + line + "' (expected adfes_subject,benchmark_subject such as F01,S001)");
      }
      if (map.put(fields[0].strip().toUpperCase(Locale.ROOT), fields[1].strip()) != null) {
        throw new ProjectException(DatasetErrorCode.INVALID_METADATA,
            "Invalid subject map " + file + " line " + (i + 1) + ": subject " + fields[0].strip() + " is listed twice");
      }
    }
    return map;
  }
}
