package org.tnas.udfs.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tnas.formats.events.EventBatch;
import org.tnas.formats.events.SensorGeometry;

/** The temporal clip of SEE's test protocol: window bounds, shift, short samples, seeds, spec. */
class TimeClipTest {
  private static final SensorGeometry SENSOR = new SensorGeometry(40, 30);
  private static final long FRAME = 33_000;

  /** Frames 0..frames-1 at k * 33 ms (as SEE's event frames are converted), {@code perFrame} events each. */
  private static EventBatch frames(int frames, int perFrame, long offset) {
    EventBatch batch = new EventBatch(frames * perFrame);
    for (int k = 0; k < frames; k++) {
      for (int e = 0; e < perFrame; e++) {
        batch.add(e % 40, k % 30, offset + k * FRAME, (k + e) % 2);
      }
    }
    return batch;
  }

  @Test
  void theWindowKeepsItsHalfOpenIntervalShiftedToStartAtZero() {
    EventBatch events = TestEvents.atTimes(5, 10, 10, 19, 20, 29, 30, 31);
    EventBatch clip = TimeKernels.window(events, SENSOR, 10, 20);
    assertThat(TestEvents.times(clip)).containsExactly(0, 0, 9, 10, 19);
    assertThat(TimeKernels.window(events, SENSOR, 100, 5).size()).isZero();
    assertThat(TestEvents.times(TimeKernels.window(events, SENSOR, 0, Long.MAX_VALUE))).containsExactly(5, 10, 10, 19, 20, 29, 30, 31);
    assertThatThrownBy(() -> TimeKernels.window(events, SENSOR, -1, 5)).hasMessage("Invalid window start: -1 (expected a timestamp >= 0)");
    assertThatThrownBy(() -> TimeKernels.window(events, SENSOR, 0, 0))
        .hasMessage("Invalid window duration: 0 (expected at least 1 microsecond)");
  }

  @Test
  void aFrameClipIsFourWholeFramesFromAUniformStartFrame() {
    Augmentations.TimeClip clip = Augmentations.TimeClip.ofFrames(4, FRAME);
    assertThat(clip).isEqualTo(new Augmentations.TimeClip(132_000, 33_000));
    // 10 frames starting at 66 ms: 7 possible start frames (0..6 of the sample)
    EventBatch events = frames(10, 5, 2 * FRAME);
    assertThat(clip.windows(2 * FRAME, 11 * FRAME)).isEqualTo(7);
    Map<Long, Integer> starts = new HashMap<>();
    for (long seed = 0; seed < 700; seed++) {
      EventBatch result = clip.apply(events, SENSOR, seed);
      long start = clip.start(events, SENSOR, seed);
      assertThat((start - 2 * FRAME) % FRAME).isZero();
      assertThat(start).isBetween(2 * FRAME, 8 * FRAME);
      assertThat(result.size()).isEqualTo(20);
      assertThat(TestEvents.times(result)).containsOnly(0, FRAME, 2 * FRAME, 3 * FRAME);
      // the kept events are those of frames (start - offset) / 33 ms .. + 3, in order
      int first = (int) ((start - 2 * FRAME) / FRAME) * 5;
      for (int i = 0; i < result.size(); i++) {
        assertThat(result.x()[i]).isEqualTo(events.x()[first + i]);
        assertThat(result.y()[i]).isEqualTo(events.y()[first + i]);
        assertThat(result.p()[i]).isEqualTo(events.p()[first + i]);
      }
      starts.merge(start, 1, Integer::sum);
    }
    // every start frame is drawn, none much more often than the others (100 expected each)
    assertThat(starts).hasSize(7);
    assertThat(starts.values()).allSatisfy(count -> assertThat(count).isBetween(60, 140));
  }

