/**
 * Spark-free event representations and augmentations: pure kernels over the primitive arrays of
 * {@link org.tnas.formats.events.EventBatch} plus small immutable configuration records.
 *
 * <h2>Contracts shared by everything here</h2>
 *
 * <ul>
 *   <li>Input events satisfy {@link org.tnas.udfs.core.EventChecks}: on the sensor, polarity 0/1,
 *       non-negative sorted timestamps (microseconds). Violations raise {@code ProjectException}
 *       (code {@code INVALID_EVENT}) naming the first invalid event; nothing is repaired silently.
 *   <li>Inputs are never modified. Results are new batch objects, but a kernel may share the
 *       arrays of the columns it leaves unchanged with its input (hflip shares y, t, p;
 *       polarity_flip x, y, t; an identity or prefix result all four): treat inputs and results
 *       as read-only, or {@code copy()} them before writing. {@link
 *       org.tnas.udfs.core.AugmentationPipeline} results share no array with the pipeline's input.
 *   <li>Performance: {@link org.tnas.udfs.core.AugmentationPipeline} validates its input once and
 *       runs the built-in augmentations through package-private unchecked overloads (their
 *       outputs are valid by construction); every public kernel checks its own input, fused
 *       into its main loop where it reads the column anyway. Configuration records validate their
 *       parameters on construction ({@code IllegalArgumentException "Invalid ..."}), are
 *       immutable, serialisable (safe to ship to Spark executors) and thread safe.
 *   <li>Randomness comes only from explicit seeds; {@link org.tnas.udfs.core.AugmentationPipeline}
 *       derives them with {@code Seeds.derive(runSeed, sampleId, epoch, stepIndex)}.
 *   <li>Where the Tonic library (or the EventDrop reference code) has a bug, the kernel does the
 *       correct thing and its javadoc says "Deliberate difference".
 * </ul>
 *
 * <h2>Entry points</h2>
 *
 * {@link org.tnas.udfs.core.FrameRepresentation} (network input), {@link
 * org.tnas.udfs.core.Frames} and {@link org.tnas.udfs.core.Slicing} (Tonic's ToFrame), {@link
 * org.tnas.udfs.core.TtfsInputCoding}, {@link org.tnas.udfs.core.AugmentationPipeline} and {@link
 * org.tnas.udfs.core.Augmentations} (the configurations), the kernels {@link
 * org.tnas.udfs.core.GeometryKernels}, {@link org.tnas.udfs.core.TimeKernels}, {@link
 * org.tnas.udfs.core.FilterKernels}, {@link org.tnas.udfs.core.NoiseKernels}.
 */
package org.tnas.udfs.core;
