package org.tnas.udfs.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.tnas.formats.events.EventBatch;
import org.tnas.formats.events.SensorGeometry;

/** The reference-library cases of TRANSFORMS.md, and where we deliberately differ. */
class AugmentationReferenceTest {
  private static final SensorGeometry SENSOR = new SensorGeometry(10, 10);

  @Test
  void randomDropRoundsHalfUpLikeTonic() {
    EventBatch five = TestEvents.atTimes(1, 2, 3, 4, 5);
    assertThat(new Augmentations.RandomDrop(0.5, 0.5).apply(five, SENSOR, 7).size()).isEqualTo(2); // drops 3
    assertThat(new Augmentations.RandomDrop(0.3, 0.3).apply(five, SENSOR, 7).size()).isEqualTo(3); // drops 2
    // survivors keep their order and are a subset of the input
    EventBatch many = TestEvents.random(1, 1000, SENSOR, 0);
    EventBatch kept = FilterKernels.dropRandom(many, SENSOR, 400, new SplittableRandom(3));
    assertThat(kept.size()).isEqualTo(600);
    int j = 0;
    for (int i = 0; i < many.size() && j < kept.size(); i++) {
      if (many.t()[i] == kept.t()[j] && many.x()[i] == kept.x()[j] && many.y()[i] == kept.y()[j] && many.p()[i] == kept.p()[j]) {
        j++;
      }
    }
    assertThat(j).as("result is a subsequence of the input").isEqualTo(600);
  }

