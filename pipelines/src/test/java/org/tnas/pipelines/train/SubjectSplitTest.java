package org.tnas.pipelines.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tnas.formats.config.StrictConfig;
import org.tnas.formats.errors.ProjectException;
import org.tnas.formats.samples.SampleRecord;
import org.tnas.formats.shards.ShardDataset;
import org.tnas.pipelines.synthesize.SynthesizeJob;
import org.tnas.pipelines.synthesize.SynthesizeSettings;
import org.tnas.search.training.Eda;
import org.tnas.search.training.ShardTrainingData;
import org.tnas.search.training.SpikingFerFrames;
import org.tnas.udfs.testing.LocalSpark;

/** {@code train.test-subjects}: the named subjects' samples validate, all others train. */
class SubjectSplitTest {
  @Test
  void theSettingIsACommaSeparatedSetAndEmptyMeansTheFold() {
    TrainSettings settings = TrainSettings.from(StrictConfig.builder(TrainSettings.KEYS)
        .confPairs(List.of("train.shards=/s", "train.output=/o", "train.test-subjects= b, a ,,b")).build());
    assertThat(settings.testSubjects()).containsExactlyInAnyOrder("a", "b");
    assertThat(TrainSettings.from(StrictConfig.builder(TrainSettings.KEYS)
        .confPairs(List.of("train.shards=/s", "train.output=/o")).build()).testSubjects()).isEmpty();
  }

  @Test
  void theNamedSubjectsValidateAndUnknownOnesAreRefusedByName(@TempDir Path directory) {
    String shards = directory.resolve("faces").toUri().toString();
    SynthesizeJob.run(new SynthesizeSettings(shards, "face", 3, 10, 48, 48, "spiking-fer", 3, 6, 1L << 20, false),
        LocalSpark.session());
    Configuration conf = new Configuration();
    Set<String> heldOut = new HashSet<>();
    int total = 0;
    try (ShardDataset dataset = ShardDataset.open(new org.apache.hadoop.fs.Path(shards), conf)) {
      for (String id : dataset.sampleIds()) {
        SampleRecord record = dataset.entry(id).record();
        total++;
        if (record.subject().equals("synthetic-00") || record.subject().equals("synthetic-01")) {
          heldOut.add(id);
        }
      }
    }
    assertThat(heldOut).isNotEmpty();
    SpikingFerFrames frames = new SpikingFerFrames(2, 2500, 16);
    ShardTrainingData data = ShardTrainingData.load(new org.apache.hadoop.fs.Path(shards), conf, 0,
        Set.of("synthetic-00", "synthetic-01"), frames, Eda.pipeline(Set.of()), 6, 1, 0);
    assertThat(new HashSet<>(data.validation().sampleIds())).isEqualTo(heldOut);
    assertThat(data.trainingSize()).isEqualTo(total - heldOut.size());
    assertThat(data.training(0).sampleIds()).doesNotContainAnyElementsOf(heldOut);

    assertThatThrownBy(() -> ShardTrainingData.load(new org.apache.hadoop.fs.Path(shards), conf, 0,
        Set.of("synthetic-00", "nobody"), frames, Eda.pipeline(Set.of()), 6, 1, 0))
        .isInstanceOf(ProjectException.class).hasMessageContaining("Invalid test subjects: nobody (not subjects of ");
  }
}
