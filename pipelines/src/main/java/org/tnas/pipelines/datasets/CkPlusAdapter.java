package org.tnas.pipelines.datasets;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.tnas.formats.errors.ProjectException;

/**
 * CK+ (extended Cohn-Kanade): image sequences {@code cohn-kanade-images/<subject>/<sequence>/*.png}
 * labelled by {@code Emotion/<subject>/<sequence>/*_emotion.txt}, which holds one number 0..7
 * (0 neutral, 1 anger, 2 contempt, 3 disgust, 4 fear, 5 happy, 6 sadness, 7 surprise; written as a
 * float such as {@code 3.0000000e+00}). The six Spiking-FER classes are kept; neutral and contempt
 * are rejected. Clip id {@code <subject>/<sequence>} (e.g. {@code S005/001}), as in the benchmark's
 * folds file.
 *
 * <p>Option {@value #FOLDS_OPTION}: label the sequences from the benchmark's folds file (absolute,
 * or relative to the root) instead of the Emotion files. The published CKPlusDVS folds have 357
 * labelled sequences while CK+ has 327 emotion files (309 in the six classes), so reproducing the
 * benchmark needs its labels; a sequence without a row is then rejected ({@link
 * DatasetErrorCode#MISSING_FOLD}) and the Emotion folder is not read.
 *
 * <p>Candidates: every visible entry of {@code cohn-kanade-images/<subject>/} (sequence folders;
 * stray files are rejected), every visible non-folder entry of {@code cohn-kanade-images/}, and
 * (labels from Emotion files only) every {@code Emotion/<subject>/<sequence>} folder that has no
 * image sequence. Immutable and thread-safe.
 */
public final class CkPlusAdapter implements DatasetAdapter {
  /** Registry name. */
  public static final String NAME = "ckplus";
  /** CK+ label code (0..7) to its name. */
  public static final List<String> CODE_NAMES =
      List.of("neutral", "anger", "contempt", "disgust", "fear", "happy", "sadness", "surprise");
  /** The frame rate the Spiking-FER conversion assumes for CK+ sequences ({@code --input_frame_rate 30}). */
  public static final double FRAMES_PER_SECOND = 30;
  /** Option: take the labels from this folds file instead of the Emotion files. */
  public static final String FOLDS_OPTION = "folds";
  static final String IMAGES = "cohn-kanade-images";
  private static final java.util.regex.Pattern NUMBER =
      java.util.regex.Pattern.compile("[+-]?[0-9]+(\\.[0-9]*)?([eE][+-]?[0-9]+)?");
  static final String EMOTION = "Emotion";

  private final String folds;

  /** Labels from the Emotion files. */
  public CkPlusAdapter() {
    this("");
  }

  /** @param folds the folds file to take labels from (absolute or relative to the root); empty: Emotion files */
  public CkPlusAdapter(String folds) {
    this.folds = java.util.Objects.requireNonNull(folds, "folds is null");
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
    FileSystem fs = fileSystem(root, conf);
    Path images = new Path(root, IMAGES);
    if (!LayoutFiles.isDirectory(fs, images)) {
      throw new ProjectException(DatasetErrorCode.INVALID_ROOT,
          "Invalid CK+ root " + root + ": no " + IMAGES + " folder (expected " + IMAGES + "/<subject>/<sequence>/*.png)");
    }
    Folds labels = folds.isEmpty() ? null : Folds.read(AdfesAdapter.resolve(root, folds), conf);
    LayoutFiles.Collector out = new LayoutFiles.Collector(NAME);
    Set<String> sequencesWithImages = new HashSet<>();
    for (FileStatus subject : LayoutFiles.children(fs, images)) {
      if (!subject.isDirectory()) {
        out.reject(subject.getPath().toString(), DatasetErrorCode.UNSUPPORTED_INPUT, "Invalid input "
            + subject.getPath() + ": not a subject folder (expected " + IMAGES + "/<subject>/<sequence>/)");
        continue;
      }
      for (FileStatus sequence : LayoutFiles.children(fs, subject.getPath())) {
        String s = subject.getPath().getName();
        String q = sequence.getPath().getName();
        if (!sequence.isDirectory()) {
          out.reject(sequence.getPath().toString(), DatasetErrorCode.UNSUPPORTED_INPUT, "Invalid input "
              + sequence.getPath() + ": not a sequence folder (expected " + IMAGES + "/<subject>/<sequence>/)");
          continue;
        }
        sequencesWithImages.add(s + "/" + q);
        if (labels == null) {
          scanSequence(fs, root, s, q, sequence.getPath(), out);
        } else {
          labelFromFolds(fs, labels, s, q, sequence.getPath(), out);
        }
      }
    }
    if (labels != null) {
      return out.build(classNames());
    }
    // label folders without images: reported, so a partial copy of CK+ is visible in the report
    Path emotion = new Path(root, EMOTION);
    for (FileStatus subject : LayoutFiles.children(fs, emotion)) {
      if (!subject.isDirectory()) {
        continue;
      }
      for (FileStatus sequence : LayoutFiles.children(fs, subject.getPath())) {
        String id = subject.getPath().getName() + "/" + sequence.getPath().getName();
        if (sequence.isDirectory() && !sequencesWithImages.contains(id)) {
          out.reject(sequence.getPath().toString(), DatasetErrorCode.MISSING_SOURCE, "Cannot find the frames of "
              + id + ": the label folder " + sequence.getPath() + " has no " + IMAGES + "/" + id + " folder");
        }
      }
    }
    return out.build(classNames());
  }

