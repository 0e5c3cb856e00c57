/**
 * Dataset adapters: the layouts users bring (CK+, Oulu-CASIA, ADFES, MMI, SEE and a generic
 * folder/CSV layout) listed as {@link org.tnas.pipelines.datasets.ClipSpec}s, with every unusable
 * input reported as a {@link org.tnas.pipelines.datasets.Rejected} with its reason, and the
 * Spiking-FER benchmark's folds files ({@link org.tnas.pipelines.datasets.Folds}).
 *
 * <p>Entry points: {@link org.tnas.pipelines.datasets.DatasetAdapters#forName(String,
 * java.util.Map)}, {@link org.tnas.pipelines.datasets.DatasetAdapter#scan}, {@link
 * org.tnas.pipelines.datasets.Folds#read}, {@link org.tnas.pipelines.datasets.Folds#join} and
 * {@link org.tnas.pipelines.datasets.DatasetAdapters#toSampleRecord}. Everything here is
 * Spark-free and runs on the driver; adapters are immutable and thread-safe; the value types
 * ({@code ClipSpec}, {@code Rejected}, {@code Scan}, {@code Folds}) are immutable and
 * serialisable. Layout details: docs/datasets.md.
 */
package org.tnas.pipelines.datasets;
