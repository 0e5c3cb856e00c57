package org.tnas.tests;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tnas.formats.shards.Manifest;
import org.tnas.formats.shards.SampleEvents;
import org.tnas.formats.shards.ShardFile;
import org.tnas.formats.shards.ShardInfo;
import org.tnas.formats.testing.SharedData;
import org.tnas.pipelines.importer.ImportJob;
import org.tnas.pipelines.importer.ImportResult;
import org.tnas.pipelines.importer.ImportSettings;
import org.tnas.pipelines.inspect.Inspection;
import org.tnas.pipelines.inspect.Inspector;
import org.tnas.pipelines.spark.SparkSessions;

/** {@code tnas import} and {@code tnas inspect} reading from and writing to a real HDFS. */
class ITImportHdfs {
  @TempDir static Path base;
  private static Hdfs hdfs;
  private static SparkSession spark;

  @BeforeAll
  static void start() {
    hdfs = new Hdfs(base.resolve("hdfs"));
    spark = SparkSessions.getOrCreate("it-import-hdfs", "local[2]", Map.of("spark.default.parallelism", "2"));
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
  void importsRealRecordingsFromHdfsIntoShardsOnHdfs() throws Exception {
    Path events = SharedData.require("events/evt3_sample.raw").getParent();
    Configuration conf = hdfs.configuration();
    FileSystem fs = FileSystem.get(java.net.URI.create(hdfs.uri()), conf);
    org.apache.hadoop.fs.Path input = new org.apache.hadoop.fs.Path(hdfs.uri() + "/raw");
    fs.mkdirs(input);
    for (String name : List.of("evt3_sample.raw", "tonic_sample.aedat4", "tonic_sample_ncars.dat")) {
      fs.copyFromLocalFile(new org.apache.hadoop.fs.Path(events.resolve(name).toUri()), new org.apache.hadoop.fs.Path(input, name));
    }
    String output = hdfs.uri() + "/shards/real";
    ImportResult result = ImportJob.run(
        new ImportSettings(List.of(input.toString()), output, null, "shared", null, 2, 4L << 20, false), spark);

    assertThat(result.skipped()).isEmpty();
    assertThat(result.converted()).isEqualTo(3);
    assertThat(result.events()).isEqualTo(219_596L + 111_954L + 2_009L);

    org.apache.hadoop.fs.Path dir = new org.apache.hadoop.fs.Path(output);
    Manifest manifest = Manifest.read(dir, conf);
    assertThat(manifest.sampleIds()).containsExactlyInAnyOrder("evt3_sample", "tonic_sample", "tonic_sample_ncars");
    ShardInfo holder = manifest.shards().stream().filter(s -> s.sampleIds().contains("tonic_sample")).findFirst().orElseThrow();
    try (ShardFile shard = ShardFile.open(new org.apache.hadoop.fs.Path(dir, holder.fileName()), conf)) {
      SampleEvents sample = shard.read("tonic_sample");
      assertThat(sample.events().size()).isEqualTo(111_954);
      assertThat(sample.events().countOn()).isEqualTo(55_023);
      assertThat(sample.geometry().width()).isEqualTo(320);
    }

    Inspection inspection = Inspector.inspect(dir, conf, null);
    assertThat(inspection.kind()).isEqualTo("dataset");
    assertThat(inspection.statistics().count()).isEqualTo(result.events());
    assertThat(fs.exists(new org.apache.hadoop.fs.Path(dir, "_temporary"))).isFalse();
    assertThat(fs.exists(new org.apache.hadoop.fs.Path(dir, ImportJob.REPORT_FILE))).isTrue();
  }
}
