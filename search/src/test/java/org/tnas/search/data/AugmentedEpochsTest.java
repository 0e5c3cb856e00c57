package org.tnas.search.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
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
import org.tnas.udfs.core.AugmentationPipeline;
import org.tnas.udfs.core.Augmentations;
import org.tnas.udfs.core.CropDomain;
import org.tnas.udfs.core.FrameInput;
import org.tnas.udfs.core.FrameMode;
import org.tnas.udfs.core.FrameRepresentation;
import org.tnas.udfs.core.Representation;

/** {@link AugmentedEpochs} with Crop and Mirror on the events (default) or on the frames. */
class AugmentedEpochsTest {
  private static final Configuration CONF = new Configuration();
  private static final SensorGeometry GEOMETRY = new SensorGeometry(24, 20);
  private static final FrameRepresentation FRAMES = FrameRepresentation.timeBins(2, FrameMode.BINARY, 12, 10);
  private static final AugmentationPipeline PIPELINE = AugmentationPipeline.parse("hflip@0.5; crop(min_scale=0.3); mirror@0.5");

  /** 12 samples of 300-600 random events over about 10 ms, label i % 2, sample i in the test split of fold i % 4. */
  private static Map<String, EventBatch> writeShards(org.apache.hadoop.fs.Path shards) {
    Map<String, EventBatch> all = new LinkedHashMap<>();
    List<ShardInfo> infos = new ArrayList<>();
    try (ShardSetWriter writer = ShardSetWriter.open(shards, CONF, ShardWriterOptions.defaults().withTargetShardBytes(4096), "w")) {
      for (int i = 0; i < 12; i++) {
        SplittableRandom random = new SplittableRandom(i);
        int n = random.nextInt(300, 600);
        EventBatch events = new EventBatch(n);
        long t = 0;
        for (int k = 0; k < n; k++) {
          t += random.nextInt(40);
          events.add(random.nextInt(GEOMETRY.width()), random.nextInt(GEOMETRY.height()), t, random.nextInt(2));
        }
        String id = String.format("s%02d", i);
        all.put(id, events);
        writer.write(new SampleRecord(id, "unit", "p" + i, i % 2, "class" + (i % 2), "", Set.of(i % 4), "mem", Map.of()),
            GEOMETRY, events);
      }
      infos.addAll(writer.finish());
    }
    Manifest.commit(shards, CONF, infos, Map.of());
    return all;
  }

  private static org.apache.hadoop.fs.Path shards(Path dir) {
    return new org.apache.hadoop.fs.Path(dir.resolve("shards").toUri());
  }

  @Test
  void theFramesDomainEncodesEverySampleThroughFrameInput(@TempDir Path dir) {
    Map<String, EventBatch> events = writeShards(shards(dir));
    ShardDataSource source = new ShardDataSource(shards(dir).toString(), FRAMES, 2, 0, 0.25, 11, Map.of());
    LabelledTensorSet base = source.load().calibration();
    AugmentedEpochs frames = new AugmentedEpochs(source, PIPELINE, 5, CropDomain.FRAMES);
    AugmentedEpochs eventDomain = new AugmentedEpochs(source, PIPELINE, 5, CropDomain.EVENTS);
    FrameInput input = new FrameInput(PIPELINE, FRAMES, CropDomain.FRAMES);
    int differing = 0;
    for (int epoch = 0; epoch < 3; epoch++) {
      LabelledTensorSet set = frames.epoch(base, epoch);
      LabelledTensorSet onEvents = eventDomain.epoch(base, epoch);
      assertThat(set.sampleIds()).isEqualTo(base.sampleIds());
      assertThat(set.channels()).isEqualTo(4);
      assertThat(set.height()).isEqualTo(10);
      assertThat(set.width()).isEqualTo(12);
      for (int i = 0; i < set.size(); i++) {
        String id = set.sampleId(i);
        assertThat(set.label(i)).isEqualTo(base.label(i));
        assertThat(set.input(i)).as("%s epoch %d", id, epoch).containsExactly(input.encode(events.get(id), GEOMETRY, 5, id, epoch));
        // the events domain crops and mirrors the events instead
        AugmentationPipeline.Augmented augmented = PIPELINE.augment(events.get(id), GEOMETRY, 5, id, epoch);
        assertThat(onEvents.input(i)).containsExactly(FRAMES.encode(augmented.events(), augmented.geometry()));
        differing += java.util.Arrays.equals(set.input(i), onEvents.input(i)) ? 0 : 1;
      }
      // same seed, same epoch: the same tensors
      assertThat(frames.epoch(base, epoch).input(0)).containsExactly(set.input(0));
    }
    assertThat(differing).isPositive();
    assertThat(frames.epoch(base, 0).input(0)).isNotEqualTo(frames.epoch(base, 1).input(0));
  }

