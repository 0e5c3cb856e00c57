package org.tnas.pipelines.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.tnas.formats.events.EventBatch;

/**
 * The optimised {@link EventEmulator} gives exactly the events of the frozen straightforward
 * implementation ({@link ReferenceEventEmulator}): the same (x, y, t, p) in the same order, through
 * both the {@link EventBatch} and the {@link EventSink} paths, for every preset (random ones with the
 * same seeds, so the same draws), every configuration branch (float or float64 state, mismatch,
 * leak, shot noise on both sampling paths, refractory, log input, shuffled or row-major order) and
 * integral as well as non-integral frames. The {@link EventBatch} path runs the vectorised per-pixel
 * pass (where the JVM has the Vector API, as under the project's flags), the {@link EventSink} path
 * the scalar passes, so both kernels are held to the reference.
 */
class FastEmulatorMatchesReferenceTest {

  /** A clip: frames and times. */
  record Clip(String name, int width, int height, float[][] frames, double[] times) {}

  /** The gray value of pixel (x, y) in frame f; called frame by frame, row-major. */
  interface PixelValue {
    float at(int f, int x, int y);
  }

  /** A clip of {@code frames} frames at {@code fps} whose pixels are {@code value}. */
  static Clip generated(String name, int width, int height, int frames, double fps, PixelValue value) {
    float[][] data = new float[frames][width * height];
    double[] times = new double[frames];
    for (int f = 0; f < frames; f++) {
      times[f] = f / fps;
      for (int y = 0; y < height; y++) {
        for (int x = 0; x < width; x++) {
          data[f][y * width + x] = value.at(f, x, y);
        }
      }
    }
    return new Clip(name, width, height, data, times);
  }

  static Clip movingGradient(int width, int height, int frames, double fps, boolean integral, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    return generated("gradient " + width + "x" + height + " " + fps + " fps" + (integral ? "" : " float"), width, height,
        frames, fps, (f, x, y) -> {
          double v = ((x + y + 2 * f) % width) * 255.0 / (width - 1);
          v += 10 * Math.sin(0.3 * f + 0.1 * x);
          if (integral) {
            v = Math.round(v);
          } else {
            v += random.nextDouble() - 0.5;
          }
          return (float) Math.max(0, Math.min(255, v));
        });
  }

  static Clip staticFrame(int width, int height, int frames, double fps) {
    float[][] data = new float[frames][width * height];
    double[] times = new double[frames];
    for (int f = 0; f < frames; f++) {
      times[f] = f / fps;
      for (int i = 0; i < width * height; i++) {
        data[f][i] = (i * 37) % 256;
      }
    }
    return new Clip("static " + width + "x" + height, width, height, data, times);
  }

  /**
   * A static background with a moving bright square, a band that toggles by one gray level every
   * frame, and a band that drifts up a level per frame and jumps back every 12 frames: blocks that
   * repeat the values of their last quiet pass (skipped without leak or shot noise), repeat values
   * they last had when they fired, or differ from it by a level.
   */
  static Clip patchwork(int width, int height, int frames, double fps) {
    return generated("patchwork " + width + "x" + height, width, height, frames, fps, (f, x, y) -> {
      float v = ((y * width + x) * 37) % 256;
      if (y < height / 4) {
        v = 100 + (f % 2);
      } else if (y < height / 2) {
        v = 60 + 3 * (f % 12) + (x % 5);
      }
      int left = (2 * f) % width;
      if (x >= left && x < left + 6 && y >= height / 2 && y < height / 2 + 6) {
        v = 250;
      }
      return v;
    });
  }

