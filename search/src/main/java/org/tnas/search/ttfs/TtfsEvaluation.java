package org.tnas.search.ttfs;

import java.util.List;
import java.util.Objects;
import org.tnas.search.metrics.ConfusionMatrix;
import org.tnas.search.metrics.EvaluationMetrics;
import org.tnas.search.metrics.WorkCounts;

/** Evaluates a TTFS simulator over a labelled set. Stateless. */
public final class TtfsEvaluation {
  private TtfsEvaluation() {}

  /**
   * Simulates every input and returns WAR/UAR/per-class recall with the summed work counts.
   *
   * @param labels true class of each input, index-aligned with {@code inputs}
   */
  public static EvaluationMetrics evaluate(TtfsSimulator simulator, List<float[]> inputs, int[] labels) {
    Objects.requireNonNull(simulator, "simulator is null");
    Objects.requireNonNull(inputs, "inputs is null");
    Objects.requireNonNull(labels, "labels is null");
    if (inputs.size() != labels.length) {
      throw new IllegalArgumentException("Invalid labels length: " + labels.length + ", inputs " + inputs.size());
    }
    ConfusionMatrix matrix = new ConfusionMatrix(simulator.network().reluNetwork().outputSize());
    WorkCounts work = WorkCounts.ZERO;
    for (int i = 0; i < labels.length; i++) {
      TtfsResult result = simulator.simulate(inputs.get(i));
      matrix.add(labels[i], result.prediction());
      work = work.plus(result.work());
    }
    return new EvaluationMetrics(matrix.metrics(), work);
  }
}
