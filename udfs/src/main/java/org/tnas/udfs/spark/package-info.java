/**
 * Thin Spark adapters of {@code org.tnas.udfs.core}: the sample-row schema ({@link
 * org.tnas.udfs.spark.SampleRows}), SQL functions ({@link org.tnas.udfs.spark.EventFunctions}) and
 * Dataset helpers ({@link org.tnas.udfs.spark.EventDatasets}). They only convert values and handle
 * nulls; every result equals the core kernel's result for the same sample. All functions are
 * deterministic (random choices are seeded from their arguments).
 */
package org.tnas.udfs.spark;
