package org.tnas.udfs.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.IntFunction;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.tnas.formats.errors.ProjectException;
import org.tnas.formats.events.EventBatch;
import org.tnas.formats.events.SensorGeometry;

/**
 * Properties every augmentation must have, checked on random samples: a valid result for the
 * output geometry (on the sensor, sorted, polarity 0/1), the documented count bound, no input
 * mutation, same seed gives the same result, randomness actually used, empty and invalid input.
 */
class AugmentationPropertyTest {
  private static final SensorGeometry SENSOR = new SensorGeometry(40, 30);

  record Case(String name, Augmentation augmentation, boolean random, IntFunction<long[]> bounds) {
    @Override
    public String toString() {
      return name;
    }
  }

  private static long[] exactly(long n) {
    return new long[] {n, n};
  }

  static Stream<Case> cases() {
    return Stream.of(
        new Case("crop", Augmentations.Crop.defaults(), true, n -> new long[] {0, (long) n * 40 * 30}),
        new Case("hflip", new Augmentations.HorizontalFlip(), false, n -> exactly(n)),
        new Case("background_noise", Augmentations.BackgroundNoise.severity(5), true, n -> exactly(n + (long) Math.floor(0.2 * n))),
        new Case("uniform_noise", new Augmentations.UniformNoise(5, 50), true, n -> n == 0 ? exactly(0) : new long[] {n + 5, n + 50}),
        new Case("polarity_flip", new Augmentations.PolarityFlip(0.3), true, n -> exactly(n)),
        new Case("time_reversal", new Augmentations.TimeReversal(true), false, n -> exactly(n)),
        new Case("drop_by_time", new Augmentations.DropByTime(0.1, 0.5), true, n -> new long[] {0, n}),
        new Case("drop_by_area", new Augmentations.DropByArea(0.1, 0.5), true, n -> new long[] {0, n}),
        new Case("random_drop", new Augmentations.RandomDrop(0.1, 0.9), true,
            n -> new long[] {n - (long) Math.floor(0.9 * n + 0.5), n - (long) Math.floor(0.1 * n + 0.5)}),
        new Case("event_drop", Augmentations.EventDrop.defaults(), true, n -> new long[] {n == 0 ? 0 : 1, n}),
        new Case("mirror", new Augmentations.Mirror(Augmentations.MirrorSide.RANDOM), true, n -> new long[] {0, 2L * n}),
        new Case("spatial_jitter_drop", new Augmentations.SpatialJitter(2, 3, 1, GeometryKernels.OutOfBounds.DROP), true, n -> new long[] {0, n}),
        new Case("spatial_jitter_clamp", new Augmentations.SpatialJitter(2, 3, -1, GeometryKernels.OutOfBounds.CLAMP), true, n -> exactly(n)),
        new Case("time_jitter", new Augmentations.TimeJitter(100), true, n -> new long[] {0, n}),
        new Case("time_clip", new Augmentations.TimeClip(5000, 1), true, n -> new long[] {0, n}),
        new Case("time_clip_frames", Augmentations.TimeClip.ofFrames(4, 330), true, n -> new long[] {0, n}),
        new Case("denoise", new Augmentations.Denoise(1000), false, n -> new long[] {0, n}),
        new Case("refractory", new Augmentations.RefractoryFilter(500), false, n -> new long[] {0, n}),
        new Case("center_crop", new Augmentations.CenterCrop(20, 50), false, n -> new long[] {0, n}),
        new Case("downsample", new Augmentations.Downsample(13, 7), false, n -> exactly(n)),
        new Case("upsample", new Augmentations.Downsample(80, 60), false, n -> exactly(4L * n)));
  }

  private static List<EventBatch> samples() {
    return List.of(
        TestEvents.random(1, 1, SENSOR, 0),
        TestEvents.random(2, 17, SENSOR, 5),
        TestEvents.random(3, 500, SENSOR, 0),
        TestEvents.random(4, 3000, SENSOR, 1_600_000_000_000_000L),
        TestEvents.atTimes(0, 0, 0, 0));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void resultIsValidBoundedAndReproducible(Case c) {
    SensorGeometry output = c.augmentation().outputGeometry(SENSOR);
    long sampleIndex = 0;
    for (EventBatch events : samples()) {
      EventBatch before = events.copy();
      for (long seed = 0; seed < 5; seed++) {
        long seedValue = seed * 7919 + sampleIndex;
        EventBatch result = c.augmentation().apply(events, SENSOR, seedValue);
        assertThatCode(() -> EventChecks.requireValid(result, output)).as(c.name()).doesNotThrowAnyException();
        long[] bounds = c.bounds().apply(events.size());
        assertThat((long) result.size()).as("%s count for %d events", c.name(), events.size()).isBetween(bounds[0], bounds[1]);
        assertThat(TestEvents.same(events, before)).as("%s leaves its input unchanged", c.name()).isTrue();
        assertThat(TestEvents.same(result, c.augmentation().apply(events, SENSOR, seedValue))).as("%s same seed", c.name()).isTrue();
        assertThat(result).isNotSameAs(events);
      }
      sampleIndex++;
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void randomAugmentationsDependOnTheSeed(Case c) {
    EventBatch events = TestEvents.random(9, 2000, SENSOR, 0);
    Set<String> outcomes = new HashSet<>();
    for (long seed = 0; seed < 12; seed++) {
      EventBatch result = c.augmentation().apply(events, SENSOR, seed);
      outcomes.add(result.size() + ":" + java.util.Arrays.hashCode(TestEvents.xs(result)) + ":"
          + java.util.Arrays.hashCode(TestEvents.times(result)) + ":" + java.util.Arrays.hashCode(TestEvents.ps(result)));
    }
    if (c.random()) {
      assertThat(outcomes).as(c.name()).hasSizeGreaterThan(1);
    } else {
      assertThat(outcomes).as(c.name()).hasSize(1);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void emptyInputGivesEmptyResultAndInvalidInputIsRejected(Case c) {
    assertThat(c.augmentation().apply(new EventBatch(0), SENSOR, 42).size()).isZero();
    assertThatThrownBy(() -> c.augmentation().apply(TestEvents.of(3, 30, 0, 1), SENSOR, 1))
        .isInstanceOf(ProjectException.class)
        .hasMessage("Invalid event 0: y = 30 is outside the sensor 40x30");
    assertThatThrownBy(() -> c.augmentation().apply(TestEvents.of(3, 3, 5, 1, 3, 3, 4, 1), SENSOR, 1))
        .hasMessage("Invalid event 1: t = 4 is before the previous t = 5 (timestamps must be sorted)");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void specRoundTrips(Case c) {
    Augmentation parsed = AugmentationSpecs.parse(c.augmentation().spec()).steps().get(0).augmentation();
    assertThat(parsed).isEqualTo(c.augmentation());
  }
}
