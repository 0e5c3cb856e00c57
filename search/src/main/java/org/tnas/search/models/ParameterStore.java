package org.tnas.search.models;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.tnas.formats.util.Seeds;

/**
 * The named arrays of a model: trainable parameters and non-trainable buffers (batch-norm running
 * statistics), in creation order, in one sub-manager of the caller's manager. Initial values are
 * drawn on the Java side from {@link Seeds} (seed and parameter name), never from the engine's
 * global random generator, so the same seed gives the same model on every JVM and thread. Not
 * thread safe.
 */
public final class ParameterStore implements AutoCloseable {
  private final NDManager manager;
  private final long seed;
  private final Map<String, NDArray> parameters = new LinkedHashMap<>();
  private final Map<String, NDArray> buffers = new LinkedHashMap<>();

  /** A store whose arrays live in a new sub-manager of {@code parent}. */
  public ParameterStore(NDManager parent, long seed, String name) {
    this.manager = parent.newSubManager();
    this.manager.setName(name);
    this.seed = seed;
  }

  /** The manager that owns every array of the store. */
  public NDManager manager() {
    return manager;
  }

  /** Trainable parameters by name (live, unmodifiable view). */
  public Map<String, NDArray> parameters() {
    return Collections.unmodifiableMap(parameters);
  }

  /** Non-trainable buffers by name (live, unmodifiable view). */
  public Map<String, NDArray> buffers() {
    return Collections.unmodifiableMap(buffers);
  }

  /** Number of trainable scalars. */
  public long parameterCount() {
    long count = 0;
    for (NDArray array : parameters.values()) {
      count += array.getShape().size();
    }
    return count;
  }

  /**
   * A convolution weight {@code (out, in, k, k)} with Kaiming-normal values for ReLU, fan-out mode
   * (standard deviation {@code sqrt(2 / (out * k * k))}), as torchvision's and SpikingJelly's ResNets.
   */
  NDArray convolution(String name, int out, int in, int kernel) {
    double deviation = Math.sqrt(2.0 / ((double) out * kernel * kernel));
    return gaussian(name, new Shape(out, in, kernel, kernel), deviation);
  }

  /** PyTorch's default Linear initialisation: U(-1/sqrt(in), 1/sqrt(in)) for weight (and bias). */
  NDArray linear(String name, Shape shape, int inFeatures) {
    double bound = 1 / Math.sqrt(inFeatures);
    SplittableRandom random = Seeds.random(seed, Seeds.stableHash(name));
    float[] values = new float[Math.toIntExact(shape.size())];
    for (int i = 0; i < values.length; i++) {
      values[i] = (float) ((random.nextDouble() * 2 - 1) * bound);
    }
    return trainable(name, values, shape);
  }

  /** A trainable array holding {@code values} (e.g. the weights of a trained network). */
  NDArray given(String name, float[] values, Shape shape) {
    if (values.length != shape.size()) {
      throw new IllegalArgumentException("Invalid values of " + name + ": " + values.length + " for shape " + shape);
    }
    return trainable(name, values, shape);
  }

  /** A trainable array filled with {@code value}. */
  NDArray constant(String name, int size, float value) {
    float[] values = new float[size];
    Arrays.fill(values, value);
    return trainable(name, values, new Shape(size));
  }

  /** A non-trainable buffer filled with {@code value}. */
  NDArray buffer(String name, int size, float value) {
    float[] values = new float[size];
    Arrays.fill(values, value);
    NDArray array = nativeArray(values, new Shape(size));
    array.setName(name);
    put(buffers, name, array);
    return array;
  }

  private NDArray gaussian(String name, Shape shape, double deviation) {
    SplittableRandom random = Seeds.random(seed, Seeds.stableHash(name));
    float[] values = new float[Math.toIntExact(shape.size())];
    for (int i = 0; i < values.length; i++) {
      values[i] = (float) (random.nextGaussian() * deviation);
    }
    return trainable(name, values, shape);
  }

  private NDArray trainable(String name, float[] values, Shape shape) {
    NDArray array = nativeArray(values, shape);
    array.setName(name);
    array.setRequiresGradient(true);
    put(parameters, name, array);
    return array;
  }

  /**
   * An array whose memory PyTorch owns, holding {@code values}. DJL's {@code create(float[])} and
   * {@code set(Buffer)} make the tensor point at a Java direct buffer (torch::from_blob / set_)
   * instead of copying; after {@code set} DJL drops its reference to that buffer, so the garbage
   * collector can free memory the tensor still uses. Parameters live for the whole run and are
   * updated in place, so they get engine-owned memory: a native clone of a temporary array.
   */
  private NDArray nativeArray(float[] values, Shape shape) {
    try (NDArray temporary = manager.create(values, shape)) {
      NDArray owned = temporary.duplicate();
      owned.attach(manager);
      return owned;
    }
  }

  private void put(Map<String, NDArray> target, String name, NDArray array) {
    if (parameters.containsKey(name) || buffers.containsKey(name)) {
      throw new IllegalStateException("Invalid parameter name: " + name + " (duplicate)");
    }
    target.put(name, array);
  }

  @Override
  public void close() {
    manager.close();
  }
}
