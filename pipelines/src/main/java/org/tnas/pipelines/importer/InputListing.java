package org.tnas.pipelines.importer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.tnas.formats.errors.EventErrorCode;
import org.tnas.formats.errors.ProjectException;

/**
 * Expands the inputs of an import (files, directories walked recursively, glob patterns) on any
 * Hadoop file system into a sorted, de-duplicated list of {@link InputFile}s. Hidden files (names
 * starting with {@code .} or {@code _}) are ignored. The order depends only on the URIs, so the same
 * inputs always give the same shards.
 */
public final class InputListing {
  private InputListing() {}

  /** Lists the files of the given inputs. */
  public static List<InputFile> list(List<String> inputs, Configuration conf) {
    TreeMap<String, InputFile> files = new TreeMap<>();
    for (String input : inputs) {
      Path pattern = new Path(input);
      try {
        FileSystem fs = pattern.getFileSystem(conf);
        FileStatus[] matches = fs.globStatus(pattern);
        if (matches == null || matches.length == 0) {
          throw new ProjectException(EventErrorCode.INPUT_NOT_FOUND, "Cannot import: input does not exist: " + input);
        }
        for (FileStatus match : matches) {
          Path root = match.getPath();
          if (match.isDirectory()) {
            RemoteIterator<LocatedFileStatus> iterator = fs.listFiles(root, true);
            while (iterator.hasNext()) {
              LocatedFileStatus status = iterator.next();
              if (status.isFile() && !isHidden(root, status.getPath())) {
                String uri = status.getPath().toString();
                files.put(uri, new InputFile(uri, status.getLen(), sampleId(root, status.getPath())));
              }
            }
          } else {
            String uri = root.toString();
            files.put(uri, new InputFile(uri, match.getLen(), stripExtension(root.getName())));
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot list input " + input + ": " + e.getMessage(), e);
      }
    }
    List<InputFile> sorted = new ArrayList<>(files.values());
    sorted.sort(Comparator.comparing(InputFile::uri));
    return sorted;
  }

  /** Splits a sorted list into consecutive groups of at most {@code perGroup} files. */
  public static List<List<InputFile>> group(List<InputFile> files, int perGroup) {
    if (perGroup <= 0) {
      throw new IllegalArgumentException("Invalid files per task: " + perGroup);
    }
    List<List<InputFile>> groups = new ArrayList<>();
    for (int i = 0; i < files.size(); i += perGroup) {
      groups.add(List.copyOf(files.subList(i, Math.min(files.size(), i + perGroup))));
    }
    return groups;
  }

  static String sampleId(Path root, Path file) {
    String rootText = root.toUri().getPath();
    String fileText = file.toUri().getPath();
    String relative = fileText.startsWith(rootText + "/") ? fileText.substring(rootText.length() + 1) : file.getName();
    return stripExtension(relative);
  }

  static String stripExtension(String name) {
    int slash = name.lastIndexOf('/');
    int dot = name.lastIndexOf('.');
    return dot > slash + 1 ? name.substring(0, dot) : name;
  }

  private static boolean isHidden(Path root, Path file) {
    String rootText = root.toUri().getPath();
    String relative = file.toUri().getPath().substring(Math.min(file.toUri().getPath().length(), rootText.length()));
    for (String part : relative.split("/")) {
      if (part.startsWith(".") || part.startsWith("_")) {
        return true;
      }
    }
    return false;
  }
}
