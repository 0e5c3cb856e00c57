package org.tnas.search.space;

import java.io.Serializable;

/**
 * The concrete shapes of one active block of a subnet:
 * {@code conv(kernel, stride, padding = kernel / 2, no bias) -> batch norm(outChannels) -> ReLU
 * [-> max-pool 2x2 stride 2]}. The convolution has no bias because the batch norm that follows
 * has its own shift (beta); after batch-norm fusion the fused convolution gets a bias.
 *
 * @param index block index, 0-based
 * @param convolutionHeight height after the convolution (before any max-pool)
 * @param outputHeight height after the optional max-pool (input of the next block)
 */
public record BlockPlan(
    int index,
    int inChannels,
    int outChannels,
    int kernel,
    int stride,
    int padding,
    int inHeight,
    int inWidth,
    int convolutionHeight,
    int convolutionWidth,
    boolean maxPool,
    int outputHeight,
    int outputWidth)
    implements Serializable {

  /**
   * Trainable parameters: convolution weights {@code k*k*in*out} (no bias) plus batch-norm gamma
   * and beta ({@code 2*out}). Running mean and variance are buffers, not parameters.
   */
  public long parameters() {
    return (long) kernel * kernel * inChannels * outChannels + 2L * outChannels;
  }

  /** Multiply-accumulates of the convolution: {@code k*k*in*out*convH*convW}. */
  public long macs() {
    return (long) kernel * kernel * inChannels * outChannels * convolutionHeight * convolutionWidth;
  }
}
