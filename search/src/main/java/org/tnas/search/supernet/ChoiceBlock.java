package org.tnas.search.supernet;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.pooling.Pool;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.LinkedHashMap;
import java.util.Map;
import org.tnas.search.space.BlockGene;
import org.tnas.search.space.SearchSpace;

/**
 * One searchable block of the supernet as a DJL block: {@code conv(k, stride) -> batch norm ->
 * ReLU [-> 2x2 max-pool]} for every (kernel, width, downsampling) choice. Weight sharing: one
 * convolution weight of {@code maxWidth x maxInChannels x k x k} per kernel size, of which a choice
 * uses the first {@code width} output and the first {@code inChannels} input channels; a private
 * batch norm (gamma, beta, running mean and variance) per (kernel, width) choice. Not thread-safe.
 */
final class ChoiceBlock extends AbstractBlock {
  static final String GENE = "gene";
  static final String IN_CHANNELS = "inChannels";
  static final String MOMENTUM = "momentum";
  /** See {@link #convolve}: the output-channel block of oneDNN's AVX-512 convolution kernels. */
  static final int OUTPUT_CHANNEL_BLOCK = 16;

  private final int index;
  private final int maxInChannels;
  private final Map<Integer, Parameter> convolutions = new LinkedHashMap<>();
  private final Map<String, Parameter[]> batchNorms = new LinkedHashMap<>();

  ChoiceBlock(int index, int maxInChannels, SearchSpace space, ParameterFactory factory) {
    this.index = index;
    this.maxInChannels = maxInChannels;
    int maxWidth = space.widthChoices().get(space.widthChoices().size() - 1);
    for (int kernel : space.kernelChoices()) {
      int fanIn = maxInChannels * kernel * kernel;
      Parameter conv = factory.gaussian(convolutionName(kernel), Parameter.Type.WEIGHT,
          new Shape(maxWidth, maxInChannels, kernel, kernel), Math.sqrt(2.0 / fanIn));
      convolutions.put(kernel, addParameter(conv));
      for (int width : space.widthChoices()) {
        String prefix = batchNormPrefix(kernel, width);
        Parameter[] bn = {
          factory.constant(prefix + ".gamma", Parameter.Type.GAMMA, new Shape(width), 1f, true),
          factory.constant(prefix + ".beta", Parameter.Type.BETA, new Shape(width), 0f, true),
          factory.constant(prefix + ".runningMean", Parameter.Type.RUNNING_MEAN, new Shape(width), 0f, false),
          factory.constant(prefix + ".runningVariance", Parameter.Type.RUNNING_VAR, new Shape(width), 1f, false)
        };
        for (Parameter parameter : bn) {
          addParameter(parameter);
        }
        batchNorms.put(kernel + "x" + width, bn);
      }
    }
  }

  String convolutionName(int kernel) {
    return "block" + index + ".conv.k" + kernel;
  }

  String batchNormPrefix(int kernel, int width) {
    return "block" + index + ".bn.k" + kernel + ".w" + width;
  }

  int maxInChannels() {
    return maxInChannels;
  }

  Parameter convolution(int kernel) {
    return convolutions.get(kernel);
  }

  /** gamma, beta, running mean, running variance of the (kernel, width) choice. */
  Parameter[] batchNorm(int kernel, int width) {
    return batchNorms.get(kernel + "x" + width);
  }

  @Override
  protected NDList forwardInternal(ParameterStore parameterStore, NDList inputs, boolean training,
      PairList<String, Object> params) {
    BlockGene gene = (BlockGene) params.get(GENE);
    int inChannels = (Integer) params.get(IN_CHANNELS);
    float momentum = (Float) params.get(MOMENTUM);
    NDArray x = inputs.singletonOrThrow();
    NDManager scope = x.getManager();
    NDArray weight = Supernet.scoped(convolution(gene.kernel()), scope)
        .get(new NDIndex(":{}, :{}", gene.width(), inChannels));
    int stride = gene.downsampling().convolutionStride();
    int padding = gene.kernel() / 2;
    // the input of block i > 0 is computed from parameters: under gradient recording its gradient is
    // computed; block 0 reads the data (a leaf), whose gradient is wanted only if it requires one
    boolean inputGradient = JniUtils.isGradMode() && (index > 0 || x.hasGradient());
    NDArray y = convolve(x, weight, stride, padding, inputGradient);
    Parameter[] bn = batchNorm(gene.kernel(), gene.width());
    y = BatchNorm.batchNorm(y, Supernet.scoped(bn[2], scope), Supernet.scoped(bn[3], scope),
        Supernet.scoped(bn[0], scope), Supernet.scoped(bn[1], scope), 1, momentum, Supernet.BATCH_NORM_EPSILON,
        training).singletonOrThrow();
    y = Activation.relu(y);
    if (gene.downsampling().usesMaxPool()) {
      y = Pool.maxPool2d(y, new Shape(2, 2), new Shape(2, 2), new Shape(0, 0), false);
    }
    return new NDList(y);
  }

  /**
   * {@code conv2d(x, weight)} without bias, working around a defect of the oneDNN convolution that
   * PyTorch's CPU engine uses: on CPUs with AVX-512 oneDNN stores the weights in 16-channel blocks,
   * and when the number of output channels is not a multiple of 16 the padding lanes of the weight
   * copy it makes for the backward pass by data are not reliably zeroed. Whatever the recycled
   * memory held there (sometimes NaN or infinite bit patterns) ends up in the gradient of {@code x},
   * which is then intermittently NaN (the forward pass and the weight gradient are not affected).
   * So when that input gradient will be computed ({@code inputGradient}: gradient recording is on
   * and autograd needs the gradient of {@code x}), the weight is extended with zero filters to a
   * multiple of {@link #OUTPUT_CHANNEL_BLOCK} output channels and the extra (zero) output channels
   * are dropped: the result and every gradient are the same as without the extension. Otherwise
   * (inference, batch-norm recalibration, the first block, whose input is data) the convolution
   * runs as it is.
   */
  static NDArray convolve(NDArray x, NDArray weight, int stride, int padding, boolean inputGradient) {
    Shape shape = weight.getShape();
    long outChannels = shape.get(0);
    long padded = (outChannels + OUTPUT_CHANNEL_BLOCK - 1) / OUTPUT_CHANNEL_BLOCK * OUTPUT_CHANNEL_BLOCK;
    Shape strides = new Shape(stride, stride);
    Shape paddings = new Shape(padding, padding);
    if (padded == outChannels || !inputGradient) {
      return Conv2d.conv2d(x, weight, null, strides, paddings).singletonOrThrow();
    }
    NDArray zeros = x.getManager().zeros(new Shape(padded - outChannels, shape.get(1), shape.get(2), shape.get(3)),
        weight.getDataType());
    NDArray y = Conv2d.conv2d(x, weight.concat(zeros, 0), null, strides, paddings).singletonOrThrow();
    return y.get(new NDIndex(":, :{}", outChannels));
  }

  @Override
  public boolean isInitialized() {
    return true;
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    throw new UnsupportedOperationException(
        "Cannot compute output shapes of choice block " + index + ": they depend on the genome; use SearchSpace.plan");
  }
}
