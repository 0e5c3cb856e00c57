package org.tnas.udfs.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.tnas.formats.errors.ProjectException;
import org.tnas.formats.events.EventBatch;
import org.tnas.formats.events.SensorGeometry;
import org.tnas.formats.util.Seeds;

/**
 * The aliasing contract of the fast paths: kernels may share the arrays of columns they do not
 * change with their input (never writing to them), a pipeline result shares nothing with the
 * pipeline's input, and the pipeline's validate-once path gives the same events as the checking
 * public kernels.
 */
class ColumnSharingTest {
  private static final SensorGeometry SENSOR = new SensorGeometry(40, 30);

  @Test
  void horizontalFlipSharesOnlyTheUnchangedColumns() {
    EventBatch events = TestEvents.random(1, 300, SENSOR, 0);
    EventBatch before = events.copy();
    EventBatch flipped = GeometryKernels.flipHorizontal(events, SENSOR);
    assertThat(flipped.y()).isSameAs(events.y());
    assertThat(flipped.t()).isSameAs(events.t());
    assertThat(flipped.p()).isSameAs(events.p());
    assertThat(flipped.x()).isNotSameAs(events.x());
    assertThat(TestEvents.same(events, before)).isTrue();
    for (int i = 0; i < events.size(); i++) {
      assertThat((int) flipped.x()[i]).isEqualTo(39 - events.x()[i]);
    }
  }

  @Test
  void polarityFlipSharesCoordinatesAndTimesAndWritesANewPolarityColumn() {
    EventBatch events = TestEvents.random(2, 300, SENSOR, 0);
    EventBatch before = events.copy();
    EventBatch flipped = NoiseKernels.flipPolarity(events, SENSOR, 1, new SplittableRandom(1));
    assertThat(flipped.x()).isSameAs(events.x());
    assertThat(flipped.y()).isSameAs(events.y());
    assertThat(flipped.t()).isSameAs(events.t());
    assertThat(flipped.p()).isNotSameAs(events.p());
    assertThat(TestEvents.same(events, before)).isTrue();
    for (int i = 0; i < events.size(); i++) {
      assertThat(flipped.p()[i] + events.p()[i]).isEqualTo(1);
    }
  }

  @Test
  void sharedColumnsStillGetChecked() {
    assertThatThrownBy(() -> GeometryKernels.flipHorizontal(TestEvents.of(3, 3, 5, 1, 3, 30, 6, 1), SENSOR))
        .isInstanceOf(ProjectException.class)
        .hasMessage("Invalid event 1: y = 30 is outside the sensor 40x30");
    assertThatThrownBy(() -> NoiseKernels.flipPolarity(TestEvents.of(3, 3, 5, 1, 3, 3, 4, 1), SENSOR, 0.5, new SplittableRandom(1)))
        .hasMessage("Invalid event 1: t = 4 is before the previous t = 5 (timestamps must be sorted)");
    assertThatThrownBy(() -> FilterKernels.dropTimeInterval(TestEvents.of(3, 3, 5, 1, -1, 3, 6, 1, 3, 3, 7, 1), SENSOR, 7, 7))
        .hasMessage("Invalid event 1: x = -1 is outside the sensor 40x30");
  }

  @Test
  void pipelineResultsShareNoArrayWithTheInput() {
    EventBatch events = TestEvents.random(3, 500, SENSOR, 1000);
    EventBatch before = events.copy();
    for (String spec : List.of("hflip", "polarity_flip(event_probability=1)", "event_drop", "drop_by_time(ratio=0.5)", "")) {
      AugmentationPipeline pipeline = AugmentationPipeline.parse(spec);
      for (int epoch = 0; epoch < 8; epoch++) {
        EventBatch result = pipeline.apply(events, SENSOR, 5, "sample", epoch);
        assertThat(result.x()).as(spec).isNotSameAs(events.x());
        assertThat(result.y()).as(spec).isNotSameAs(events.y());
        assertThat(result.t()).as(spec).isNotSameAs(events.t());
        assertThat(result.p()).as(spec).isNotSameAs(events.p());
      }
    }
    assertThat(TestEvents.same(events, before)).isTrue();
  }

  @Test
  void validateOncePipelineEqualsChainingTheCheckingAugmentations() {
    AugmentationPipeline pipeline = AugmentationPipeline.spikingFer()
        .with(new Augmentations.TimeJitter(30), 1)
        .with(new Augmentations.DropByArea(0.1, 0.3), 1)
        .with(new Augmentations.Downsample(20, 15), 1);
    EventBatch events = TestEvents.random(4, 2000, SENSOR, 1_600_000_000_000_000L);
    for (int epoch = 0; epoch < 20; epoch++) {
      EventBatch expected = events;
      SensorGeometry geometry = SENSOR;
      for (int i = 0; i < pipeline.steps().size(); i++) {
        SplittableRandom random = new SplittableRandom(Seeds.derive(7, "face", epoch, i));
        boolean fires = random.nextDouble() < pipeline.steps().get(i).probability();
        long seed = random.nextLong();
        if (fires) {
          Augmentation augmentation = pipeline.steps().get(i).augmentation();
          expected = augmentation.apply(expected, geometry, seed);
          geometry = augmentation.outputGeometry(geometry);
        }
      }
      assertThat(TestEvents.same(pipeline.apply(events, SENSOR, 7, "face", epoch), expected)).as("epoch %d", epoch).isTrue();
    }
  }

  /** A foreign augmentation that breaks the contract: the next built-in step must check its output. */
  private record OffSensor() implements Augmentation {
    @Override
    public EventBatch apply(EventBatch events, SensorGeometry geometry, long seed) {
      return TestEvents.of(1, 1, 10, 0, geometry.width(), 1, 11, 0);
    }

    @Override
    public String spec() {
      return "off_sensor";
    }
  }

  @Test
  void outputOfAForeignAugmentationIsCheckedByTheNextStep() {
    AugmentationPipeline pipeline = new AugmentationPipeline(List.of(
        new AugmentationPipeline.Step(new OffSensor(), 1), new AugmentationPipeline.Step(new Augmentations.HorizontalFlip(), 1)));
    assertThatThrownBy(() -> pipeline.apply(TestEvents.of(1, 1, 1, 1), SENSOR, 1, "s", 0))
        .isInstanceOf(ProjectException.class)
        .hasMessage("Invalid event 1: x = 40 is outside the sensor 40x30");
  }
}
