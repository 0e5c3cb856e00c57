package org.tnas.pipelines.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The vector pass's no-fire level ranges ({@code VectorPass.LevelBounds}): the bucket bounds are
 * conservative for every key, a level inside a range never fires against its base (checked with
 * the pass's own float arithmetic, also at bases placed within a few ulps of a threshold), and the
 * ranges lose at most one level against the exact range, so that the skip still skips.
 */
class LevelBoundsTest {
  private static final double[] LIN_LOG_THRESHOLDS = {20, 5, 60};

  @Test
  void bucketBoundsAreConservativeForEveryKey() {
    assumeTrue(VectorSupportCheck.AVAILABLE, "Skipping: no Vector API");
    SplittableRandom random = new SplittableRandom(7);
    for (double threshold : LIN_LOG_THRESHOLDS) {
      float[] table = V2eKernels.linLogTable(threshold);
      VectorPass.LevelBounds bounds = VectorPass.LevelBounds.of(table);
      assertThat(bounds).isNotNull();
      for (int n = 0; n < 200_000; n++) {
        float key = n % 4 == 0
            ? table[random.nextInt(256)] + (float) ((random.nextInt(9) - 4) * Math.ulp(table[random.nextInt(256)]))
            : (float) (random.nextDouble(-1, 9));
        int bucket = VectorPass.LevelBounds.bucket(key);
        int exactBelow = -1;
        while (exactBelow + 1 < 256 && table[exactBelow + 1] < key) {
          exactBelow++;
        }
        int exactAbove = 256;
        while (exactAbove - 1 >= 0 && table[exactAbove - 1] > key) {
          exactAbove--;
        }
        float above = bounds.above[bucket];
        if (bounds.zeroBelowNegative && key < 0) {
          above = 0;
        }
        assertThat(bounds.below[bucket]).as("below of key %s (table %s)", key, threshold).isLessThanOrEqualTo(exactBelow);
        assertThat(above).as("above of key %s (table %s)", key, threshold).isGreaterThanOrEqualTo(exactAbove);
      }
    }
  }

  @Test
  void noLevelInsideARangeFiresAndRangesAreNearlyExact() {
    assumeTrue(VectorSupportCheck.AVAILABLE, "Skipping: no Vector API");
    SplittableRandom random = new SplittableRandom(11);
    long levelsChecked = 0;
    for (int t = 0; t <= LIN_LOG_THRESHOLDS.length; t++) {
      boolean linLog = t < LIN_LOG_THRESHOLDS.length;
      // besides lin-log tables, a table whose values sit one ulp below bucket edges: there only the
      // margin keeps a level whose difference rounds up onto the threshold out of the range
      float[] table = linLog ? V2eKernels.linLogTable(LIN_LOG_THRESHOLDS[t]) : belowEdges();
      double threshold = linLog ? LIN_LOG_THRESHOLDS[t] : Double.NaN;
      VectorPass.LevelBounds bounds = VectorPass.LevelBounds.of(table);
      for (int n = 0; n < 100_000; n++) {
        float positive = n % 3 == 0 ? (float) random.nextDouble(0x1p-12, 4) : (float) random.nextDouble(0.05, 1);
        float negative = n % 5 == 0 ? (float) random.nextDouble(0x1p-12, 4) : (float) random.nextDouble(0.05, 1);
        float base;
        switch (n % 4) {
          case 0 -> base = (float) random.nextDouble(-7.99, 7.99);
          case 1 -> base = table[random.nextInt(256)] + (float) random.nextDouble(-1, 1);
          // a base that puts some level within a few ulps of the up or the down threshold
          case 2 -> base = table[random.nextInt(256)] - positive + (random.nextInt(9) - 4) * Math.ulp(positive);
          default -> base = table[random.nextInt(256)] + negative + (random.nextInt(9) - 4) * Math.ulp(negative);
        }
        if (!(Math.abs(base) < VectorPass.LevelBounds.BASE_LIMIT)) {
          continue;
        }
        float[] range = range(bounds, base, positive, negative);
        float low = range[0];
        float high = range[1];
        int exactLow = 256;
        int exactHigh = -1;
        for (int level = 0; level < 256; level++) {
          float diff = table[level] - base; // the pass's float32 difference
          boolean fires = diff > 0 ? diff >= positive : -diff >= negative;
          if (level >= low && level <= high) {
            assertThat(fires).as("level %d inside [%s, %s] fires: base %s, thresholds %s / %s, table %s", level, low,
                high, base, positive, negative, threshold).isFalse();
            levelsChecked++;
          }
          if (!fires) {
            exactLow = Math.min(exactLow, level);
            exactHigh = Math.max(exactHigh, level);
          }
        }
        if (linLog && exactLow <= exactHigh && positive >= 0.05 && negative >= 0.05) {
          assertThat(low).as("low bound of base %s", base).isLessThanOrEqualTo(exactLow + 1);
          assertThat(high).as("high bound of base %s", base).isGreaterThanOrEqualTo(exactHigh - 1);
        }
      }
    }
    assertThat(levelsChecked).isGreaterThan(1_000_000);
  }

  @Test
  void noGrayValueBetweenLevelsInsideARangeFires() {
    assumeTrue(VectorSupportCheck.AVAILABLE, "Skipping: no Vector API");
    SplittableRandom random = new SplittableRandom(13);
    long valuesChecked = 0;
    for (double threshold : LIN_LOG_THRESHOLDS) {
      assertThat(VectorPass.LevelBounds.monotoneBetweenLevels(threshold)).isTrue();
      float[] table = V2eKernels.linLogTable(threshold);
      VectorPass.LevelBounds bounds = VectorPass.LevelBounds.of(table);
      for (int n = 0; n < 50_000; n++) {
        float positive = (float) random.nextDouble(0.05, 1);
        float negative = (float) random.nextDouble(0.05, 1);
        float base = n % 2 == 0
            ? table[random.nextInt(256)] + (float) random.nextDouble(-1, 1)
            : table[random.nextInt(256)] - positive + (random.nextInt(9) - 4) * Math.ulp(positive);
        float[] range = range(bounds, base, positive, negative);
        float low = range[0];
        float high = range[1];
        if (!(low <= high)) {
          continue;
        }
        for (int k = 0; k < 20; k++) {
          // a random float in [low, high], and the floats next to the range's ends and to a level
          float value = switch (k % 4) {
            case 0 -> (float) random.nextDouble(low, Math.nextUp(high));
            case 1 -> Math.nextUp(low);
            case 2 -> Math.nextDown(high);
            default -> Math.nextUp((float) (low + random.nextInt((int) (high - low) + 1)));
          };
          if (!(value >= low && value <= high)) {
            continue;
          }
          float diff = V2eKernels.linLog(value, threshold) - base; // the pass's lane-by-lane lin-log
          boolean fires = diff > 0 ? diff >= positive : -diff >= negative;
          assertThat(fires).as("value %s inside [%s, %s] fires: base %s, thresholds %s / %s, lin-log threshold %s",
              value, low, high, base, positive, negative, threshold).isFalse();
          valuesChecked++;
        }
      }
    }
    assertThat(valuesChecked).isGreaterThan(1_000_000);
  }

  @Test
  void theLinLogIsMonotoneAcrossItsSeamOnlyForThresholdsOfAtLeastOne() {
    for (double threshold : new double[] {20, 5, 60, 1, 255, 300, 17.3}) {
      assertThat(VectorPass.LevelBounds.monotoneBetweenLevels(threshold)).as("threshold %s", threshold).isTrue();
      // every float within 2^16 ulps of the seam, and a sample of all of [0, 255]
      float seam = (float) threshold;
      float previous = V2eKernels.linLog(Math.max(0f, seam - 65536 * Math.ulp(seam)), threshold);
      for (float x = Math.max(0f, seam - 65536 * Math.ulp(seam)); x <= Math.min(255f, seam + 65536 * Math.ulp(seam));
          x = Math.nextUp(x)) {
        float y = V2eKernels.linLog(x, threshold);
        assertThat(y).as("lin-log(%s) with threshold %s", x, threshold).isGreaterThanOrEqualTo(previous);
        previous = y;
      }
      previous = V2eKernels.linLog(0f, threshold);
      for (int bits = 1; bits <= Float.floatToRawIntBits(255f); bits += 997) {
        float y = V2eKernels.linLog(Float.intBitsToFloat(bits), threshold);
        assertThat(y >= previous).as("lin-log at bits %s with threshold %s", bits, threshold).isTrue();
        previous = y;
      }
    }
    // below 1 the linear part falls: 0.25 maps below level 0's value, and the pass keeps no ranges
    assertThat(V2eKernels.linLog(0.25f, 0.5)).isLessThan(V2eKernels.linLog(0f, 0.5));
    assertThat(VectorPass.LevelBounds.monotoneBetweenLevels(0.5)).isFalse();
    assertThat(VectorPass.LevelBounds.monotoneBetweenLevels(Double.NaN)).isFalse();
  }

  /** 256 increasing values from 0 to about 5, each the float just below a bucket edge. */
  private static float[] belowEdges() {
    float[] table = new float[256];
    int first = Float.floatToRawIntBits(0.5f) >> VectorPass.LevelBounds.SHIFT;
    int last = Float.floatToRawIntBits(5f) >> VectorPass.LevelBounds.SHIFT;
    for (int level = 1; level < 256; level++) {
      int edge = first + (int) ((long) (last - first) * level / 255);
      table[level] = Math.nextDown(Float.intBitsToFloat(edge << VectorPass.LevelBounds.SHIFT));
    }
    return table;
  }

  @Test
  void aDecreasingTableHasNoBounds() {
    assumeTrue(VectorSupportCheck.AVAILABLE, "Skipping: no Vector API");
    float[] table = V2eKernels.linLogTable(20);
    table[100] = table[99] - 0.01f;
    assertThat(VectorPass.LevelBounds.of(table)).isNull();
  }

  /** {low, high}: a pixel's no-fire level range, with the keys and lookups exactly as VectorPass.storeBounds computes them. */
  private static float[] range(VectorPass.LevelBounds bounds, float base, float positive, float negative) {
    float keyHigh = (base + positive) - VectorPass.LevelBounds.MARGIN;
    float keyLow = (base - negative) + VectorPass.LevelBounds.MARGIN;
    float high = bounds.below[VectorPass.LevelBounds.bucket(keyHigh)];
    float low = bounds.above[VectorPass.LevelBounds.bucket(keyLow)];
    if (bounds.zeroBelowNegative && keyLow < 0) {
      low = 0;
    }
    return new float[] {low, high};
  }
}
