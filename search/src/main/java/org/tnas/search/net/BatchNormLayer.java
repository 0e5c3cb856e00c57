package org.tnas.search.net;

import java.util.Arrays;
import java.util.Objects;

/**
 * Inference-mode batch normalisation per channel (feature map) or per feature (flat vector):
 * {@code y = gamma * (x - runningMean) / sqrt(runningVariance + epsilon) + beta}. All arrays have
 * one value per channel and are copied.
 */
public record BatchNormLayer(float[] gamma, float[] beta, float[] runningMean, float[] runningVariance, double epsilon)
    implements Layer {
  private static final long serialVersionUID = 1L;

  public BatchNormLayer {
    Objects.requireNonNull(gamma, "gamma is null");
    Objects.requireNonNull(beta, "beta is null");
    Objects.requireNonNull(runningMean, "runningMean is null");
    Objects.requireNonNull(runningVariance, "runningVariance is null");
    int channels = gamma.length;
    if (channels < 1 || beta.length != channels || runningMean.length != channels || runningVariance.length != channels) {
      throw new IllegalArgumentException("Invalid batch norm lengths: gamma " + gamma.length + " beta " + beta.length
          + " mean " + runningMean.length + " variance " + runningVariance.length);
    }
    if (!(epsilon >= 0) || Double.isInfinite(epsilon)) {
      throw new IllegalArgumentException("Invalid epsilon: " + epsilon);
    }
    for (float variance : runningVariance) {
      if (!(variance + epsilon > 0)) {
        throw new IllegalArgumentException("Invalid running variance: " + variance + " (variance + epsilon must be > 0)");
      }
    }
    gamma = gamma.clone();
    beta = beta.clone();
    runningMean = runningMean.clone();
    runningVariance = runningVariance.clone();
  }

  /** Number of channels (or features). */
  public int channels() {
    return gamma.length;
  }

  /** The per-channel scale {@code k = gamma / sqrt(var + eps)}, in double precision. */
  public double[] scale() {
    double[] k = new double[gamma.length];
    for (int c = 0; c < k.length; c++) {
      k[c] = gamma[c] / Math.sqrt(runningVariance[c] + epsilon);
    }
    return k;
  }

  /** The per-channel shift {@code beta - mean * k}, in double precision. */
  public double[] shift() {
    double[] k = scale();
    double[] s = new double[k.length];
    for (int c = 0; c < k.length; c++) {
      s[c] = beta[c] - runningMean[c] * k[c];
    }
    return s;
  }

  @Override
  public float[] gamma() {
    return gamma.clone();
  }

  @Override
  public float[] beta() {
    return beta.clone();
  }

  @Override
  public float[] runningMean() {
    return runningMean.clone();
  }

  @Override
  public float[] runningVariance() {
    return runningVariance.clone();
  }

  @Override
  public TensorShape outputShape(TensorShape input) {
    if (input.channels() != channels()) {
      throw new IllegalArgumentException("Invalid input " + input + " for " + describe());
    }
    return input;
  }

  @Override
  public String describe() {
    return "batch norm " + channels();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof BatchNormLayer b && Arrays.equals(b.gamma, gamma) && Arrays.equals(b.beta, beta)
        && Arrays.equals(b.runningMean, runningMean) && Arrays.equals(b.runningVariance, runningVariance)
        && Double.compare(b.epsilon, epsilon) == 0;
  }

  @Override
  public int hashCode() {
    return Objects.hash(Arrays.hashCode(gamma), Arrays.hashCode(beta), Arrays.hashCode(runningMean),
        Arrays.hashCode(runningVariance), epsilon);
  }

  @Override
  public String toString() {
    return describe();
  }
}
