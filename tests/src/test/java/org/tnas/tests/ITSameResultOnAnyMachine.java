package org.tnas.tests;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tnas.search.evaluation.EvaluationResult;
import org.tnas.search.results.ResultTable;
import org.tnas.search.run.SearchRun;
import org.tnas.search.training.NumericsEnvironment;

/**
 * Same result on any machine (docs/search.md): the same search scored in separate JVMs gives
 * identical result tables when one imitates an older AVX2-only node with one core and the other is
 * started through the project's normal path on this machine ({@code deploy/bin/tnas}, whose default
 * {@code TNAS_NUMERICS=portable} sets the pinned environment itself, two Spark task slots). The
 * older node is a plain {@code java} command (no launcher) whose JVM is limited to AVX2 ({@code
 * -XX:UseAVX=2}) and whose environment holds what an AVX2 node's launcher sets: the portable pins,
 * which lie below AVX2, so they are the same on both; PyTorch's thread count per scoring thread is
 * fixed (1). The control, the pin turned off ({@code TNAS_NUMERICS=native}), scored differently on
 * the project's AMD EPYC (oneDNN's AVX-512 convolution); without AVX-512 that part is skipped, and
 * where the native paths give the same table (an Intel Xeon with AVX-512 and AMX did) the test ends
 * as inconclusive (aborted) rather than passed, since it then shows no sensitivity to the pin.
 */
class ITSameResultOnAnyMachine {
  private static final Path ROOT = StandaloneCluster.ROOT;
  /** The variables that select PyTorch's code paths; removed so that only the launcher sets them. */
  private static final List<String> NUMERICS_VARIABLES = List.of("TNAS_NUMERICS", "ATEN_CPU_CAPABILITY",
      "ONEDNN_MAX_CPU_ISA", "MKL_CBWR", "OMP_WAIT_POLICY");

  @TempDir static Path base;

  @BeforeAll
  static void trainSupernet() {
    // shards and a supernet, trained once (its own search is not compared)
    Result result = run(launcher(List.of("pipeline", "-o", base.resolve("trained").toString(),
        "--conf", "pipeline.synthetic.clips-per-class=10", "--conf", "pipeline.supernet.epochs=2",
        "--conf", "pipeline.final-model=false", "--conf", "pipeline.baseline=false",
        "--conf", "pipeline.evaluator=in-process", "--conf", "pipeline.ranking.subnets=0",
        "--conf", "search.population-size=2", "--conf", "search.top-k=1",
        "--conf", "search.mutation.count=1", "--conf", "search.crossover.count=0", "--conf", "search.generations=1")),
        Map.of());
    assertThat(result.exitCode()).as(result.output()).isZero();
  }

  private static List<String> searchArguments(String name, String master) {
    return List.of("search", "--master", master, "-o", base.resolve(name).toString(),
        "--shards", base.resolve("trained/shards").toString(), "--supernet", base.resolve("trained/supernet.ckpt").toString(),
        "--conf", "search.population-size=8", "--conf", "search.top-k=2", "--conf", "search.mutation.count=3",
        "--conf", "search.crossover.count=3", "--conf", "search.generations=2", "--conf", "search.seed=5",
        "--conf", "search.scoring.spiking-samples=16", "--conf", "pipeline.ranking.subnets=0",
        "--conf", "pipeline.baseline=false");
  }

