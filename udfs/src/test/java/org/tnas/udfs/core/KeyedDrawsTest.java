package org.tnas.udfs.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.tnas.formats.events.EventBatch;
import org.tnas.formats.events.SensorGeometry;

/**
 * The counter-based draws of the noise ({@link KeyedNoise}) and the polarity flips ({@link
 * NoiseKernels#flipPolarity(ValidEvents, double, long)}) have the distribution of the sequential
 * draws they replaced: fixed seeds, statistical bounds at about 4 standard deviations (or the 0.1 %
 * point of a chi-square), so a test fails by chance far less often than once in a thousand runs.
 */
class KeyedDrawsTest {
  /** The 0.999 quantile of chi-square with {@code df} degrees of freedom (Wilson-Hilferty). */
  private static double chiSquare999(int df) {
    double z = 3.090;
    double a = 2.0 / (9 * df);
    return df * Math.pow(1 - a + z * Math.sqrt(a), 3);
  }

  private static double chiSquare(long[] observed, double expected) {
    double sum = 0;
    for (long o : observed) {
      sum += (o - expected) * (o - expected) / expected;
    }
    return sum;
  }

  private static KeyedNoise noise(long seed, int count, long tMin, long tMax, int w, int h) {
    return new KeyedNoise(seed, count, tMin, tMax, w, h);
  }

  @Test
  void noiseTimesAreSortedUniformIntegersOfTheClosedRange() {
    int count = 100_000;
    KeyedNoise noise = noise(8, count, 1000, 1009, 5, 5);
    long[] t = new long[count];
    noise.fillAll(t, new short[count], new short[count], new byte[count]);
    long[] buckets = new long[10];
    for (int i = 0; i < count; i++) {
      assertThat(t[i]).isBetween(1000L, 1009L);
      if (i > 0) {
        assertThat(t[i]).as("sorted at %d", i).isGreaterThanOrEqualTo(t[i - 1]);
      }
      buckets[(int) (t[i] - 1000)]++;
    }
    // both ends included, each value equally likely
    assertThat(chiSquare(buckets, count / 10.0)).isLessThan(chiSquare999(9));
    long[] wide = new long[count];
    noise(9, count, 5_000_000, 5_999_999, 5, 5).fillAll(wide, new short[count], new short[count], new byte[count]);
    long[] fine = new long[50];
    for (long value : wide) {
      assertThat(value).isBetween(5_000_000L, 5_999_999L);
      fine[(int) ((value - 5_000_000) / 20_000)]++;
    }
    assertThat(chiSquare(fine, count / 50.0)).isLessThan(chiSquare999(49));
    KeyedNoise constant = noise(1, 3, 7, 7, 5, 5);
    long[] three = new long[3];
    constant.fillAll(three, new short[3], new short[3], new byte[3]);
    assertThat(three).containsExactly(7, 7, 7);
  }

  @Test
  void theNumberOfNoiseTimesBelowAPointHasTheBinomialMeanAndVarianceAcrossSeeds() {
    // count 5,000 = 5 blocks: the share below 0.2 (about the first block's end) and below 0.5 of the
    // range is Binomial(count, q) / count over seeds; a wrong block sum (e.g. Gamma replaced by its
    // mean) shrinks the variance, a wrong scale shifts the mean
    int count = 5_000;
    int seeds = 600;
    for (double q : new double[] {0.2, 0.5}) {
      long threshold = (long) (q * 1_000_000);
      double sum = 0;
      double squares = 0;
      for (int s = 0; s < seeds; s++) {
        KeyedNoise noise = noise(1000 + s, count, 0, 999_999, 5, 5);
        double share = noise.lowerBound(threshold) / (double) count;
        sum += share;
        squares += share * share;
      }
      double mean = sum / seeds;
      double variance = squares / seeds - mean * mean;
      double expected = q * (1 - q) / count;
      assertThat(Math.abs(mean - q)).as("mean share below %s", q).isLessThan(4 * Math.sqrt(expected / seeds));
      // the sample variance / expected ~ chi2(seeds - 1) / (seeds - 1): sd 0.058
      assertThat(variance / expected).as("variance ratio below %s", q).isBetween(0.75, 1.25);
    }
  }

  @Test
  void gammaDrawsHaveTheGammaMeanAndVariance() {
    SplittableRandom random = new SplittableRandom(3);
    for (double shape : new double[] {1, 3, 1024}) {
      int n = 40_000;
      double sum = 0;
      double squares = 0;
      for (int i = 0; i < n; i++) {
        double g = KeyedNoise.gamma(shape, random);
        assertThat(g).isPositive();
        sum += g;
        squares += g * g;
      }
      double mean = sum / n;
      double variance = squares / n - mean * mean;
      // Gamma(k, 1): mean k, variance k; the sample variance's sd is about k sqrt((2 + 6 / k) / n)
      assertThat(Math.abs(mean - shape)).as("mean of Gamma(%s)", shape).isLessThan(4 * Math.sqrt(shape / n));
      assertThat(Math.abs(variance / shape - 1)).as("variance of Gamma(%s)", shape).isLessThan(4 * Math.sqrt((2 + 6 / shape) / n));
    }
  }

