package org.tnas.pipelines.emulator;

import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Every parameter of the v2e DVS pixel model (see docs/emulator.md and the project's EMULATOR.md),
 * with v2e's names in brackets. Immutable, validated, serialisable (safe to ship to Spark
 * executors).
 *
 * @param positiveThreshold nominal ON threshold in ln units ({@code pos_thres}), > 0
 * @param negativeThreshold nominal OFF threshold in ln units ({@code neg_thres}), > 0
 * @param thresholdSigma standard deviation of the per-pixel threshold mismatch ({@code sigma_thres}),
 *     >= 0; thresholds are clamped at {@link #THRESHOLD_FLOOR}
 * @param cutoffHz photoreceptor 3 dB cutoff frequency ({@code cutoff_hz}), 0 = no lowpass, >= 0
 * @param leakRateHz leak event rate per pixel ({@code leak_rate_hz}), >= 0
 * @param shotNoiseRateHz shot noise rate per pixel, ON + OFF, at the darkest pixels
 *     ({@code shot_noise_rate_hz}), >= 0
 * @param refractoryPeriodSeconds refractory period ({@code refractory_period_s}), >= 0
 * @param leakJitterFraction per-frame Gaussian jitter of the leak rate
 *     ({@code leak_jitter_fraction}), >= 0
 * @param noiseRateVariationDecades log-normal spread of the per-pixel leak rate in decades
 *     ({@code noise_rate_cov_decades}), >= 0
 * @param linLogThreshold gray level where the lin-log mapping turns from linear to log (v2e
 *     hard-codes 20), > 0
 * @param input linear gray levels (lin-log applied) or log input (v2e {@code --hdr})
 * @param order order of the events sharing one timestamp
 * @param seed seed of every random choice (threshold mismatch, leak, shot noise, shuffle); derive
 *     one per clip with {@link #withSeed(long)} and {@code org.tnas.formats.util.Seeds}
 */
public record EmulatorParameters(
    double positiveThreshold,
    double negativeThreshold,
    double thresholdSigma,
    double cutoffHz,
    double leakRateHz,
    double shotNoiseRateHz,
    double refractoryPeriodSeconds,
    double leakJitterFraction,
    double noiseRateVariationDecades,
    double linLogThreshold,
    InputEncoding input,
    EventOrder order,
    long seed)
    implements Serializable {

  /** v2e's lower clamp of a mismatched threshold. */
  public static final double THRESHOLD_FLOOR = 0.01;

  /** v2e's {@code SHOT_NOISE_INTEN_FACTOR}: shot noise rate at the brightest pixel relative to the darkest. */
  public static final double SHOT_NOISE_INTENSITY_FACTOR = 0.25;

  /** v2e's hard-coded lin-log threshold in gray levels. */
  public static final double DEFAULT_LIN_LOG_THRESHOLD = 20.0;

  public EmulatorParameters {
    positive("positiveThreshold", positiveThreshold);
    positive("negativeThreshold", negativeThreshold);
    nonNegative("thresholdSigma", thresholdSigma);
    nonNegative("cutoffHz", cutoffHz);
    nonNegative("leakRateHz", leakRateHz);
    nonNegative("shotNoiseRateHz", shotNoiseRateHz);
    nonNegative("refractoryPeriodSeconds", refractoryPeriodSeconds);
    nonNegative("leakJitterFraction", leakJitterFraction);
    nonNegative("noiseRateVariationDecades", noiseRateVariationDecades);
    positive("linLogThreshold", linLogThreshold);
    Objects.requireNonNull(input, "input is null");
    Objects.requireNonNull(order, "order is null");
  }

  private static void positive(String name, double value) {
    if (!(value > 0) || Double.isInfinite(value)) {
      throw new IllegalArgumentException("Invalid " + name + ": " + value);
    }
  }

  private static void nonNegative(String name, double value) {
    if (!(value >= 0) || Double.isInfinite(value)) {
      throw new IllegalArgumentException("Invalid " + name + ": " + value);
    }
  }

  /** The defaults of v2e's {@code EventEmulator.__init__} (sigma 0.03, leak 0.1 Hz, no cutoff, no shot noise). */
  public static EmulatorParameters v2eDefaults() {
    return of(0.2, 0.2, 0.03, 0, 0.1, 0, 0, 0.1, 0.1);
  }

  /** The defaults of the {@code v2e.py} command line (cutoff 300 Hz, leak 0.01 Hz, shot 0.001 Hz, refractory 0.5 ms). */
  public static EmulatorParameters commandLineDefaults() {
    return of(0.2, 0.2, 0.03, 300, 0.01, 0.001, 0.0005, 0.1, 0.1);
  }

  /** v2e's {@code --dvs_params clean}: sigma 0.02, nothing else. */
  public static EmulatorParameters clean() {
    return of(0.2, 0.2, 0.02, 0, 0, 0, 0, 0, 0);
  }

  /** v2e's {@code --dvs_params noisy}: sigma 0.05, cutoff 30 Hz, leak 0.1 Hz, shot noise 5 Hz. */
  public static EmulatorParameters noisy() {
    return of(0.2, 0.2, 0.05, 30, 0.1, 5.0, 0, 0.1, 0.1);
  }

  /** The settings of the Spiking-FER benchmark: thresholds 0.2, sigma 0.02, no cutoff, leak or shot noise. */
  public static EmulatorParameters spikingFer() {
    return of(0.2, 0.2, 0.02, 0, 0, 0, 0, 0, 0);
  }

  /**
   * The deterministic model: no mismatch, leak, shot noise, lowpass or refractory period, row-major
   * event order. Its output matches v2e event for event (up to v2e's shuffle inside a timestamp).
   */
  public static EmulatorParameters noiseFree() {
    return of(0.2, 0.2, 0, 0, 0, 0, 0, 0, 0).withOrder(EventOrder.ROW_MAJOR);
  }

  /**
   * A preset by name: {@code v2e-defaults}, {@code command-line}, {@code clean}, {@code noisy},
   * {@code spiking-fer}, {@code noise-free} (case-insensitive).
   */
  public static EmulatorParameters preset(String name) {
    Objects.requireNonNull(name, "name is null");
    return switch (name.toLowerCase(Locale.ROOT)) {
      case "v2e-defaults" -> v2eDefaults();
      case "command-line" -> commandLineDefaults();
      case "clean" -> clean();
      case "noisy" -> noisy();
      case "spiking-fer" -> spikingFer();
      case "noise-free" -> noiseFree();
      default -> throw new IllegalArgumentException("Invalid preset: " + name);
    };
  }

  /** The preset names accepted by {@link #preset(String)}. */
  public static java.util.List<String> presetNames() {
    return java.util.List.of("v2e-defaults", "command-line", "clean", "noisy", "spiking-fer", "noise-free");
  }

  private static EmulatorParameters of(
      double positive, double negative, double sigma, double cutoff, double leak, double shot,
      double refractory, double jitter, double variation) {
    return new EmulatorParameters(
        positive, negative, sigma, cutoff, leak, shot, refractory, jitter, variation,
        DEFAULT_LIN_LOG_THRESHOLD, InputEncoding.LINEAR, EventOrder.SHUFFLED, 0L);
  }

  public EmulatorParameters withSeed(long newSeed) {
    return new EmulatorParameters(positiveThreshold, negativeThreshold, thresholdSigma, cutoffHz, leakRateHz,
        shotNoiseRateHz, refractoryPeriodSeconds, leakJitterFraction, noiseRateVariationDecades, linLogThreshold,
        input, order, newSeed);
  }

  public EmulatorParameters withOrder(EventOrder newOrder) {
    return new EmulatorParameters(positiveThreshold, negativeThreshold, thresholdSigma, cutoffHz, leakRateHz,
        shotNoiseRateHz, refractoryPeriodSeconds, leakJitterFraction, noiseRateVariationDecades, linLogThreshold,
        input, newOrder, seed);
  }

  public EmulatorParameters withInput(InputEncoding newInput) {
    return new EmulatorParameters(positiveThreshold, negativeThreshold, thresholdSigma, cutoffHz, leakRateHz,
        shotNoiseRateHz, refractoryPeriodSeconds, leakJitterFraction, noiseRateVariationDecades, linLogThreshold,
        newInput, order, seed);
  }

  public EmulatorParameters withThresholds(double positive, double negative, double sigma) {
    return new EmulatorParameters(positive, negative, sigma, cutoffHz, leakRateHz, shotNoiseRateHz,
        refractoryPeriodSeconds, leakJitterFraction, noiseRateVariationDecades, linLogThreshold, input, order, seed);
  }

  public EmulatorParameters withCutoffHz(double newCutoffHz) {
    return new EmulatorParameters(positiveThreshold, negativeThreshold, thresholdSigma, newCutoffHz, leakRateHz,
        shotNoiseRateHz, refractoryPeriodSeconds, leakJitterFraction, noiseRateVariationDecades, linLogThreshold,
        input, order, seed);
  }

  public EmulatorParameters withRefractoryPeriodSeconds(double seconds) {
    return new EmulatorParameters(positiveThreshold, negativeThreshold, thresholdSigma, cutoffHz, leakRateHz,
        shotNoiseRateHz, seconds, leakJitterFraction, noiseRateVariationDecades, linLogThreshold, input, order, seed);
  }

  /** A copy with other leak parameters (rate, jitter fraction, per-pixel spread in decades). */
  public EmulatorParameters withLeak(double rateHz, double jitterFraction, double variationDecades) {
    return new EmulatorParameters(positiveThreshold, negativeThreshold, thresholdSigma, cutoffHz, rateHz,
        shotNoiseRateHz, refractoryPeriodSeconds, jitterFraction, variationDecades, linLogThreshold, input, order,
        seed);
  }

  public EmulatorParameters withShotNoiseRateHz(double rateHz) {
    return new EmulatorParameters(positiveThreshold, negativeThreshold, thresholdSigma, cutoffHz, leakRateHz,
        rateHz, refractoryPeriodSeconds, leakJitterFraction, noiseRateVariationDecades, linLogThreshold, input,
        order, seed);
  }

  public EmulatorParameters withLinLogThreshold(double threshold) {
    return new EmulatorParameters(positiveThreshold, negativeThreshold, thresholdSigma, cutoffHz, leakRateHz,
        shotNoiseRateHz, refractoryPeriodSeconds, leakJitterFraction, noiseRateVariationDecades, threshold, input,
        order, seed);
  }

  /** Whether no random choice affects the events (no mismatch, leak jitter/spread, shot noise or shuffle). */
  public boolean isDeterministic() {
    return thresholdSigma == 0
        && shotNoiseRateHz == 0
        && (leakRateHz == 0 || (leakJitterFraction == 0 && noiseRateVariationDecades == 0))
        && order == EventOrder.ROW_MAJOR;
  }

  /** The parameters as v2e-named strings (for {@code SampleRecord.parameters}), in a fixed order. */
  public Map<String, String> toMap() {
    Map<String, String> map = new LinkedHashMap<>();
    map.put("emulator.pos_thres", Double.toString(positiveThreshold));
    map.put("emulator.neg_thres", Double.toString(negativeThreshold));
    map.put("emulator.sigma_thres", Double.toString(thresholdSigma));
    map.put("emulator.cutoff_hz", Double.toString(cutoffHz));
    map.put("emulator.leak_rate_hz", Double.toString(leakRateHz));
    map.put("emulator.shot_noise_rate_hz", Double.toString(shotNoiseRateHz));
    map.put("emulator.refractory_period_s", Double.toString(refractoryPeriodSeconds));
    map.put("emulator.leak_jitter_fraction", Double.toString(leakJitterFraction));
    map.put("emulator.noise_rate_cov_decades", Double.toString(noiseRateVariationDecades));
    map.put("emulator.lin_log_threshold", Double.toString(linLogThreshold));
    map.put("emulator.input", input.name().toLowerCase(Locale.ROOT));
    map.put("emulator.order", order.name().toLowerCase(Locale.ROOT));
    map.put("emulator.seed", Long.toString(seed));
    return map;
  }
}
