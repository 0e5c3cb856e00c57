package org.tnas.pipelines.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Exact agreement with the real v2e (torch 1.13 CPU) on the committed deterministic goldens: the
 * same number of events, the same (t, x, y, p) multiset per timestamp (v2e shuffles inside a
 * timestamp, so both sides are put in canonical order), timestamps within 2 float32 ulp (in fact
 * identical).
 */
class V2eGoldenTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "gradient_64x48_30fps",
        "gradient_64x48_30fps_thresholds",
        "gradient_48x32_1000fps_cutoff100_refractory",
        "gradient_48x32_1000fps_cutoff300",
        "gradient_48x32_1000fps_refractory",
        "float_40x30_60fps_refractory",
        "float_40x30_60fps_cutoff30",
        "static_16x12_100fps_leak1hz",
        "hdr_32x24_30fps"
      })
  void matchesV2eEventForEvent(String name) throws IOException {
    V2eGolden golden = V2eGolden.resource(name);
    assertThat(golden.size()).isPositive();
    RecordingSink sink = run(golden);
    assertMatches(golden, sink);
  }

  static RecordingSink run(V2eGolden golden) {
    EventEmulator emulator = new EventEmulator(golden.parameters(), golden.width(), golden.height());
    RecordingSink sink = new RecordingSink();
    for (int f = 0; f < golden.frames().length; f++) {
      emulator.accept(golden.frames()[f], golden.times()[f], sink);
    }
    return sink;
  }

  static void assertMatches(V2eGolden golden, RecordingSink sink) {
    assertThat(sink.size).as("event count of %s", golden.name()).isEqualTo(golden.size());
    Integer[] expected = canonicalOrder(golden.t(), golden.x(), golden.y(), golden.p(), golden.size());
    Integer[] actual = canonicalOrder(sink.t, sink.x, sink.y, sink.p, sink.size);
    int exactTimes = 0;
    for (int e = 0; e < golden.size(); e++) {
      int g = expected[e];
      int j = actual[e];
      String where = golden.name() + " event " + e;
      assertThat(sink.x[j]).as(where + " x").isEqualTo(golden.x()[g]);
      assertThat(sink.y[j]).as(where + " y").isEqualTo(golden.y()[g]);
      assertThat(sink.p[j]).as(where + " p").isEqualTo(golden.p()[g]);
      float ulp = Math.ulp(golden.t()[g]);
      assertThat(sink.t[j]).as(where + " t").isCloseTo(golden.t()[g], org.assertj.core.data.Offset.offset(2 * ulp));
      exactTimes += sink.t[j] == golden.t()[g] ? 1 : 0;
    }
    // v2e's torch linspace is reproduced exactly, not only within 2 ulp
    assertThat(exactTimes).as("bit-identical timestamps of %s", golden.name()).isEqualTo(golden.size());
  }

  /** Indices sorted by (t, ON before OFF, y, x): v2e's order before its per-timestamp shuffle. */
  static Integer[] canonicalOrder(float[] t, short[] x, short[] y, byte[] p, int size) {
    Integer[] order = IntStream.range(0, size).boxed().toArray(Integer[]::new);
    Arrays.sort(
        order,
        Comparator.<Integer>comparingDouble(i -> t[i])
            .thenComparing(i -> -p[i])
            .thenComparing(i -> y[i])
            .thenComparing(i -> x[i]));
    return order;
  }
}