  @Test
  void noiseCoordinatesAndPolaritiesAreUniformAndIndependentOfTheBitPosition() {
    int count = 120_000;
    int w = 37;
    int h = 23;
    short[] x = new short[count];
    short[] y = new short[count];
    byte[] p = new byte[count];
    noise(11, count, 0, 100, w, h).fillAll(new long[count], x, y, p);
    long[] xs = new long[w];
    long[] ys = new long[h];
    long[] onByBit = new long[64];
    long ones = 0;
    for (int i = 0; i < count; i++) {
      xs[x[i]]++;
      ys[y[i]]++;
      ones += p[i];
      onByBit[i % 64] += p[i];
    }
    assertThat(chiSquare(xs, count / (double) w)).isLessThan(chiSquare999(w - 1));
    assertThat(chiSquare(ys, count / (double) h)).isLessThan(chiSquare999(h - 1));
    // x and y come from the two halves of one draw: jointly uniform (independent)
    long[] joint = new long[w * h];
    for (int i = 0; i < count; i++) {
      joint[x[i] * h + y[i]]++;
    }
    assertThat(chiSquare(joint, count / (double) (w * h))).isLessThan(chiSquare999(w * h - 1));
    assertThat(Math.abs(ones - count / 2.0)).isLessThan(4 * Math.sqrt(count / 4.0));
    // neighbours independent: equal polarities half the time
    long equal = 0;
    for (int i = 1; i < count; i++) {
      equal += p[i] == p[i - 1] ? 1 : 0;
    }
    assertThat(Math.abs(equal - (count - 1) / 2.0)).isLessThan(4 * Math.sqrt(count / 4.0));
    // every bit of a polarity word is used: each of the 64 positions about half ON
    long[] offByBit = new long[64];
    for (int b = 0; b < 64; b++) {
      offByBit[b] = count / 64 - onByBit[b];
    }
    long[] both = new long[128];
    System.arraycopy(onByBit, 0, both, 0, 64);
    System.arraycopy(offByBit, 0, both, 64, 64);
    assertThat(chiSquare(both, count / 128.0)).isLessThan(chiSquare999(127));
  }

  @Test
  void boundedDrawsRedrawTheBiasedLowValues() {
    // bound 3: 2^32 mod 3 = 1, so r = 0 (low half 0 < 1) is rejected and the next 32 bits decide
    SplittableRandom a = new SplittableRandom(5);
    SplittableRandom b = new SplittableRandom(5);
    int redrawn = KeyedNoise.bounded(0, 3, a);
    assertThat(redrawn).isEqualTo((int) (((b.nextInt() & 0xFFFFFFFFL) * 3) >>> 32));
    // exactly one redraw consumed
    assertThat(a.nextInt()).isEqualTo(b.nextInt());
    // not rejected: (r * bound) >> 32 without a draw
    SplittableRandom c = new SplittableRandom(5);
    assertThat(KeyedNoise.bounded(0xFFFFFFFFL, 3, c)).isEqualTo(2);
    assertThat(c.nextInt()).isEqualTo(new SplittableRandom(5).nextInt());
  }

  @Test
  void anyNoiseEventCanBeDrawnAloneWithTheValuesOfTheFullDraw() {
    int count = 5_500;
    KeyedNoise all = noise(21, count, 100, 90_000, 40, 30);
    long[] t = new long[count];
    short[] x = new short[count];
    short[] y = new short[count];
    byte[] p = new byte[count];
    all.fillAll(t, x, y, p);
    KeyedNoise lazy = noise(21, count, 100, 90_000, 40, 30);
    SplittableRandom order = new SplittableRandom(2);
    for (int k = 0; k < 2000; k++) {
      int j = order.nextInt(count);
      assertThat(lazy.t(j)).isEqualTo(t[j]);
      assertThat(lazy.x(j)).isEqualTo(x[j]);
      assertThat(lazy.y(j)).isEqualTo(y[j]);
      assertThat(lazy.p(j)).isEqualTo(p[j]);
    }
    for (int b = 0; b < all.blocks(); b++) {
      assertThat(all.lastTimeOf(b)).isEqualTo(t[Math.min(count, (b + 1) * KeyedNoise.BLOCK) - 1]);
    }
    for (long value : new long[] {0, 100, 101, 5000, 45_000, 89_999, 90_000, 90_001}) {
      int expected = 0;
      while (expected < count && t[expected] < value) {
        expected++;
      }
      assertThat(noise(21, count, 100, 90_000, 40, 30).lowerBound(value)).as("lower bound of %d", value).isEqualTo(expected);
    }
  }

