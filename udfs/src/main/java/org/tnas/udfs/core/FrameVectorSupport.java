package org.tnas.udfs.core;

/**
 * Whether binning's vectorised pass ({@link FrameVectorPass}) can run in this JVM: the incubating
 * Vector API module must be resolved ({@code --add-modules jdk.incubator.vector}, part of the
 * project's {@code tnas.jvm.flags}) and the preferred int vector must hold at least 8 lanes (AVX2
 * or wider). The system property {@code tnas.udfs.scalar=true} forces the scalar loops. Kept apart
 * from {@link FrameVectorPass} so that a JVM without the module never loads a class that names it.
 */
final class FrameVectorSupport {
  static final boolean AVAILABLE;
  static final String REASON;

  static {
    boolean available = false;
    String reason;
    if (Boolean.getBoolean("tnas.udfs.scalar")) {
      reason = "tnas.udfs.scalar=true";
    } else if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
      reason = "the JVM runs without --add-modules jdk.incubator.vector";
    } else {
      try {
        int lanes = FrameVectorPass.lanes();
        available = lanes >= 8;
        reason = available ? "" : "vectors of " + lanes + " ints are too short";
      } catch (LinkageError | RuntimeException e) {
        reason = "Cannot use the Vector API: " + e;
      }
    }
    AVAILABLE = available;
    REASON = reason;
  }

  private FrameVectorSupport() {}
}
