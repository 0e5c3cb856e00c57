package org.tnas.pipelines.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A missing native library is reported by the pre-flight checks with a message naming what to
 * fix: each case runs {@link NativeCheckMain} in a fresh JVM whose class path lacks the native jar
 * (as an application jar built without it would), with an empty native cache.
 */
class PreflightNativeTest {
  private static Result run(String check, String droppedJar, Path cache, String... extra) throws Exception {
    String classPath = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
        .filter(entry -> !entry.matches(droppedJar)).collect(Collectors.joining(File.pathSeparator));
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
    command.addAll(List.of(extra));
    command.addAll(List.of("-cp", classPath, NativeCheckMain.class.getName(), check));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().put("DJL_CACHE_DIR", cache.toString());
    builder.environment().put("DJL_OFFLINE", "true");
    builder.environment().remove("PYTORCH_LIBRARY_PATH");
    Process process = builder.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    return new Result(process.waitFor(), output);
  }

  private record Result(int exitCode, String output) {}

  @Test
  void aMissingPyTorchNativeLibraryIsNamed(@TempDir Path dir) throws Exception {
    Result result = run("pytorch", ".*pytorch-native-cpu.*\\.jar", Files.createDirectories(dir.resolve("djl")));
    assertThat(result.exitCode()).as(result.output()).isEqualTo(2);
    assertThat(result.output()).contains("NATIVE_LIBRARY_MISSING: Cannot load the PyTorch native library: ")
        .contains("pytorch-native-cpu linux-x86_64 on the classpath").contains("(now: " + dir.resolve("djl") + ")");
  }

  @Test
  void aMissingOpenCvNativeLibraryIsNamed(@TempDir Path dir) throws Exception {
    Result result = run("video", ".*opencv-[0-9.-]+-linux-x86_64\\.jar", dir, "-Dorg.bytedeco.javacpp.cachedir=" + dir.resolve("cpp"));
    assertThat(result.exitCode()).as(result.output()).isEqualTo(2);
    assertThat(result.output()).contains("NATIVE_LIBRARY_MISSING: Cannot load the FFmpeg/OpenCV native libraries: UnsatisfiedLinkError")
        .contains("(now: " + dir.resolve("cpp") + ")");
  }

  @Test
  void thePresentLibrariesLoad(@TempDir Path dir) throws Exception {
    Result result = run("video", "(?!)", dir);
    assertThat(result.output()).contains("loaded");
    assertThat(result.exitCode()).isZero();
  }
}
