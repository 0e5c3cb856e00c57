package org.tnas.search.evaluation;

import java.util.Objects;
import org.tnas.search.data.LabelledTensorSet;

/**
 * The data a worker needs to score candidates: a calibration set (training samples, used to
 * recompute a path's batch-norm statistics and to measure the TTFS windows X(n)) and the validation
 * set the fitness is measured on (never the test split). Immutable and thread-safe.
 */
public record EvaluationData(LabelledTensorSet calibration, LabelledTensorSet validation) {
  public EvaluationData {
    Objects.requireNonNull(calibration, "calibration is null");
    Objects.requireNonNull(validation, "validation is null");
  }
}
