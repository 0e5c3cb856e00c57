/**
 * The v2e DVS emulator in plain Java: {@link org.tnas.pipelines.emulator.EventEmulator} (streaming,
 * frame by frame, v2e-exact arithmetic), its {@link org.tnas.pipelines.emulator.EmulatorParameters}
 * and presets, and the bit-exact numeric kernels {@link org.tnas.pipelines.emulator.V2eKernels}.
 * Spark-free. See docs/emulator.md.
 */
package org.tnas.pipelines.emulator;
