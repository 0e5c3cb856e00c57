package org.tnas.udfs.core;

/**
 * Maps source pixel coordinates of one axis onto a target axis: the source interval
 * {@code [from, from + length)} is scaled to {@code [0, target)}.
 *
 * <ul>
 *   <li>Down-scaling ({@code target <= length}): source {@code r} goes to {@code floor(r * target /
 *       length)}: every event lands in exactly one target pixel (sum pooling of counts, nothing
 *       dropped - unlike nearest-neighbour frame resizing, which skips whole rows and columns).
 *   <li>Up-scaling ({@code target > length}): source {@code r} covers the target pixels {@code j}
 *       with {@code floor(j * length / target) == r}, exactly the pixels a nearest-neighbour frame
 *       resize copies from it, so events are replicated and the frame equals a nearest resize.
 * </ul>
 *
 * Coordinates outside the source interval map to nothing ({@code count == 0}).
 */
final class AxisMap {
  final int[] first;
  final int[] count;
  /** Whether every source pixel in the interval maps to exactly one target pixel. */
  final boolean single;

  private AxisMap(int[] first, int[] count, boolean single) {
    this.first = first;
    this.count = count;
    this.single = single;
  }

  static AxisMap of(int sourceSide, int from, int length, int target) {
    int[] first = new int[sourceSide];
    int[] count = new int[sourceSide];
    boolean single = true;
    for (int s = 0; s < sourceSide; s++) {
      int r = s - from;
      if (r < 0 || r >= length) {
        first[s] = -1;
        continue;
      }
      if (target <= length) {
        first[s] = (int) ((long) r * target / length);
        count[s] = 1;
      } else {
        int lo = (int) ceilDiv((long) r * target, length);
        int hi = (int) ceilDiv((long) (r + 1) * target, length);
        first[s] = lo;
        count[s] = hi - lo;
        single &= hi - lo == 1;
      }
    }
    return new AxisMap(first, count, single);
  }

  static long ceilDiv(long a, long b) {
    return -Math.floorDiv(-a, b);
  }
}
