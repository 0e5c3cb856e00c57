package org.tnas.udfs.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tnas.formats.errors.ProjectException;
import org.tnas.formats.events.EventBatch;
import org.tnas.formats.events.SensorGeometry;

class AugmentationPipelineTest {
  private static final SensorGeometry SENSOR = new SensorGeometry(64, 48);

  @Test
  void sameIdentityGivesSameResultAndOtherEpochsDiffer() {
    AugmentationPipeline pipeline = AugmentationPipeline.spikingFer();
    EventBatch events = TestEvents.random(1, 5000, SENSOR, 0);
    EventBatch before = events.copy();
    EventBatch a = pipeline.apply(events, SENSOR, 42, "ckplus/S005/001", 3);
    EventBatch b = pipeline.apply(events, SENSOR, 42, "ckplus/S005/001", 3);
    assertThat(TestEvents.same(a, b)).isTrue();
    assertThat(TestEvents.same(events, before)).isTrue();
    assertThat(a).isNotSameAs(events);
    EventChecks.requireValid(a, SENSOR);
    int differing = 0;
    for (int epoch = 0; epoch < 6; epoch++) {
      differing += TestEvents.same(a, pipeline.apply(events, SENSOR, 42, "ckplus/S005/001", epoch)) ? 0 : 1;
    }
    assertThat(differing).isGreaterThanOrEqualTo(5);
    assertThat(TestEvents.same(a, pipeline.apply(events, SENSOR, 43, "ckplus/S005/001", 3))).isFalse();
    assertThat(TestEvents.same(a, pipeline.apply(events, SENSOR, 42, "ckplus/S005/002", 3))).isFalse();
  }

  @Test
  void stepsFireWithTheirProbability() {
    AugmentationPipeline pipeline = AugmentationPipeline.parse("hflip@0.5; time_reversal@0.2; polarity_flip");
    int[] fired = new int[3];
    for (int sample = 0; sample < 4000; sample++) {
      for (int step : pipeline.firingSteps(7, "s" + sample, 0)) {
        fired[step]++;
      }
    }
    assertThat(fired[0]).isBetween(1850, 2150);
    assertThat(fired[1]).isBetween(680, 920);
    assertThat(fired[2]).isEqualTo(4000);
    // apply makes the decisions firingSteps reports
    EventBatch events = TestEvents.random(2, 300, SENSOR, 0);
    AugmentationPipeline flipOnly = AugmentationPipeline.parse("hflip@0.5");
    for (int sample = 0; sample < 20; sample++) {
      boolean fires = !flipOnly.firingSteps(7, "s" + sample, 1).isEmpty();
      EventBatch out = flipOnly.apply(events, SENSOR, 7, "s" + sample, 1);
      assertThat(TestEvents.same(out, events)).isEqualTo(!fires);
    }
  }

