package org.tnas.search.ttfs;

/**
 * One weight layer of a mapped TTFS network (hidden spiking layer, or the non-spiking output
 * layer), with its weights transposed for event-driven processing: for a convolution {@code
 * [inChannel][kernelRow][kernelColumn][outChannel]}, for a dense layer {@code [in][out]}. The
 * potentials are kept in (row, column, channel) order. Internal and immutable after construction.
 */
final class SpikingLayer {
  final boolean convolution;
  final boolean output;
  final int inChannels;
  final int inHeight;
  final int inWidth;
  final int outChannels;
  final int outHeight;
  final int outWidth;
  final int kernel;
  final int stride;
  final int padding;
  final double[] weights;
  final double[] bias;
  /** Max-pools applied to this layer's spike times, each {@code {size, stride}}. */
  final int[][] pools;
  final double maxActivation;
  final double tMin;
  final double tMax;

  SpikingLayer(boolean convolution, boolean output, int inChannels, int inHeight, int inWidth, int outChannels,
      int outHeight, int outWidth, int kernel, int stride, int padding, double[] weights, double[] bias, int[][] pools,
      double maxActivation, double tMin, double tMax) {
    this.convolution = convolution;
    this.output = output;
    this.inChannels = inChannels;
    this.inHeight = inHeight;
    this.inWidth = inWidth;
    this.outChannels = outChannels;
    this.outHeight = outHeight;
    this.outWidth = outWidth;
    this.kernel = kernel;
    this.stride = stride;
    this.padding = padding;
    this.weights = weights;
    this.bias = bias;
    this.pools = pools;
    this.maxActivation = maxActivation;
    this.tMin = tMin;
    this.tMax = tMax;
  }

  int inputSize() {
    return inChannels * inHeight * inWidth;
  }

  int neuronCount() {
    return outChannels * outHeight * outWidth;
  }

  SpikingLayer withWeights(double[] newWeights) {
    return new SpikingLayer(convolution, output, inChannels, inHeight, inWidth, outChannels, outHeight, outWidth, kernel,
        stride, padding, newWeights, bias, pools, maxActivation, tMin, tMax);
  }

  SpikingLayer withWindow(double newTMin, double newTMax) {
    return new SpikingLayer(convolution, output, inChannels, inHeight, inWidth, outChannels, outHeight, outWidth, kernel,
        stride, padding, weights, bias, pools, maxActivation, newTMin, newTMax);
  }

  /** Output size after the pools, as {@code {height, width}}. */
  int[] pooledSize() {
    int h = outHeight;
    int w = outWidth;
    for (int[] pool : pools) {
      h = (h - pool[0]) / pool[1] + 1;
      w = (w - pool[0]) / pool[1] + 1;
    }
    return new int[] {h, w};
  }
}
