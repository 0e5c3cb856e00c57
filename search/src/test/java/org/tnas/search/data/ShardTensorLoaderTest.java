package org.tnas.search.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tnas.formats.errors.ProjectException;
import org.tnas.formats.events.EventBatch;
import org.tnas.formats.events.SensorGeometry;
import org.tnas.formats.samples.SampleRecord;
import org.tnas.formats.shards.Manifest;
import org.tnas.formats.shards.ShardInfo;
import org.tnas.formats.shards.ShardSetWriter;
import org.tnas.formats.shards.ShardWriterOptions;
import org.tnas.search.evaluation.EvaluationData;
import org.tnas.udfs.core.FrameMode;
import org.tnas.udfs.core.FrameRepresentation;

class ShardTensorLoaderTest {
  private static final Configuration CONF = new Configuration();
  private static final SensorGeometry GEOMETRY = new SensorGeometry(8, 8);
  private static final FrameRepresentation FRAMES = FrameRepresentation.timeBins(2, FrameMode.BINARY, 8, 8);

  /** Sample i: label i % 3, in the test split of fold i % 4, one ON event at pixel (i % 8, 0) early and one OFF late. */
  private static org.apache.hadoop.fs.Path writeShards(Path dir, int count, boolean labelled) {
    org.apache.hadoop.fs.Path shards = new org.apache.hadoop.fs.Path(dir.resolve("shards").toUri());
    List<ShardInfo> infos = new ArrayList<>();
    try (ShardSetWriter writer = ShardSetWriter.open(shards, CONF, ShardWriterOptions.defaults().withTargetShardBytes(2048), "w")) {
      for (int i = 0; i < count; i++) {
        EventBatch events = new EventBatch();
        events.add(i % 8, 0, 0, 1);
        events.add(i % 8, 7, 100, 0);
        SampleRecord record = new SampleRecord(String.format("s%02d", i), "unit", "p" + i, labelled ? i % 3 : -1,
            labelled ? "class" + (i % 3) : "", "", Set.of(i % 4), "mem", Map.of());
        writer.write(record, GEOMETRY, events);
      }
      infos.addAll(writer.finish());
    }
    Manifest.commit(shards, CONF, infos, Map.of());
    return shards;
  }

  @Test
  void encodesTheSelectedSamplesInManifestOrderWithTheirLabels(@TempDir Path dir) {
    org.apache.hadoop.fs.Path shards = writeShards(dir, 12, true);
    LabelledTensorSet training = ShardTensorLoader.load(shards, CONF, FRAMES, 3,
        ShardTensorLoader.trainingSelection(1), null, 7, 0);
    // fold 1 holds out samples 1, 5, 9
    assertThat(training.sampleIds()).containsExactly("s00", "s02", "s03", "s04", "s06", "s07", "s08", "s10", "s11");
    assertThat(training.channels()).isEqualTo(4);
    assertThat(training.label(1)).isEqualTo(2);
    float[] s02 = training.input(1);
    // channel = 2 * bin + polarity: the ON event at (2, 0) in bin 0, the OFF event at (2, 7) in bin 1
    assertThat(s02[1 * 64 + 0 * 8 + 2]).isEqualTo(1f);
    assertThat(s02[2 * 64 + 7 * 8 + 2]).isEqualTo(1f);
    double sum = 0;
    for (float v : s02) {
      sum += v;
    }
    assertThat(sum).isEqualTo(2.0);

    LabelledTensorSet test = ShardTensorLoader.load(shards, CONF, FRAMES, 3, ShardTensorLoader.testSelection(1), null, 7, 0);
    assertThat(test.sampleIds()).containsExactly("s01", "s05", "s09");
  }

  @Test
  void dataSourceSplitsTheTrainingSelectionAndNeverLoadsTheTestSplit(@TempDir Path dir) {
    org.apache.hadoop.fs.Path shards = writeShards(dir, 20, true);
    ShardDataSource source = new ShardDataSource(shards.toString(), FRAMES, 3, 0, 0.25, 11, Map.of());
    EvaluationData data = source.load();
    assertThat(data.calibration().size() + data.validation().size()).isEqualTo(15);
    assertThat(data.validation().size()).isEqualTo(4);
    List<String> all = new ArrayList<>(data.calibration().sampleIds());
    all.addAll(data.validation().sampleIds());
    assertThat(all).doesNotContain("s00", "s04", "s08", "s12", "s16").doesNotHaveDuplicates();
    assertThat(source.load().validation().sampleIds()).isEqualTo(data.validation().sampleIds());
  }

  @Test
  void unlabelledOrOutOfRangeSamplesAreNamed(@TempDir Path dir) {
    org.apache.hadoop.fs.Path shards = writeShards(dir, 3, false);
    assertThatThrownBy(() -> ShardTensorLoader.load(shards, CONF, FRAMES, 3, r -> true, null, 1, 0))
        .isInstanceOf(ProjectException.class)
        .hasMessage("Invalid label of sample s00 in " + shards + ": unlabelled, expected a class index below 3");
    org.apache.hadoop.fs.Path labelled = writeShards(dir.resolve("b"), 3, true);
    assertThatThrownBy(() -> ShardTensorLoader.load(labelled, CONF, FRAMES, 2, r -> true, null, 1, 0))
        .hasMessage("Invalid label of sample s02 in " + labelled + ": 2 (class2), expected a class index below 2");
    assertThatThrownBy(() -> ShardTensorLoader.load(labelled, CONF, FRAMES, 3, r -> false, null, 1, 0))
        .hasMessage("Cannot load training data: no sample of " + labelled + " matches the selection");
  }
}
