/**
 * The Spark adapter of the search: {@link org.tnas.search.spark.SparkEvaluator}, the Spark
 * implementation of {@code org.tnas.search.evaluation.Evaluator}. The search strategy never sees
 * Spark; executors receive small serialisable specs and load heavy state lazily per JVM.
 */
package org.tnas.search.spark;
