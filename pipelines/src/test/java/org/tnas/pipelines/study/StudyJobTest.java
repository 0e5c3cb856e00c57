package org.tnas.pipelines.study;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tnas.formats.config.StrictConfig;
import org.tnas.pipelines.spark.SparkSessions;
import org.tnas.pipelines.synthesize.SynthesizeJob;
import org.tnas.pipelines.synthesize.SynthesizeSettings;

/**
 * A small study (4 combinations x 2 folds x SNN and ANN, then the specific step) on synthetic
 * faces with a tiny network and 2 epochs: killed after 6 runs and continued on local[2], then
 * the same study from scratch on local[1] gives the same table. Masters allow 3 attempts per task,
 * as a cluster does, because of the sporadic native NaN described in docs/training.md.
 */
class StudyJobTest {
  private static StudySettings settings(String shards, Path output, int maxRuns) {
    return StudySettings.from(StrictConfig.builder(StudySettings.KEYS).confPairs(List.of(
        "study.shards=" + shards, "study.output=" + output.toUri(), "study.combinations=0+1+16+17", "study.folds=2",
        "study.epochs=2", "study.batch-size=8", "study.width-multiplier=0.0625", "study.blocks-per-stage=1",
        "study.time-steps=2", "study.input-size=16", "study.learning-rate=0.05", "study.max-runs=" + maxRuns)).build());
  }

  private static SparkSession session(String master) {
    SparkSession active = SparkSession.getActiveSession().getOrElse(() -> null);
    if (active != null) {
      active.stop();
    }
    SparkSession.clearActiveSession();
    SparkSession.clearDefaultSession();
    return SparkSessions.getOrCreate("study-test", master, Map.of("spark.ui.enabled", "false"));
  }

  @Test
  void aKilledStudyContinuesAndTheTableDoesNotDependOnTheWorkers(@TempDir Path directory) throws Exception {
    // local[N,3]: a task that fails (the sporadic NaN of docs/training.md) is retried, as on a cluster
    SparkSession spark = session("local[2,3]");
    String shards = directory.resolve("faces").toUri().toString();
    SynthesizeJob.run(new SynthesizeSettings(shards, "face", 4, 10, 48, 48, "spiking-fer", 3, 6, 1L << 20, false), spark);

    StudyJob.Result killed = StudyJob.run(settings(shards, directory.resolve("study"), 6), spark, line -> { });
    assertThat(killed.trainedNow()).isEqualTo(6);
    assertThat(killed.rows()).hasSize(6);
    assertThat(killed.pending()).isEqualTo(16 - 6 + 8);
    assertThat(Files.readString(directory.resolve("study/report.md"))).contains("Incomplete: 18 runs are still pending");

    StudyJob.Result continued = StudyJob.run(settings(shards, directory.resolve("study"), 0), spark, line -> { });
    assertThat(continued.trainedNow()).isEqualTo(10 + 8);
    assertThat(continued.pending()).isZero();
    assertThat(continued.rows()).hasSize(24);
    // the finished runs were kept, not trained again
    for (StudyRow row : killed.rows()) {
      assertThat(continued.rows()).anySatisfy(r -> assertThat(r.csv()).isEqualTo(row.csv()));
    }
    // the table is queryable from Spark SQL
    List<Row> counts = spark.read().option("header", "true").option("inferSchema", "true")
        .csv(directory.resolve("study/results.csv").toUri().toString()).groupBy("phase").count().orderBy("phase").collectAsList();
    assertThat(counts.get(0).getString(0)).isEqualTo("common");
    assertThat(counts.get(0).getLong(1)).isEqualTo(16);
    assertThat(counts.get(1).getLong(1)).isEqualTo(8);
    // ... and so is results.arrow, with the same rows
    org.apache.hadoop.fs.Path arrow = new org.apache.hadoop.fs.Path(directory.resolve("study/results.arrow").toUri());
    assertThat(StudyTable.read(arrow, spark.sparkContext().hadoopConfiguration())).isEqualTo(continued.rows());
    assertThat(StudyJob.dataFrame(spark, arrow).where("phase = 'specific'").count()).isEqualTo(8);
    String report = Files.readString(directory.resolve("study/report.md"));
    assertThat(report).contains("## OLS regression of the snn fold WAR").contains("| intercept |").doesNotContain("Incomplete");
    assertThat(Files.size(directory.resolve("study/combinations.png"))).isGreaterThan(1000);
    assertThat(Files.size(directory.resolve("study/specific.png"))).isGreaterThan(1000);

    spark = session("local[1,3]");
    StudyJob.Result single = StudyJob.run(settings(shards, directory.resolve("study-local1"), 0), spark, line -> { });
    assertThat(single.rows().stream().map(StudyRow::scoreKey).toList())
        .isEqualTo(continued.rows().stream().map(StudyRow::scoreKey).toList());
    spark.stop();
  }
}
