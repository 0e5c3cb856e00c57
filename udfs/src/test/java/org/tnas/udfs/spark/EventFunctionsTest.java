package org.tnas.udfs.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.tnas.formats.events.EventBatch;
import org.tnas.formats.events.SensorGeometry;
import org.tnas.formats.samples.SampleRecord;
import org.tnas.udfs.core.AugmentationPipeline;
import org.tnas.udfs.core.FrameMode;
import org.tnas.udfs.core.FrameRepresentation;
import org.tnas.udfs.core.FrameTensor;
import org.tnas.udfs.core.Frames;
import org.tnas.udfs.core.Slicing;
import org.tnas.udfs.core.TtfsInputCoding;
import org.tnas.udfs.testing.LocalSpark;

/** The same sample through the Java API, the SQL functions and the Dataset helpers gives the same result. */
class EventFunctionsTest extends LocalSpark {
  private static final SensorGeometry SENSOR = new SensorGeometry(48, 40);
  private static final String SPEC = "spiking_fer";

  private static EventBatch sample(long seed, int n) {
    SplittableRandom random = new SplittableRandom(seed);
    EventBatch batch = new EventBatch(n);
    long t = 1_000_000;
    for (int i = 0; i < n; i++) {
      t += random.nextInt(0, 40);
      batch.add(random.nextInt(48), random.nextInt(40), t, random.nextInt(2));
    }
    return batch;
  }

  private static SampleRecord record(String id, int label) {
    return new SampleRecord(id, "synthetic", "S001", label, "happy", "train", Set.of(1), "memory:" + id, Map.of());
  }

  private static EventBatch first;
  private static EventBatch second;

  @BeforeAll
  static void createSamples() {
    EventFunctions.register(spark);
    first = sample(1, 3000);
    second = sample(2, 500);
    Dataset<Row> samples = SampleRows.createDataset(spark, List.of(
        new SampleRows.Sample(record("ck/S001/001", 0), SENSOR, first),
        new SampleRows.Sample(record("ck/S001/002", 3), SENSOR, second)));
    samples.createOrReplaceTempView("events");
  }

  private static Row only(String id, Dataset<Row> rows) {
    return rows.filter(rows.col(SampleRows.SAMPLE_ID).equalTo(id)).collectAsList().get(0);
  }

  private static float[] floats(Row row, String column) {
    List<Float> list = row.getList(row.fieldIndex(column));
    float[] out = new float[list.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = list.get(i);
    }
    return out;
  }

  @Test
  void sampleRowsRoundTrip() {
    Row row = only("ck/S001/001", spark.table("events"));
    assertThat(spark.table("events").schema()).isEqualTo(SampleRows.SCHEMA);
    EventBatch back = SampleRows.events(row);
    assertThat(back.size()).isEqualTo(first.size());
    assertThat(Arrays.copyOf(back.t(), back.size())).containsExactly(Arrays.copyOf(first.t(), first.size()));
    assertThat(Arrays.copyOf(back.x(), back.size())).containsExactly(Arrays.copyOf(first.x(), first.size()));
    assertThat(SampleRows.geometry(row)).isEqualTo(SENSOR);
    assertThat(row.getInt(row.fieldIndex(SampleRows.LABEL_INDEX))).isZero();
  }

  @Test
  void framesAreTheSameFromJavaSqlAndDataset() {
    FrameRepresentation representation = FrameRepresentation.timeBins(6, FrameMode.BINARY, 32, 32);
    float[] expected = representation.encode(first, SENSOR);
    Row sqlRow = only("ck/S001/001",
        spark.sql("SELECT sample_id, to_frames(x, y, t, p, width, height, 6, 'binary', 32, 32) AS frames FROM events"));
    Row datasetRow = only("ck/S001/001", EventDatasets.encode(spark.table("events"), representation, "frames"));
    assertThat(expected).hasSize(12 * 32 * 32);
    assertThat(floats(sqlRow, "frames")).containsExactly(expected);
    assertThat(floats(datasetRow, "frames")).containsExactly(expected);
  }

  @Test
  void augmentationIsTheSameFromJavaSqlAndDataset() {
    AugmentationPipeline pipeline = AugmentationPipeline.parse(SPEC);
    EventBatch expected = pipeline.apply(first, SENSOR, 42L, "ck/S001/001", 2);
    Row sqlRow = only("ck/S001/001", spark.sql(
        "SELECT sample_id, augment_events(x, y, t, p, width, height, 'spiking_fer', 42, sample_id, 2) AS a FROM events")
        .selectExpr("sample_id", "a.x AS x", "a.y AS y", "a.t AS t", "a.p AS p", "a.width AS width", "a.height AS height"));
    Row datasetRow = only("ck/S001/001", EventDatasets.augment(spark.table("events"), pipeline, 42L, 2));
    for (Row row : List.of(sqlRow, datasetRow)) {
      EventBatch events = SampleRows.events(row);
      assertThat(events.size()).isEqualTo(expected.size());
      assertThat(Arrays.copyOf(events.t(), events.size())).containsExactly(Arrays.copyOf(expected.t(), expected.size()));
      assertThat(Arrays.copyOf(events.x(), events.size())).containsExactly(Arrays.copyOf(expected.x(), expected.size()));
      assertThat(Arrays.copyOf(events.y(), events.size())).containsExactly(Arrays.copyOf(expected.y(), expected.size()));
      assertThat(Arrays.copyOf(events.p(), events.size())).containsExactly(Arrays.copyOf(expected.p(), expected.size()));
      assertThat(SampleRows.geometry(row)).isEqualTo(SENSOR);
    }
    // other columns are kept by the Dataset helper
    assertThat(datasetRow.getString(datasetRow.fieldIndex(SampleRows.SPLIT))).isEqualTo("train");
  }