  @Test
  void specParsesRoundTripsAndSerialises() throws Exception {
    AugmentationPipeline pipeline = AugmentationPipeline.parse(
        " hflip@0.5; background_noise(severity=5)@0.5; time_reversal@0.2; polarity_flip(event_probability=0.2);"
            + " event_drop; crop; mirror(side=random)@0.5 ");
    assertThat(pipeline).isEqualTo(AugmentationPipeline.spikingFer());
    assertThat(AugmentationPipeline.parse("spiking_fer")).isEqualTo(AugmentationPipeline.spikingFer());
    assertThat(AugmentationPipeline.parse(pipeline.spec())).isEqualTo(pipeline);
    assertThat(AugmentationPipeline.parse("random_drop(ratio=0.3)").steps().get(0).augmentation())
        .isEqualTo(new Augmentations.RandomDrop(0.3, 0.3));
    assertThat(AugmentationPipeline.parse("").steps()).isEmpty();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(pipeline);
    }
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      assertThat(in.readObject()).isEqualTo(pipeline);
    }
  }

  @Test
  void geometryChangingStepsAreTracked() {
    AugmentationPipeline pipeline = AugmentationPipeline.parse("hflip; downsample(width=32,height=24); center_crop(width=16,height=16)");
    assertThat(pipeline.outputGeometry(SENSOR)).isEqualTo(new SensorGeometry(16, 16));
    assertThat(pipeline.hasFixedOutputGeometry(SENSOR)).isTrue();
    EventBatch out = pipeline.apply(TestEvents.random(3, 1000, SENSOR, 0), SENSOR, 1, "a", 0);
    EventChecks.requireValid(out, new SensorGeometry(16, 16));
    assertThat(AugmentationPipeline.parse("downsample(width=32,height=24)@0.5").hasFixedOutputGeometry(SENSOR)).isFalse();
  }

  @Test
  void rejectsBadSpecsAndBadInput() {
    assertThatThrownBy(() -> AugmentationPipeline.parse("hflop")).hasMessage("Invalid augmentation: hflop");
    assertThatThrownBy(() -> AugmentationPipeline.parse("random_drop(ratio=0.2, speed=3)")).hasMessage("Invalid parameter of random_drop: speed");
    assertThatThrownBy(() -> AugmentationPipeline.parse("random_drop")).hasMessage("Invalid random_drop: missing min_ratio");
    assertThatThrownBy(() -> AugmentationPipeline.parse("hflip@often")).hasMessage("Invalid probability: 'often' in hflip@often");
    assertThatThrownBy(() -> AugmentationPipeline.parse("hflip@1.5")).hasMessage("Invalid probability: 1.5 (expected a value in [0, 1])");
    assertThatThrownBy(() -> AugmentationPipeline.parse("crop(min_scale=0.5")).hasMessage("Invalid augmentation step: crop(min_scale=0.5 (missing ')')");
    assertThatThrownBy(() -> AugmentationPipeline.parse("mirror(side=up)")).hasMessage("Invalid side of mirror: 'up'");
    assertThatThrownBy(() -> AugmentationPipeline.parse("denoise(filter_time=ten)")).hasMessage("Invalid filter_time of denoise: 'ten'");
    assertThatThrownBy(() -> AugmentationPipeline.spikingFer().apply(TestEvents.of(70, 0, 0, 1), SENSOR, 1, "a", 0))
        .isInstanceOf(ProjectException.class)
        .hasMessage("Invalid event 0: x = 70 is outside the sensor 64x48");
    assertThatThrownBy(() -> AugmentationPipeline.empty().apply(TestEvents.of(1, 0, 5, 1, 1, 0, 2, 1), SENSOR, 1, "a", 0))
        .hasMessage("Invalid event 1: t = 2 is before the previous t = 5 (timestamps must be sorted)");
    assertThatThrownBy(() -> new AugmentationPipeline(List.of()).apply(new EventBatch(0), SENSOR, 1, null, 0)).hasMessage("sampleId is null");
  }

  @Test
  void validEventsComeOnlyFromTheChecks() {
    assertThatThrownBy(() -> EventChecks.validate(TestEvents.of(64, 0, 1, 1), SENSOR))
        .isInstanceOf(ProjectException.class)
        .hasMessage("Invalid event 0: x = 64 is outside the sensor 64x48");
    ValidEvents valid = EventChecks.validate(TestEvents.of(3, 4, 10, 1), SENSOR);
    assertThat(valid.size()).isEqualTo(1);
    assertThat(valid.geometry()).isEqualTo(SENSOR);
    // no public constructor: a ValidEvents cannot be made without the checks
    assertThat(ValidEvents.class.getConstructors()).isEmpty();
  }

  @Test
  void everyAugmentationOfTheSpecLanguageIsOneOfTheSealedBuiltIns() {
    List<Class<?>> permitted = List.of(BuiltInAugmentation.class.getPermittedSubclasses());
    assertThat(permitted).hasSize(18).allSatisfy(type -> assertThat(type.getEnclosingClass()).isEqualTo(Augmentations.class));
    for (String spec : List.of("crop", "hflip", "background_noise", "uniform_noise(count=3)", "polarity_flip", "time_reversal",
        "drop_by_time(ratio=0.1)", "drop_by_area(ratio=0.1)", "random_drop(ratio=0.1)", "event_drop", "mirror", "spatial_jitter",
        "time_jitter(std=5)", "time_clip(duration=5)", "denoise(filter_time=5)", "refractory(period=5)", "center_crop(width=8,height=8)",
        "downsample(width=8,height=8)")) {
      Augmentation augmentation = AugmentationPipeline.parse(spec).steps().get(0).augmentation();
      assertThat(augmentation).as(spec).isInstanceOf(BuiltInAugmentation.class);
      assertThat(permitted).as(spec).contains(augmentation.getClass());
    }
  }

  @Test
  void aBuiltInOnCheckedEventsEqualsItsCheckingForm() {
    EventBatch events = TestEvents.random(3, 2000, SENSOR, 0);
    ValidEvents valid = EventChecks.validate(events, SENSOR);
    for (AugmentationPipeline.Step step : AugmentationPipeline.spikingFer().steps()) {
      BuiltInAugmentation augmentation = (BuiltInAugmentation) step.augmentation();
      ValidEvents result = augmentation.apply(valid, 11);
      assertThat(TestEvents.same(result.events(), augmentation.apply(events, SENSOR, 11))).as(augmentation.spec()).isTrue();
      assertThat(result.geometry()).isEqualTo(augmentation.outputGeometry(SENSOR));
    }
  }
}
