package org.tnas.pipelines.datasets;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import javax.imageio.ImageIO;
import org.apache.hadoop.conf.Configuration;

/** Builds tiny dataset trees on the local disk for adapter tests (1x1 images, empty videos). */
final class FakeTrees {
  static final Configuration CONF = new Configuration();

  private FakeTrees() {}

  /** Writes 1x1 images (format from the extension) named {@code names} into {@code dir}. */
  static Path frames(Path dir, String... names) {
    try {
      Files.createDirectories(dir);
      for (String name : names) {
        BufferedImage image = new BufferedImage(1, 1, BufferedImage.TYPE_BYTE_GRAY);
        String format = name.endsWith(".png") ? "png" : "jpg";
        if (!ImageIO.write(image, format, dir.resolve(name).toFile())) {
          throw new IllegalStateException("Cannot write " + format);
        }
      }
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Writes a text file (parents created). */
  static Path file(Path file, String content) {
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(file, content);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** An empty placeholder file (a "video": adapters only list, never decode). */
  static Path empty(Path file) {
    return file(file, "");
  }

  static Path dir(Path dir) {
    try {
      return Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The Hadoop path of a local path. */
  static org.apache.hadoop.fs.Path hadoop(Path path) {
    // through the String form: decoded (%20 -> space) and without a folder's trailing slash, as listings give it
    return new org.apache.hadoop.fs.Path(new org.apache.hadoop.fs.Path(path.toUri()).toString());
  }

  /** The Hadoop path string of a local path, as adapters report it. */
  static String uri(Path path) {
    return hadoop(path).toString();
  }

  /** The file names of a clip's sources. */
  static List<String> names(ClipSpec clip) {
    return clip.sources().stream().map(s -> new org.apache.hadoop.fs.Path(s).getName()).collect(Collectors.toList());
  }
}
