package org.tnas.search.results;

import java.util.Objects;

/**
 * Mean and sample standard deviation (n - 1; 0 for one value) of one metric over folds or repeated
 * test passes. Immutable.
 */
public record MetricSummary(String metric, double mean, double standardDeviation, int count) {
  public MetricSummary {
    Objects.requireNonNull(metric, "metric is null");
  }
}