  @Test
  void randomDropIsUniform() {
    EventBatch events = TestEvents.atTimes(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
    int[] survived = new int[10];
    SplittableRandom random = new SplittableRandom(11);
    for (int trial = 0; trial < 20_000; trial++) {
      EventBatch kept = FilterKernels.dropRandom(events, SENSOR, 3, random);
      for (int i = 0; i < kept.size(); i++) {
        survived[(int) kept.t()[i]]++;
      }
    }
    for (int count : survived) {
      assertThat(count).isBetween(13_400, 14_600); // expected 14000
    }
  }

  @Test
  void timeReversalKeepsTheTimeSpan() {
    EventBatch events = TestEvents.of(1, 0, 10, 0, 2, 0, 20, 1, 3, 0, 40, 1);
    EventBatch reversed = TimeKernels.reverse(events, SENSOR, true);
    // Tonic gives [0, 20, 30]; we keep [tMin, tMax]
    assertThat(TestEvents.times(reversed)).containsExactly(10, 30, 40);
    assertThat(TestEvents.xs(reversed)).containsExactly(3, 2, 1);
    assertThat(TestEvents.ps(reversed)).containsExactly(0, 0, 1);
    assertThat(TestEvents.same(TimeKernels.reverse(reversed, SENSOR, true), events)).isTrue();
    assertThat(TestEvents.ps(TimeKernels.reverse(events, SENSOR, false))).containsExactly(1, 1, 0);
  }

  @Test
  void flipsAndPolarity() {
    EventBatch events = TestEvents.of(0, 1, 5, 0, 9, 2, 6, 1, 4, 3, 7, 1);
    assertThat(TestEvents.xs(GeometryKernels.flipHorizontal(events, SENSOR))).containsExactly(9, 0, 5);
    assertThat(TestEvents.ps(NoiseKernels.flipPolarity(events, SENSOR, 1, new SplittableRandom(1)))).containsExactly(1, 0, 0);
    assertThat(TestEvents.ps(NoiseKernels.flipPolarity(events, SENSOR, 0, new SplittableRandom(1)))).containsExactly(0, 1, 1);
    // per-event flips: the flipped fraction follows the probability
    EventBatch many = TestEvents.random(5, 100_000, SENSOR, 0);
    EventBatch flipped = NoiseKernels.flipPolarity(many, SENSOR, 0.2, new SplittableRandom(2));
    int changed = 0;
    for (int i = 0; i < many.size(); i++) {
      changed += many.p()[i] != flipped.p()[i] ? 1 : 0;
      assertThat(flipped.t()[i]).isEqualTo(many.t()[i]);
    }
    assertThat(changed).isBetween(19_000, 21_000);
  }

  @Test
  void mirrorMatchesSpikingFerOnEvenWidthAndKeepsTheCentreOnOddWidth() {
    SensorGeometry even = new SensorGeometry(4, 1);
    EventBatch events = TestEvents.of(0, 0, 1, 1, 1, 0, 2, 0, 2, 0, 3, 1, 3, 0, 4, 0);
    EventBatch left = GeometryKernels.mirror(events, even, GeometryKernels.Side.LEFT);
    assertThat(TestEvents.xs(left)).containsExactly(0, 3, 1, 2);
    assertThat(TestEvents.times(left)).containsExactly(1, 1, 2, 2);
    EventBatch right = GeometryKernels.mirror(events, even, GeometryKernels.Side.RIGHT);
    assertThat(TestEvents.xs(right)).containsExactly(2, 1, 3, 0);
    SensorGeometry odd = new SensorGeometry(5, 1);
    EventBatch centre = TestEvents.of(1, 0, 1, 1, 2, 0, 2, 0, 4, 0, 3, 1);
    assertThat(TestEvents.xs(GeometryKernels.mirror(centre, odd, GeometryKernels.Side.LEFT))).containsExactly(1, 3, 2);
    assertThat(TestEvents.xs(GeometryKernels.mirror(centre, odd, GeometryKernels.Side.RIGHT))).containsExactly(2, 4, 0);
  }

  @Test
  void centerCropMatchesTonic() {
    EventBatch row = TestEvents.of(2, 0, 1, 1, 3, 0, 2, 1, 6, 0, 3, 1, 7, 0, 4, 1);
    EventBatch cropped = GeometryKernels.centerCrop(row, SENSOR, 4, 10);
    assertThat(TestEvents.xs(cropped)).containsExactly(0, 3);
    SensorGeometry small = new SensorGeometry(4, 4);
    EventBatch padded = GeometryKernels.centerCrop(TestEvents.of(0, 0, 1, 1, 3, 3, 2, 0), small, 7, 4);
    assertThat(TestEvents.xs(padded)).containsExactly(2, 5);
  }

  @Test
  void downsampleHasNoFloatTruncationError() {
    // Tonic: (7, 9) * 0.5 -> (3, 4)
    EventBatch event = TestEvents.of(7, 9, 1234, 1);
    EventBatch down = new Augmentations.Downsample(5, 5).apply(event, SENSOR, 0);
    assertThat(down.x()[0]).isEqualTo((short) 3);
    assertThat(down.y()[0]).isEqualTo((short) 4);
    assertThat(down.t()[0]).isEqualTo(1234);
    // 0.1 * 30 = 2.9999999999999996 in floating point; exact integer mapping gives 3
    SensorGeometry wide = new SensorGeometry(100, 1);
    EventBatch at30 = new Augmentations.Downsample(10, 1).apply(TestEvents.of(30, 0, 0, 0), wide, 0);
    assertThat(at30.x()[0]).isEqualTo((short) 3);
  }

  @Test
  void denoiseGivesNoSupportBeforeAnyEventUnlikeTonic() {
    // Tonic keeps the isolated event at t = 5 (filter 10) because its memory starts at filter_time
    EventBatch events = TestEvents.of(5, 5, 5, 1, 0, 0, 50, 1, 9, 9, 60, 1);
    assertThat(FilterKernels.denoise(events, SENSOR, 10).size()).isZero();
    // a neighbour within the filter time supports; the own pixel does not
    EventBatch supported = TestEvents.of(5, 5, 100, 1, 5, 6, 105, 0, 5, 6, 200, 1, 5, 6, 201, 1);
    EventBatch kept = FilterKernels.denoise(supported, SENSOR, 10);
    assertThat(TestEvents.times(kept)).containsExactly(105);
  }

  @Test
  void refractoryRestartsOnlyOnKeptEvents() {
    EventBatch events = TestEvents.of(1, 1, 0, 1, 1, 1, 6, 1, 1, 1, 12, 0, 1, 1, 13, 1, 2, 2, 13, 1);
    // period 10: t=0 kept (Tonic drops it), 6 dropped, 12 kept (Tonic: 12 - 6 <= 10, dropped), 13 dropped
    assertThat(TestEvents.times(FilterKernels.refractory(events, SENSOR, 10))).containsExactly(0, 12, 13);
  }

  @Test
  void dropByTimeRemovesAClosedIntervalAndDropByAreaABox() {
    EventBatch events = TestEvents.atTimes(0, 10, 20, 30, 40, 50);
    assertThat(TestEvents.times(FilterKernels.dropTimeInterval(events, SENSOR, 10, 30))).containsExactly(0, 40, 50);
    EventBatch grid = new EventBatch();
    for (int y = 0; y < 10; y++) {
      for (int x = 0; x < 10; x++) {
        grid.add(x, y, 0, 1);
      }
    }
    EventBatch boxed = FilterKernels.dropBox(grid, SENSOR, new PixelRegion(2, 3, 4, 5));
    assertThat(boxed.size()).isEqualTo(100 - 20);
    // tuple ratio drawn from [lo, hi) (Tonic draws from [hi, 1)): ratio 0.3 fixed removes a 3x3 box
    for (long seed = 0; seed < 20; seed++) {
      assertThat(new Augmentations.DropByArea(0.3, 0.3).apply(grid, SENSOR, seed).size()).isEqualTo(91);
      assertThat(new Augmentations.DropByArea(0.1, 0.3).apply(grid, SENSOR, seed).size()).isBetween(96, 99);
    }
    // the box can touch the last column (Tonic's randint excludes it)
    boolean lastColumn = false;
    for (long seed = 0; seed < 200 && !lastColumn; seed++) {
      EventBatch out = new Augmentations.DropByArea(0.5, 0.5).apply(grid, SENSOR, seed);
      boolean keepsCorner = false;
      for (int i = 0; i < out.size(); i++) {
        keepsCorner |= out.x()[i] == 9 && out.y()[i] == 9;
      }
      lastColumn = !keepsCorner;
    }
    assertThat(lastColumn).isTrue();
    // a zero-length window removes nothing
    EventBatch sameTime = TestEvents.atTimes(5, 5, 5);
    assertThat(new Augmentations.DropByTime(0.5, 0.5).apply(sameTime, SENSOR, 1).size()).isEqualTo(3);
    assertThat(new Augmentations.DropByTime(0, 0).apply(events, SENSOR, 1).size()).isEqualTo(6);
    // the duration ratio is relative to the sample's own span, not to t = 0
    EventBatch late = TestEvents.atTimes(1_000_000, 1_000_010, 1_000_020, 1_000_030, 1_000_040, 1_000_050, 1_000_060, 1_000_070, 1_000_080, 1_000_090, 1_000_100);
    for (long seed = 0; seed < 20; seed++) {
      int left = new Augmentations.DropByTime(0.5, 0.5).apply(late, SENSOR, seed).size();
      assertThat(left).isBetween(5, 6);
    }
  }

  @Test
  void noiseHasBalancedPolarityAndStaysInsideTheTimeRange() {
    EventBatch events = TestEvents.random(3, 10_000, SENSOR, 500);
    EventBatch noisy = NoiseKernels.addUniformNoise(events, SENSOR, 20_000, new SplittableRandom(4));
    assertThat(noisy.size()).isEqualTo(30_000);
    long on = noisy.countOn() - events.countOn();
    assertThat(on).isBetween(9_500L, 10_500L); // Tonic's bool cast makes almost all noise ON
    assertThat(noisy.t()[0]).isEqualTo(events.t()[0]);
    assertThat(noisy.t()[noisy.size() - 1]).isEqualTo(events.t()[events.size() - 1]);
    assertThat(Augmentations.BackgroundNoise.severity(5).fraction()).isEqualTo(0.2);
    assertThatThrownBy(() -> Augmentations.BackgroundNoise.severity(6)).hasMessage("Invalid noise severity: 6 (expected 1..5)");
  }

  @Test
  void noiseTimesAreSortedUniformIntegersOfTheClosedRange() {
    long[] times = NoiseKernels.sortedUniformTimes(100_000, 1000, 1009, new SplittableRandom(8));
    int[] buckets = new int[10];
    for (int i = 0; i < times.length; i++) {
      assertThat(times[i]).isBetween(1000L, 1009L);
      if (i > 0) {
        assertThat(times[i]).isGreaterThanOrEqualTo(times[i - 1]);
      }
      buckets[(int) (times[i] - 1000)]++;
    }
    for (int bucket : buckets) {
      assertThat(bucket).isBetween(9_500, 10_500); // both ends included, each value equally likely
    }
    assertThat(NoiseKernels.sortedUniformTimes(3, 7, 7, new SplittableRandom(1))).containsExactly(7, 7, 7);
  }

  @Test
  void spatialJitterRoundsAndFollowsTheCovariance() {
    EventBatch centre = new EventBatch();
    for (int i = 0; i < 20_000; i++) {
      centre.add(50, 50, i, 1);
    }
    SensorGeometry big = new SensorGeometry(101, 101);
    EventBatch moved = GeometryKernels.jitterSpace(centre, big, 4, 9, 3, GeometryKernels.OutOfBounds.DROP, new SplittableRandom(5));
    double sx = 0;
    double sy = 0;
    double sxy = 0;
    for (int i = 0; i < moved.size(); i++) {
      double dx = moved.x()[i] - 50;
      double dy = moved.y()[i] - 50;
      sx += dx * dx;
      sy += dy * dy;
      sxy += dx * dy;
    }
    int n = moved.size();
    // rounding adds about 1/12 to each variance
    assertThat(sx / n).isBetween(3.8, 4.4);
    assertThat(sy / n).isBetween(8.7, 9.5);
    assertThat(sxy / n).isBetween(2.7, 3.3);
    // tiny variance: Tonic's truncation would never move; rounding moves when |shift| >= 0.5
    EventBatch small = GeometryKernels.jitterSpace(centre, big, 0.36, 0, 0, GeometryKernels.OutOfBounds.DROP, new SplittableRandom(6));
    int movedCount = 0;
    for (int i = 0; i < small.size(); i++) {
      movedCount += small.x()[i] != 50 ? 1 : 0;
    }
    assertThat(movedCount).isBetween(8_000, 10_000); // P(|N(0, 0.6)| >= 0.5) = 0.405
    assertThatThrownBy(() -> new Augmentations.SpatialJitter(1, 1, 2, GeometryKernels.OutOfBounds.DROP))
        .hasMessage("Invalid covariance: 2.0 (the covariance matrix must be positive semi-definite)");
  }

  @Test
  void timeJitterDropsNegativeTimesAndSortsStably() {
    EventBatch events = TestEvents.random(8, 5000, SENSOR, 0);
    EventBatch jittered = TimeKernels.jitterTime(events, SENSOR, 2000, new SplittableRandom(1));
    assertThat(jittered.isSorted()).isTrue();
    assertThat(jittered.size()).isLessThan(5000).isGreaterThan(4800);
    for (int i = 0; i < jittered.size(); i++) {
      assertThat(jittered.t()[i]).isNotNegative();
    }
    EventBatch none = TimeKernels.jitterTime(events, SENSOR, 0, new SplittableRandom(1));
    assertThat(TestEvents.same(none, events)).isTrue();
  }

  @Test
  void cropEqualsNearestNeighbourResizeOfTheFrames() {
    SensorGeometry sensor = new SensorGeometry(40, 30);
    EventBatch events = TestEvents.random(12, 3000, sensor, 0);
    Augmentations.Crop crop = Augmentations.Crop.defaults();
    for (long seed = 0; seed < 10; seed++) {
      PixelRegion box = crop.box(sensor, seed);
      assertThat((long) box.x() + box.width()).isLessThanOrEqualTo(40);
      assertThat((long) box.y() + box.height()).isLessThanOrEqualTo(30);
      double scale = (double) box.width() * box.height() / (40 * 30);
      assertThat(scale).isBetween(0.05, 1.0);
      EventBatch cropped = crop.apply(events, sensor, seed);
      // one bin: the crop changes the sample's time span when its first or last events fall outside the box
      FrameTensor direct = Frames.toFrames(cropped, sensor, Slicing.byTimeBins(1), FrameMode.COUNT);
      FrameTensor full = Frames.toFrames(events, sensor, Slicing.byTimeBins(1), FrameMode.COUNT);
      for (int s = 0; s < 1; s++) {
        for (int p = 0; p < 2; p++) {
          for (int j = 0; j < 30; j++) {
            for (int i = 0; i < 40; i++) {
              int sx = box.x() + i * box.width() / 40;
              int sy = box.y() + j * box.height() / 30;
              assertThat(direct.value(s, p, j, i)).isEqualTo(full.value(s, p, sy, sx));
            }
          }
        }
      }
    }
  }

  @Test
  void eventDropChoosesEachOptionAndRestoresEmptyResults() {
    EventBatch events = TestEvents.random(2, 400, SENSOR, 0);
    int identity = 0;
    for (long seed = 0; seed < 400; seed++) {
      EventBatch out = Augmentations.EventDrop.defaults().apply(events, SENSOR, seed);
      identity += TestEvents.same(out, events) ? 1 : 0;
    }
    assertThat(identity).isBetween(70, 130); // one option in four is the identity
    EventBatch single = TestEvents.of(4, 4, 9, 1);
    int restored = 0;
    int emptied = 0;
    for (long seed = 0; seed < 200; seed++) {
      restored += Augmentations.EventDrop.defaults().apply(single, SENSOR, seed).size();
      emptied += new Augmentations.EventDrop(Augmentations.EmptyResult.KEEP_EMPTY).apply(single, SENSOR, seed).size() == 0 ? 1 : 0;
    }
    assertThat(restored).isEqualTo(200);
    assertThat(emptied).isPositive();
  }

  @Test
  void rejectsInvalidRatiosAndProbabilities() {
    assertThatThrownBy(() -> new Augmentations.RandomDrop(0.2, 1.5)).hasMessage("Invalid drop ratio: [0.2, 1.5] (expected values in [0, 1])");
    assertThatThrownBy(() -> new Augmentations.DropByTime(0.6, 0.5)).hasMessage("Invalid duration ratio: [0.6, 0.5] (minimum above maximum)");
    assertThatThrownBy(() -> new Augmentations.DropByArea(-0.1, 0.5)).hasMessage("Invalid area ratio: [-0.1, 0.5] (expected values in [0, 1])");
    assertThatThrownBy(() -> new Augmentations.PolarityFlip(1.2)).hasMessage("Invalid probability: 1.2 (expected a value in [0, 1])");
    assertThatThrownBy(() -> new Augmentations.Crop(0, 1, 0.75, 1.33)).hasMessage("Invalid crop scale: [0.0, 1.0] (expected 0 < min <= max <= 1)");
    assertThatThrownBy(() -> new Augmentations.Denoise(0)).hasMessage("Invalid filter time: 0");
    assertThatThrownBy(() -> new Augmentations.UniformNoise(5, 2)).hasMessage("Invalid noise count range: [5, 2]");
    assertThatThrownBy(() -> FilterKernels.dropRandom(TestEvents.atTimes(1, 2), SENSOR, 3, new SplittableRandom(1)))
        .hasMessage("Invalid number of events to drop: 3 of 2");
  }
}
