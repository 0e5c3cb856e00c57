package org.tnas.search.supernet;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.tnas.search.net.BatchNormLayer;
import org.tnas.search.net.ConvLayer;
import org.tnas.search.net.FlattenLayer;
import org.tnas.search.net.GlobalAveragePoolLayer;
import org.tnas.search.net.Layer;
import org.tnas.search.net.LinearLayer;
import org.tnas.search.net.MaxPoolLayer;
import org.tnas.search.net.NetworkWeights;
import org.tnas.search.net.ReluLayer;
import org.tnas.search.space.BlockGene;
import org.tnas.search.space.BlockPlan;
import org.tnas.search.space.Genome;
import org.tnas.search.space.HeadKind;
import org.tnas.search.space.SearchSpace;
import org.tnas.search.space.SubnetPlan;

/**
 * The weight-sharing ReLU supernet of a {@link SearchSpace}, built from DJL blocks: a chain of
 * {@code maxDepth} {@link ChoiceBlock}s and a {@link ClassifierHead}. A {@link Genome} selects one
 * path (its active blocks and their kernel, width and downsampling); {@link #forward} runs that
 * path only. See {@code docs/supernet.md} for the weight-sharing scheme: per block and kernel size a
 * convolution of maximal width sliced to the chosen width and to the previous block's width, a
 * private batch norm per (block, kernel, width) choice, and a head sliced by input features.
 *
 * <p>Lifecycle: {@link #create} allocates all parameters in a sub-manager of the given manager;
 * {@link #close} frees them. Inputs must live in a caller-owned (sub-)manager, never in the
 * supernet's own one: the parameters a forward pass touches are temporarily attached to the
 * input's manager, so every intermediate array is freed when the caller closes that manager.
 *
 * <p>Not thread-safe: one thread uses a supernet at a time (DJL's PyTorch engine also allows only
 * one gradient collector per JVM). Not serialisable; ship checkpoints ({@link SupernetCheckpoint}).
 */
public final class Supernet extends AbstractBlock implements AutoCloseable {
  /** Batch-norm epsilon, also written into the exported {@link BatchNormLayer}s. */
  public static final float BATCH_NORM_EPSILON = 1e-5f;
  /** Running-statistics momentum during training (DJL convention: {@code running = m * running + (1 - m) * batch}). */
  public static final float BATCH_NORM_MOMENTUM = 0.9f;
  private static final String GENOME = "genome";

  private final SearchSpace space;
  private final NDManager manager;
  private final long seed;
  private final List<ChoiceBlock> blocks = new ArrayList<>();
  private final ClassifierHead head;
  private final Map<String, Parameter> namedParameters;

  private Supernet(SearchSpace space, NDManager manager, long seed) {
    this.space = space;
    this.manager = manager;
    this.seed = seed;
    ParameterFactory factory = new ParameterFactory(manager, seed);
    int maxWidth = space.widthChoices().get(space.widthChoices().size() - 1);
    for (int i = 0; i < space.maxDepth(); i++) {
      blocks.add(addChildBlock("block" + i,
          new ChoiceBlock(i, i == 0 ? space.inputChannels() : maxWidth, space, factory)));
    }
    head = addChildBlock("head", new ClassifierHead(space, factory));
    namedParameters = Collections.unmodifiableMap(factory.created());
  }

  /**
   * A freshly initialised supernet (Kaiming-normal convolutions, unit batch norms, Gaussian linear
   * layers, all drawn from {@code seed}) whose parameters live in a new sub-manager of {@code
   * parent}.
   */
  public static Supernet create(SearchSpace space, NDManager parent, long seed) {
    Objects.requireNonNull(space, "space is null");
    Objects.requireNonNull(parent, "parent is null");
    NDManager manager = parent.newSubManager();
    manager.setName("supernet");
    try {
      return new Supernet(space, manager, seed);
    } catch (RuntimeException e) {
      manager.close();
      throw e;
    }
  }

  /** The search space this supernet covers. */
  public SearchSpace space() {
    return space;
  }

  /** The initialisation seed. */
  public long seed() {
    return seed;
  }

  /** The manager owning the parameters. */
  public NDManager manager() {
    return manager;
  }

  /** Every parameter (weights, batch-norm statistics) by full name, in a stable order. */
  public Map<String, Parameter> namedParameters() {
    return namedParameters;
  }

  /** Number of stored values over all parameters (shared weights counted once). */
  public long storedValues() {
    long total = 0;
    for (Parameter parameter : namedParameters.values()) {
      total += parameter.getArray().size();
    }
    return total;
  }

