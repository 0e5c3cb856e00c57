package org.tnas.pipelines.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import org.junit.jupiter.api.Test;
import org.tnas.formats.events.EventBatch;

class EventEmulatorTest {

  @Test
  void linLogIsContinuousAndRounded() {
    assertThat(V2eKernels.linLog(0, 20)).isZero();
    assertThat(V2eKernels.linLog(20, 20)).isEqualTo((float) (Math.rint(Math.log(20) * 1e8) / 1e8));
    assertThat(V2eKernels.linLog(255, 20)).isEqualTo((float) (Math.rint(Math.log(255) * 1e8) / 1e8));
    assertThat(V2eKernels.linLog(10, 20)).isEqualTo((float) (Math.rint(10 * Math.log(20) / 20 * 1e8) / 1e8));
  }

  @Test
  void linspaceMatchesTorchReferenceValues() {
    // torch.linspace(0.1 + 0.5/3, 0.6, 3, dtype=float32) = float32 [0.26666668, 0.43333334, 0.6]
    float[] out = new float[3];
    V2eKernels.linspace(0.1 + 0.5 / 3, 0.6, 3, out);
    assertThat(out).containsExactly(0.26666668f, 0.43333334f, 0.6f);
    float[] one = new float[1];
    V2eKernels.linspace(0.25, 0.5, 1, one);
    assertThat(one).containsExactly(0.25f);
    assertThatThrownBy(() -> V2eKernels.linspace(0, 1, 0, one)).hasMessage("Invalid steps: 0");
  }

  @Test
  void floorDivisionIsExact() {
    // 0.6f / 0.2f rounds to 3.0000002 in float32 but the exact quotient is just below... or above 3
    float a = 0.6f;
    float b = 0.2f;
    java.math.BigDecimal exact = new java.math.BigDecimal(a).divide(new java.math.BigDecimal(b), java.math.MathContext.DECIMAL128);
    assertThat(V2eKernels.floorDivide(a, b)).isEqualTo(exact.setScale(0, java.math.RoundingMode.FLOOR).intValue());
    assertThat(V2eKernels.floorDivide(0.6, 0.2)).isEqualTo(2); // 0.6/0.2 = 2.9999999999999996 exactly below 3
    assertThat(V2eKernels.floorDivide(0.4, 0.2)).isEqualTo(2);
    assertThat(V2eKernels.floorDivide(0.0, 0.2)).isZero();
  }

  @Test
  void anInfiniteGrayValueIsRejectedWithItsPixelNotAnOutOfMemoryError() {
    for (boolean vectorised : new boolean[] {true, false}) {
      for (float bad : new float[] {Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, -1e30f}) {
        for (EmulatorParameters parameters : new EmulatorParameters[] {
            EmulatorParameters.noiseFree(), EmulatorParameters.clean(), EmulatorParameters.commandLineDefaults()}) {
          EventEmulator emulator = new EventEmulator(parameters, 16, 4, vectorised);
          float[] frame = new float[64];
          java.util.Arrays.fill(frame, 100);
          emulator.accept(frame, 0, new EventBatch(16));
          float[] next = frame.clone();
          next[16 + 3] = bad;
          assertThatThrownBy(() -> emulator.accept(next, 0.04, new EventBatch(16)))
              .as("%s %s vectorised %s", bad, parameters, vectorised)
              .isInstanceOf(IllegalArgumentException.class)
              .hasMessageStartingWith("Invalid frame 1: pixel (3, 1), gray value " + bad + ", would fire ")
              .hasMessageContaining("at most 16777216");
        }
      }
    }
  }

  @Test
  void firstFrameOnlyInitialisesAndTimeStartsAtZero() {
    EventEmulator emulator = new EventEmulator(EmulatorParameters.noiseFree(), 2, 1);
    RecordingSink sink = new RecordingSink();
    assertThat(emulator.accept(new float[] {50, 50}, 1.0, sink)).isZero();
    // ln(100) - ln(50) = 0.693: 3 ON events; previous time is still 0 so dt = 2 s, ts = 2/3, 4/3, 2
    assertThat(emulator.accept(new float[] {100, 50}, 2.0, sink)).isEqualTo(3);
    assertThat(sink.t).startsWith(0.6666667f, 1.3333334f, 2.0f);
    assertThat(sink.x).startsWith((short) 0, (short) 0, (short) 0);
    assertThat(sink.p).startsWith((byte) 1, (byte) 1, (byte) 1);
    assertThat(emulator.lastFrameSteps()).isEqualTo(3);
    // base moved by float32(3 * 0.2) only, the residual 0.093 stays; back to 50 the float32 diff is
    // just below 3 thresholds, so 2 OFF events (checked with torch 1.13: floor(0.6 / 0.2) = 2 here)
    assertThat(emulator.accept(new float[] {50, 50}, 3.0, sink)).isEqualTo(2);
    assertThat(sink.p[3] + sink.p[4]).isZero();
  }

  @Test
  void batchSinkUsesV2eMicroseconds() {
    EventEmulator emulator = new EventEmulator(EmulatorParameters.noiseFree(), 1, 1);
    EventBatch batch = new EventBatch();
    emulator.accept(new float[] {30}, 0, batch);
    emulator.accept(new float[] {200}, 1 / 30.0, batch);
    assertThat(batch.size()).isEqualTo(9); // ln(200/30) = 1.897 -> 9 events
    assertThat(batch.t()[8]).isEqualTo((long) ((float) (1 / 30.0) * 1e6f));
    assertThat(batch.t()[8]).isEqualTo(33333L);
    assertThat(batch.isSorted()).isTrue();
  }

