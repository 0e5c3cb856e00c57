package org.tnas.udfs.core;

/**
 * Whether the module's vectorised passes ({@link FrameVectorPass}, {@link ResizeVectorPass}) can run
 * in this JVM: the incubating
 * Vector API module must be resolved ({@code --add-modules jdk.incubator.vector}, part of the
 * project's {@code tnas.jvm.flags}) and the preferred int vector must hold at least 8 lanes (AVX2
 * or wider; {@link #WIDE}: 8 longs, AVX-512). The system property {@code tnas.udfs.scalar=true}
 * forces the scalar loops. Kept apart from the passes so that a JVM without the module never loads a
 * class that names it.
 */
final class VectorSupport {
  static final boolean AVAILABLE;
  static final String REASON;
  /** Whether 8-lane long vectors are native ({@link ResizeVectorPass} needs them). */
  static final boolean WIDE;

  static {
    boolean available = false;
    boolean wide = false;
    String reason;
    if (Boolean.getBoolean("tnas.udfs.scalar")) {
      reason = "tnas.udfs.scalar=true";
    } else if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
      reason = "the JVM runs without --add-modules jdk.incubator.vector";
    } else {
      try {
        int lanes = FrameVectorPass.lanes();
        available = lanes >= 8;
        wide = available && ResizeVectorPass.nativeLongLanes() >= ResizeVectorPass.LANES;
        reason = available ? "" : "vectors of " + lanes + " ints are too short";
      } catch (LinkageError | RuntimeException e) {
        reason = "Cannot use the Vector API: " + e;
      }
    }
    AVAILABLE = available;
    WIDE = wide;
    REASON = reason;
  }

  private VectorSupport() {}
}
