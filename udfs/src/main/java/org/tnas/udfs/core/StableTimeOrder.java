package org.tnas.udfs.core;

import java.util.Arrays;

/** Stable reordering of event arrays by timestamp (ties keep their input order). */
final class StableTimeOrder {
  private StableTimeOrder() {}

  /** Sorts the first {@code n} events of the four arrays in place, stably by {@code t}. */
  static void sort(short[] x, short[] y, long[] t, byte[] p, int n) {
    int[] order = order(t, n);
    if (order == null) {
      return;
    }
    short[] x2 = new short[n];
    short[] y2 = new short[n];
    long[] t2 = new long[n];
    byte[] p2 = new byte[n];
    for (int i = 0; i < n; i++) {
      int j = order[i];
      x2[i] = x[j];
      y2[i] = y[j];
      t2[i] = t[j];
      p2[i] = p[j];
    }
    System.arraycopy(x2, 0, x, 0, n);
    System.arraycopy(y2, 0, y, 0, n);
    System.arraycopy(t2, 0, t, 0, n);
    System.arraycopy(p2, 0, p, 0, n);
  }

  /**
   * The stable sorting permutation of the first {@code n} timestamps ({@code order[i]} = input
   * position of the i-th smallest; ties keep their input order), or null when they are already
   * sorted. A dense time range (at most about 4 microseconds per event, as in real recordings) is
   * counting-sorted in two linear passes; otherwise packed (time, index) keys are radix-sorted
   * (time spans below 2^32) or merge-sorted.
   */
  static int[] order(long[] t, int n) {
    long min = Long.MAX_VALUE;
    long max = Long.MIN_VALUE;
    boolean sorted = true;
    for (int i = 0; i < n; i++) {
      long ti = t[i];
      min = Math.min(min, ti);
      max = Math.max(max, ti);
    }
    for (int i = 1; i < n; i++) {
      sorted &= t[i] >= t[i - 1];
    }
    if (sorted) {
      return null;
    }
    // max > min here; the span may overflow a long when the values are of mixed sign
    long span = max - min;
    if (span > 0 && span <= 4L * n + 1024 && span < (1 << 28)) {
      int[] starts = new int[(int) span + 2];
      for (int i = 0; i < n; i++) {
        starts[(int) (t[i] - min) + 1]++;
      }
      for (int d = 1; d < starts.length; d++) {
        starts[d] += starts[d - 1];
      }
      int[] order = new int[n];
      for (int i = 0; i < n; i++) {
        order[starts[(int) (t[i] - min)]++] = i;
      }
      return order;
    }
    if (span > 0 && span < (1L << 32) && n < (1 << 31) - 1) {
      // pack (time offset, index) into one long: a primitive sort is then stable and fast
      long[] keys = new long[n];
      for (int i = 0; i < n; i++) {
        keys[i] = ((t[i] - min) << 31) | i;
      }
      radixSort(keys);
      int[] order = new int[n];
      for (int i = 0; i < n; i++) {
        order[i] = (int) (keys[i] & 0x7FFFFFFFL);
      }
      return order;
    }
    return mergeSortOrder(t, n);
  }

  /** LSD radix sort of non-negative keys, 16 bits per pass, skipping passes whose digit is constant. */
  static void radixSort(long[] keys) {
    int n = keys.length;
    long max = 0;
    for (long key : keys) {
      max |= key;
    }
    long[] source = keys;
    long[] target = new long[n];
    int[] counts = new int[1 << 16];
    for (int shift = 0; shift < 64 && (max >>> shift) != 0; shift += 16) {
      Arrays.fill(counts, 0);
      for (int i = 0; i < n; i++) {
        counts[(int) ((source[i] >>> shift) & 0xFFFF)]++;
      }
      if (counts[(int) ((source[0] >>> shift) & 0xFFFF)] == n) {
        continue;
      }
      int sum = 0;
      for (int d = 0; d < counts.length; d++) {
        int c = counts[d];
        counts[d] = sum;
        sum += c;
      }
      for (int i = 0; i < n; i++) {
        long key = source[i];
        target[counts[(int) ((key >>> shift) & 0xFFFF)]++] = key;
      }
      long[] swap = source;
      source = target;
      target = swap;
    }
    if (source != keys) {
      System.arraycopy(source, 0, keys, 0, n);
    }
  }

  private static int[] mergeSortOrder(long[] t, int n) {
    int[] a = new int[n];
    int[] b = new int[n];
    for (int i = 0; i < n; i++) {
      a[i] = i;
    }
    for (int width = 1; width < n; width *= 2) {
      for (int lo = 0; lo < n; lo += 2 * width) {
        int mid = Math.min(lo + width, n);
        int hi = Math.min(lo + 2 * width, n);
        int i = lo;
        int j = mid;
        int k = lo;
        while (i < mid && j < hi) {
          b[k++] = t[a[j]] < t[a[i]] ? a[j++] : a[i++];
        }
        while (i < mid) {
          b[k++] = a[i++];
        }
        while (j < hi) {
          b[k++] = a[j++];
        }
      }
      int[] swap = a;
      a = b;
      b = swap;
    }
    return a;
  }
}
