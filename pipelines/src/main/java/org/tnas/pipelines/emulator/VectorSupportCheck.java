package org.tnas.pipelines.emulator;

/**
 * Whether the vectorised per-pixel pass can run in this JVM: the incubating Vector API module must
 * be resolved ({@code --add-modules jdk.incubator.vector}, part of the project's {@code
 * tnas.jvm.flags}) and the preferred vector must hold at least 4 doubles (AVX2 or wider). The
 * system property {@code tnas.emulator.scalar=true} forces the scalar passes. Kept apart from
 * {@link VectorPass} so that a JVM without the module never loads a class that names it.
 */
final class VectorSupportCheck {
  static final boolean AVAILABLE;
  static final int LANES;
  static final String REASON;

  static {
    boolean available = false;
    int lanes = 0;
    String reason;
    if (Boolean.getBoolean("tnas.emulator.scalar")) {
      reason = "tnas.emulator.scalar=true";
    } else if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
      reason = "the JVM runs without --add-modules jdk.incubator.vector";
    } else {
      try {
        lanes = VectorPass.lanes();
        available = lanes >= 4;
        reason = available ? "" : "vectors of " + lanes + " doubles are too short";
      } catch (LinkageError | RuntimeException e) {
        reason = "Cannot use the Vector API: " + e;
      }
    }
    AVAILABLE = available;
    LANES = lanes;
    REASON = reason;
  }

  private VectorSupportCheck() {}
}
