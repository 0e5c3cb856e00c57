package org.tnas.pipelines.datasets;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.tnas.formats.errors.ProjectException;

/**
 * SEE (single-eye event-based emotion): {@code emotion.json} ({@code {"labels": [...], "database":
 * {"<sequence>": {"subset": "training"|"testing", "annotations": {"label": "angry", "segment":
 * [0, 63]}}}}}) and the frame folders {@code event/<emotion>/<sequence>/00000.jpg ...} (accumulated
 * event frames, 33 ms each) and {@code frame/<emotion>/<sequence>/...} (intensity frames). Option
 * {@value #SOURCE_OPTION}: {@code event} (default; clips of kind {@link SourceKind#EVENT_FRAMES}) or
 * {@code frame} ({@link SourceKind#IMAGE_SEQUENCE}, to run through the emulator).
 *
 * <p>Each database entry is one candidate: clip id = the sequence name, split {@code train} or
 * {@code test} from its subset, class from {@code annotations.label} (SEE's 7 classes; {@code
 * happy}/{@code anger}/{@code sad} accepted for happiness/angry/sadness). The name {@code
 * <seq#>_<ID>_<sex>_<age>_<degree>_<lighting>_<emotion>_<length>_<take#>} is parsed into
 * attributes {@code sequence_number, subject, sex, age, degree, lighting} (lower case: normal,
 * overexposed, low, hdr){@code , name_emotion, length, take}; the degree may itself contain
 * underscores (the first four and last three fields are taken from the ends). The name's emotion
 * must agree with the label. Also candidates: every folder or file under {@code <source>/} that
 * the database does not list. Immutable and thread-safe.
 */
public final class SeeAdapter implements DatasetAdapter {
  /** Registry name. */
  public static final String NAME = "see";
  /** Option: which frames the clips are ({@code event} or {@code frame}). */
  public static final String SOURCE_OPTION = "source";
  /** Option: the annotation file, absolute or relative to the root. */
  public static final String ANNOTATIONS_OPTION = "annotations";
  /** Default annotation file. */
  public static final String ANNOTATIONS_DEFAULT = "emotion.json";
  /** Accumulated event frames. */
  public static final String SOURCE_EVENT = "event";
  /** Intensity frames. */
  public static final String SOURCE_FRAME = "frame";
  /** One frame per 33 ms. */
  public static final double FRAMES_PER_SECOND = 1000.0 / 33.0;
  private static final Map<String, String> SYNONYMS = Map.of("anger", "angry", "happy", "happiness", "sad", "sadness",
      "disgusted", "disgust", "surprised", "surprise", "fearful", "fear");
  private static final String NAME_SCHEME = "<seq#>_<ID>_<sex>_<age>_<degree>_<lighting>_<emotion>_<length>_<take#>";

  private final String source;
  private final String annotations;

  /** Event frames, {@value #ANNOTATIONS_DEFAULT}. */
  public SeeAdapter() {
    this(SOURCE_EVENT, ANNOTATIONS_DEFAULT);
  }

