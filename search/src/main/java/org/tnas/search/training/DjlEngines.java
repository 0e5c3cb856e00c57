package org.tnas.search.training;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;
import java.util.List;
import org.tnas.formats.errors.ProjectException;

/**
 * Loads DJL's PyTorch engine, checks the native numerics environment and sets PyTorch's intra-op
 * thread count. DJL reads {@code ai.djl.offline=true} (or {@code DJL_OFFLINE=true}) to never
 * download natives: the CPU natives come from the {@code pytorch-native-cpu} jar and are extracted
 * into {@code DJL_CACHE_DIR} (default {@code ~/.djl.ai}) on first use. The engine is a JVM-wide
 * singleton.
 *
 * <p>Numerics: on the first load this checks that the environment of {@link NumericsEnvironment}
 * is in effect (the portable caps of ATen, oneDNN and MKL in the default {@code portable} mode, and
 * {@code OMP_WAIT_POLICY=PASSIVE}); PyTorch reads them only when it loads, so a JVM started without
 * them cannot be fixed from inside and gets one warning on standard error naming the fix.
 *
 * <p>Threads: PyTorch's intra-op thread count (OpenMP) belongs to the calling thread once set: a
 * thread keeps the count it set last, and a thread that never set one starts with the count last
 * set by any thread. The results of a convolution depend on that count, so every caller that
 * computes something that must be reproducible (scoring, training) sets its count on its own thread
 * right before the work with {@link #useThreads}; nothing relies on a process-wide count.
 * Thread-safe.
 */
public final class DjlEngines {
  /** The DJL engine name used by this package. */
  public static final String ENGINE_NAME = "PyTorch";

  private static boolean checked;

  private DjlEngines() {}

  /**
   * The PyTorch engine, loaded (and the numerics environment checked) on first call.
   *
   * @param threads intra-op threads for PyTorch on the calling thread, or 0 to keep the current
   *     setting (DJL's default is the system property {@code ai.djl.pytorch.num_threads}, else
   *     PyTorch's own default)
   * @throws ProjectException {@link TrainingErrorCode#ENGINE_UNAVAILABLE} "Cannot load DJL engine
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
      throw new ProjectException(TrainingErrorCode.ENGINE_UNAVAILABLE,
          "Cannot load DJL engine " + ENGINE_NAME + ": " + e.getMessage() + " (offline="
              + System.getProperty("ai.djl.offline", System.getenv("DJL_OFFLINE")) + ", cache="
              + System.getenv().getOrDefault("DJL_CACHE_DIR", "~/.djl.ai") + ")", e);
    }
    if (!checked) {
      checked = true;
      String warning = numericsWarning();
      if (warning != null) {
        System.err.println(warning);
      }
    }
    useThreads(threads);
    return engine;
  }

  /**
   * Sets PyTorch's intra-op thread count of the calling thread to {@code threads} (0: keep it).
   * Call it on the thread that runs the work, before the work; the engine must be loaded.
   */
  public static void useThreads(int threads) {
    if (threads < 0) {
      throw new IllegalArgumentException("Invalid threads: " + threads);
    }
    if (threads > 0 && JniUtils.getNumThreads() != threads) {
      JniUtils.setNumThreads(threads);
    }
  }

  /** The current PyTorch intra-op thread count of the calling thread (loads the engine). */
  public static int threads() {
    pytorch(0);
    return JniUtils.getNumThreads();
  }

  /**
   * The warning for this JVM's environment ({@link NumericsEnvironment#deviations} of the mode of
   * {@link NumericsEnvironment#mode}), or null when the environment is in effect. Also warns when
   * the mode is portable but the CPU has no SSE4.1 (the caps cannot raise it to the other nodes' path).
   */
  public static String numericsWarning() {
    String mode = NumericsEnvironment.mode();
    List<String> deviations = NumericsEnvironment.deviations(mode, System.getenv());
    if (!deviations.isEmpty()) {
      return NumericsEnvironment.warning(mode, deviations);
    }
    if (mode.equals(NumericsEnvironment.PORTABLE) && NumericsEnvironment.cpuLacksSse41()) {
      return "[tnas] warning: this CPU has no SSE4.1, so " + NumericsEnvironment.MODE_PROPERTY + "="
          + NumericsEnvironment.PORTABLE + " cannot make it compute as the other nodes do: its scores may differ; "
          + "run the search on x86-64 machines with SSE4.1";
    }
    return null;
  }
}
