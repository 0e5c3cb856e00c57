package org.tnas.pipelines.datasets;

import java.io.ByteArrayOutputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/** File-system helpers shared by the adapters (driver side, package-private). */
final class LayoutFiles {
  /** Frame image extensions (lower case, no dot). */
  static final Set<String> FRAME_EXTENSIONS = Set.of("png", "jpg", "jpeg", "bmp", "tif", "tiff");
  /** Largest label/metadata file read into memory. */
  private static final int MAX_METADATA_BYTES = 64 << 20;

  private LayoutFiles() {}

  /** Whether a name is hidden by the Hadoop convention (starts with '.' or '_'). */
  static boolean isHidden(String name) {
    return name.startsWith(".") || name.startsWith("_");
  }

  /** The visible children of a folder in natural name order; empty if it does not exist. */
  static List<FileStatus> children(FileSystem fs, Path dir) {
    try {
      FileStatus[] statuses;
      try {
        statuses = fs.listStatus(dir);
      } catch (FileNotFoundException e) {
        return List.of();
      }
      List<FileStatus> visible = new ArrayList<>();
      for (FileStatus status : statuses) {
        if (!isHidden(status.getPath().getName())) {
          visible.add(status);
        }
      }
      visible.sort((a, b) -> NaturalOrder.INSTANCE.compare(a.getPath().getName(), b.getPath().getName()));
      return visible;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot list " + dir + ": " + e.getMessage(), e);
    }
  }

  static boolean exists(FileSystem fs, Path path) {
    try {
      return fs.exists(path);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot check " + path + ": " + e.getMessage(), e);
    }
  }

  static boolean isDirectory(FileSystem fs, Path path) {
    try {
      return fs.getFileStatus(path).isDirectory();
    } catch (FileNotFoundException e) {
      return false;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot check " + path + ": " + e.getMessage(), e);
    }
  }

  /** The frame images directly inside a folder, in natural name order. */
  static List<String> frames(FileSystem fs, Path dir) {
    List<String> frames = new ArrayList<>();
    for (FileStatus child : children(fs, dir)) {
      if (child.isFile() && FRAME_EXTENSIONS.contains(extension(child.getPath().getName()))) {
        frames.add(child.getPath().toString());
      }
    }
    return frames;
  }

  /** The lower-case extension of a name, without the dot; empty if none. */
  static String extension(String name) {
    int dot = name.lastIndexOf('.');
    int slash = name.lastIndexOf('/');
    return dot > slash && dot > 0 ? name.substring(dot + 1).toLowerCase(Locale.ROOT) : "";
  }

  /** A name without its extension. */
  static String baseName(String name) {
    int dot = name.lastIndexOf('.');
    return dot > 0 ? name.substring(0, dot) : name;
  }

  /** The whole content of a small file as UTF-8. */
  static String readText(FileSystem fs, Path file) {
    return new String(readBytes(fs, file), StandardCharsets.UTF_8);
  }

  /** The whole content of a small file. */
  static byte[] readBytes(FileSystem fs, Path file) {
    try (InputStream in = fs.open(file)) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      byte[] buffer = new byte[8192];
      int n;
      while ((n = in.read(buffer)) > 0) {
        out.write(buffer, 0, n);
        if (out.size() > MAX_METADATA_BYTES) {
          throw new IOException("larger than " + MAX_METADATA_BYTES + " bytes, not a metadata file");
        }
      }
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  /** A short, printable quote of file content for messages (at most 60 characters). */
  static String quote(String content) {
    String oneLine = content.replace("\r", "\\r").replace("\n", "\\n");
    return "'" + (oneLine.length() > 60 ? oneLine.substring(0, 57) + "..." : oneLine) + "'";
  }

  /** Sorted, comma-separated. */
  static String known(java.util.Collection<String> names) {
    return String.join(", ", new TreeSet<>(names));
  }

  /** Accumulates a scan; keeps clip ids unique (a later duplicate is rejected). */
  static final class Collector {
    private final String dataset;
    private final Map<String, ClipSpec> clips = new LinkedHashMap<>();
    private final List<Rejected> rejected = new ArrayList<>();

    Collector(String dataset) {
      this.dataset = dataset;
    }

    void accept(ClipSpec clip) {
      ClipSpec prior = clips.putIfAbsent(clip.clipId(), clip);
      if (prior != null) {
        reject(clip.location(), DatasetErrorCode.DUPLICATE_CLIP, "Invalid clip " + clip.location() + ": its id "
            + clip.clipId() + " is already taken by " + prior.location());
      }
    }

    void reject(String uri, DatasetErrorCode code, String reason) {
      rejected.add(new Rejected(uri, code, reason));
    }

    Scan build(List<String> classNames) {
      return new Scan(dataset, classNames, new ArrayList<>(clips.values()), rejected);
    }
  }

  /**
   * Whether {@code path} is {@code root} or lies below it, after normalising {@code .} and
   * {@code ..}. The paths are compared without scheme and authority (a qualified and an unqualified
   * form of the same root agree), but two different schemes or authorities never match.
   */
  static boolean isInside(Path root, Path path) {
    java.net.URI rootUri = root.toUri();
    java.net.URI pathUri = path.toUri();
    if (rootUri.getScheme() != null && pathUri.getScheme() != null && !rootUri.getScheme().equals(pathUri.getScheme())) {
      return false;
    }
    String rootAuthority = rootUri.getAuthority();
    String pathAuthority = pathUri.getAuthority();
    if (rootAuthority != null && !rootAuthority.isEmpty() && pathAuthority != null && !pathAuthority.isEmpty()
        && !rootAuthority.equals(pathAuthority)) {
      return false;
    }
    String base = rootUri.normalize().getPath();
    String candidate = pathUri.normalize().getPath();
    if (base == null || candidate == null) {
      return false;
    }
    if (base.endsWith("/")) {
      base = base.substring(0, base.length() - 1);
    }
    return candidate.equals(base) || candidate.startsWith(base + "/");
  }
}
