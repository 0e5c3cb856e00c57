package org.tnas.pipelines.pipeline;

import java.util.Locale;

/** How {@code pipeline.evaluator} evaluates a generation. */
public enum EvaluatorKind {
  /** One Spark task per group of candidates ({@code SparkEvaluator}). */
  SPARK,
  /** Threads of the driver JVM ({@code InProcessEvaluator}). */
  IN_PROCESS;

  /** The name as written in settings ({@code small}, {@code in-process}). */
  @Override
  public String toString() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }
}