  @Test
  void anAvx2NodeAndTheNormalPathOnThisMachineGiveIdenticalResultTables() throws IOException {
    Map<String, String> avx2Node = new HashMap<>(NumericsEnvironment.environment(NumericsEnvironment.PORTABLE));
    avx2Node.put(NumericsEnvironment.MODE_VARIABLE, NumericsEnvironment.PORTABLE);
    Result older = run(plainJava(searchArguments("avx2-node", "local[1]")), avx2Node);
    assertThat(older.exitCode()).as(older.output()).isZero();
    assertThat(older.output()).doesNotContain("[tnas] warning");
    Result normal = run(launcher(searchArguments("normal-path", "local[2]")), Map.of());
    assertThat(normal.exitCode()).as(normal.output()).isZero();
    assertThat(normal.output()).doesNotContain("[tnas] warning");

    List<EvaluationResult> reference = rows("avx2-node");
    assertThat(reference).hasSize(16);
    assertThat(reference.stream().filter(EvaluationResult::isOk).count()).as("valid candidates").isGreaterThan(7);
    assertThat(rows("normal-path")).isEqualTo(reference);

    // control: the pin turned off on this machine
    Result unpinned = run(launcher(searchArguments("native", "local[2]")), Map.of("TNAS_NUMERICS", "native"));
    assertThat(unpinned.exitCode()).as(unpinned.output()).isZero();
    Assumptions.assumeTrue(cpuFlags().contains("avx512f"),
        "Skipping the control: this CPU has no AVX-512, so its native numerics are the AVX2 ones");
    // inconclusive, not failed, where the unpinned paths happen to score this small search the same
    // (seen on an Intel Xeon with AVX-512 and AMX, 2026-12-06); on the AMD EPYC they differed
    Assumptions.assumeFalse(rows("native").equals(reference),
        "The control is inconclusive on this CPU (" + cpuModel() + "): TNAS_NUMERICS=native gave the same"
            + " result table as the pinned runs, so this run does not show that the pin matters here");
  }

  private static String cpuModel() throws IOException {
    String model = cpuInfo("model name");
    return model.isEmpty() ? "unknown CPU" : model;
  }

  /** The value of the first /proc/cpuinfo line that starts with {@code key}, or "". */
  private static String cpuInfo(String key) throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"), StandardCharsets.UTF_8)) {
      if (line.startsWith(key)) {
        return line.substring(line.indexOf(':') + 1).trim();
      }
    }
    return "";
  }

  private static List<EvaluationResult> rows(String name) {
    return ResultTable.read(new org.apache.hadoop.fs.Path(base.resolve(name).resolve("search")
        .resolve(SearchRun.RESULTS_FILE).toUri()), new Configuration()).stream()
        .map(EvaluationResult::withoutRunEnvironment).toList();
  }

  private static List<String> cpuFlags() throws IOException {
    String flags = cpuInfo("flags");
    return flags.isEmpty() ? List.of() : List.of(flags.split("\\s+"));
  }

  private static List<String> launcher(List<String> arguments) {
    List<String> command = new ArrayList<>();
    command.add(ROOT.resolve("deploy/bin/tnas").toString());
    command.addAll(arguments);
    return command;
  }

  /** A JVM started without the launcher, limited to AVX2, as on an older node. */
  private static List<String> plainJava(List<String> arguments) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    for (String flag : Files.readString(StandaloneCluster.JVM_OPTIONS, StandardCharsets.UTF_8).trim().split("\\s+")) {
      command.add(flag);
    }
    command.addAll(List.of("-Xmx2g", "-XX:UseAVX=2", "-Dai.djl.offline=true", "-cp",
        ROOT.resolve("pipelines/target/tnas-pipelines.jar") + File.pathSeparator
            + ROOT.resolve("pipelines/target/lib") + File.separator + "*",
        "org.tnas.pipelines.cli.Tnas"));
    command.addAll(arguments);
    return command;
  }

  record Result(int exitCode, String output) {}

  /** Runs {@code command} with this JVM's environment minus the numerics variables, plus {@code extra}. */
  private static Result run(List<String> command, Map<String, String> extra) {
    try {
      ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
      Map<String, String> environment = builder.environment();
      NUMERICS_VARIABLES.forEach(environment::remove);
      environment.putAll(new HashMap<>(extra));
      environment.put("SPARK_LOCAL_IP", "127.0.0.1");
      File log = File.createTempFile("tnas-numerics-", ".log");
      builder.redirectOutput(log);
      Process process = builder.start();
      if (!process.waitFor(600, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        return new Result(-1, "timed out: " + Files.readString(log.toPath()));
      }
      String output = Files.readString(log.toPath(), StandardCharsets.UTF_8);
      Files.deleteIfExists(log.toPath());
      return new Result(process.exitValue(), output);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
