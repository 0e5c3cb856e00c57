package org.tnas.search.net;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.tnas.formats.errors.ProjectException;
import org.tnas.search.space.SearchErrorCode;

/**
 * The pure-Java reference forward pass of a {@link NetworkWeights} network, in double precision
 * (weights are widened from float once). It is the ground truth the TTFS simulator is compared
 * with, and a DJL-free way to score a network.
 *
 * <p>Immutable after construction and thread-safe: every call allocates its own buffers.
 */
public final class ReluNetwork {
  private final NetworkWeights network;
  private final List<TensorShape> shapes;
  private final double[][] weights;
  private final double[][] biases;

  /** Prepares the forward pass of {@code network}. */
  public ReluNetwork(NetworkWeights network) {
    this.network = Objects.requireNonNull(network, "network is null");
    this.shapes = network.outputShapes();
    int count = network.layers().size();
    weights = new double[count][];
    biases = new double[count][];
    for (int i = 0; i < count; i++) {
      Layer layer = network.layers().get(i);
      if (layer instanceof ConvLayer c) {
        weights[i] = widen(c.weights());
        biases[i] = widen(c.bias());
      } else if (layer instanceof LinearLayer l) {
        weights[i] = widen(l.weights());
        biases[i] = widen(l.bias());
      } else if (layer instanceof BatchNormLayer b) {
        weights[i] = b.scale();
        biases[i] = b.shift();
      }
    }
  }

  /** The network this pass runs. */
  public NetworkWeights network() {
    return network;
  }

  /**
   * The logits for one input of {@link NetworkWeights#inputShape()} (CHW row-major).
   *
   * @throws ProjectException {@link SearchErrorCode#SHAPE_MISMATCH} when the input length differs
   */
  public double[] forward(float[] input) {
    double[] x = checkedInput(input);
    for (int i = 0; i < weights.length; i++) {
      x = apply(i, x);
    }
    return x;
  }

  /**
   * The output of every layer for one input, index-aligned with {@link NetworkWeights#layers()}
   * (the last entry is the logits).
   */
  public List<double[]> activations(float[] input) {
    double[] x = checkedInput(input);
    List<double[]> outputs = new ArrayList<>(weights.length);
    for (int i = 0; i < weights.length; i++) {
      x = apply(i, x);
      outputs.add(x);
    }
    return outputs;
  }

  /** Index of the largest logit (the first one on ties). */
  public static int argmax(double[] logits) {
    int best = 0;
    for (int i = 1; i < logits.length; i++) {
      if (logits[i] > logits[best]) {
        best = i;
      }
    }
    return best;
  }

  private double[] checkedInput(float[] input) {
    Objects.requireNonNull(input, "input is null");
    int expected = network.inputShape().size();
    if (input.length != expected) {
      throw new ProjectException(SearchErrorCode.SHAPE_MISMATCH,
          "Invalid input length: " + input.length + ", expected " + expected + " for shape " + network.inputShape());
    }
    return widen(input);
  }

  private TensorShape inputShapeOf(int layer) {
    return layer == 0 ? network.inputShape() : shapes.get(layer - 1);
  }

  private double[] apply(int index, double[] x) {
    Layer layer = network.layers().get(index);
    TensorShape in = inputShapeOf(index);
    TensorShape out = shapes.get(index);
    if (layer instanceof ConvLayer c) {
      return convolve(c, weights[index], biases[index], x, in, out);
    } else if (layer instanceof LinearLayer l) {
      double[] w = weights[index];
      double[] y = new double[l.outFeatures()];
      for (int o = 0; o < y.length; o++) {
        double sum = biases[index][o];
        int base = o * l.inFeatures();
        for (int i = 0; i < l.inFeatures(); i++) {
          sum += w[base + i] * x[i];
        }
        y[o] = sum;
      }
      return y;
    } else if (layer instanceof BatchNormLayer) {
      double[] y = new double[x.length];
      int plane = in.height() * in.width();
      for (int i = 0; i < x.length; i++) {
        int channel = i / plane;
        y[i] = x[i] * weights[index][channel] + biases[index][channel];
      }
      return y;
    } else if (layer instanceof ReluLayer) {
      double[] y = new double[x.length];
      for (int i = 0; i < x.length; i++) {
        y[i] = x[i] > 0 ? x[i] : 0;
      }
      return y;
    } else if (layer instanceof MaxPoolLayer m) {
      double[] y = new double[out.size()];
      for (int c = 0; c < out.channels(); c++) {
        for (int oy = 0; oy < out.height(); oy++) {
          for (int ox = 0; ox < out.width(); ox++) {
            double best = Double.NEGATIVE_INFINITY;
            for (int dy = 0; dy < m.size(); dy++) {
              for (int dx = 0; dx < m.size(); dx++) {
                int iy = oy * m.stride() + dy;
                int ix = ox * m.stride() + dx;
                best = Math.max(best, x[(c * in.height() + iy) * in.width() + ix]);
              }
            }
            y[(c * out.height() + oy) * out.width() + ox] = best;
          }
        }
      }
      return y;
    } else if (layer instanceof GlobalAveragePoolLayer) {
      double[] y = new double[in.channels()];
      int plane = in.height() * in.width();
      for (int c = 0; c < y.length; c++) {
        double sum = 0;
        for (int p = 0; p < plane; p++) {
          sum += x[c * plane + p];
        }
        y[c] = sum / plane;
      }
      return y;
    } else if (layer instanceof FlattenLayer) {
      return x;
    }
    throw new IllegalStateException("Cannot run layer: " + layer);
  }

  private static double[] convolve(ConvLayer c, double[] w, double[] b, double[] x, TensorShape in, TensorShape out) {
    int k = c.kernel();
    int s = c.stride();
    int p = c.padding();
    int inH = in.height();
    int inW = in.width();
    int outH = out.height();
    int outW = out.width();
    double[] y = new double[out.size()];
    for (int o = 0; o < c.outChannels(); o++) {
      int outBase = o * outH * outW;
      for (int i = 0; i < outH * outW; i++) {
        y[outBase + i] = b[o];
      }
      for (int ci = 0; ci < c.inChannels(); ci++) {
        int inBase = ci * inH * inW;
        for (int ky = 0; ky < k; ky++) {
          for (int kx = 0; kx < k; kx++) {
            double weight = w[((o * c.inChannels() + ci) * k + ky) * k + kx];
            // valid output columns: 0 <= ox*s - p + kx < inW
            int oxStart = Math.max(0, ceilDiv(p - kx, s));
            int oxEnd = Math.min(outW, ceilDiv(inW + p - kx, s));
            for (int oy = 0; oy < outH; oy++) {
              int iy = oy * s - p + ky;
              if (iy < 0 || iy >= inH) {
                continue;
              }
              int rowIn = inBase + iy * inW - p + kx;
              int rowOut = outBase + oy * outW;
              for (int ox = oxStart; ox < oxEnd; ox++) {
                y[rowOut + ox] += weight * x[rowIn + ox * s];
              }
            }
          }
        }
      }
    }
    return y;
  }

  private static int ceilDiv(int a, int b) {
    return -Math.floorDiv(-a, b);
  }

  private static double[] widen(float[] values) {
    double[] result = new double[values.length];
    for (int i = 0; i < values.length; i++) {
      result[i] = values[i];
    }
    return result;
  }
}
