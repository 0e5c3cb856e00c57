package org.tnas.search.results;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Objects;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.tnas.formats.errors.ProjectException;

/**
 * Small helpers for files on any Hadoop file system. {@link #writeAtomically} writes to a hidden
 * temporary file in the target directory and renames it over the target, so a reader (or a resumed
 * run) sees either the old or the new complete file, never a partial one. Stateless, thread-safe.
 */
public final class HadoopFiles {
  private HadoopFiles() {}

  /** Writes {@code bytes} to {@code path} via temporary file + rename. */
  public static void writeAtomically(Path path, Configuration conf, byte[] bytes) {
    Objects.requireNonNull(path, "path is null");
    Objects.requireNonNull(conf, "conf is null");
    Objects.requireNonNull(bytes, "bytes is null");
    Path temporary = new Path(path.getParent(), "." + path.getName() + ".tmp-" + UUID.randomUUID());
    try {
      FileSystem fs = path.getFileSystem(conf);
      fs.mkdirs(path.getParent());
      try (OutputStream output = fs.create(temporary, false)) {
        output.write(bytes);
      }
      if (fs.exists(path) && !fs.delete(path, false)) {
        throw new IOException("cannot replace " + path);
      }
      if (!fs.rename(temporary, path)) {
        throw new IOException("rename of " + temporary + " failed");
      }
    } catch (IOException e) {
      try {
        temporary.getFileSystem(conf).delete(temporary, false);
      } catch (IOException ignored) {
        // best effort; the original failure is reported
      }
      throw new ProjectException(ResultsErrorCode.RESULTS_IO, "Cannot write file: " + path + ": " + e.getMessage(), e);
    }
  }

  /** Whether {@code path} exists. */
  public static boolean exists(Path path, Configuration conf) {
    try {
      return path.getFileSystem(conf).exists(path);
    } catch (IOException e) {
      throw new ProjectException(ResultsErrorCode.RESULTS_IO, "Cannot read file: " + path + ": " + e.getMessage(), e);
    }
  }

  /** Reads a whole file. */
  public static byte[] read(Path path, Configuration conf) {
    try (InputStream input = path.getFileSystem(conf).open(path)) {
      return input.readAllBytes();
    } catch (IOException e) {
      throw new ProjectException(ResultsErrorCode.RESULTS_IO, "Cannot read file: " + path + ": " + e.getMessage(), e);
    }
  }
}
