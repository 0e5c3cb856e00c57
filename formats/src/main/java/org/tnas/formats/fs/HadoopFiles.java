package org.tnas.formats.fs;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Objects;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.ChecksumFileSystem;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.tnas.formats.errors.EventErrorCode;
import org.tnas.formats.errors.ProjectException;

/**
 * Small whole-file operations on any Hadoop file system, each failing with one shape: a {@link
 * ProjectException} with {@link EventErrorCode#IO_FAILURE} and the message {@code "Cannot <action>:
 * <path>: <cause>"}.
 *
 * <p>{@link #writeAtomically} writes to a hidden temporary file beside the target ({@code
 * .<name>.tmp-<uuid>}, which Hadoop and Spark listings skip) and renames it into place, so a reader
 * (or a resumed run) sees the old complete file or the new one, never a partial one. On the local
 * file system no {@code .crc} checksum files are left beside the written file.
 *
 * <p>Stateless and thread safe.
 */
public final class HadoopFiles {
  private HadoopFiles() {}

  /** Whether an existing file may be replaced by {@link #writeAtomically}. */
  public enum Existing {
    /** An existing file is replaced (delete, then rename; readers see the old or the new file). */
    REPLACE,
    /** An existing file makes the write fail; the existing file is kept. */
    KEEP
  }

  /** Writes {@code bytes} to {@code path} via a temporary file and a rename, replacing a previous file. */
  public static void writeAtomically(Path path, Configuration conf, byte[] bytes) {
    writeAtomically(path, conf, bytes, Existing.REPLACE);
  }

  /**
   * Writes {@code bytes} to {@code path} via a temporary file and a rename; the parent directory is
   * created when missing.
   *
   * @throws ProjectException IO_FAILURE "Cannot write file: path: cause" when the file system fails,
   *     or when the file exists and {@code existing} is {@link Existing#KEEP}
   */
  public static void writeAtomically(Path path, Configuration conf, byte[] bytes, Existing existing) {
    Objects.requireNonNull(path, "path is null");
    Objects.requireNonNull(conf, "conf is null");
    Objects.requireNonNull(bytes, "bytes is null");
    Objects.requireNonNull(existing, "existing is null");
    Path temporary = new Path(path.getParent(), "." + path.getName() + ".tmp-" + UUID.randomUUID());
    FileSystem fs = null;
    try {
      fs = path.getFileSystem(conf);
      fs.mkdirs(path.getParent());
      try (OutputStream output = createWithoutChecksum(fs, temporary)) {
        output.write(bytes);
      }
      rename(fs, temporary, path, existing);
    } catch (IOException e) {
      if (fs != null) {
        deleteQuietly(fs, temporary);
      }
      throw failure("write file", path, e);
    }
  }

  /**
   * Moves a complete temporary file to its final name (the commit step of a streamed write).
   *
   * @throws ProjectException IO_FAILURE "Cannot write file: target: cause" when the rename fails or,
   *     with {@link Existing#KEEP}, the target exists
   */
  public static void commit(FileSystem fs, Path temporary, Path target, Existing existing) {
    Objects.requireNonNull(fs, "fs is null");
    Objects.requireNonNull(temporary, "temporary is null");
    Objects.requireNonNull(target, "target is null");
    Objects.requireNonNull(existing, "existing is null");
    try {
      rename(fs, temporary, target, existing);
    } catch (IOException e) {
      throw failure("write file", target, e);
    }
  }

  /**
   * Reads a whole file.
   *
   * @throws ProjectException IO_FAILURE "Cannot read file: path: cause" (also when it does not exist)
   */
  public static byte[] read(Path path, Configuration conf) {
    Objects.requireNonNull(path, "path is null");
    Objects.requireNonNull(conf, "conf is null");
    try (InputStream input = path.getFileSystem(conf).open(path)) {
      return input.readAllBytes();
    } catch (IOException e) {
      throw failure("read file", path, e);
    }
  }

  /**
   * Whether {@code path} exists (file or directory).
   *
   * @throws ProjectException IO_FAILURE "Cannot check file: path: cause" when the file system fails
   */
  public static boolean exists(Path path, Configuration conf) {
    Objects.requireNonNull(path, "path is null");
    Objects.requireNonNull(conf, "conf is null");
    try {
      return path.getFileSystem(conf).exists(path);
    } catch (IOException e) {
      throw failure("check file", path, e);
    }
  }

  /**
   * Opens a file for reading as a seekable channel ({@link HadoopInputChannel}); the caller closes it.
   *
   * @throws ProjectException IO_FAILURE "Cannot open file: path: cause" (also when it does not exist)
   */
  public static HadoopInputChannel openChannel(FileSystem fs, Path path) {
    Objects.requireNonNull(fs, "fs is null");
    Objects.requireNonNull(path, "path is null");
    try {
      long size = fs.getFileStatus(path).getLen();
      return new HadoopInputChannel(fs.open(path), size);
    } catch (IOException e) {
      throw failure("open file", path, e);
    }
  }

  /** The one error shape of this class: IO_FAILURE, "Cannot {action}: {path}: {cause}". */
  public static ProjectException failure(String action, Path path, IOException cause) {
    String reason = cause instanceof FileNotFoundException ? "it does not exist" : String.valueOf(cause.getMessage());
    return new ProjectException(EventErrorCode.IO_FAILURE, "Cannot " + action + ": " + path + ": " + reason, cause);
  }

  private static void rename(FileSystem fs, Path temporary, Path target, Existing existing) throws IOException {
    if (fs.exists(target)) {
      if (existing == Existing.KEEP) {
        deleteQuietly(fs, temporary);
        throw new IOException("it already exists");
      }
      if (!fs.delete(target, false)) {
        deleteQuietly(fs, temporary);
        throw new IOException("the existing file cannot be replaced");
      }
    }
    if (!fs.rename(temporary, target)) {
      deleteQuietly(fs, temporary);
      throw new IOException("rename of " + temporary + " failed");
    }
  }

  /**
   * Creates a file; on a checksummed file system (the local one) without the {@code .crc} side
   * file, so that a report directory holds only the files written to it.
   */
  private static OutputStream createWithoutChecksum(FileSystem fs, Path path) throws IOException {
    if (fs instanceof ChecksumFileSystem checksummed) {
      return checksummed.getRawFileSystem().create(path, false);
    }
    return fs.create(path, false);
  }

  private static void deleteQuietly(FileSystem fs, Path path) {
    try {
      fs.delete(path, false);
    } catch (IOException ignored) {
      // best effort; the original failure is reported
    }
  }
}