  static List<EmulatorParameters> configurations(EmulatorParameters anchor) {
    List<EmulatorParameters> list = new ArrayList<>();
    for (String preset : EmulatorParameters.presetNames()) {
      list.add(EmulatorParameters.preset(preset).withSeed(anchor.seed()));
      list.add(EmulatorParameters.preset(preset).withSeed(anchor.seed()).withOrder(EventOrder.ROW_MAJOR));
    }
    EmulatorParameters noiseFree = EmulatorParameters.noiseFree().withSeed(anchor.seed());
    list.add(noiseFree.withThresholds(0.15, 0.25, 0));
    // a threshold past LevelBounds' error analysis (4): the block pass keeps no such ranges, and the
    // gathered pass is not used
    list.add(noiseFree.withThresholds(5, 0.2, 0));
    list.add(noiseFree.withRefractoryPeriodSeconds(0.004));
    list.add(noiseFree.withCutoffHz(100).withRefractoryPeriodSeconds(0.002));
    list.add(noiseFree.withInput(InputEncoding.LOGARITHMIC));
    list.add(noiseFree.withLeak(1, 0, 0));
    list.add(noiseFree.withLeak(0.5, 0.1, 0.1).withThresholds(0.2, 0.2, 0.03).withOrder(EventOrder.SHUFFLED));
    list.add(noiseFree.withShotNoiseRateHz(40)); // large per-pixel probability: every pixel draws
    list.add(noiseFree.withShotNoiseRateHz(2).withThresholds(0.2, 0.2, 0.05));
    list.add(EmulatorParameters.noisy().withSeed(anchor.seed()).withRefractoryPeriodSeconds(0.001));
    list.add(EmulatorParameters.commandLineDefaults().withSeed(anchor.seed()).withLinLogThreshold(7.5));
    // a lin-log threshold below 1 makes lin-log(0) = -0: the branch-free passes may turn a base of
    // -0 into +0, which must not change any event
    list.add(noiseFree.withLinLogThreshold(0.5).withThresholds(0.2, 0.2, 0.03).withLeak(0.5, 0, 0));
    list.add(EmulatorParameters.commandLineDefaults().withSeed(anchor.seed()).withLinLogThreshold(0.5));
    // below 1 the lin-log falls between levels 0 and 1: no level ranges may be used
    list.add(noiseFree.withLinLogThreshold(0.5));
    return list;
  }

  /** Integral frames with a few non-integral or out-of-range pixels (vector blocks that fall back). */
  static Clip mostlyIntegral(int width, int height, int frames, double fps) {
    Clip clip = movingGradient(width, height, frames, fps, true, 4);
    for (int f = 0; f < frames; f++) {
      for (int i = 7 * f % 53; i < width * height; i += 53) {
        clip.frames()[f][i] += (i % 3 == 0) ? 0.25f : (i % 3 == 1 ? 300f : -0.5f);
      }
    }
    return new Clip("mostly integral " + width + "x" + height, width, height, clip.frames(), clip.times());
  }

  /**
   * Integral frames in which some pixels become, for a few frames, NaN, negative or far above 255
   * (lin-log beyond the level ranges' error analysis), then integral again: blocks and lanes that the
   * scalar pass decides (NaN), and base levels moved far away and back.
   */
  static Clip specialValues(int width, int height, int frames, double fps) {
    Clip clip = movingGradient(width, height, frames, fps, true, 6);
    float[] specials = {Float.NaN, 1e30f, 3000f, -1000f, 1e6f};
    for (int f = 0; f < frames; f++) {
      if (f % 10 < 3) {
        for (int i = 5 + f % 10; i < width * height; i += 41) {
          clip.frames()[f][i] = specials[(i + f / 10) % specials.length];
        }
      }
    }
    return new Clip("special values " + width + "x" + height, width, height, clip.frames(), clip.times());
  }

  /**
   * Finite gray values outside 0..255 (negative ones among them) and no NaN: v2e's lowpass factor
   * {@code min((v + 20) / 275 * dt/tau, 1)} of a negative value is not clamped to 1 even where every
   * level's is, so a block with such a value cannot take the clamped filter's shortcut.
   */
  static Clip outOfRange(int width, int height, int frames, double fps) {
    Clip clip = movingGradient(width, height, frames, fps, true, 9);
    float[] specials = {-1000f, -16f, -15.5f, -0.25f, 300f, 3000f};
    for (int f = 1; f < frames; f++) {
      if (f % 5 < 2) {
        for (int i = 3 + f % 7; i < width * height; i += 29) {
          clip.frames()[f][i] = specials[(i + f) % specials.length];
        }
      }
    }
    return new Clip("out of range " + width + "x" + height, width, height, clip.frames(), clip.times());
  }

