package org.tnas.udfs.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Comparator;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class StableTimeOrderTest {
  @Test
  void sortsStablyLikeAReferenceSortForSmallAndHugeTimeSpans() {
    SplittableRandom random = new SplittableRandom(3);
    for (long span : new long[] {5, 1000, 1L << 31, 1L << 40, Long.MAX_VALUE / 4}) {
      for (int trial = 0; trial < 10; trial++) {
        int n = 1 + random.nextInt(3000);
        long[] t = new long[n];
        short[] x = new short[n];
        for (int i = 0; i < n; i++) {
          t[i] = random.nextLong(span);
          x[i] = (short) i; // remembers the input position
        }
        Integer[] expected = IntStream.range(0, n).boxed().toArray(Integer[]::new);
        long[] original = t.clone();
        Arrays.sort(expected, Comparator.comparingLong(i -> original[i])); // stable (TimSort)
        StableTimeOrder.sort(x, new short[n], t, new byte[n], n);
        for (int i = 0; i < n; i++) {
          assertThat((int) x[i]).as("span %d position %d", span, i).isEqualTo(expected[i]);
          assertThat(t[i]).isEqualTo(original[expected[i]]);
        }
      }
    }
  }

  @Test
  void radixSortMatchesArraysSort() {
    SplittableRandom random = new SplittableRandom(4);
    long[] keys = random.longs(100_000, 0, Long.MAX_VALUE).toArray();
    long[] expected = keys.clone();
    Arrays.sort(expected);
    StableTimeOrder.radixSort(keys);
    assertThat(keys).containsExactly(expected);
  }
}
