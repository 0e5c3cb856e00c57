package org.tnas.pipelines.study;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.commons.math3.distribution.TDistribution;
import org.apache.commons.math3.stat.regression.OLSMultipleLinearRegression;

/**
 * Ordinary least squares with an intercept (Apache Commons Math's {@link
 * OLSMultipleLinearRegression}) and two-sided p-values from the Student t distribution with {@code
 * n - k - 1} degrees of freedom: the regression of the EDA study (fold scores on the five 0/1
 * indicators). Stateless.
 */
public final class Regression {
  private Regression() {}

  /** One coefficient: estimate, standard error, t statistic and two-sided p-value. */
  public record Coefficient(String name, double estimate, double standardError, double t, double p) {}

  /**
   * Fits {@code y = b0 + sum_j b_j x_j}.
   *
   * @param names the names of the k regressors (the intercept is named {@code intercept})
   * @throws IllegalArgumentException "Cannot fit regression: ..." with fewer than k + 2 observations
   */
  public static List<Coefficient> fit(double[][] x, double[] y, List<String> names) {
    Objects.requireNonNull(x, "x is null");
    Objects.requireNonNull(y, "y is null");
    int k = names.size();
    if (x.length != y.length || x.length < k + 2) {
      throw new IllegalArgumentException("Cannot fit regression: " + y.length + " observations for " + k
          + " regressors and an intercept (need at least " + (k + 2) + ")");
    }
    OLSMultipleLinearRegression ols = new OLSMultipleLinearRegression();
    ols.newSampleData(y, x);
    double[] beta = ols.estimateRegressionParameters();
    double[] errors = ols.estimateRegressionParametersStandardErrors();
    int degrees = y.length - k - 1;
    TDistribution t = new TDistribution(null, degrees, TDistribution.DEFAULT_INVERSE_ABSOLUTE_ACCURACY);
    List<Coefficient> result = new ArrayList<>();
    for (int j = 0; j <= k; j++) {
      double statistic = beta[j] / errors[j];
      double p = Double.isFinite(statistic) ? 2 * t.cumulativeProbability(-Math.abs(statistic)) : Double.NaN;
      result.add(new Coefficient(j == 0 ? "intercept" : names.get(j - 1), beta[j], errors[j], statistic, p));
    }
    return result;
  }
}
