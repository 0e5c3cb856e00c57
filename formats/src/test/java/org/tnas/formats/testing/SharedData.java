package org.tnas.formats.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Optional;

/**
 * Locates the project's shared real test data ({@code <checkout parent>/shared/data}, see
 * /work/shared/data/README.md) by walking up from {@code user.dir}, so tests work from the
 * repository root and from a module directory alike. Tests call {@link #require(String)}, which
 * SKIPS the test (JUnit assumption) with a clear message when the data is absent, so a plain
 * clone of the project still passes. The data is read in place and never copied into the repo.
 */
public final class SharedData {
  private SharedData() {}

  /** The shared data root, if found within 5 parents of the working directory. */
  public static Optional<Path> root() {
    Path dir = Paths.get(System.getProperty("user.dir")).toAbsolutePath();
    for (int i = 0; i < 6 && dir != null; i++, dir = dir.getParent()) {
      Path candidate = dir.resolve("shared").resolve("data");
      if (Files.isDirectory(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  /** The file at {@code relative} under the shared data root, or skips the calling test. */
  public static Path require(String relative) {
    Optional<Path> root = root();
    assumeTrue(root.isPresent(), "Skipping: shared test data (../shared/data beside the checkout) is absent");
    Path file = root.get().resolve(relative);
    assumeTrue(Files.isRegularFile(file), "Skipping: shared test file " + file + " is absent");
    return file;
  }
}