  @Test
  void resizingPipelineUpdatesTheGeometryColumns() {
    AugmentationPipeline pipeline = AugmentationPipeline.parse("downsample(width=24,height=20)");
    Row row = only("ck/S001/002", EventDatasets.augment(spark.table("events"), pipeline, 1L, 0));
    assertThat(SampleRows.geometry(row)).isEqualTo(new SensorGeometry(24, 20));
    assertThat(SampleRows.events(row).size()).isEqualTo(second.size());
  }

  @Test
  void sliceFramesAndTtfsMatchTheKernels() {
    FrameTensor expected = Frames.toFrames(second, SENSOR, Slicing.parse("event_count=100,overlap=20"), FrameMode.COUNT);
    Row row = only("ck/S001/002", spark.sql(
        "SELECT sample_id, s.slices AS slices, s.frames AS frames FROM "
            + "(SELECT sample_id, slice_frames(x, y, t, p, width, height, 'event_count=100,overlap=20', 'count') AS s FROM events)"));
    assertThat(row.getInt(row.fieldIndex("slices"))).isEqualTo(expected.slices()).isEqualTo(6);
    assertThat(floats(row, "frames")).containsExactly(expected.values());
    float[] values = FrameRepresentation.timeBins(2, FrameMode.COUNT, 8, 8).encode(second, SENSOR);
    float[] times = TtfsInputCoding.perSampleMaximum().spikeTimes(values);
    Row ttfs = only("ck/S001/002", spark.sql(
        "SELECT sample_id, ttfs_spike_times(to_frames(x, y, t, p, width, height, 2, 'count', 8, 8), 'sample_maximum', 1.0) AS times FROM events"));
    assertThat(floats(ttfs, "times")).containsExactly(times);
  }

  @Test
  void seededFunctionsAreDeclaredDeterministic() {
    assertThat(spark.sql("SELECT augment_events(x, y, t, p, width, height, 'spiking_fer', 42, sample_id, 0) FROM events")
        .queryExecution().analyzed().expressions().forall(expression -> expression.deterministic())).isTrue();
    assertThat(EventDatasets.augment(spark.table("events"), AugmentationPipeline.spikingFer(), 1L, 0)
        .queryExecution().analyzed().expressions().forall(expression -> expression.deterministic())).isTrue();
  }

  @Test
  void nullsGiveNullAndBadInputFailsWithTheKernelMessage() {
    Row nulls = sql("SELECT to_frames(x, y, t, p, width, height, 6, NULL, 8, 8) AS f, "
        + "event_problem(x, y, t, p, width, height) AS problem FROM events WHERE sample_id = 'ck/S001/001'").get(0);
    assertThat(nulls.isNullAt(0)).isTrue();
    assertThat(nulls.isNullAt(1)).isTrue();
    Row problem = sql("SELECT event_problem(array(CAST(1 AS SMALLINT), CAST(60 AS SMALLINT)), array(CAST(0 AS SMALLINT), CAST(0 AS SMALLINT)),"
        + " array(CAST(5 AS BIGINT), CAST(6 AS BIGINT)), array(CAST(1 AS TINYINT), CAST(0 AS TINYINT)), 48, 40)").get(0);
    assertThat(problem.getString(0)).isEqualTo("Invalid event 1: x = 60 is outside the sensor 48x40");
    assertThatThrownBy(() -> sql("SELECT to_frames(x, y, t, p, width, height, 0, 'binary', 8, 8) FROM events"))
        .hasStackTraceContaining("Invalid number of time bins: 0");
    assertThatThrownBy(() -> sql("SELECT to_frames(array(CAST(1 AS SMALLINT)), array(CAST(0 AS SMALLINT)),"
        + " array(CAST(-5 AS BIGINT)), array(CAST(1 AS TINYINT)), 48, 40, 6, 'binary', 8, 8)"))
        .hasStackTraceContaining("Invalid event 0: t = -5 is negative");
    assertThatThrownBy(() -> sql("SELECT augment_events(x, y, t, p, width, height, 'hflop', 1, sample_id, 0) FROM events"))
        .hasStackTraceContaining("Invalid augmentation: hflop");
  }
}