  /**
   * @param source {@code event} or {@code frame}
   * @param annotations the annotation file, absolute or relative to the root
   */
  public SeeAdapter(String source, String annotations) {
    Objects.requireNonNull(source, "source is null");
    Objects.requireNonNull(annotations, "annotations is null");
    if (!source.equals(SOURCE_EVENT) && !source.equals(SOURCE_FRAME)) {
      throw new ProjectException(DatasetErrorCode.INVALID_DATASET,
          "Invalid SEE source: " + source + " (known: event, frame)");
    }
    this.source = source;
    this.annotations = annotations;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public List<String> classNames() {
    return DatasetAdapters.SEE_CLASSES;
  }

  /** The SEE class of a label word (lower-cased, synonyms mapped), or null. */
  static String seeClass(String word) {
    String lower = word.strip().toLowerCase(Locale.ROOT);
    lower = SYNONYMS.getOrDefault(lower, lower);
    return DatasetAdapters.SEE_CLASSES.contains(lower) ? lower : null;
  }

  @Override
  public Scan scan(Path root, Configuration conf) {
    FileSystem fs = CkPlusAdapter.fileSystem(root, conf);
    Path json = AdfesAdapter.resolve(root, annotations);
    if (!LayoutFiles.exists(fs, json)) {
      throw new ProjectException(DatasetErrorCode.INVALID_ROOT, "Invalid SEE root " + root + ": no " + annotations);
    }
    JsonNode document;
    try {
      document = new ObjectMapper().readTree(LayoutFiles.readBytes(fs, json));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      String at = e.getLocation() == null ? "" : "line " + e.getLocation().getLineNr() + ": ";
      throw new ProjectException(DatasetErrorCode.INVALID_METADATA,
          "Invalid annotation file " + json + ": " + at + e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + json + ": " + e.getMessage(), e);
    }
    JsonNode database = document == null ? null : document.get("database");
    if (database == null || !database.isObject()) {
      throw new ProjectException(DatasetErrorCode.INVALID_METADATA,
          "Invalid annotation file " + json + ": no \"database\" object");
    }
    JsonNode labels = document.get("labels");
    if (labels != null) {
      for (JsonNode label : labels) {
        if (!label.isTextual() || seeClass(label.asText()) == null) {
          throw new ProjectException(DatasetErrorCode.INVALID_METADATA, "Invalid annotation file " + json + ": label "
              + label + " is not one of SEE's 7 classes (" + String.join(", ", DatasetAdapters.SEE_CLASSES) + ")");
        }
      }
    }
    Path tree = new Path(root, source);
    LayoutFiles.Collector out = new LayoutFiles.Collector(NAME);
    Map<String, String> listed = new HashMap<>();  // sequence -> the label folder it was looked up in
    Iterator<Map.Entry<String, JsonNode>> entries = database.fields();
    while (entries.hasNext()) {
      Map.Entry<String, JsonNode> entry = entries.next();
      String folderLabel = examine(fs, tree, json, entry.getKey(), entry.getValue(), out);
      listed.put(entry.getKey(), folderLabel);
    }
    for (FileStatus emotion : LayoutFiles.children(fs, tree)) {
      if (!emotion.isDirectory()) {
        out.reject(emotion.getPath().toString(), DatasetErrorCode.UNSUPPORTED_INPUT, "Invalid input " + emotion.getPath()
            + ": not an emotion folder (expected " + source + "/<emotion>/<sequence>/)");
        continue;
      }
      for (FileStatus sequence : LayoutFiles.children(fs, emotion.getPath())) {
        String name = sequence.getPath().getName();
        String folderLabel = listed.get(name);
        String uri = sequence.getPath().toString();
        if (folderLabel == null) {
          out.reject(uri, DatasetErrorCode.UNSUPPORTED_INPUT, "Invalid input " + uri + ": " + (sequence.isDirectory()
              ? "sequence not listed in " + json.getName() : "not a sequence folder"));
        } else if (folderLabel.isEmpty()) {
          out.reject(uri, DatasetErrorCode.MISSING_LABEL, "Invalid input " + uri + ": " + json.getName() + " lists "
              + name + " without a label");
        } else if (!folderLabel.equals(emotion.getPath().getName())) {
          out.reject(uri, DatasetErrorCode.UNSUPPORTED_INPUT, "Invalid input " + uri + ": " + json.getName() + " lists "
              + name + " as " + folderLabel + ", not " + emotion.getPath().getName());
        }
      }
    }
    return out.build(classNames());
  }

  /** Examines one database entry; returns the label folder name it belongs in ("" if unknown). */
  private String examine(FileSystem fs, Path tree, Path json, String name, JsonNode entry, LayoutFiles.Collector out) {
    String where = json.getName() + " entry " + name;
    String uri = json + "#" + name;  // until the label names the folder, the entry is reported where it is written
    JsonNode annotationsNode = entry.get("annotations");
    JsonNode labelNode = annotationsNode == null ? null : annotationsNode.get("label");
    if (labelNode == null || !labelNode.isTextual()) {
      out.reject(uri, DatasetErrorCode.MISSING_LABEL, "Cannot label " + name + ": " + where + " has no annotations.label");
      return "";
    }
    String rawLabel = labelNode.asText();
    Path folder = new Path(new Path(tree, rawLabel), name);
    uri = folder.toString();
    String label = seeClass(rawLabel);
    if (label == null) {
      out.reject(uri, DatasetErrorCode.INVALID_LABEL, "Invalid label of " + name + ": '" + rawLabel
          + "' is not one of SEE's 7 classes (" + String.join(", ", DatasetAdapters.SEE_CLASSES) + ")");
      return rawLabel;
    }
    JsonNode subsetNode = entry.get("subset");
    String subset = subsetNode == null ? "" : subsetNode.asText();
    String split = switch (subset) {
      case "training" -> "train";
      case "testing" -> "test";
      case "validation" -> "validation";
      default -> null;
    };
    if (split == null) {
      out.reject(uri, DatasetErrorCode.INVALID_METADATA, "Invalid subset of " + name + " in " + json.getName() + ": '"
          + subset + "' (expected training or testing)");
      return rawLabel;
    }
    Map<String, String> attributes = parseName(name);
    if (attributes == null) {
      out.reject(uri, DatasetErrorCode.INVALID_NAME, "Invalid sequence name '" + name + "': expected " + NAME_SCHEME);
      return rawLabel;
    }
    String nameLabel = seeClass(attributes.get("name_emotion"));
    if (!label.equals(nameLabel)) {
      out.reject(uri, DatasetErrorCode.INVALID_LABEL, "Invalid label of " + name + ": " + label + " in "
          + json.getName() + ", " + attributes.get("name_emotion") + " in its name");
      return rawLabel;
    }
    if (!LayoutFiles.isDirectory(fs, folder)) {
      out.reject(uri, DatasetErrorCode.MISSING_SOURCE,
          "Cannot find the frames of " + name + ": " + json.getName() + " lists it but " + folder + " is not a folder");
      return rawLabel;
    }
    List<String> frames = LayoutFiles.frames(fs, folder);
    if (frames.isEmpty()) {
      out.reject(uri, DatasetErrorCode.EMPTY_SEQUENCE, "Invalid sequence " + uri + ": no frame image (expected "
          + LayoutFiles.known(LayoutFiles.FRAME_EXTENSIONS) + ")");
      return rawLabel;
    }
    attributes.put("subset", subset);
    JsonNode segment = annotationsNode.get("segment");
    if (segment != null && segment.isArray()) {
      List<String> bounds = new ArrayList<>();
      segment.forEach(bound -> bounds.add(bound.asText()));
      attributes.put("segment", String.join(",", bounds));
    }
    SourceKind kind = source.equals(SOURCE_EVENT) ? SourceKind.EVENT_FRAMES : SourceKind.IMAGE_SEQUENCE;
    out.accept(new ClipSpec(name, NAME, attributes.get("subject"), "", DatasetAdapters.SEE_CLASSES.indexOf(label), label,
        kind, uri, frames, FRAMES_PER_SECOND, attributes, split));
    return rawLabel;
  }

  /** The attributes of a SEE sequence name, or null if it does not follow the scheme. */
  static Map<String, String> parseName(String name) {
    String[] fields = name.split("_", -1);
    if (fields.length < 9) {
      return null;
    }
    int n = fields.length;
    for (String field : fields) {
      if (field.isEmpty()) {
        return null;
      }
    }
    if (!fields[0].matches("[0-9]+") || !fields[3].matches("[0-9]+") || !fields[n - 2].matches("[0-9]+")
        || !fields[n - 1].toLowerCase(Locale.ROOT).matches("take[0-9]+")) {
      return null;
    }
    Map<String, String> attributes = new TreeMap<>();
    attributes.put("sequence_number", fields[0]);
    attributes.put("subject", fields[1]);
    attributes.put("sex", fields[2].toLowerCase(Locale.ROOT));
    attributes.put("age", fields[3]);
    attributes.put("degree", String.join("_", java.util.Arrays.asList(fields).subList(4, n - 4)));
    attributes.put("lighting", fields[n - 4].toLowerCase(Locale.ROOT));
    attributes.put("name_emotion", fields[n - 3]);
    attributes.put("length", fields[n - 2]);
    attributes.put("take", fields[n - 1].substring(4));
    return attributes;
  }
}
