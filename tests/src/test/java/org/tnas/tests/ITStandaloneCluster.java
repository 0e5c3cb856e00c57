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
}
