package org.tnas.search.training;

import ai.djl.ndarray.NDArray;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A copy of a model's parameters and buffers on the Java heap (the best epoch's weights, the
 * arrays of a checkpoint). Immutable once taken.
 */
public final class ModelSnapshot {
  private final Map<String, float[]> values;

  ModelSnapshot(Map<String, float[]> values) {
    this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
  }

  /** Copies every parameter and buffer of {@code model}. */
  public static ModelSnapshot of(TrainableModel model) {
    Map<String, float[]> values = new LinkedHashMap<>();
    for (Map.Entry<String, NDArray> entry : model.parameters().entrySet()) {
      values.put(entry.getKey(), entry.getValue().toFloatArray());
    }
    for (Map.Entry<String, NDArray> entry : model.buffers().entrySet()) {
      values.put(entry.getKey(), entry.getValue().toFloatArray());
    }
    return new ModelSnapshot(values);
  }

  /** The values by array name. */
  public Map<String, float[]> values() {
    return values;
  }

  /**
   * Writes the values into {@code model}'s arrays (gradient recording must be off).
   *
   * @throws IllegalArgumentException "Cannot restore model: ..." when names or sizes differ
   */
  public void restoreInto(TrainableModel model) {
    Map<String, NDArray> arrays = new LinkedHashMap<>(model.parameters());
    arrays.putAll(model.buffers());
    if (!arrays.keySet().equals(values.keySet())) {
      throw new IllegalArgumentException("Cannot restore model: arrays differ (model " + arrays.size() + " arrays, snapshot "
          + values.size() + ")");
    }
    for (Map.Entry<String, NDArray> entry : arrays.entrySet()) {
      float[] data = Objects.requireNonNull(values.get(entry.getKey()));
      if (data.length != entry.getValue().getShape().size()) {
        throw new IllegalArgumentException("Cannot restore model: " + entry.getKey() + " has " + entry.getValue().getShape()
            + ", snapshot " + data.length + " values");
      }
      NativeCopies.copyInto(entry.getValue(), data);
    }
  }
}