  @Test
  void backgroundNoiseAddsTheCountOfNoiseEventsMergedInOrder() {
    SensorGeometry sensor = new SensorGeometry(40, 30);
    EventBatch events = TestEvents.random(4, 20_000, sensor, 1000);
    Augmentations.BackgroundNoise noise = Augmentations.BackgroundNoise.severity(5);
    for (long seed = 0; seed < 5; seed++) {
      EventBatch noisy = noise.apply(events, sensor, seed);
      assertThat(noisy.size()).isEqualTo(20_000 + 4_000);
      EventChecks.requireValid(noisy, sensor);
      assertThat(noisy.t()[0]).isEqualTo(events.t()[0]);
      assertThat(noisy.t()[noisy.size() - 1]).isEqualTo(events.t()[events.size() - 1]);
    }
  }

  @Test
  void keyedPolarityFlipsHaveTheRateEverywhereIncludingBlockEdges() {
    int n = 3 * NoiseKernels.FLIP_BLOCK + 100;
    EventBatch events = new EventBatch(n);
    for (int i = 0; i < n; i++) {
      events.add(0, 0, i, 0);
    }
    SensorGeometry sensor = new SensorGeometry(1, 1);
    ValidEvents valid = EventChecks.validate(events, sensor);
    double q = 0.2;
    int seeds = 300;
    long flips = 0;
    long[] byBlock = new long[4];
    long[] edges = new long[2];
    int edgeTrials = 0;
    for (int s = 0; s < seeds; s++) {
      byte[] p = NoiseKernels.flipPolarity(valid, q, 500L + s).p();
      for (int i = 0; i < n; i++) {
        flips += p[i];
        byBlock[i / NoiseKernels.FLIP_BLOCK] += p[i];
      }
      for (int b = 1; b < 3; b++) {
        edges[0] += p[b * NoiseKernels.FLIP_BLOCK];
        edges[1] += p[b * NoiseKernels.FLIP_BLOCK - 1];
        edgeTrials++;
      }
    }
    double trials = (double) n * seeds;
    assertThat(Math.abs(flips - q * trials)).isLessThan(4 * Math.sqrt(trials * q * (1 - q)));
    for (int b = 0; b < 4; b++) {
      double size = b < 3 ? NoiseKernels.FLIP_BLOCK : 100;
      double expected = q * size * seeds;
      assertThat(Math.abs(byBlock[b] - expected)).as("block %d", b).isLessThan(4 * Math.sqrt(expected * (1 - q)));
    }
    // the first and the last index of a block flip with probability q too
    for (long edge : edges) {
      assertThat(Math.abs(edge - q * edgeTrials)).isLessThan(4 * Math.sqrt(edgeTrials * q * (1 - q)));
    }
    // probability 1 flips all, 0 none, as the sequential kernel
    assertThat(TestEvents.ps(NoiseKernels.flipPolarity(valid, 1, 3))).containsOnly(1);
    assertThat(NoiseKernels.flipPolarity(valid, 0, 3).p()).containsOnly((byte) 0);
  }

  /** The hypergeometric probabilities by exact counting (small arguments). */
  private static double hypergeometricProbability(int population, int marked, int draws, int k) {
    return choose(marked, k) * choose(population - marked, draws - k) / choose(population, draws);
  }

  private static double choose(int a, int b) {
    if (b < 0 || b > a) {
      return 0;
    }
    double c = 1;
    for (int i = 0; i < b; i++) {
      c = c * (a - i) / (i + 1);
    }
    return c;
  }

