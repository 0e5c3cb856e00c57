package org.tnas.search.supernet;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;
import org.tnas.formats.errors.ProjectException;

/**
 * Loads DJL's PyTorch engine and sets its intra-op thread count. DJL reads {@code
 * ai.djl.offline=true} (or {@code DJL_OFFLINE=true}) to never download natives: the CPU natives come
 * from the {@code pytorch-native-cpu} jar and are extracted into {@code DJL_CACHE_DIR} (default
 * {@code ~/.djl.ai}) on first use. The engine is a JVM-wide singleton; the thread count is a global
 * PyTorch setting, so the last call wins. Thread-safe.
 */
public final class DjlEngines {
  /** The DJL engine name used by this package. */
  public static final String ENGINE_NAME = "PyTorch";

  private DjlEngines() {}

  /**
   * The PyTorch engine, loaded on first call.
   *
   * @param threads intra-op threads for PyTorch, or 0 to keep the current setting (DJL's default is
   *     the system property {@code ai.djl.pytorch.num_threads}, else PyTorch's own default)
   * @throws ProjectException {@link SupernetErrorCode#ENGINE_UNAVAILABLE} "Cannot load DJL engine
   *     PyTorch: ..." when the natives cannot be loaded
   */
  public static synchronized Engine pytorch(int threads) {
    if (threads < 0) {
      throw new IllegalArgumentException("Invalid threads: " + threads);
    }
    Engine engine;
    try {
      engine = Engine.getEngine(ENGINE_NAME);
    } catch (RuntimeException | UnsatisfiedLinkError e) {
      throw new ProjectException(SupernetErrorCode.ENGINE_UNAVAILABLE,
          "Cannot load DJL engine " + ENGINE_NAME + ": " + e.getMessage() + " (offline="
              + System.getProperty("ai.djl.offline", System.getenv("DJL_OFFLINE")) + ", cache="
              + System.getenv().getOrDefault("DJL_CACHE_DIR", "~/.djl.ai") + ")", e);
    }
    if (threads > 0 && JniUtils.getNumThreads() != threads) {
      JniUtils.setNumThreads(threads);
    }
    return engine;
  }

  /** The current PyTorch intra-op thread count (loads the engine). */
  public static int threads() {
    pytorch(0);
    return JniUtils.getNumThreads();
  }
}
