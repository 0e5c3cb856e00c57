package org.tnas.pipelines.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/**
 * The sanity numbers of EMULATOR.md section 12, measured there with v2e itself, as statistical
 * checks of a static 64x64 frame at gray level 127 and 100 fps for 10 s.
 */
class SanityNumbersTest {

  @Test
  void shotNoiseCountFollowsTheIntensityScaledRate() {
    RecordingSink sink = V2eStatisticsTest.staticFrame(
        EmulatorParameters.noiseFree().withShotNoiseRateHz(1.0).withSeed(21), 64, 64, 127, 100, 1001);
    // expected 1 Hz * (1 - 0.75 * 147/275) * 10 s * 4096 = 24,539; v2e measured 24,385 (1 sd below).
    // The count is a sum of 4M independent Bernoulli trials: sd = sqrt(24,539) = 157; allow 5 sd.
    double expected = 1.0 * (1 - 0.75 * 147 / 275.0) * 10 * 4096;
    assertThat((double) sink.size).isCloseTo(expected, within(5 * Math.sqrt(expected)));
    assertThat((double) sink.countOn() / sink.size).isCloseTo(0.5, within(5 * Math.sqrt(0.25 / expected)));
    assertThat(sink.t[0]).isGreaterThan(0f);
  }

  @Test
  void leakWithoutSpreadFiresFirstAtOneOverTheRate() {
    // leak 0.1 Hz, no spread, no jitter: v2e emits nothing in 10 s (first leak event at t = 10 s)
    RecordingSink tenSeconds = V2eStatisticsTest.staticFrame(
        EmulatorParameters.noiseFree().withLeak(0.1, 0, 0), 64, 64, 127, 100, 1001);
    assertThat(tenSeconds.size).isZero();
    RecordingSink elevenSeconds = V2eStatisticsTest.staticFrame(
        EmulatorParameters.noiseFree().withLeak(0.1, 0, 0), 64, 64, 127, 100, 1101);
    assertThat(elevenSeconds.size).isEqualTo(4096);
    assertThat(elevenSeconds.countOn()).isEqualTo(4096);
    // float32 accumulation of 0.002 per frame crosses the threshold a frame or two after 10 s
    assertThat((double) elevenSeconds.t[0]).isBetween(10.0, 10.05);
  }

  @Test
  void leakWithSpreadAndJitterFiresHalfThePixelsInTenSeconds() {
    // A pixel fires once its log-normal rate factor (median 1) exceeds 1: about half of 4096
    // (binomial sd 32; v2e measured 2,028, first event at 4.17 s); allow 5 sd.
    RecordingSink sink = V2eStatisticsTest.staticFrame(
        EmulatorParameters.noiseFree().withLeak(0.1, 0.1, 0.1).withThresholds(0.2, 0.2, 0.03).withSeed(3),
        64, 64, 127, 100, 1001);
    assertThat((double) sink.size).isCloseTo(2048, within(5 * 32.0));
    assertThat(sink.countOn()).isEqualTo(sink.size);
    // the earliest of 4096 pixels: factor exp(0.23 z) with z the largest of 4096 normals (about 3.5)
    assertThat((double) sink.t[0]).isBetween(3.5, 5.5);
  }
}
