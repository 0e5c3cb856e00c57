/**
 * Deterministic synthetic expression clips (dataset "synthetic": faces with the 6 Spiking-FER
 * classes, single eyes with the 7 SEE classes) and their conversion to labelled event samples.
 * Spark-free. See docs/emulator.md.
 */
package org.tnas.pipelines.synthetic;