  private static void scanSequence(FileSystem fs, Path root, String s, String q, Path folder, LayoutFiles.Collector out) {
    String uri = folder.toString();
    List<String> frames = LayoutFiles.frames(fs, folder);
    if (frames.isEmpty()) {
      out.reject(uri, DatasetErrorCode.EMPTY_SEQUENCE, "Invalid sequence " + uri + ": no frame image (expected "
          + LayoutFiles.known(LayoutFiles.FRAME_EXTENSIONS) + ")");
      return;
    }
    Path labelDir = new Path(new Path(new Path(root, EMOTION), s), q);
    List<Path> labels = new ArrayList<>();
    for (FileStatus candidate : LayoutFiles.children(fs, labelDir)) {
      if (candidate.isFile() && candidate.getPath().getName().endsWith("_emotion.txt")) {
        labels.add(candidate.getPath());
      }
    }
    if (labels.isEmpty()) {
      out.reject(uri, DatasetErrorCode.MISSING_LABEL,
          "Cannot label sequence " + s + "/" + q + ": no *_emotion.txt in " + labelDir);
      return;
    }
    if (labels.size() > 1) {
      out.reject(uri, DatasetErrorCode.INVALID_LABEL, "Invalid label of " + s + "/" + q + ": " + labels.size()
          + " label files in " + labelDir + " (" + labels.get(0).getName() + ", " + labels.get(1).getName() + ")");
      return;
    }
    Path label = labels.get(0);
    String text = LayoutFiles.readText(fs, label);
    int code = parseCode(text);
    if (code < 0) {
      out.reject(uri, DatasetErrorCode.INVALID_LABEL,
          "Invalid label file " + label + ": " + LayoutFiles.quote(text) + " (expected one number 0..7)");
      return;
    }
    String name = CODE_NAMES.get(code);
    int index = DatasetAdapters.SPIKING_FER_CLASSES.indexOf(name);
    if (index < 0) {
      out.reject(uri, DatasetErrorCode.INVALID_LABEL, "Invalid label: " + name + " is not one of the 6 Spiking-FER classes");
      return;
    }
    Map<String, String> attributes = new TreeMap<>();
    attributes.put("label_file", label.toString());
    attributes.put("ckplus_code", Integer.toString(code));
    out.accept(new ClipSpec(s + "/" + q, NAME, s, q, index, name, SourceKind.IMAGE_SEQUENCE, uri, frames,
        FRAMES_PER_SECOND, attributes, ""));
  }

  private static void labelFromFolds(FileSystem fs, Folds labels, String s, String q, Path folder,
      LayoutFiles.Collector out) {
    String uri = folder.toString();
    List<String> frames = LayoutFiles.frames(fs, folder);
    if (frames.isEmpty()) {
      out.reject(uri, DatasetErrorCode.EMPTY_SEQUENCE, "Invalid sequence " + uri + ": no frame image (expected "
          + LayoutFiles.known(LayoutFiles.FRAME_EXTENSIONS) + ")");
      return;
    }
    Folds.Row row = labels.row(s + "/" + Folds.normaliseSequence(q));
    if (row == null) {
      out.reject(uri, DatasetErrorCode.MISSING_FOLD,
          "Cannot label sequence " + s + "/" + q + ": " + labels.source() + " has no row for it");
      return;
    }
    Map<String, String> attributes = new TreeMap<>();
    attributes.put("label_file", labels.source() + " line " + row.line());
    out.accept(new ClipSpec(s + "/" + q, NAME, s, q, row.labelIndex(), row.labelName(), SourceKind.IMAGE_SEQUENCE, uri,
        frames, FRAMES_PER_SECOND, attributes, ""));
  }

  /** The CK+ code of a label file's content, or -1 if it is not one integral number 0..7. */
  static int parseCode(String text) {
    String trimmed = text.strip();
    if (!NUMBER.matcher(trimmed).matches()) {
      return -1;
    }
    double value;
    try {
      value = Double.parseDouble(trimmed);
    } catch (NumberFormatException e) {
      return -1;
    }
    if (value != Math.rint(value) || value < 0 || value > 7) {
      return -1;
    }
    return (int) value;
  }

  static FileSystem fileSystem(Path root, Configuration conf) {
    try {
      return root.getFileSystem(conf);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot open the file system of " + root + ": " + e.getMessage(), e);
    }
  }
}
