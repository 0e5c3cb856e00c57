package org.tnas.search.supernet;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.tnas.formats.util.Seeds;

/**
 * Creates the supernet's DJL parameters with values drawn from {@link Seeds} (never from the
 * engine's global RNG), so the same seed gives the same initial supernet on every JVM. Keeps every
 * parameter in creation order under its full name (for checkpoints). Not thread-safe.
 */
final class ParameterFactory {
  private final NDManager manager;
  private final long seed;
  private final Map<String, Parameter> created = new LinkedHashMap<>();

  ParameterFactory(NDManager manager, long seed) {
    this.manager = manager;
    this.seed = seed;
  }

  Map<String, Parameter> created() {
    return created;
  }

  /** Zero-mean Gaussian values with the given standard deviation (trainable). */
  Parameter gaussian(String name, Parameter.Type type, Shape shape, double deviation) {
    SplittableRandom random = Seeds.random(seed, Seeds.stableHash(name));
    float[] values = new float[Math.toIntExact(shape.size())];
    for (int i = 0; i < values.length; i++) {
      values[i] = (float) (random.nextGaussian() * deviation);
    }
    return register(name, type, manager.create(values, shape), true);
  }

  /** A constant-filled parameter. */
  Parameter constant(String name, Parameter.Type type, Shape shape, float value, boolean trainable) {
    float[] values = new float[Math.toIntExact(shape.size())];
    Arrays.fill(values, value);
    return register(name, type, manager.create(values, shape), trainable);
  }

  private Parameter register(String name, Parameter.Type type, NDArray array, boolean trainable) {
    if (created.containsKey(name)) {
      throw new IllegalStateException("Invalid parameter name: " + name + " (duplicate)");
    }
    array.setName(name);
    array.setRequiresGradient(trainable);
    Parameter parameter = Parameter.builder().setName(name).setType(type).optRequiresGrad(trainable)
        .optArray(array).build();
    created.put(name, parameter);
    return parameter;
  }
}
