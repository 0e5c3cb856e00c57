package org.tnas.udfs.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.tnas.formats.events.EventBatch;
import org.tnas.formats.events.SensorGeometry;

/** The branch-free Floyd sampling of {@link FilterKernels#dropRandom} keeps exactly the events of the branching original. */
class FloydSamplingTest {
  private static final SensorGeometry SENSOR = new SensorGeometry(64, 48);

  /** The earlier implementation: mark r, or j when r is already marked (with a branch). */
  private static boolean[] reference(int n, int count, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    boolean[] dropped = new boolean[n];
    for (int j = n - count; j < n; j++) {
      int r = random.nextInt(j + 1);
      if (dropped[r]) {
        dropped[j] = true;
      } else {
        dropped[r] = true;
      }
    }
    return dropped;
  }

  @Test
  void keepsTheSameEventsAsTheBranchingAlgorithm() {
    for (int n : new int[] {1, 2, 7, 100, 5000}) {
      EventBatch events = TestEvents.random(n, n, SENSOR, 0);
      for (int count : new int[] {0, 1, n / 3, n / 2, n - 1, n}) {
        for (long seed = 0; seed < 5; seed++) {
          boolean[] dropped = reference(n, count, seed);
          EventBatch kept = FilterKernels.dropRandom(events, SENSOR, count, new SplittableRandom(seed));
          assertThat(kept.size()).isEqualTo(n - count);
          int k = 0;
          for (int i = 0; i < n; i++) {
            if (!dropped[i]) {
              assertThat(kept.t()[k]).isEqualTo(events.t()[i]);
              assertThat(kept.x()[k]).isEqualTo(events.x()[i]);
              k++;
            }
          }
        }
      }
    }
  }
}
