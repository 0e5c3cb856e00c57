package org.tnas.search.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import org.tnas.formats.errors.ProjectException;
import org.tnas.formats.util.Seeds;
import org.tnas.search.space.SearchErrorCode;
import org.tnas.search.space.SearchSpace;

/**
 * An in-memory labelled data set of dense tensors: one {@code channels x height x width} float
 * tensor (row-major CHW) per sample, an integer class label in {@code [0, classCount)} and a
 * sample id. This is what the DJL supernet trains and evaluates on; {@link ShardTensorLoader}
 * builds it from Arrow event shards and {@link SyntheticTensors} generates a learnable one for
 * tests and benchmarks.
 *
 * <p>Immutable and thread-safe: the constructor copies the arrays and accessors return copies (or
 * copy into caller-owned buffers). Not serialisable on purpose: executors load their data set
 * themselves from shards instead of receiving it.
 */
public final class LabelledTensorSet {
  private final List<String> sampleIds;
  private final float[][] inputs;
  private final int[] labels;
  private final int channels;
  private final int height;
  private final int width;
  private final int classCount;

  /**
   * @param sampleIds one id per sample
   * @param inputs one CHW tensor of {@code channels * height * width} values per sample (copied)
   * @param labels one label in {@code [0, classCount)} per sample
   * @throws IllegalArgumentException "Invalid ...: ..." on inconsistent lengths, labels or shape
   */
  public LabelledTensorSet(List<String> sampleIds, float[][] inputs, int[] labels, int channels, int height, int width,
      int classCount) {
    Objects.requireNonNull(sampleIds, "sampleIds is null");
    Objects.requireNonNull(inputs, "inputs is null");
    Objects.requireNonNull(labels, "labels is null");
    if (channels < 1 || height < 1 || width < 1) {
      throw new IllegalArgumentException("Invalid input shape: " + channels + "x" + height + "x" + width);
    }
    if (classCount < 2) {
      throw new IllegalArgumentException("Invalid class count: " + classCount);
    }
    if (sampleIds.size() != inputs.length || labels.length != inputs.length) {
      throw new IllegalArgumentException("Invalid sample counts: " + sampleIds.size() + " ids, " + inputs.length
          + " inputs, " + labels.length + " labels");
    }
    int size = channels * height * width;
    this.inputs = new float[inputs.length][];
    for (int i = 0; i < inputs.length; i++) {
      Objects.requireNonNull(inputs[i], "inputs[" + i + "] is null");
      if (inputs[i].length != size) {
        throw new IllegalArgumentException("Invalid input length of sample " + sampleIds.get(i) + ": expected " + size
            + " (" + channels + "x" + height + "x" + width + "), found " + inputs[i].length);
      }
      if (labels[i] < 0 || labels[i] >= classCount) {
        throw new IllegalArgumentException("Invalid label of sample " + sampleIds.get(i) + ": " + labels[i]
            + " (class count " + classCount + ")");
      }
      this.inputs[i] = inputs[i].clone();
    }
    this.sampleIds = List.copyOf(sampleIds);
    this.labels = labels.clone();
    this.channels = channels;
    this.height = height;
    this.width = width;
    this.classCount = classCount;
  }

  /** Number of samples. */
  public int size() {
    return inputs.length;
  }

  /** Channels C of every input. */
  public int channels() {
    return channels;
  }

  /** Height H of every input. */
  public int height() {
    return height;
  }

  /** Width W of every input. */
  public int width() {
    return width;
  }

  /** Values per input: {@code C * H * W}. */
  public int inputSize() {
    return channels * height * width;
  }

  /** Number of classes. */
  public int classCount() {
    return classCount;
  }

  /** The sample ids, in sample order. */
  public List<String> sampleIds() {
    return sampleIds;
  }

  /** The id of sample {@code index}. */
  public String sampleId(int index) {
    return sampleIds.get(index);
  }

  /** A copy of the input of sample {@code index}. */
  public float[] input(int index) {
    return inputs[index].clone();
  }

  /** Copies of the inputs of all samples, in sample order (e.g. a TTFS calibration set). */
  public List<float[]> inputs() {
    return inputs(size());
  }