  /**
   * Runs the path of {@code genome} on {@code input} ({@code N x C x H x W} float32, in a caller
   * sub-manager) and returns the logits ({@code N x classes}, in the input's manager).
   *
   * @param training batch norm uses batch statistics and updates the path's running statistics
   *     (momentum {@link #BATCH_NORM_MOMENTUM}); otherwise the running statistics are used
   * @throws org.tnas.formats.errors.ProjectException INVALID_GENOME when the genome is outside the
   *     space, SHAPE_MISMATCH when the input shape differs from the space's
   */
  public NDArray forward(NDArray input, Genome genome, boolean training) {
    return forward(input, genome, training, BATCH_NORM_MOMENTUM);
  }

  NDArray forward(NDArray input, Genome genome, boolean training, float momentum) {
    Objects.requireNonNull(input, "input is null");
    space.validate(Objects.requireNonNull(genome, "genome is null"));
    checkInputShape(input.getShape());
    if (input.getManager() == manager) {
      throw new IllegalArgumentException("Invalid input: it must live in a caller sub-manager, not the supernet's");
    }
    PairList<String, Object> params = new PairList<>();
    params.add(GENOME, genome);
    params.add(ChoiceBlock.MOMENTUM, momentum);
    ParameterStore store = new ParameterStore(input.getManager(), false);
    return forward(store, new NDList(input), training, params).singletonOrThrow();
  }

  private void checkInputShape(Shape shape) {
    if (shape.dimension() != 4 || shape.get(1) != space.inputChannels() || shape.get(2) != space.inputHeight()
        || shape.get(3) != space.inputWidth()) {
      throw new org.tnas.formats.errors.ProjectException(org.tnas.search.space.SearchErrorCode.SHAPE_MISMATCH,
          "Invalid input shape: expected (N, " + space.inputChannels() + ", " + space.inputHeight() + ", "
              + space.inputWidth() + "), found " + shape);
    }
  }

  @Override
  protected NDList forwardInternal(ParameterStore parameterStore, NDList inputs, boolean training,
      PairList<String, Object> params) {
    Genome genome = (Genome) params.get(GENOME);
    Object momentum = params.get(ChoiceBlock.MOMENTUM);
    NDList x = inputs;
    int inChannels = space.inputChannels();
    for (int i = 0; i < genome.depth(); i++) {
      BlockGene gene = genome.blocks().get(i);
      PairList<String, Object> blockParams = new PairList<>();
      blockParams.add(ChoiceBlock.GENE, gene);
      blockParams.add(ChoiceBlock.IN_CHANNELS, inChannels);
      blockParams.add(ChoiceBlock.MOMENTUM, momentum == null ? BATCH_NORM_MOMENTUM : momentum);
      x = blocks.get(i).forward(parameterStore, x, training, blockParams);
      inChannels = gene.width();
    }
    return head.forward(parameterStore, x, training, null);
  }

  /** Always true: every parameter is created with its values ({@link ParameterFactory}). */
  @Override
  public boolean isInitialized() {
    return true;
  }

  @Override
  protected void initializeChildBlocks(NDManager initializationManager, ai.djl.ndarray.types.DataType dataType,
      Shape... inputShapes) {
    // nothing to do: parameters are created with values, never lazily
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return new Shape[] {new Shape(inputShapes[0].get(0), space.classCount())};
  }

  /**
   * The trainable parameters of {@code genome}'s path with the region of each that the path reads
   * (weights outside it are not used and must not be updated).
   */
  List<PathParameter> pathParameters(Genome genome) {
    space.validate(genome);
    List<PathParameter> path = new ArrayList<>();
    int inChannels = space.inputChannels();
    for (int i = 0; i < genome.depth(); i++) {
      BlockGene gene = genome.blocks().get(i);
      ChoiceBlock block = blocks.get(i);
      path.add(new PathParameter(block.convolution(gene.kernel()),
          new NDIndex(":{}, :{}", gene.width(), inChannels)));
      Parameter[] bn = block.batchNorm(gene.kernel(), gene.width());
      path.add(new PathParameter(bn[0], new NDIndex(":")));
      path.add(new PathParameter(bn[1], new NDIndex(":")));
      inChannels = gene.width();
    }
    SubnetPlan plan = space.plan(genome);
    BlockPlan last = plan.blocks().get(plan.blocks().size() - 1);
    Parameter[] first = head.firstLayer(last.outputHeight(), last.outputWidth());
    path.add(new PathParameter(first[0], new NDIndex(":, :{}", plan.headInputFeatures())));
    path.add(new PathParameter(first[1], new NDIndex(":")));
    for (Parameter[] layer : head.laterLayers()) {
      path.add(new PathParameter(layer[0], new NDIndex(":, :")));
      path.add(new PathParameter(layer[1], new NDIndex(":")));
    }
    return path;
  }

