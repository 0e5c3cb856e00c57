package org.tnas.search.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tnas.formats.events.EventBatch;
import org.tnas.formats.events.SensorGeometry;
import org.tnas.formats.samples.SampleRecord;
import org.tnas.formats.shards.Manifest;
import org.tnas.formats.shards.ShardInfo;
import org.tnas.formats.shards.ShardSetWriter;
import org.tnas.formats.shards.ShardWriterOptions;
import org.tnas.search.data.LabelledTensorSet;
import org.tnas.udfs.core.AugmentationPipeline;
import org.tnas.udfs.core.CropDomain;
import org.tnas.udfs.core.FrameMode;
import org.tnas.udfs.core.FrameRepresentation;
import org.tnas.udfs.core.SpikingFerInput;

/** {@link ShardTrainingData} with Crop and Mirror in the events (default) or the frames domain. */
class CropDomainTrainingDataTest {
  private static final Configuration CONF = new Configuration();
  private static final SensorGeometry GEOMETRY = new SensorGeometry(32, 32);
  private static final SpikingFerFrames FRAMES = new SpikingFerFrames(3, 200, 16);

  /** 8 samples of 700-1500 random events, label i % 2, sample i in the test split of fold i % 4. */
  private static List<EventBatch> writeShards(org.apache.hadoop.fs.Path shards) {
    List<EventBatch> all = new ArrayList<>();
    List<ShardInfo> infos = new ArrayList<>();
    try (ShardSetWriter writer = ShardSetWriter.open(shards, CONF, ShardWriterOptions.defaults(), "w")) {
      for (int i = 0; i < 8; i++) {
        SplittableRandom random = new SplittableRandom(i);
        int n = random.nextInt(700, 1500);
        EventBatch events = new EventBatch(n);
        long t = 0;
        for (int k = 0; k < n; k++) {
          t += random.nextInt(3);
          events.add(random.nextInt(32), random.nextInt(32), t, random.nextInt(2));
        }
        all.add(events);
        writer.write(new SampleRecord(String.format("s%02d", i), "unit", "p" + i, i % 2, "class" + (i % 2), "", Set.of(i % 4), "mem",
            Map.of()), GEOMETRY, events);
      }
      infos.addAll(writer.finish());
    }
    Manifest.commit(shards, CONF, infos, Map.of());
    return all;
  }

  @Test
  void bothDomainsGiveTheTrainersShapeAndTheSameValidation(@TempDir Path dir) {
    org.apache.hadoop.fs.Path shards = new org.apache.hadoop.fs.Path(dir.resolve("shards").toUri());
    List<EventBatch> samples = writeShards(shards);
    AugmentationPipeline pipeline = Eda.pipeline(EnumSet.allOf(Eda.class));
    ShardTrainingData events = ShardTrainingData.load(shards, CONF, 0, Set.of(), FRAMES, pipeline, CropDomain.EVENTS, 2, 5, 0);
    ShardTrainingData frames = ShardTrainingData.load(shards, CONF, 0, Set.of(), FRAMES, pipeline, CropDomain.FRAMES, 2, 5, 0);
    ShardTrainingData byDefault = ShardTrainingData.load(shards, CONF, 0, FRAMES, pipeline, 2, 5, 0);
    assertThat(frames.validation().sampleIds()).isEqualTo(events.validation().sampleIds()).containsExactly("s00", "s04");
    for (int i = 0; i < 2; i++) {
      assertThat(frames.validation().input(i)).containsExactly(events.validation().input(i));
    }
    SpikingFerInput framesInput = FRAMES.input(pipeline, CropDomain.FRAMES);
    for (int epoch = 0; epoch < 3; epoch++) {
      LabelledTensorSet e = events.training(epoch);
      LabelledTensorSet f = frames.training(epoch);
      LabelledTensorSet d = byDefault.training(epoch);
      assertThat(f.channels()).isEqualTo(e.channels()).isEqualTo(6);
      assertThat(f.height()).isEqualTo(e.height()).isEqualTo(16);
      assertThat(f.sampleIds()).isEqualTo(e.sampleIds());
      int differing = 0;
      for (int i = 0; i < e.size(); i++) {
        String id = e.sampleId(i);
        EventBatch sample = samples.get(Integer.parseInt(id.substring(1)));
        // events domain (the default): augment, then encode, as before
        AugmentationPipeline.Augmented augmented = pipeline.augment(sample, GEOMETRY, 5, id, epoch);
        assertThat(e.input(i)).containsExactly(FRAMES.encode(augmented.events(), augmented.geometry()));
        assertThat(d.input(i)).containsExactly(e.input(i));
        assertThat(f.input(i)).hasSize(6 * 16 * 16).containsExactly(framesInput.encode(sample, GEOMETRY, 5, id, epoch));
        differing += java.util.Arrays.equals(e.input(i), f.input(i)) ? 0 : 1;
      }
      assertThat(differing).isPositive();
    }
  }

  @Test
  void theFramesDomainNeedsTheSpikingFerRepresentation(@TempDir Path dir) {
    org.apache.hadoop.fs.Path shards = new org.apache.hadoop.fs.Path(dir.resolve("shards").toUri());
    writeShards(shards);
    FrameRepresentation other = FrameRepresentation.timeBins(3, FrameMode.BINARY, 16, 16);
    assertThatThrownBy(() -> ShardTrainingData.load(shards, CONF, 0, Set.of(), other, Eda.pipeline(Set.of(Eda.CROP)), CropDomain.FRAMES, 2, 5, 0))
        .hasMessage("Invalid crop domain: frames (needs the Spiking-FER representation, not FrameRepresentation)");
    // the events domain takes any representation
    assertThat(ShardTrainingData.load(shards, CONF, 0, Set.of(), other, Eda.pipeline(Set.of(Eda.CROP)), CropDomain.EVENTS, 2, 5, 0)
        .training(0).channels()).isEqualTo(6);
  }
}