  @Test
  void theClipStaysAnEventStepBeforeTheFrameSteps(@TempDir Path dir) {
    Map<String, EventBatch> events = writeShards(shards(dir));
    ShardDataSource clipped = new ShardDataSource(shards(dir).toString(), FRAMES, 2, TestSplit.ofFold(1), 0.25, 11, Map.of(),
        new Augmentations.TimeClip(4000, 1));
    LabelledTensorSet base = clipped.load().calibration();
    AugmentedEpochs frames = new AugmentedEpochs(clipped, PIPELINE, 6, CropDomain.FRAMES);
    assertThat(frames.effectivePipeline().steps().get(0).augmentation()).isEqualTo(clipped.clip());
    FrameInput input = new FrameInput(frames.effectivePipeline(), FRAMES, CropDomain.FRAMES);
    assertThat(input.eventSteps().steps()).hasSize(2);
    LabelledTensorSet set = frames.epoch(base, 2);
    for (int i = 0; i < set.size(); i++) {
      String id = set.sampleId(i);
      assertThat(set.input(i)).containsExactly(input.encode(events.get(id), GEOMETRY, 6, id, 2));
    }
    // without augmentation the clip still runs every epoch (the frames domain has nothing to move)
    AugmentedEpochs clipOnly = new AugmentedEpochs(clipped, AugmentationPipeline.empty(), 6, CropDomain.FRAMES);
    assertThat(clipOnly.isOff()).isFalse();
    assertThat(clipOnly.epoch(base, 2).input(0))
        .containsExactly(new AugmentedEpochs(clipped, AugmentationPipeline.empty(), 6).epoch(base, 2).input(0));
  }

  /** A representation that is not made of event frames. */
  private record Flat(int size) implements Representation {
    @Override
    public float[] encode(EventBatch events, SensorGeometry geometry) {
      return new float[size];
    }

    @Override
    public int channels() {
      return 1;
    }

    @Override
    public int height() {
      return 1;
    }

    @Override
    public int width() {
      return size;
    }
  }

  @Test
  void theEventsDomainIsTheDefaultAndTheFramesDomainNeedsFramesAndTrailingCropAndMirror(@TempDir Path dir) {
    ShardDataSource source = new ShardDataSource(dir.resolve("none").toString(), FRAMES, 2, 0, 0.25, 11, Map.of());
    assertThat(new AugmentedEpochs(source, PIPELINE, 5).domain()).isEqualTo(CropDomain.EVENTS);
    assertThat(new AugmentedEpochs(source, PIPELINE, 5)).isEqualTo(new AugmentedEpochs(source, PIPELINE, 5, CropDomain.EVENTS));
    ShardDataSource flat = new ShardDataSource(dir.resolve("none").toString(), new Flat(3), 2, 0, 0.25, 11, Map.of());
    assertThatThrownBy(() -> new AugmentedEpochs(flat, PIPELINE, 5, CropDomain.FRAMES))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Invalid crop domain: frames (needs a frame representation, not Flat)");
    assertThat(new AugmentedEpochs(flat, PIPELINE, 5, CropDomain.EVENTS).domain()).isEqualTo(CropDomain.EVENTS);
    AugmentationPipeline cropFirst = AugmentationPipeline.parse("crop; hflip@0.5");
    assertThatThrownBy(() -> new AugmentedEpochs(source, cropFirst, 5, CropDomain.FRAMES))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("Invalid crop domain: frames (step 0 crop(")
        .hasMessageContaining("crop and mirror must be the last steps");
  }
}