  /** Resets the running mean (0) and variance (1) of every batch norm on {@code genome}'s path. */
  void resetBatchNormStatistics(Genome genome) {
    space.validate(genome);
    for (int i = 0; i < genome.depth(); i++) {
      BlockGene gene = genome.blocks().get(i);
      Parameter[] bn = blocks.get(i).batchNorm(gene.kernel(), gene.width());
      float[] ones = new float[gene.width()];
      Arrays.fill(ones, 1f);
      bn[2].getArray().set(new float[gene.width()]);
      bn[3].getArray().set(ones);
    }
  }

  /**
   * The subnet of {@code genome} with the weights it currently inherits from the supernet, as a
   * pure-Java {@link NetworkWeights}: per block {@code conv (no bias) -> batch norm -> ReLU [->
   * max-pool 2x2]}, then global average pooling or flatten and the linear layers (ReLU between).
   * Batch-norm running statistics are exported as they are: recalibrate them first ({@link
   * SubnetEvaluator#recalibrate}) when the supernet was trained with SPOS. Running the result with
   * {@code org.tnas.search.net.ReluNetwork} gives the logits of {@code forward(input, genome,
   * false)}.
   */
  public NetworkWeights extract(Genome genome) {
    SubnetPlan plan = space.plan(Objects.requireNonNull(genome, "genome is null"));
    List<Layer> layers = new ArrayList<>();
    for (BlockPlan block : plan.blocks()) {
      ChoiceBlock choice = blocks.get(block.index());
      Parameter conv = choice.convolution(block.kernel());
      float[] all = conv.getArray().toFloatArray();
      int k2 = block.kernel() * block.kernel();
      int maxIn = choice.maxInChannels();
      float[] weights = new float[block.outChannels() * block.inChannels() * k2];
      for (int o = 0; o < block.outChannels(); o++) {
        for (int c = 0; c < block.inChannels(); c++) {
          System.arraycopy(all, (o * maxIn + c) * k2, weights, (o * block.inChannels() + c) * k2, k2);
        }
      }
      layers.add(new ConvLayer(block.inChannels(), block.outChannels(), block.kernel(), block.stride(),
          block.padding(), weights, new float[block.outChannels()]));
      Parameter[] bn = choice.batchNorm(block.kernel(), block.outChannels());
      layers.add(new BatchNormLayer(bn[0].getArray().toFloatArray(), bn[1].getArray().toFloatArray(),
          bn[2].getArray().toFloatArray(), bn[3].getArray().toFloatArray(), BATCH_NORM_EPSILON));
      layers.add(new ReluLayer());
      if (block.maxPool()) {
        layers.add(new MaxPoolLayer(2, 2));
      }
    }
    BlockPlan last = plan.blocks().get(plan.blocks().size() - 1);
    layers.add(plan.headKind() == HeadKind.GLOBAL_AVERAGE_POOL ? new GlobalAveragePoolLayer() : new FlattenLayer());
    Parameter[] first = head.firstLayer(last.outputHeight(), last.outputWidth());
    List<int[]> shapes = plan.linearShapes();
    int columns = Math.toIntExact(first[0].getArray().getShape().get(1));
    float[] all = first[0].getArray().toFloatArray();
    int in = shapes.get(0)[0];
    int out = shapes.get(0)[1];
    float[] weights = new float[out * in];
    for (int o = 0; o < out; o++) {
      System.arraycopy(all, o * columns, weights, o * in, in);
    }
    layers.add(new LinearLayer(in, out, weights, first[1].getArray().toFloatArray()));
    for (int i = 0; i < head.laterLayers().size(); i++) {
      Parameter[] layer = head.laterLayers().get(i);
      layers.add(new ReluLayer());
      layers.add(new LinearLayer(shapes.get(i + 1)[0], shapes.get(i + 1)[1], layer[0].getArray().toFloatArray(),
          layer[1].getArray().toFloatArray()));
    }
    return new NetworkWeights(plan.inputChannels(), plan.inputHeight(), plan.inputWidth(), layers);
  }

  /**
   * The parameter's array, temporarily attached to {@code scope} (unless it already is) so that
   * every array derived from it is freed with {@code scope}.
   */
  static NDArray scoped(Parameter parameter, NDManager scope) {
    NDArray array = parameter.getArray();
    if (array.getManager() != scope) {
      array.tempAttach(scope);
    }
    return array;
  }

  /** Frees every parameter. */
  @Override
  public void close() {
    manager.close();
  }

  /** A trainable parameter of a path and the region of it the path uses. */
  record PathParameter(Parameter parameter, NDIndex region) {}
}