  @Test
  void hypergeometricDrawsFollowTheExactProbabilities() {
    SplittableRandom random = new SplittableRandom(12);
    int[][] cases = {{20, 7, 9}, {50, 45, 30}, {12, 3, 11}, {1000, 500, 10}};
    for (int[] c : cases) {
      int trials = 40_000;
      int support = Math.min(c[1], c[2]) + 1;
      long[] observed = new long[support];
      for (int i = 0; i < trials; i++) {
        observed[(int) KeyedDrop.hypergeometric(c[0], c[1], c[2], random)]++;
      }
      // chi-square over the values with an expected count of at least 5 (the rest pooled)
      double chi = 0;
      int cells = 0;
      double pooledExpected = 0;
      long pooledObserved = 0;
      for (int k = 0; k < support; k++) {
        double expected = trials * hypergeometricProbability(c[0], c[1], c[2], k);
        if (expected >= 5) {
          chi += (observed[k] - expected) * (observed[k] - expected) / expected;
          cells++;
        } else {
          pooledExpected += expected;
          pooledObserved += observed[k];
        }
      }
      if (pooledExpected >= 5) {
        chi += (pooledObserved - pooledExpected) * (pooledObserved - pooledExpected) / pooledExpected;
        cells++;
      } else {
        assertThat(pooledObserved).as("rare values of %s", java.util.Arrays.toString(c)).isLessThan(20);
      }
      assertThat(chi).as("chi-square of %s", java.util.Arrays.toString(c)).isLessThan(chiSquare999(cells - 1));
    }
    // large arguments: the mean n K / N and the variance n K/N (1 - K/N) (N - n) / (N - 1)
    long population = 1_200_000;
    long marked = 700_000;
    long draws = 409_600;
    int trials = 4000;
    double sum = 0;
    double squares = 0;
    for (int i = 0; i < trials; i++) {
      double k = KeyedDrop.hypergeometric(population, marked, draws, random);
      sum += k;
      squares += k * k;
    }
    double q = (double) marked / population;
    double mean = draws * q;
    double variance = draws * q * (1 - q) * (population - draws) / (population - 1.0);
    assertThat(Math.abs(sum / trials - mean)).isLessThan(4 * Math.sqrt(variance / trials));
    double sampleVariance = squares / trials - (sum / trials) * (sum / trials);
    // sd of the ratio about sqrt(2 / trials) = 0.022
    assertThat(sampleVariance / variance).isBetween(0.9, 1.1);
    // degenerate ranges
    assertThat(KeyedDrop.hypergeometric(10, 0, 5, random)).isZero();
    assertThat(KeyedDrop.hypergeometric(10, 10, 5, random)).isEqualTo(5);
    assertThat(KeyedDrop.hypergeometric(10, 8, 5, random)).isBetween(3L, 5L);
  }

  @Test
  void logFactorialsAreExactEnoughOnBothSidesOfTheTable() {
    double sum = 0;
    for (int k = 2; k <= 5000; k++) {
      sum += Math.log(k);
      assertThat(KeyedDrop.logFactorial(k)).as("log %d!", k).isCloseTo(sum, org.assertj.core.data.Offset.offset(1e-9 * sum));
    }
  }

  @Test
  void keyedDropRemovesExactlyTheCountUniformlyAndAnyBlockCanBeReadAlone() {
    int n = 5 * KeyedDrop.BLOCK + 123;
    int count = n * 3 / 10;
    int seeds = 200;
    long[] byBlock = new long[6];
    long[] byOffset = new long[16];
    double blockSquares = 0;
    for (int s = 0; s < seeds; s++) {
      KeyedDrop drop = new KeyedDrop(70L + s, n, count);
      byte[] all = drop.all();
      int total = 0;
      for (int i = 0; i < n; i++) {
        total += all[i];
        byBlock[i / KeyedDrop.BLOCK] += all[i];
        byOffset[i % 16] += all[i];
      }
      assertThat(total).isEqualTo(count);
      int first = 0;
      for (int i = 0; i < KeyedDrop.BLOCK; i++) {
        first += all[i];
      }
      blockSquares += (first - count * (double) KeyedDrop.BLOCK / n) * (first - count * (double) KeyedDrop.BLOCK / n);
      // a fresh object reading scattered indices gives the same flags and block counts
      KeyedDrop lazy = new KeyedDrop(70L + s, n, count);
      for (int i = n - 1; i >= 0; i -= 997) {
        assertThat(lazy.flag(i)).isEqualTo(all[i]);
      }
      for (int b = 0; b < lazy.blocks(); b++) {
        int inBlock = 0;
        for (int i = b * KeyedDrop.BLOCK; i < Math.min(n, (b + 1) * KeyedDrop.BLOCK); i++) {
          inBlock += all[i];
        }
        assertThat(lazy.droppedIn(b)).isEqualTo(inBlock);
      }
    }
    // every index equally likely: each block and each offset mod 16 loses count / n of its indices
    double q = count / (double) n;
    for (int b = 0; b < 6; b++) {
      double size = b < 5 ? KeyedDrop.BLOCK : 123;
      double expected = q * size * seeds;
      assertThat(Math.abs(byBlock[b] - expected)).as("block %d", b).isLessThan(4 * Math.sqrt(expected * (1 - q)));
    }
    assertThat(chiSquare(byOffset, count * (double) seeds / 16)).isLessThan(chiSquare999(15));
    // the first block's count varies as the hypergeometric's (not fixed at its mean)
    double variance = KeyedDrop.BLOCK * q * (1 - q) * (n - KeyedDrop.BLOCK) / (n - 1.0);
    assertThat(blockSquares / seeds / variance).isBetween(0.6, 1.4);
  }
}
