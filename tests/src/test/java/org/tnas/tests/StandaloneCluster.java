package org.tnas.tests;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real Spark standalone cluster on 127.0.0.1 (a master and N workers, separate JVMs started by
 * deploy/bin/local-cluster from the Maven jars), and spark-submit of the application jar to it.
 */
final class StandaloneCluster implements AutoCloseable {
  static final Path ROOT = Path.of(System.getProperty("user.dir")).getParent();
  static final Path APP_JAR = ROOT.resolve("pipelines/target/tnas-app.jar");
  static final Path SPARK_JARS = ROOT.resolve("deploy/target/spark-jars");
  static final Path JVM_OPTIONS = ROOT.resolve("pipelines/target/classes/tnas-jvm.options");

  private final Path stateDir;
  private final int port;
  private final String master;

  StandaloneCluster(Path stateDir, int port, int workers) {
    this.stateDir = stateDir;
    this.port = port;
    Result started = run(List.of(ROOT.resolve("deploy/bin/local-cluster").toString(), "start", Integer.toString(workers), "1", "1200m"),
        environment(), 180);
    if (started.exitCode() != 0) {
      throw new IllegalStateException("Cannot start the standalone cluster: " + started.output());
    }
    this.master = "spark://127.0.0.1:" + port;
  }

  String master() {
    return master;
  }

  /** Kills worker {@code index} (1-based) hard, as a lost machine. */
  void killWorker(int index) {
    try {
      String pid = Files.readString(stateDir.resolve("worker-" + index + ".pid"), StandardCharsets.UTF_8).trim();
      run(List.of("sh", "-c", "pkill -9 -P " + pid + "; kill -9 " + pid), Map.of(), 30);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** spark-submit (client mode) of the application jar with main class org.tnas.pipelines.cli.Tnas. */
  Result submit(List<String> tnasArguments, long timeoutSeconds) {
    return run(submitCommand(tnasArguments), environment(), timeoutSeconds);
  }

  /** Starts spark-submit without waiting; its output goes to {@code log}. */
  Process start(List<String> tnasArguments, Path log) {
    try {
      ProcessBuilder builder = new ProcessBuilder(submitCommand(tnasArguments)).redirectErrorStream(true)
          .redirectOutput(log.toFile());
      builder.environment().putAll(environment());
      return builder.start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private List<String> submitCommand(List<String> tnasArguments) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    try {
      for (String flag : Files.readString(JVM_OPTIONS, StandardCharsets.UTF_8).trim().split("\\s+")) {
        command.add(flag);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    command.add("-Xmx2g");
    command.add("-Dai.djl.offline=true");
    command.add("-cp");
    command.add(SPARK_JARS + File.separator + "*");
    command.add("org.apache.spark.deploy.SparkSubmit");
    command.addAll(List.of("--master", master, "--deploy-mode", "client",
        "--conf", "spark.driver.host=127.0.0.1", "--conf", "spark.executor.memory=900m",
        "--conf", "spark.ui.enabled=false", "--conf", "spark.executor.extraJavaOptions=-Dai.djl.offline=true",
        "--conf", "spark.executorEnv.DJL_OFFLINE=true", "--class", "org.tnas.pipelines.cli.Tnas", APP_JAR.toString()));
    command.addAll(tnasArguments);
    return command;
  }

  private Map<String, String> environment() {
    return Map.of("TNAS_CLUSTER_DIR", stateDir.toString(), "TNAS_MASTER_PORT", Integer.toString(port),
        "TNAS_MASTER_UI_PORT", Integer.toString(port + 1000), "SPARK_LOCAL_IP", "127.0.0.1",
        "SPARK_HOME", stateDir.resolve("spark-home").toString(), "SPARK_SCALA_VERSION", "2.13");
  }

  record Result(int exitCode, String output) {}

  static Result run(List<String> command, Map<String, String> environment, long timeoutSeconds) {
    try {
      ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
      builder.environment().putAll(environment);
      File log = File.createTempFile("tnas-it-", ".log");
      builder.redirectOutput(log);
      Process process = builder.start();
      if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        return new Result(-1, "timed out after " + timeoutSeconds + " s: " + Files.readString(log.toPath()));
      }
      String output = Files.readString(log.toPath(), StandardCharsets.UTF_8);
      Files.deleteIfExists(log.toPath());
      return new Result(process.exitValue(), output);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  @Override
  public void close() {
    run(List.of(ROOT.resolve("deploy/bin/local-cluster").toString(), "stop"), environment(), 60);
  }
}
