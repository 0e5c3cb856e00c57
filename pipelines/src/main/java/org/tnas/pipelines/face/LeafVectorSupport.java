package org.tnas.pipelines.face;

/**
 * Whether {@link LeafVectors} can run in this JVM: the incubating Vector API module must be
 * resolved ({@code --add-modules jdk.incubator.vector}, part of the project's {@code
 * tnas.jvm.flags}) and the preferred vector must be at least 256 bits (AVX2 or wider; narrower
 * hardware would emulate the 256-bit vectors slowly). The system property {@code
 * tnas.dlib.scalar=true} forces the scalar loop. Kept apart from {@link LeafVectors} so that a JVM
 * without the module never loads a class that names it.
 */
final class LeafVectorSupport {
  static final boolean AVAILABLE;

  static {
    boolean available = false;
    if (!Boolean.getBoolean("tnas.dlib.scalar") && ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()) {
      try {
        available = LeafVectors.preferredBits() >= 256;
      } catch (LinkageError | RuntimeException e) {
        available = false;
      }
    }
    AVAILABLE = available;
  }

  private LeafVectorSupport() {}
}
