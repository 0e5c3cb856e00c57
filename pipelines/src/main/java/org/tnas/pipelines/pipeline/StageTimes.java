package org.tnas.pipelines.pipeline;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/** Wall time per pipeline stage, in the order the stages ran (for the model card). Not thread safe. */
final class StageTimes {
  private final Map<String, Double> seconds = new LinkedHashMap<>();

  /** Runs {@code stage} and records its wall time under {@code name}. */
  <T> T time(String name, Supplier<T> stage) {
    long start = System.nanoTime();
    try {
      return stage.get();
    } finally {
      seconds.put(name, (System.nanoTime() - start) / 1e9);
    }
  }

  /** The recorded times in order. */
  Map<String, Double> ordered() {
    return new LinkedHashMap<>(seconds);
  }
}
