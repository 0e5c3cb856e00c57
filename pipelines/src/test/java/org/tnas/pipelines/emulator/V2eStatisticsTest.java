package org.tnas.pipelines.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The noisy modes against v2e statistically (torch's random streams cannot be reproduced). The
 * reference is v2e run with seeds 1..8 on the same frames (golden/v2e/v2e_noisy_statistics.json).
 * Tolerances: the difference between one Java run and the mean of 8 v2e runs has standard deviation
 * {@code sqrt(sdJava^2 + sd^2/8)}, where {@code sd} is v2e's seed-to-seed spread. Java's spread was
 * measured at 745 events over 20 seeds on the mismatch-only clip against v2e's 447 over 8 (an F ratio
 * that 8 samples cannot tell from 1), so {@code sdJava = 2 sd} is assumed; we allow 5 standard
 * deviations (a false alarm chance below 1e-6 for a normal difference) plus 0.2 % of the count for
 * the documented non-bit-exact parts of the noisy model.
 */
class V2eStatisticsTest {
  private static String statistics;
  private static V2eGolden gradient;

  @BeforeAll
  static void load() throws IOException {
    try (InputStream in = V2eStatisticsTest.class.getResourceAsStream("/golden/v2e/v2e_noisy_statistics.json")) {
      statistics = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    gradient = V2eGolden.resource("statistics_gradient_64x48_61frames");
  }

  /** The (events, on) pairs of v2e's runs for one configuration. */
  private static List<long[]> runs(String configuration) {
    int start = statistics.indexOf("\"" + configuration + "\"");
    assertThat(start).as(configuration).isNotNegative();
    int next = statistics.indexOf("\"parameters\"", statistics.indexOf("\"parameters\"", start) + 1);
    int end = next < 0 ? statistics.length() : next;
    Matcher matcher =
        Pattern.compile("\"events\": (\\d+),\\s*\"on\": (\\d+)").matcher(statistics.substring(start, end));
    List<long[]> runs = new ArrayList<>();
    while (matcher.find()) {
      runs.add(new long[] {Long.parseLong(matcher.group(1)), Long.parseLong(matcher.group(2))});
    }
    assertThat(runs).hasSize(8);
    return runs;
  }

  private static double mean(List<long[]> runs, int column) {
    return runs.stream().mapToDouble(r -> r[column]).average().orElseThrow();
  }

  private static double deviation(List<long[]> runs) {
    double mean = mean(runs, 0);
    double sum = runs.stream().mapToDouble(r -> (r[0] - mean) * (r[0] - mean)).sum();
    return Math.sqrt(sum / (runs.size() - 1));
  }

  private static double onFraction(List<long[]> runs) {
    return runs.stream().mapToDouble(r -> (double) r[1] / r[0]).average().orElseThrow();
  }

  private static RecordingSink runGradient(EmulatorParameters parameters) {
    EventEmulator emulator = new EventEmulator(parameters, gradient.width(), gradient.height());
    RecordingSink sink = new RecordingSink();
    for (int f = 0; f < gradient.frames().length; f++) {
      emulator.accept(gradient.frames()[f], gradient.times()[f], sink);
    }
    return sink;
  }

  private static void assertGradientMatches(String configuration, EmulatorParameters parameters) {
    List<long[]> runs = runs(configuration);
    double tolerance = 5 * deviation(runs) * Math.sqrt(4 + 1.0 / 8) + 0.002 * mean(runs, 0);
    // the ON fraction: the mean over eight seeds against the mean of v2e's eight runs, within five
    // standard errors of the difference (each side's spread estimated from its own runs; v2e's runs
    // spread by about 0.004, so a fixed 0.005 on a single seed failed by chance)
    int seeds = 8;
    double[] fractions = new double[seeds];
    for (int k = 0; k < seeds; k++) {
      RecordingSink sink = runGradient(parameters.withSeed(11 + k));
      assertThat((double) sink.size).as(configuration + " events").isCloseTo(mean(runs, 0), within(tolerance));
      fractions[k] = (double) sink.countOn() / sink.size;
    }
    double[] theirs = runs.stream().mapToDouble(r -> (double) r[1] / r[0]).toArray();
    double standardError = Math.sqrt(variance(fractions) / seeds + variance(theirs) / theirs.length);
    assertThat(java.util.Arrays.stream(fractions).average().orElseThrow())
        .as(configuration + " ON fraction (mean over %d seeds)", seeds)
        .isCloseTo(onFraction(runs), within(5 * standardError));
  }

  private static double variance(double[] values) {
    double mean = java.util.Arrays.stream(values).average().orElseThrow();
    return java.util.Arrays.stream(values).map(v -> (v - mean) * (v - mean)).sum() / (values.length - 1);
  }

  @Test
  void commandLineDefaultsMatchV2eStatistically() {
    assertGradientMatches("gradient_64x48_30fps_cli_defaults", EmulatorParameters.commandLineDefaults());
  }

  @Test
  void noisyPresetMatchesV2eStatistically() {
    assertGradientMatches("gradient_64x48_30fps_noisy", EmulatorParameters.noisy());
  }

  @Test
  void thresholdMismatchMatchesV2eStatistically() {
    assertGradientMatches(
        "gradient_64x48_30fps_sigma0.03", EmulatorParameters.noiseFree().withThresholds(0.2, 0.2, 0.03));
  }

  @Test
  void shotNoiseOnStaticFrameMatchesV2eAndTheory() {
    List<long[]> runs = runs("static_127_64x64_100fps_shot1");
    EmulatorParameters parameters = EmulatorParameters.noiseFree().withShotNoiseRateHz(1.0).withSeed(5);
    RecordingSink sink = staticFrame(parameters, 64, 64, 127, 100, 201);
    // 200 steps of 10 ms, 4096 pixels, rate 1 Hz scaled by 1 - 0.75 * (127 + 20) / 275
    double expected = 1.0 * (1 - 0.75 * 147 / 275.0) * 2.0 * 4096;
    double binomialSd = Math.sqrt(expected);
    assertThat((double) sink.size).isCloseTo(expected, within(5 * binomialSd));
    assertThat((double) sink.size)
        .isCloseTo(mean(runs, 0), within(5 * Math.sqrt(binomialSd * binomialSd + deviation(runs) * deviation(runs) / 8)));
    assertThat((double) sink.countOn() / sink.size).isCloseTo(0.5, within(5 * Math.sqrt(0.25 / expected)));
  }

  static RecordingSink staticFrame(
      EmulatorParameters parameters, int width, int height, float level, double fps, int frames) {
    EventEmulator emulator = new EventEmulator(parameters, width, height);
    float[] frame = new float[width * height];
    java.util.Arrays.fill(frame, level);
    RecordingSink sink = new RecordingSink();
    for (int f = 0; f < frames; f++) {
      emulator.accept(frame, f / fps, sink);
    }
    return sink;
  }
}