  /** Copies of the inputs of the first {@code limit} samples (all when there are fewer), in sample order. */
  public List<float[]> inputs(int limit) {
    int count = Math.min(Math.max(0, limit), size());
    List<float[]> copies = new java.util.ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      copies.add(input(i));
    }
    return copies;
  }

  /** The label of sample {@code index}. */
  public int label(int index) {
    return labels[index];
  }

  /** A copy of all labels. */
  public int[] labels() {
    return labels.clone();
  }

  /**
   * Copies the inputs of {@code indices[from..to)} one after the other into {@code target} (which
   * needs at least {@code (to - from) * inputSize()} values) and returns the number of samples.
   */
  public int copyInputs(int[] indices, int from, int to, float[] target) {
    int size = inputSize();
    for (int i = from; i < to; i++) {
      System.arraycopy(inputs[indices[i]], 0, target, (i - from) * size, size);
    }
    return to - from;
  }

  /**
   * Puts the inputs of {@code indices[from..to)} one after the other into {@code target} (which
   * needs room for {@code (to - from) * inputSize()} values), without copying them first.
   */
  public void putInputs(int[] indices, int from, int to, java.nio.FloatBuffer target) {
    for (int i = from; i < to; i++) {
      target.put(inputs[indices[i]]);
    }
  }

  /** The samples at {@code indices}, in that order. */
  public LabelledTensorSet subset(int[] indices) {
    Objects.requireNonNull(indices, "indices is null");
    List<String> ids = new ArrayList<>(indices.length);
    float[][] selected = new float[indices.length][];
    int[] selectedLabels = new int[indices.length];
    for (int i = 0; i < indices.length; i++) {
      ids.add(sampleIds.get(indices[i]));
      selected[i] = inputs[indices[i]];
      selectedLabels[i] = labels[indices[i]];
    }
    return new LabelledTensorSet(ids, selected, selectedLabels, channels, height, width, classCount);
  }

  /**
   * A seeded permutation of the sample indices: the same {@code (seed, components)} always gives
   * the same order (e.g. {@code shuffledOrder(seed, epoch)}).
   */
  public int[] shuffledOrder(long seed, long... components) {
    int[] order = new int[size()];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    SplittableRandom random = Seeds.random(seed, components);
    for (int i = order.length - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int swap = order[i];
      order[i] = order[j];
      order[j] = swap;
    }
    return order;
  }

  /**
   * Splits into two sets: a seeded shuffle, then the first {@code round(size * firstFraction)}
   * samples form the first set and the rest the second.
   */
  public List<LabelledTensorSet> split(double firstFraction, long seed) {
    if (!(firstFraction > 0 && firstFraction < 1)) {
      throw new IllegalArgumentException("Invalid split fraction: " + firstFraction);
    }
    int[] order = shuffledOrder(seed, Seeds.stableHash("split"));
    int first = (int) Math.round(size() * firstFraction);
    if (first < 1 || first >= size()) {
      throw new IllegalArgumentException("Invalid split fraction: " + firstFraction + " of " + size() + " samples");
    }
    return List.of(subset(Arrays.copyOfRange(order, 0, first)), subset(Arrays.copyOfRange(order, first, size())));
  }

  /** Number of samples per class, indexed by label. */
  public int[] classCounts() {
    int[] counts = new int[classCount];
    for (int label : labels) {
      counts[label]++;
    }
    return counts;
  }

  /**
   * Checks that this data set fits {@code space}: same input shape and class count.
   *
   * @throws ProjectException {@link SearchErrorCode#SHAPE_MISMATCH} with {@code "Invalid input
   *     shape: expected CxHxW, found CxHxW"} or {@code "Invalid class count: expected N, found M"}
   */
  public void checkFits(SearchSpace space) {
    Objects.requireNonNull(space, "space is null");
    if (space.inputChannels() != channels || space.inputHeight() != height || space.inputWidth() != width) {
      throw new ProjectException(SearchErrorCode.SHAPE_MISMATCH, "Invalid input shape: expected "
          + space.inputChannels() + "x" + space.inputHeight() + "x" + space.inputWidth() + " (search space), found "
          + channels + "x" + height + "x" + width + " (data)");
    }
    if (space.classCount() != classCount) {
      throw new ProjectException(SearchErrorCode.SHAPE_MISMATCH, "Invalid class count: expected "
          + space.classCount() + " (search space), found " + classCount + " (data)");
    }
  }

  @Override
  public String toString() {
    return "LabelledTensorSet[" + size() + " samples of " + channels + "x" + height + "x" + width + ", " + classCount
        + " classes]";
  }
}
