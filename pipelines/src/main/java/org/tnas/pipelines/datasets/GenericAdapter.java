package org.tnas.pipelines.datasets;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.tnas.formats.errors.ProjectException;

/**
 * The generic layout: {@code <root>/<label>/<clip>.(mp4|avi|mov|mkv|...)} (one video per clip) or
 * {@code <root>/<label>/<clip>/<frame>.(png|jpg|...)} (one frame folder per clip), clip id {@code
 * <label>/<clip>} (file name without extension); or, with the option {@value #MANIFEST_OPTION}, a
 * CSV manifest of {@code path,label[,subject]} rows (optional header {@code path,label,subject};
 * fields may be double-quoted; paths absolute or relative to the root; clip id = the path relative
 * to the root without extension, or the path as written for paths outside the root).
 *
 * <p>Classes: the option {@value #CLASSES_OPTION} fixes them (separated by {@code |}, {@code ;} or
 * commas, in label-index order; another label is rejected; inside {@code convert.layout-options},
 * itself comma-separated, write {@code classes=a|b|c}); otherwise they are the distinct labels found, sorted.
 *
 * <p>Candidates: every visible entry of the root and of each label folder (folder mode), or every
 * data row of the manifest (manifest mode). Files inside a frame folder that are not frames are
 * not candidates. Immutable and thread-safe.
 */
public final class GenericAdapter implements DatasetAdapter {
  /** Registry name. */
  public static final String NAME = "generic";
  /** Option: the CSV manifest (absolute, or relative to the root). */
  public static final String MANIFEST_OPTION = "manifest";
  /** Option: the class names, comma-separated, in label-index order. */
  public static final String CLASSES_OPTION = "classes";

  private final String manifest;
  private final List<String> classes;

  /** Folder mode, classes discovered. */
  public GenericAdapter() {
    this("", List.of());
  }

  /**
   * @param manifest the manifest path, or empty for folder mode
   * @param classes the fixed class names, or empty to discover them
   */
  public GenericAdapter(String manifest, List<String> classes) {
    this.manifest = Objects.requireNonNull(manifest, "manifest is null");
    this.classes = List.copyOf(Objects.requireNonNull(classes, "classes is null"));
    if (new TreeSet<>(this.classes).size() != this.classes.size()) {
      throw new ProjectException(DatasetErrorCode.INVALID_DATASET, "Invalid classes: " + this.classes + " (duplicates)");
    }
  }

  /** Parses the {@value #CLASSES_OPTION} option (empty string: none). */
  static List<String> parseClasses(String option) {
    List<String> names = new ArrayList<>();
    if (option.isBlank()) {
      return names;
    }
    // convert.layout-options is itself a comma-separated list: there the names are separated by '|' or ';'
    String separator = option.contains("|") ? "\\|" : option.contains(";") ? ";" : ",";
    for (String name : option.split(separator, -1)) {
      if (name.isBlank()) {
        throw new ProjectException(DatasetErrorCode.INVALID_DATASET, "Invalid classes: '" + option + "' (empty name)");
      }
      names.add(name.strip());
    }
    return names;
  }

  @Override
  public String name() {
    return NAME;
  }

  /** The configured classes; empty when they are discovered by {@link #scan}. */
  @Override
  public List<String> classNames() {
    return classes;
  }

  private record Pending(String uri, String clipId, String label, String subject, SourceKind kind, List<String> sources) {}

  @Override
  public Scan scan(Path root, Configuration conf) {
    FileSystem fs = CkPlusAdapter.fileSystem(root, conf);
    if (!LayoutFiles.isDirectory(fs, root)) {
      throw new ProjectException(DatasetErrorCode.INVALID_ROOT, "Invalid generic root " + root + ": not a folder");
    }
    LayoutFiles.Collector out = new LayoutFiles.Collector(NAME);
    List<Pending> pending = manifest.isEmpty() ? scanFolders(fs, root, out) : scanManifest(fs, root, out);
    List<String> classNames = classes;
    if (classNames.isEmpty()) {
      TreeSet<String> found = new TreeSet<>();
      pending.forEach(p -> found.add(p.label()));
      classNames = List.copyOf(found);
    }
    for (Pending p : pending) {
      int index = classNames.indexOf(p.label());
      if (index < 0) {
        out.reject(p.uri(), DatasetErrorCode.INVALID_LABEL,
            "Invalid label: '" + p.label() + "' (known: " + String.join(", ", classNames) + ")");
      } else {
        out.accept(new ClipSpec(p.clipId(), NAME, p.subject(), "", index, p.label(), p.kind(), p.uri(), p.sources(), 0,
            Map.of(), ""));
      }
    }
    return out.build(classNames);
  }

  private static List<Pending> scanFolders(FileSystem fs, Path root, LayoutFiles.Collector out) {
    List<Pending> pending = new ArrayList<>();
    for (FileStatus label : LayoutFiles.children(fs, root)) {
      if (!label.isDirectory()) {
        out.reject(label.getPath().toString(), DatasetErrorCode.MISSING_LABEL, "Invalid input " + label.getPath()
            + ": not inside a label folder (expected <root>/<label>/<clip>)");
        continue;
      }
      String labelName = label.getPath().getName();
      for (FileStatus clip : LayoutFiles.children(fs, label.getPath())) {
        String name = clip.getPath().getName();
        Pending p = source(fs, clip.getPath(), clip.isDirectory(), labelName + "/" + LayoutFiles.baseName(name),
            labelName, "", out, "");
        if (p != null) {
          pending.add(p);
        }
      }
    }
    return pending;
  }