  @Test
  void rejectsBadInput() {
    EventEmulator emulator = new EventEmulator(EmulatorParameters.noiseFree(), 2, 2);
    RecordingSink sink = new RecordingSink();
    assertThatThrownBy(() -> emulator.accept(new float[3], 0, sink)).hasMessage("Invalid frame length: 3 (expected 4)");
    assertThatThrownBy(() -> emulator.accept(new float[4], Double.NaN, sink)).hasMessage("Invalid frame time: NaN");
    assertThatThrownBy(() -> emulator.accept(new float[4], -1, sink))
        .hasMessage("Cannot accept frame: time -1.0 is before the previous frame time 0.0");
    assertThatThrownBy(() -> emulator.accept(null, 0, sink)).hasMessage("frame is null");
    assertThatThrownBy(() -> new EventEmulator(EmulatorParameters.noiseFree(), 0, 2)).hasMessage("Invalid width: 0");
    assertThatThrownBy(() -> new EventEmulator(EmulatorParameters.noiseFree(), 2, 40000)).hasMessage("Invalid height: 40000");
  }

  @Test
  void sameSeedSameEventsAndShuffleKeepsTheMultiset() throws IOException {
    V2eGolden golden = V2eGolden.resource("gradient_64x48_30fps");
    EmulatorParameters noisy = EmulatorParameters.commandLineDefaults().withSeed(99);
    RecordingSink first = run(golden, noisy);
    RecordingSink second = run(golden, noisy);
    assertThat(first.size).isEqualTo(second.size).isPositive();
    assertThat(java.util.Arrays.copyOf(first.x, first.size)).isEqualTo(java.util.Arrays.copyOf(second.x, second.size));
    assertThat(java.util.Arrays.copyOf(first.t, first.size)).isEqualTo(java.util.Arrays.copyOf(second.t, second.size));
    assertThat(run(golden, noisy.withSeed(100)).size).isNotEqualTo(first.size);
    // the shuffled deterministic model has the v2e events in another order inside each timestamp
    RecordingSink shuffled = run(golden, golden.parameters().withOrder(EventOrder.SHUFFLED).withSeed(4));
    V2eGoldenTest.assertMatches(golden, shuffled);
  }

  @Test
  void refractoryAndCutoffGoldensReallyExerciseThoseStages() throws IOException {
    V2eGolden refractory = V2eGolden.resource("gradient_48x32_1000fps_refractory");
    assertThat(run(refractory, refractory.parameters().withRefractoryPeriodSeconds(0)).size)
        .isGreaterThan(refractory.size());
    V2eGolden cutoff = V2eGolden.resource("float_40x30_60fps_cutoff30");
    assertThat(run(cutoff, cutoff.parameters().withCutoffHz(0)).size).isNotEqualTo(cutoff.size());
  }

  static RecordingSink run(V2eGolden golden, EmulatorParameters parameters) {
    EventEmulator emulator = new EventEmulator(parameters, golden.width(), golden.height());
    RecordingSink sink = new RecordingSink();
    for (int f = 0; f < golden.frames().length; f++) {
      emulator.accept(golden.frames()[f], golden.times()[f], sink);
    }
    return sink;
  }

  /**
   * The vector pass's frame minimum (an integer path for frames of non-negative numbers, four
   * running vector minima otherwise) equals the scalar one, NaN (of any payload) and the sign of
   * zero included, for lengths around the block sizes: frames without special values (the integer
   * path: gray levels, values between levels, +0, subnormals, +infinity), frames where they are
   * rare, and frames where they are common.
   */
  @Test
  void vectorMinimumEqualsScalarMinimum() {
    org.junit.jupiter.api.Assumptions.assumeTrue(VectorSupportCheck.AVAILABLE, "Vector API unavailable");
    java.util.SplittableRandom random = new java.util.SplittableRandom(7);
    float[] specials = {Float.NaN, -0f, Float.NEGATIVE_INFINITY, -0.5f, -Float.MIN_VALUE,
        Float.intBitsToFloat(0xffc00000), Float.intBitsToFloat(0x7f800001)};
    float[] ordinary = {0f, Float.MIN_VALUE, Float.MIN_NORMAL, 300f, Float.POSITIVE_INFINITY, 254.99998f};
    int[] specialOdds = {0, 400, 8}; // none, about one in 400 values, one in 8
    for (int odds : specialOdds) {
      for (int length = 1; length < 200; length++) {
        for (int trial = 0; trial < 20; trial++) {
          float[] frame = new float[length];
          for (int i = 0; i < length; i++) {
            int pick = random.nextInt(8);
            frame[i] = odds > 0 && random.nextInt(odds) == 0 ? specials[random.nextInt(specials.length)]
                : pick == 0 ? ordinary[random.nextInt(ordinary.length)]
                : pick == 1 ? random.nextInt(256) + random.nextFloat()
                : random.nextInt(256);
          }
          // floatToIntBits: one NaN (a payload is not kept, and only feeds arithmetic), but -0 is not +0
          assertThat(Float.floatToIntBits(VectorPass.minimum(frame)))
              .as("odds %d length %d trial %d", odds, length, trial)
              .isEqualTo(Float.floatToIntBits(EventEmulator.minimum(frame)));
        }
      }
    }
  }
}
