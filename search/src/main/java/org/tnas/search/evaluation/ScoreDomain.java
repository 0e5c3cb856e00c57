package org.tnas.search.evaluation;

/** What scores a search candidate (TNAS-ER figure 4): its ReLU twin, or its constrained TTFS net. */
public enum ScoreDomain {
  /** The ReLU twin on the validation split (the exact TTFS net predicts the same). */
  RELU,
  /** The TTFS net under the run's {@code ttfs.*} hardware constraints, simulated on the validation split. */
  TTFS
}
