package org.tnas.search.supernet;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.tnas.search.space.Downsampling;
import org.tnas.search.space.HeadKind;
import org.tnas.search.space.SearchSpace;

/**
 * The supernet's head as a DJL block: global average pooling or flatten, then the linear layers of
 * {@link SearchSpace#hiddenWidths()} (ReLU between them) and the final linear layer to the class
 * logits. The first linear layer is shared across paths and sliced by input features: for global
 * average pooling one {@code out x maxWidth} weight (first {@code channels} columns used); for
 * flatten one {@code out x maxWidth*H*W} weight per reachable final feature-map size {@code HxW}
 * (first {@code channels*H*W} columns used, which is exactly the channel-major flatten order of the
 * first {@code channels} channels). The later linear layers have fixed shapes. Not thread-safe.
 */
final class ClassifierHead extends AbstractBlock {
  private final HeadKind kind;
  private final Map<String, Parameter[]> firstLayers = new LinkedHashMap<>();
  private final List<Parameter[]> laterLayers = new ArrayList<>();

  ClassifierHead(SearchSpace space, ParameterFactory factory) {
    this.kind = space.headKind();
    int maxWidth = space.widthChoices().get(space.widthChoices().size() - 1);
    List<Integer> outputs = new ArrayList<>(space.hiddenWidths());
    outputs.add(space.classCount());
    int firstOut = outputs.get(0);
    double gain = outputs.size() > 1 ? 2.0 : 1.0;
    if (kind == HeadKind.GLOBAL_AVERAGE_POOL) {
      firstLayers.put("pooled", linear(factory, "head.linear0", firstOut, maxWidth, gain));
    } else {
      for (int[] size : finalSizes(space)) {
        String key = size[0] + "x" + size[1];
        firstLayers.put(key, linear(factory, "head.linear0.s" + key, firstOut, maxWidth * size[0] * size[1], gain));
      }
    }
    for (int i = 1; i < outputs.size(); i++) {
      laterLayers.add(linear(factory, "head.linear" + i, outputs.get(i), outputs.get(i - 1),
          i < outputs.size() - 1 ? 2.0 : 1.0));
    }
  }

  private Parameter[] linear(ParameterFactory factory, String name, int out, int in, double gain) {
    Parameter weight = addParameter(
        factory.gaussian(name + ".weight", Parameter.Type.WEIGHT, new Shape(out, in), Math.sqrt(gain / in)));
    Parameter bias = addParameter(factory.constant(name + ".bias", Parameter.Type.BIAS, new Shape(out), 0f, true));
    return new Parameter[] {weight, bias};
  }

  /** Every final feature-map size {height, width} reachable by a valid genome of the space. */
  static List<int[]> finalSizes(SearchSpace space) {
    TreeSet<Long> result = new TreeSet<>();
    TreeSet<Long> level = new TreeSet<>();
    level.add(pack(space.inputHeight(), space.inputWidth()));
    for (int depth = 1; depth <= space.maxDepth(); depth++) {
      TreeSet<Long> next = new TreeSet<>();
      for (long packed : level) {
        int height = (int) (packed >>> 32);
        int width = (int) packed;
        for (Downsampling d : space.downsamplingChoices()) {
          int h = size(height, d);
          int w = size(width, d);
          if (h >= 1 && w >= 1) {
            next.add(pack(h, w));
          }
        }
      }
      level = next;
      if (space.depthChoices().contains(depth)) {
        result.addAll(level);
      }
    }
    List<int[]> sizes = new ArrayList<>();
    for (long packed : result) {
      sizes.add(new int[] {(int) (packed >>> 32), (int) packed});
    }
    return sizes;
  }

  private static long pack(int height, int width) {
    return ((long) height << 32) | width;
  }

  private static int size(int size, Downsampling downsampling) {
    return switch (downsampling) {
      case NONE -> size;
      case STRIDE2 -> (size - 1) / 2 + 1;
      case MAXPOOL2 -> size / 2;
    };
  }

  /** Weight and bias of the first linear layer for a final feature map of {@code height x width}. */
  Parameter[] firstLayer(int height, int width) {
    Parameter[] layer = firstLayers.get(kind == HeadKind.GLOBAL_AVERAGE_POOL ? "pooled" : height + "x" + width);
    if (layer == null) {
      throw new IllegalStateException("Invalid final feature map: " + height + "x" + width);
    }
    return layer;
  }

  List<Parameter[]> laterLayers() {
    return laterLayers;
  }

  HeadKind kind() {
    return kind;
  }

  @Override
  protected NDList forwardInternal(ParameterStore parameterStore, NDList inputs, boolean training,
      PairList<String, Object> params) {
    NDArray x = inputs.singletonOrThrow();
    NDManager scope = x.getManager();
    long[] shape = x.getShape().getShape();
    NDArray features = kind == HeadKind.GLOBAL_AVERAGE_POOL
        ? Pool.globalAvgPool2d(x).reshape(shape[0], shape[1])
        : x.reshape(shape[0], shape[1] * shape[2] * shape[3]);
    long featureCount = features.getShape().get(1);
    Parameter[] first = firstLayer((int) shape[2], (int) shape[3]);
    NDArray weight = Supernet.scoped(first[0], scope).get(new NDIndex(":, :{}", featureCount));
    NDArray y = Linear.linear(features, weight, Supernet.scoped(first[1], scope)).singletonOrThrow();
    for (Parameter[] layer : laterLayers) {
      y = Linear.linear(Activation.relu(y), Supernet.scoped(layer[0], scope), Supernet.scoped(layer[1], scope))
          .singletonOrThrow();
    }
    return new NDList(y);
  }

  @Override
  public boolean isInitialized() {
    return true;
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    throw new UnsupportedOperationException("Cannot compute output shapes of the head: they depend on the genome");
  }
}
