package org.tnas.search.training;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The process environment every JVM that runs PyTorch needs so that a candidate's scores do not
 * depend on the machine ("same result on any machine", docs/search.md).
 *
 * <p>PyTorch's CPU kernels choose their code path by instruction set when the native library
 * loads: ATen's own kernels by {@code ATEN_CPU_CAPABILITY}, oneDNN's (convolutions) by {@code
 * ONEDNN_MAX_CPU_ISA}, MKL's by {@code MKL_CBWR}. Measured on an AVX-512 machine (docs/search.md,
 * "Same result on any machine"): capping oneDNN or MKL at AVX2 changes every score (SynOps by up to
 * 10 %), so an AVX-512 node and an AVX2 node rank candidates differently. The {@value #PORTABLE}
 * mode (the default) pins all three to paths every x86-64 server has: ATen's {@code default}
 * kernels, oneDNN capped at SSE4.1 (its GEMM-based convolution) and MKL's {@code COMPATIBLE}
 * branch. Not AVX2: on the project's AVX-512 machine a convolution through oneDNN's AVX2 kernel
 * returned non-finite values in 2, 24 and 2 of 60 identical calls in three processes (through its
 * AVX-512 and SSE4.1 kernels in none of 60 each), which turned candidates invalid at random; the
 * root cause (the kernel, or bad memory such as DJL's {@code set(Buffer)}) is not established.
 * {@value #NATIVE} leaves them alone (each node's fastest path; results then depend on the CPU).
 *
 * <p>The variables are read once, when the native library loads, so they must be in the
 * environment of the JVM before it starts: {@code deploy/bin/tnas}, {@code
 * deploy/bin/spark-submit-tnas} and the Maven test plugins set them for the driver, and {@link
 * #executorSettings} gives the {@code spark.executorEnv.*} entries for the executors (set by the
 * wrapper and by the driver before its SparkSession starts). {@link DjlEngines} checks at engine
 * load that they are in effect and warns, naming the fix, when they are not.
 *
 * <p>Independently of the mode, {@code OMP_WAIT_POLICY=PASSIVE}: OpenMP threads that wait for work
 * sleep instead of spinning, so two PyTorch processes or tasks sharing cores do not starve each
 * other (a retraining went from about 2 s to 70-95 s with the default spinning).
 *
 * <p>The mode comes from the system property {@value #MODE_PROPERTY}, else the environment
 * variable {@value #MODE_VARIABLE}, else {@value #PORTABLE}. Stateless and thread-safe.
 */
public final class NumericsEnvironment {
  /** System property naming the mode ({@value #PORTABLE} or {@value #NATIVE}). */
  public static final String MODE_PROPERTY = "tnas.numerics";
  /** Environment variable naming the mode, read by the launcher scripts and when the property is absent. */
  public static final String MODE_VARIABLE = "TNAS_NUMERICS";
  /** Every node takes the same code paths, available on any x86-64 CPU with SSE4.1 (the default). */
  public static final String PORTABLE = "portable";
  /** Each node uses its fastest code path; results may differ between CPU generations. */
  public static final String NATIVE = "native";
  /** The default mode. */
  public static final String MODE_DEFAULT = PORTABLE;

  /** ATen's kernel dispatch cap (values default, avx2, avx512). */
  public static final String ATEN_CAPABILITY = "ATEN_CPU_CAPABILITY";
  /** oneDNN's instruction-set cap. */
  public static final String ONEDNN_ISA = "ONEDNN_MAX_CPU_ISA";
  /** MKL's conditional numerical reproducibility branch. */
  public static final String MKL_BRANCH = "MKL_CBWR";
  /** OpenMP's waiting policy. */
  public static final String OMP_WAIT_POLICY = "OMP_WAIT_POLICY";

  private static final Map<String, String> PORTABLE_ENVIRONMENT = orderedMap(
      ATEN_CAPABILITY, "default", ONEDNN_ISA, "SSE41", MKL_BRANCH, "COMPATIBLE");
  private static final Map<String, String> SHARING_ENVIRONMENT = orderedMap(OMP_WAIT_POLICY, "PASSIVE");

  private NumericsEnvironment() {}

  /** The mode of this JVM: the system property, else the environment variable, else the default. */
  public static String mode() {
    String value = System.getProperty(MODE_PROPERTY);
    if (value == null || value.isBlank()) {
      value = System.getenv(MODE_VARIABLE);
    }
    return checkMode(value == null || value.isBlank() ? MODE_DEFAULT : value.trim());
  }

  /**
   * Returns {@code mode} if it is {@value #PORTABLE} or {@value #NATIVE}.
   *
   * @throws IllegalArgumentException "Invalid tnas.numerics: ..." otherwise
   */
  public static String checkMode(String mode) {
    if (PORTABLE.equals(mode) || NATIVE.equals(mode)) {
      return mode;
    }
    throw new IllegalArgumentException("Invalid " + MODE_PROPERTY + ": " + mode + " (expected " + PORTABLE + " or "
        + NATIVE + ")");
  }

  /**
   * The environment variables (name to value, in a fixed order) a JVM that runs PyTorch needs in
   * {@code mode}: the portable caps in {@value #PORTABLE} mode, and {@code OMP_WAIT_POLICY=PASSIVE}
   * in both.
   */
  public static Map<String, String> environment(String mode) {
    Map<String, String> environment = new LinkedHashMap<>();
    if (checkMode(mode).equals(PORTABLE)) {
      environment.putAll(PORTABLE_ENVIRONMENT);
    }
    environment.putAll(SHARING_ENVIRONMENT);
    return java.util.Collections.unmodifiableMap(environment);
  }

  /**
   * The Spark settings that give every executor this environment: {@code spark.executorEnv.<name>}
   * for each variable of {@link #environment} and for {@value #MODE_VARIABLE} (so the executor's
   * own check knows the mode). Set them with {@code setIfMissing}, so a user's value wins.
   */
  public static Map<String, String> executorSettings(String mode) {
    Map<String, String> settings = new LinkedHashMap<>();
    settings.put("spark.executorEnv." + MODE_VARIABLE, checkMode(mode));
    environment(mode).forEach((name, value) -> settings.put("spark.executorEnv." + name, value));
    return java.util.Collections.unmodifiableMap(settings);
  }

  /**
   * What is wrong with {@code actual} (a process environment) for {@code mode}: one line per
   * variable that is missing or has another value, empty when all is in effect. Pure.
   */
  public static List<String> deviations(String mode, Map<String, String> actual) {
    Objects.requireNonNull(actual, "actual is null");
    List<String> deviations = new ArrayList<>();
    environment(mode).forEach((name, expected) -> {
      String value = actual.get(name);
      if (value == null) {
        deviations.add(name + " is not set (expected " + expected + ")");
      } else if (!value.trim().equalsIgnoreCase(expected)) {
        deviations.add(name + "=" + value + " (expected " + expected + ")");
      }
    });
    return List.copyOf(deviations);
  }

  /**
   * The warning for {@code deviations} (non-empty) in {@code mode}: what differs, what it means and
   * how to fix it.
   */
  public static String warning(String mode, List<String> deviations) {
    String consequence = mode.equals(PORTABLE)
        ? "scores of this JVM may differ from those of other machines (CPU generation)"
        : "PyTorch threads spin while waiting and slow down other processes on the same cores";
    return String.format(Locale.ROOT, "[tnas] warning: the native numerics environment (%s=%s) is not in effect "
        + "in this JVM: %s; %s. Fix: start it through deploy/bin/tnas or deploy/bin/spark-submit-tnas, or export "
        + "%s before the JVM starts (executors: spark.executorEnv.<name>); %s=%s turns the caps off.",
        MODE_PROPERTY, mode, String.join(", ", deviations), consequence, assignments(environment(mode)),
        MODE_VARIABLE, NATIVE);
  }

  /**
   * Whether this CPU (Linux /proc/cpuinfo) lacks SSE4.1, so that the {@value #PORTABLE} caps cannot
   * make it compute as the other nodes do; false when the flags cannot be read.
   */
  public static boolean cpuLacksSse41() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"), StandardCharsets.UTF_8)) {
        if (line.startsWith("flags")) {
          return !List.of(line.substring(line.indexOf(':') + 1).trim().split("\\s+")).contains("sse4_1");
        }
      }
    } catch (IOException | RuntimeException e) {
      // not Linux, or not readable: nothing to say
    }
    return false;
  }

  private static String assignments(Map<String, String> environment) {
    List<String> parts = new ArrayList<>();
    environment.forEach((name, value) -> parts.add(name + "=" + value));
    return String.join(" ", parts);
  }

  private static Map<String, String> orderedMap(String... keysAndValues) {
    Map<String, String> map = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      map.put(keysAndValues[i], keysAndValues[i + 1]);
    }
    return java.util.Collections.unmodifiableMap(map);
  }
}
