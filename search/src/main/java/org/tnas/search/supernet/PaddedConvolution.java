package org.tnas.search.supernet;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;

/**
 * A bias-free {@code conv2d} that works around a defect of the oneDNN convolution inside PyTorch's
 * CPU engine (oneDNN 3.7.1, PyTorch 2.7.1): on CPUs with AVX-512 oneDNN stores the weights in
 * 16-channel blocks, and when the number of output channels is not a multiple of 16 the padding
 * lanes of the weight copy it makes for the backward pass by data are not reliably zeroed. Whatever
 * the recycled memory held there (sometimes NaN or infinite bit patterns) ends up in the gradient
 * of the convolution's input, which is then intermittently NaN or wrong (the forward pass and the
 * weight gradient are not affected). The portable numerics pin ({@code ONEDNN_MAX_CPU_ISA=SSE41},
 * {@link NumericsEnvironment}) avoids the kernel; this class makes the
 * {@code native} mode safe too.
 *
 * <p>When the input gradient will be computed ({@code inputGradient}: gradient recording is on and
 * autograd needs the gradient of {@code x}) the weight is extended with zero filters to a multiple
 * of {@link #OUTPUT_CHANNEL_BLOCK} output channels and the extra (zero) output channels are dropped:
 * the result and every gradient are the same as without the extension. Otherwise (inference, a
 * convolution whose input is data) it runs as it is. Used by the supernet's choice blocks and by
 * the Spiking-FER models. Stateless.
 */
public final class PaddedConvolution {
  /** The output-channel block of oneDNN's AVX-512 convolution kernels. */
  public static final int OUTPUT_CHANNEL_BLOCK = 16;

  private PaddedConvolution() {}

  /**
   * {@code conv2d(x, weight)} without bias, with square stride and padding.
   *
   * @param inputGradient whether autograd will compute the gradient of {@code x}
   */
  public static NDArray conv2d(NDArray x, NDArray weight, int stride, int padding, boolean inputGradient) {
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
}
