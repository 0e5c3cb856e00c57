package org.tnas.pipelines.emulator;

import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The numeric v2e parameters a user may set on top of a preset, each with its settings-file key
 * suffix ({@code convert.emulator.<key>}), its {@code tnas emulate} option ({@code --<key>}) and
 * v2e's name. {@link #apply} returns parameters with one value replaced; the record's constructor
 * validates it.
 */
public enum EmulatorParameter {
  POSITIVE_THRESHOLD("pos-threshold", "pos_thres", "ON threshold in ln units (> 0)"),
  NEGATIVE_THRESHOLD("neg-threshold", "neg_thres", "OFF threshold in ln units (> 0)"),
  THRESHOLD_SIGMA("threshold-sigma", "sigma_thres", "standard deviation of the per-pixel threshold mismatch (>= 0)"),
  CUTOFF_HZ("cutoff-hz", "cutoff_hz", "photoreceptor 3 dB cutoff in Hz (0: no lowpass)"),
  LEAK_RATE_HZ("leak-rate-hz", "leak_rate_hz", "leak event rate per pixel in Hz (>= 0)"),
  LEAK_JITTER_FRACTION("leak-jitter-fraction", "leak_jitter_fraction", "per-frame Gaussian jitter of the leak rate (>= 0)"),
  SHOT_NOISE_RATE_HZ("shot-noise-rate-hz", "shot_noise_rate_hz", "shot noise rate per pixel, ON + OFF, at the darkest pixels (>= 0)"),
  NOISE_RATE_VARIATION_DECADES("noise-rate-variation-decades", "noise_rate_cov_decades",
      "log-normal spread of the per-pixel leak rate in decades (>= 0)"),
  REFRACTORY_PERIOD_S("refractory-period-s", "refractory_period_s", "refractory period in seconds (>= 0)"),
  LIN_LOG_THRESHOLD("lin-log-threshold", "lin_log_threshold (hard-coded 20 in v2e)",
      "gray level where lin-log turns from linear to log (> 0)");

  private final String key;
  private final String v2eName;
  private final String description;

  EmulatorParameter(String key, String v2eName, String description) {
    this.key = key;
    this.v2eName = v2eName;
    this.description = description;
  }

  /** The key suffix and option name, e.g. {@code pos-threshold}. */
  public String key() {
    return key;
  }

  /** v2e's name of the parameter. */
  public String v2eName() {
    return v2eName;
  }

  public String description() {
    return description;
  }

  /** The parameter of a key suffix. */
  public static EmulatorParameter forKey(String key) {
    Objects.requireNonNull(key, "key is null");
    for (EmulatorParameter parameter : values()) {
      if (parameter.key.equals(key.toLowerCase(Locale.ROOT))) {
        return parameter;
      }
    }
    throw new IllegalArgumentException("Invalid emulator parameter: " + key);
  }

  /** This parameter's value in {@code parameters}. */
  public double valueIn(EmulatorParameters parameters) {
    return switch (this) {
      case POSITIVE_THRESHOLD -> parameters.positiveThreshold();
      case NEGATIVE_THRESHOLD -> parameters.negativeThreshold();
      case THRESHOLD_SIGMA -> parameters.thresholdSigma();
      case CUTOFF_HZ -> parameters.cutoffHz();
      case LEAK_RATE_HZ -> parameters.leakRateHz();
      case LEAK_JITTER_FRACTION -> parameters.leakJitterFraction();
      case SHOT_NOISE_RATE_HZ -> parameters.shotNoiseRateHz();
      case NOISE_RATE_VARIATION_DECADES -> parameters.noiseRateVariationDecades();
      case REFRACTORY_PERIOD_S -> parameters.refractoryPeriodSeconds();
      case LIN_LOG_THRESHOLD -> parameters.linLogThreshold();
    };
  }

  /** {@code parameters} with this parameter set to {@code value} (validated by the record). */
  public EmulatorParameters apply(EmulatorParameters parameters, double value) {
    EmulatorParameters p = Objects.requireNonNull(parameters, "parameters is null");
    return switch (this) {
      case POSITIVE_THRESHOLD -> p.withThresholds(value, p.negativeThreshold(), p.thresholdSigma());
      case NEGATIVE_THRESHOLD -> p.withThresholds(p.positiveThreshold(), value, p.thresholdSigma());
      case THRESHOLD_SIGMA -> p.withThresholds(p.positiveThreshold(), p.negativeThreshold(), value);
      case CUTOFF_HZ -> p.withCutoffHz(value);
      case LEAK_RATE_HZ -> p.withLeak(value, p.leakJitterFraction(), p.noiseRateVariationDecades());
      case LEAK_JITTER_FRACTION -> p.withLeak(p.leakRateHz(), value, p.noiseRateVariationDecades());
      case SHOT_NOISE_RATE_HZ -> p.withShotNoiseRateHz(value);
      case NOISE_RATE_VARIATION_DECADES -> p.withLeak(p.leakRateHz(), p.leakJitterFraction(), value);
      case REFRACTORY_PERIOD_S -> p.withRefractoryPeriodSeconds(value);
      case LIN_LOG_THRESHOLD -> p.withLinLogThreshold(value);
    };
  }

  /** {@code parameters} with every value of {@code overrides} applied. */
  public static EmulatorParameters applyAll(EmulatorParameters parameters, Map<EmulatorParameter, Double> overrides) {
    EmulatorParameters result = parameters;
    for (Map.Entry<EmulatorParameter, Double> e : overrides.entrySet()) {
      result = e.getKey().apply(result, e.getValue());
    }
    return result;
  }
}
