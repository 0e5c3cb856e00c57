package org.tnas.pipelines.datasets;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.tnas.pipelines.importer.SkippedInput;

/**
 * The CK+ (extended Cohn-Kanade) layout: image sequences {@code
 * cohn-kanade-images/<subject>/<sequence>/*.png} labelled by {@code
 * Emotion/<subject>/<sequence>/*_emotion.txt} (one float, 0..7: 0 neutral, 1 anger, 2 contempt, 3
 * disgust, 4 fear, 5 happy, 6 sadness, 7 surprise). The 6-class Spiking-FER benchmark keeps anger,
 * disgust, fear, happy, sadness and surprise; a sequence without a label file, with contempt or
 * neutral, or with a malformed label is reported with its reason, never silently dropped.
 *
 * <p>Superseded by {@link CkPlusAdapter} (through {@link DatasetAdapters#forName}); kept unchanged
 * for {@code ConvertJob} until it moves to the adapters.
 */
public final class CkPlusLayout {
  /** CK+ code -> Spiking-FER class index (-1: not in the 6-class benchmark). */
  private static final int[] CODE_TO_CLASS = {-1, 3, -1, 4, 1, 0, 5, 2};
  private static final String[] CODE_NAMES = {"neutral", "anger", "contempt", "disgust", "fear", "happy", "sadness", "surprise"};

  private CkPlusLayout() {}

  /** A labelled sequence: {@code S005/001}, its subject, class, and frame files in order. */
  public record Sequence(String id, String subject, int labelIndex, String labelName, List<String> frames)
      implements java.io.Serializable {
    public Sequence {
      frames = List.copyOf(frames);
    }
  }

  /** The scan: every sequence folder is either a {@link Sequence} or a {@link SkippedInput}. */
  public record Scan(List<Sequence> sequences, List<SkippedInput> skipped) {}

  public static Scan scan(Path root, Configuration conf) {
    List<Sequence> sequences = new ArrayList<>();
    List<SkippedInput> skipped = new ArrayList<>();
    try {
      FileSystem fs = root.getFileSystem(conf);
      Path images = new Path(root, "cohn-kanade-images");
      if (!fs.exists(images)) {
        throw new org.tnas.formats.errors.ProjectException(DatasetErrorCode.MISSING_LABEL,
            "Invalid CK+ root " + root + ": no cohn-kanade-images folder");
      }
      for (FileStatus subject : sorted(fs.listStatus(images))) {
        if (!subject.isDirectory() || hidden(subject)) {
          continue;
        }
        for (FileStatus sequence : sorted(fs.listStatus(subject.getPath()))) {
          if (!sequence.isDirectory() || hidden(sequence)) {
            continue;
          }
          String s = subject.getPath().getName();
          String q = sequence.getPath().getName();
          String uri = sequence.getPath().toString();
          List<String> frames = new ArrayList<>();
          for (FileStatus frame : sorted(fs.listStatus(sequence.getPath()))) {
            String name = frame.getPath().getName().toLowerCase(java.util.Locale.ROOT);
            if (frame.isFile() && (name.endsWith(".png") || name.endsWith(".jpg") || name.endsWith(".jpeg"))) {
              frames.add(frame.getPath().toString());
            }
          }
          if (frames.isEmpty()) {
            skipped.add(new SkippedInput(uri, DatasetErrorCode.EMPTY_SEQUENCE.name(), "Invalid sequence " + uri + ": no frame image"));
            continue;
          }
          Path emotionDir = new Path(new Path(new Path(root, "Emotion"), s), q);
          FileStatus[] labels = fs.exists(emotionDir) ? fs.listStatus(emotionDir) : new FileStatus[0];
          FileStatus label = null;
          for (FileStatus candidate : labels) {
            if (candidate.getPath().getName().endsWith("_emotion.txt")) {
              label = candidate;
            }
          }
          if (label == null) {
            skipped.add(new SkippedInput(uri, DatasetErrorCode.MISSING_LABEL.name(),
                "Cannot label sequence " + s + "/" + q + ": no *_emotion.txt in " + emotionDir));
            continue;
          }
          String text;
          try (BufferedReader reader = new BufferedReader(new InputStreamReader(fs.open(label.getPath()), StandardCharsets.UTF_8))) {
            text = reader.readLine();
          }
          int code;
          try {
            double value = Double.parseDouble(text == null ? "" : text.trim());
            code = (int) value;
            if (value != code || code < 0 || code > 7) {
              throw new NumberFormatException();
            }
          } catch (NumberFormatException e) {
            skipped.add(new SkippedInput(uri, DatasetErrorCode.INVALID_LABEL.name(),
                "Invalid label file " + label.getPath() + ": '" + text + "' (expected one number 0..7)"));
            continue;
          }
          if (CODE_TO_CLASS[code] < 0) {
            skipped.add(new SkippedInput(uri, DatasetErrorCode.INVALID_LABEL.name(), "Invalid label of " + s + "/" + q + ": "
                + CODE_NAMES[code] + " is not one of the 6 Spiking-FER classes"));
            continue;
          }
          int index = CODE_TO_CLASS[code];
          sequences.add(new Sequence(s + "/" + q, s, index, SpikingFerFolds.CLASSES.get(index), frames));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot scan CK+ root " + root + ": " + e.getMessage(), e);
    }
    return new Scan(sequences, skipped);
  }

  private static boolean hidden(FileStatus status) {
    String name = status.getPath().getName();
    return name.startsWith(".") || name.startsWith("_");
  }

  private static List<FileStatus> sorted(FileStatus[] statuses) {
    Map<String, FileStatus> byName = new TreeMap<>();
    for (FileStatus status : statuses) {
      byName.put(status.getPath().getName(), status);
    }
    return new ArrayList<>(byName.values());
  }
}