  @Test
  void aSampleNoLongerThanTheWindowIsKeptWholeAndShiftedToZero() {
    Augmentations.TimeClip clip = Augmentations.TimeClip.ofFrames(4, FRAME);
    // exactly 4 frames: one window, all kept
    EventBatch four = frames(4, 3, 5 * FRAME);
    assertThat(clip.windows(5 * FRAME, 8 * FRAME)).isEqualTo(1);
    for (long seed = 0; seed < 20; seed++) {
      EventBatch result = clip.apply(four, SENSOR, seed);
      assertThat(result.size()).isEqualTo(12);
      assertThat(TestEvents.times(result)).startsWith(0, 0, 0, FRAME).endsWith(3 * FRAME);
    }
    // 2 frames: shorter than the window, all kept
    assertThat(TestEvents.times(clip.apply(frames(2, 1, 7), SENSOR, 3))).containsExactly(0, FRAME);
    // one event, and no event
    assertThat(TestEvents.times(clip.apply(TestEvents.atTimes(123_456), SENSOR, 3))).containsExactly(0);
    assertThat(clip.apply(new EventBatch(0), SENSOR, 3).size()).isZero();
    // step 1: a span of 99 us (100 us covered) fits a 100 us window; 101 us covered gives 2 windows
    Augmentations.TimeClip micro = new Augmentations.TimeClip(100, 1);
    assertThat(micro.windows(0, 99)).isEqualTo(1);
    assertThat(micro.windows(0, 100)).isEqualTo(2);
    assertThat(TestEvents.times(micro.apply(TestEvents.atTimes(50, 149), SENSOR, 0))).containsExactly(0, 99);
  }

  @Test
  void theSameSeedGivesTheSameClipAndSeedsDiffer() {
    Augmentations.TimeClip clip = new Augmentations.TimeClip(2_000, 1);
    EventBatch events = TestEvents.random(4, 3000, SENSOR, 1_600_000_000_000_000L);
    long span = events.t()[events.size() - 1] - events.t()[0];
    assertThat(span).isGreaterThan(10_000);
    java.util.Set<Long> starts = new java.util.HashSet<>();
    for (long seed = 0; seed < 30; seed++) {
      EventBatch a = clip.apply(events, SENSOR, seed);
      EventBatch b = clip.apply(events, SENSOR, seed);
      assertThat(TestEvents.same(a, b)).isTrue();
      long start = clip.start(events, SENSOR, seed);
      starts.add(start);
      // within the sample and the window, and the window's events are all there
      assertThat(start).isBetween(events.t()[0], events.t()[events.size() - 1] - 2_000 + 1);
      long inWindow = java.util.Arrays.stream(TestEvents.times(events)).filter(t -> t >= start && t < start + 2_000).count();
      assertThat((long) a.size()).isEqualTo(inWindow);
      assertThat(java.util.Arrays.stream(TestEvents.times(a)).allMatch(t -> t >= 0 && t < 2_000)).isTrue();
    }
    assertThat(starts).hasSizeGreaterThan(20);
  }

  @Test
  void theSpecParsesAndBadParametersAreRejected() {
    assertThat(AugmentationSpecs.parse("time_clip(duration=132000,step=33000)").steps().get(0).augmentation())
        .isEqualTo(Augmentations.TimeClip.ofFrames(4, FRAME));
    assertThat(AugmentationSpecs.parse("time_clip(duration=500)").steps().get(0).augmentation())
        .isEqualTo(new Augmentations.TimeClip(500, 1));
    assertThatThrownBy(() -> AugmentationSpecs.parse("time_clip")).hasMessage("Invalid time_clip: missing duration");
    assertThatThrownBy(() -> AugmentationSpecs.parse("time_clip(duration=0)"))
        .hasMessage("Invalid time clip duration: 0 (expected at least 1 microsecond)");
    assertThatThrownBy(() -> AugmentationSpecs.parse("time_clip(duration=10,step=11)"))
        .hasMessage("Invalid time clip step: 11 (expected 1 .. the duration 10)");
    assertThatThrownBy(() -> AugmentationSpecs.parse("time_clip(duration=10,frames=2)"))
        .hasMessage("Invalid parameter of time_clip: frames");
    assertThatThrownBy(() -> Augmentations.TimeClip.ofFrames(0, FRAME)).hasMessage("Invalid time clip frames: 0 (expected at least 1)");
  }
}