  /**
   * Non-integral gray values that drift by fractions of a level (as face-warped and interpolated
   * frames do), with a moving edge: most blocks stay inside their no-fire level ranges between
   * levels and are skipped, the edge fires.
   */
  static Clip fractionalDrift(int width, int height, int frames, double fps) {
    return generated("fractional drift " + width + "x" + height, width, height, frames, fps, (f, x, y) -> {
      double v = 30 + 180.0 * ((x * 7 + y * 3) % width) / width + 0.37 * Math.sin(0.5 * f + 0.2 * x + 0.1 * y);
      if (Math.abs(x - (f % width)) < 2) {
        v = 0.6 * v + 90.5;
      }
      return (float) v;
    });
  }

  /**
   * Gray values between 0 and 1 after frames of 1: where the lin-log threshold is below 1 they map
   * below level 0's value (and fire) while levels 0 and 1 both lie in the pixels' no-fire ranges.
   */
  static Clip belowOne(int width, int height, int frames, double fps) {
    return generated("below one " + width + "x" + height, width, height, frames, fps, (f, x, y) -> {
      float[] values = {1f, 0.3f, 0.7f, 0.95f, 1f, 0.05f};
      return f % 2 == 0 ? 1f : values[(x + y + f) % values.length];
    });
  }

  @Test
  void theBuildRunsTheVectorisedPass() {
    // the project's JVM flags (tnas.jvm.flags, used by surefire) resolve the Vector API module
    assertThat(ModuleLayer.boot().findModule("jdk.incubator.vector")).isPresent();
    EventEmulator emulator = new EventEmulator(EmulatorParameters.noiseFree(), 16, 16);
    assertThat(emulator.isVectorised()).as(VectorSupportCheck.REASON).isEqualTo(VectorSupportCheck.AVAILABLE);
    assertThat(new EventEmulator(EmulatorParameters.noiseFree(), 16, 16, false).isVectorised()).isFalse();
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9})
  void sameEventsAsTheReferenceOnSyntheticClips(int clipIndex) {
    Clip clip = switch (clipIndex) {
      case 0 -> movingGradient(40, 30, 25, 30, true, 1);
      case 1 -> movingGradient(33, 17, 25, 500, true, 2);
      case 2 -> movingGradient(40, 30, 25, 60, false, 3);
      case 3 -> mostlyIntegral(37, 21, 25, 60);
      case 4 -> staticFrame(20, 10, 60, 100);
      case 5 -> fractionalDrift(41, 23, 50, 30);
      case 6 -> belowOne(24, 16, 12, 30);
      case 7 -> specialValues(35, 19, 30, 30);
      case 9 -> outOfRange(37, 18, 30, 30);
      default -> patchwork(43, 24, 40, 30);
    };
    for (EmulatorParameters parameters : configurations(EmulatorParameters.noiseFree().withSeed(7 + clipIndex))) {
      if (clipIndex == 7 && parameters.input() == InputEncoding.LOGARITHMIC) {
        continue; // 1e30 read as a log intensity fires about 10^31 events (EventEmulatorTest: rejected)
      }
      assertSameEvents(clip, parameters);
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "gradient_64x48_30fps",
        "gradient_48x32_1000fps_cutoff100_refractory",
        "float_40x30_60fps_cutoff30",
        "static_16x12_100fps_leak1hz",
        "hdr_32x24_30fps"
      })
  void sameEventsAsTheReferenceOnTheGoldenClips(String name) throws IOException {
    V2eGolden golden = V2eGolden.resource(name);
    Clip clip = new Clip(name, golden.width(), golden.height(), golden.frames(), golden.times());
    assertSameEvents(clip, golden.parameters());
    assertSameEvents(clip, golden.parameters().withOrder(EventOrder.SHUFFLED).withSeed(5));
    assertSameEvents(clip, EmulatorParameters.commandLineDefaults().withInput(golden.parameters().input()).withSeed(11));
    assertSameEvents(clip, EmulatorParameters.noisy().withInput(golden.parameters().input()).withSeed(12));
  }

  @Test
  void linLogTableIsExactForEveryIntegralGrayLevel() {
    for (double threshold : new double[] {20, 7.5, 1, 254.9, 300}) {
      float[] table = V2eKernels.linLogTable(threshold);
      for (int level = 0; level < 256; level++) {
        assertThat(Float.floatToRawIntBits(table[level]))
            .as("level %d threshold %s", level, threshold)
            .isEqualTo(Float.floatToRawIntBits(V2eKernels.linLog((double) (float) level, threshold)));
      }
    }
  }

  @Test
  void reciprocalFloorQuotientsEqualTheDivisions() {
    SplittableRandom random = new SplittableRandom(3);
    float[] thresholds = {0.2f, 0.15f, 0.25f, 0.01f, 0.3333f, 1e-30f, 7f};
    int exactMultiples = 0;
    List<String> failures = new ArrayList<>();
    for (int trial = 0; trial < 400_000; trial++) {
      float b = trial % 3 == 0 ? thresholds[trial % thresholds.length] : (float) (0.01 + 0.5 * random.nextDouble());
      float a;
      switch (trial % 4) {
        case 0 -> a = (float) (random.nextDouble() * 6);
        case 1 -> { // exact multiples and their float neighbours
          a = (float) random.nextInt(40) * b;
          a = switch (random.nextInt(3)) {
            case 0 -> a;
            case 1 -> Math.nextUp(a);
            default -> Math.nextDown(Math.max(a, Float.MIN_VALUE));
          };
        }
        case 2 -> a = Float.intBitsToFloat(random.nextInt(0, 0x7f800000)); // any finite non-negative float
        default -> a = (float) Math.abs((double) (float) (random.nextDouble() * 5) - (float) (random.nextDouble() * 5));
      }
      double upward = b >= Float.MIN_NORMAL ? Math.nextUp(1 / (double) b) : Double.NaN;
      int expected = V2eKernels.floorDivide(a, b);
      exactMultiples += (double) a / b == expected ? 1 : 0;
      if (EventEmulator.floorQuotientOfFloats(a, b, upward) != expected) {
        failures.add("floor(" + a + " / " + b + ") with the upward reciprocal");
      }
      double bd = trial % 5 == 0 ? b : (trial % 5 == 1 ? 0.2 : 0.01 + random.nextDouble());
      double ad = switch (trial % 3) {
        case 0 -> a;
        case 1 -> random.nextDouble() * 8;
        default -> random.nextInt(30) * bd * (1 + (random.nextInt(5) - 2) * 0x1p-52); // near multiples
      };
      int exact = V2eKernels.floorDivide(ad, bd);
      if (EventEmulator.floorQuotient(ad, bd) != exact || EventEmulator.floorQuotient(a, b) != expected) {
        failures.add("floor(" + ad + " / " + bd + ") or floor(" + a + " / " + b + ")");
      }
    }
    assertThat(failures).isEmpty();
    assertThat(exactMultiples).isGreaterThan(1000);
    assertThat(EventEmulator.floorQuotientOfFloats(Float.NaN, 0.2f, Math.nextUp(1 / 0.2))).isZero();
    assertThat(EventEmulator.floorQuotient(Double.NaN, 0.2)).isZero();
    assertThat(EventEmulator.floorQuotient(0.6, 0.2)).isEqualTo(2); // 0.6/0.2 rounds up onto 3
    assertThat(EventEmulator.floorQuotient(0.0, 0.2)).isZero();
  }

  @Test
  void inlinedShuffleDrawsLikeSplittableRandom() {
    for (int total : new int[] {0, 1, 2, 17, 64, 1000, 3_000_000}) { // large bounds exercise redraws
      long seed = 12345L + total;
      int[] expected = new int[total];
      int[] actual = new int[total];
      for (int e = 0; e < total; e++) {
        expected[e] = e;
        actual[e] = e;
      }
      SplittableRandom random = new SplittableRandom(seed);
      for (int e = total - 1; e > 0; e--) {
        int j = random.nextInt(e + 1);
        int swap = expected[e];
        expected[e] = expected[j];
        expected[j] = swap;
      }
      long after = EventEmulator.shuffle(actual, total, seed);
      assertThat(actual).as("permutation of %d", total).isEqualTo(expected);
      // both generators continue identically
      assertThat(new SplittableRandom(after).nextLong()).isEqualTo(random.nextLong());
    }
  }

  static void assertSameEvents(Clip clip, EmulatorParameters parameters) {
    String what = clip.name() + " " + parameters;
    ReferenceEventEmulator reference = new ReferenceEventEmulator(parameters, clip.width(), clip.height());
    EventEmulator fast = new EventEmulator(parameters, clip.width(), clip.height());
    EventBatch expected = new EventBatch(16);
    EventBatch actual = new EventBatch(16);
    for (int f = 0; f < clip.frames().length; f++) {
      int e = reference.accept(clip.frames()[f], clip.times()[f], expected);
      int a = fast.accept(clip.frames()[f], clip.times()[f], actual);
      assertThat(a).as("events of frame %d of %s", f, what).isEqualTo(e);
      assertThat(fast.lastFrameSteps()).as("steps of frame %d of %s", f, what).isEqualTo(reference.lastFrameSteps());
    }
    assertThat(actual.size()).as(what).isEqualTo(expected.size());
    assertThat(fast.eventsEmitted()).as(what).isEqualTo(reference.eventsEmitted());
    assertThat(java.util.Arrays.copyOf(actual.t(), actual.size())).as("t of " + what)
        .isEqualTo(java.util.Arrays.copyOf(expected.t(), expected.size()));
    assertThat(java.util.Arrays.copyOf(actual.x(), actual.size())).as("x of " + what)
        .isEqualTo(java.util.Arrays.copyOf(expected.x(), expected.size()));
    assertThat(java.util.Arrays.copyOf(actual.y(), actual.size())).as("y of " + what)
        .isEqualTo(java.util.Arrays.copyOf(expected.y(), expected.size()));
    assertThat(java.util.Arrays.copyOf(actual.p(), actual.size())).as("p of " + what)
        .isEqualTo(java.util.Arrays.copyOf(expected.p(), expected.size()));

    // the sink path: float32 seconds, same order
    ReferenceEventEmulator referenceForSink = new ReferenceEventEmulator(parameters, clip.width(), clip.height());
    // the batch path above runs the vectorised pass (where available), this one the scalar passes
    EventEmulator fastForSink = new EventEmulator(parameters, clip.width(), clip.height(), false);
    RecordingSink expectedSink = new RecordingSink();
    RecordingSink actualSink = new RecordingSink();
    for (int f = 0; f < clip.frames().length; f++) {
      referenceForSink.accept(clip.frames()[f], clip.times()[f], expectedSink);
      fastForSink.accept(clip.frames()[f], clip.times()[f], actualSink);
    }
    assertThat(actualSink.size).as("sink " + what).isEqualTo(expectedSink.size).isEqualTo(expected.size());
    assertThat(java.util.Arrays.copyOf(actualSink.t, actualSink.size)).as("sink t of " + what)
        .isEqualTo(java.util.Arrays.copyOf(expectedSink.t, expectedSink.size));
    assertThat(java.util.Arrays.copyOf(actualSink.x, actualSink.size)).as("sink x of " + what)
        .isEqualTo(java.util.Arrays.copyOf(expectedSink.x, expectedSink.size));
    assertThat(java.util.Arrays.copyOf(actualSink.y, actualSink.size)).as("sink y of " + what)
        .isEqualTo(java.util.Arrays.copyOf(expectedSink.y, expectedSink.size));
    assertThat(java.util.Arrays.copyOf(actualSink.p, actualSink.size)).as("sink p of " + what)
        .isEqualTo(java.util.Arrays.copyOf(expectedSink.p, expectedSink.size));
  }
}
