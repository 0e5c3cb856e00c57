package org.tnas.udfs.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.tnas.formats.events.EventBatch;
import org.tnas.formats.events.SensorGeometry;

/** The reference cases of TRANSFORMS.md section 1, and the corrected bin slicings. */
class SlicingTest {
  /** t = 0, 10, ..., 90, 95 (11 events). */
  private static final long[] T = {0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 95};

  private static int[] sizes(Slicing slicing, long[] t) {
    return Slicing.sliceSizes(slicing.sliceBounds(t, t.length));
  }

  @Test
  void timeWindowMatchesTonic() {
    assertThat(sizes(new Slicing.ByTimeWindow(30, 0, false), T)).containsExactly(3, 3, 3);
    assertThat(sizes(new Slicing.ByTimeWindow(30, 0, true), T)).containsExactly(3, 3, 3, 2);
    assertThat(sizes(new Slicing.ByTimeWindow(30, 10, false), T)).containsExactly(3, 3, 3, 3);
    // shorter sample than the window: one slice with everything
    assertThat(sizes(new Slicing.ByTimeWindow(1000, 0, false), T)).containsExactly(11);
    assertThat(new Slicing.ByTimeWindow(30, 0, false).sliceBounds(new long[0], 0)).containsExactly(0, 0);
  }

  @Test
  void eventCountMatchesTonic() {
    assertThat(sizes(new Slicing.ByEventCount(4, 0, false), T)).containsExactly(4, 4);
    assertThat(sizes(new Slicing.ByEventCount(4, 0, true), T)).containsExactly(4, 4, 3);
    assertThat(sizes(new Slicing.ByEventCount(4, 2, false), T)).containsExactly(4, 4, 4, 4);
    assertThat(sizes(new Slicing.ByEventCount(20, 0, false), T)).containsExactly(11);
    assertThat(new Slicing.ByEventCount(4, 0, false).sliceBounds(new long[0], 0)).containsExactly(0, 0);
  }

  @Test
  void timeBinsKeepTheLastEventUnlikeTonic() {
    // Tonic: [4, 3, 3] (drops t = 95)
    assertThat(sizes(Slicing.byTimeBins(3), T)).containsExactly(4, 3, 4);
    // Tonic with overlap 0.5: [5, 4, 5] and windows ending at 93; here the last window ends at 95
    assertThat(sizes(new Slicing.ByTimeBins(3, 0.5), T)).containsExactly(5, 5, 6);
    assertThat(sizes(Slicing.byTimeBins(6), new long[] {7, 7, 7})).containsExactly(3, 0, 0, 0, 0, 0);
    assertThat(sizes(Slicing.byTimeBins(4), new long[0])).containsExactly(0, 0, 0, 0);
  }

  @Test
  void eventBinsKeepTheRemainderUnlikeTonic() {
    // Tonic: [3, 3, 3] (drops 2 events)
    assertThat(sizes(Slicing.byEventBins(3), T)).containsExactly(3, 4, 4);
    int[] overlapping = sizes(new Slicing.ByEventBins(3, 0.5), T);
    assertThat(overlapping).hasSize(3);
    int[] bounds = new Slicing.ByEventBins(3, 0.5).sliceBounds(T, T.length);
    assertThat(bounds[0]).isZero();
    assertThat(bounds[5]).isEqualTo(11);
    assertThat(sizes(Slicing.byEventBins(2), new long[0])).containsExactly(0, 0);
  }

  @Test
  void timeBinsWithoutOverlapPartitionEverySampleExactly() {
    SensorGeometry sensor = new SensorGeometry(8, 8);
    for (long seed = 0; seed < 50; seed++) {
      EventBatch events = TestEvents.random(seed, 1 + (int) (seed * 37 % 500), sensor, seed * 1_000_000_000L);
      long[] t = TestEvents.times(events);
      int bins = 1 + (int) (seed % 11);
      int[] bounds = Slicing.byTimeBins(bins).sliceBounds(t, t.length);
      long t0 = t[0];
      long duration = t[t.length - 1] - t0;
      assertThat(bounds[0]).isZero();
      assertThat(bounds[bounds.length - 1]).isEqualTo(t.length);
      for (int b = 0; b < bins; b++) {
        if (b > 0) {
          assertThat(bounds[2 * b]).isEqualTo(bounds[2 * b - 1]);
        }
        for (int i = bounds[2 * b]; i < bounds[2 * b + 1]; i++) {
          long expected = duration == 0 ? 0 : Math.min(bins - 1, (t[i] - t0) * bins / duration);
          assertThat(expected).as("bin of event %d (seed %d)", i, seed).isEqualTo(b);
        }
      }
    }
  }

  @Test
  void overlappingSlicesCoverEveryEvent() {
    SensorGeometry sensor = new SensorGeometry(8, 8);
    for (long seed = 0; seed < 30; seed++) {
      long[] t = TestEvents.times(TestEvents.random(seed, 300, sensor, 0));
      for (Slicing slicing : new Slicing[] {new Slicing.ByTimeBins(5, 0.3), new Slicing.ByEventBins(5, 0.3)}) {
        int[] bounds = slicing.sliceBounds(t, t.length);
        assertThat(bounds).hasSize(10);
        assertThat(bounds[0]).isZero();
        assertThat(bounds[9]).isEqualTo(t.length);
        for (int b = 1; b < 5; b++) {
          assertThat(bounds[2 * b]).as(slicing.spec()).isLessThanOrEqualTo(bounds[2 * b - 1]).isGreaterThanOrEqualTo(bounds[2 * b - 2]);
        }
      }
    }
  }

  @Test
  void rejectsInvalidParameters() {
    assertThatThrownBy(() -> Slicing.byTimeBins(0)).hasMessage("Invalid number of time bins: 0");
    assertThatThrownBy(() -> Slicing.byEventBins(-2)).hasMessage("Invalid number of event bins: -2");
    assertThatThrownBy(() -> new Slicing.ByTimeBins(3, 1)).hasMessage("Invalid overlap: 1.0 (expected a fraction in [0, 1))");
    assertThatThrownBy(() -> new Slicing.ByEventBins(3, Double.NaN)).hasMessage("Invalid overlap: NaN (expected a fraction in [0, 1))");
    assertThatThrownBy(() -> Slicing.byTimeWindow(0)).hasMessage("Invalid time window: 0");
    assertThatThrownBy(() -> new Slicing.ByTimeWindow(30, 30, false)).hasMessage("Invalid overlap: 30 (expected 0 <= overlap < window 30)");
    assertThatThrownBy(() -> Slicing.byEventCount(0)).hasMessage("Invalid event count: 0");
    assertThatThrownBy(() -> new Slicing.ByEventCount(4, -1, false)).hasMessage("Invalid overlap: -1 (expected 0 <= overlap < count 4)");
  }
}