  /** A clip from a video file or a frame folder, or null after rejecting it. */
  private static Pending source(FileSystem fs, Path path, boolean directory, String clipId, String label, String subject,
      LayoutFiles.Collector out, String context) {
    String uri = path.toString();
    if (directory) {
      List<String> frames = LayoutFiles.frames(fs, path);
      if (frames.isEmpty()) {
        out.reject(uri, DatasetErrorCode.EMPTY_SEQUENCE, "Invalid sequence " + uri + context + ": no frame image (expected "
            + LayoutFiles.known(LayoutFiles.FRAME_EXTENSIONS) + ")");
        return null;
      }
      return new Pending(uri, directory ? clipIdOfFolder(clipId, path) : clipId, label, subject,
          SourceKind.IMAGE_SEQUENCE, frames);
    }
    if (!DatasetAdapters.VIDEO_EXTENSIONS.contains(LayoutFiles.extension(path.getName()))) {
      out.reject(uri, DatasetErrorCode.UNSUPPORTED_INPUT, "Invalid input " + uri + context + ": not a video or frame folder"
          + " (expected ." + String.join(", .", new TreeSet<>(DatasetAdapters.VIDEO_EXTENSIONS)) + ")");
      return null;
    }
    return new Pending(uri, clipId, label, subject, SourceKind.VIDEO_FILE, List.of(uri));
  }

  /** A folder's id keeps its whole name (a dot in a folder name is not an extension). */
  private static String clipIdOfFolder(String clipId, Path folder) {
    int slash = clipId.lastIndexOf('/');
    return (slash >= 0 ? clipId.substring(0, slash + 1) : "") + folder.getName();
  }

  private List<Pending> scanManifest(FileSystem fs, Path root, LayoutFiles.Collector out) {
    Path file = AdfesAdapter.resolve(root, manifest);
    if (!LayoutFiles.exists(fs, file)) {
      throw new ProjectException(DatasetErrorCode.INVALID_ROOT, "Cannot find the manifest " + file);
    }
    String rootString = fs.makeQualified(root).toString();
    List<Pending> pending = new ArrayList<>();
    List<String> lines = LayoutFiles.readText(fs, file).lines().toList();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      String where = file + " line " + (i + 1);
      if (line.isBlank() || (i == 0 && line.strip().replace(" ", "").equalsIgnoreCase("path,label,subject"))
          || (i == 0 && line.strip().replace(" ", "").equalsIgnoreCase("path,label"))) {
        continue;
      }
      List<String> fields = splitCsv(line);
      if (fields == null || fields.size() < 2 || fields.size() > 3) {
        out.reject(where, DatasetErrorCode.INVALID_METADATA, "Invalid manifest " + where + ": " + LayoutFiles.quote(line)
            + " (expected path,label[,subject])");
        continue;
      }
      String pathText = fields.get(0).strip();
      String label = fields.get(1).strip();
      String subject = fields.size() == 3 ? fields.get(2).strip() : "";
      if (pathText.isEmpty()) {
        out.reject(where, DatasetErrorCode.INVALID_METADATA, "Invalid manifest " + where + ": empty path");
        continue;
      }
      Path given = new Path(pathText);
      Path path = fs.makeQualified(given.isAbsolute() || given.toUri().getScheme() != null ? given : new Path(root, pathText));
      if (!LayoutFiles.isInside(fs.makeQualified(root), path)) {
        out.reject(path.toString(), DatasetErrorCode.OUTSIDE_ROOT, "Invalid manifest " + where + ": " + pathText
            + " is outside the dataset root " + rootString + " (a manifest may only list files inside its dataset)");
        continue;
      }
      if (label.isEmpty()) {
        out.reject(path.toString(), DatasetErrorCode.MISSING_LABEL, "Cannot label " + path + ": empty label in " + where);
        continue;
      }
      if (!LayoutFiles.exists(fs, path)) {
        out.reject(path.toString(), DatasetErrorCode.MISSING_SOURCE, "Cannot find " + path + " (" + where + ")");
        continue;
      }
      String full = path.toString();
      String relative = full.startsWith(rootString + "/") ? full.substring(rootString.length() + 1) : pathText;
      boolean directory = LayoutFiles.isDirectory(fs, path);
      String clipId = directory ? relative : LayoutFiles.baseName(relative);
      Pending p = source(fs, path, directory, clipId, label, subject, out, " (" + where + ")");
      if (p != null) {
        pending.add(directory ? new Pending(p.uri(), relative, p.label(), p.subject(), p.kind(), p.sources()) : p);
      }
    }
    return pending;
  }

  /** Splits one CSV line (double quotes, "" for a quote); null if a quote is not closed. */
  static List<String> splitCsv(String line) {
    List<String> fields = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (quoted) {
        if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
          field.append('"');
          i++;
        } else if (c == '"') {
          quoted = false;
        } else {
          field.append(c);
        }
      } else if (c == '"') {
        quoted = true;
      } else if (c == ',') {
        fields.add(field.toString());
        field.setLength(0);
      } else {
        field.append(c);
      }
    }
    if (quoted) {
      return null;
    }
    fields.add(field.toString());
    return fields;
  }
}
