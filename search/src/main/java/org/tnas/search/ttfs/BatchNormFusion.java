package org.tnas.search.ttfs;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.tnas.formats.errors.ProjectException;
import org.tnas.search.net.BatchNormLayer;
import org.tnas.search.net.ConvLayer;
import org.tnas.search.net.FlattenLayer;
import org.tnas.search.net.GlobalAveragePoolLayer;
import org.tnas.search.net.Layer;
import org.tnas.search.net.LinearLayer;
import org.tnas.search.net.MaxPoolLayer;
import org.tnas.search.net.NetworkWeights;
import org.tnas.search.net.ReluLayer;
import org.tnas.search.net.TensorShape;
import org.tnas.search.space.SearchErrorCode;

/**
 * Removes every batch-norm layer of a network by folding it into a convolution or linear layer
 * (TTFS.md section 1), computing in double precision and rounding the fused weights to float once.
 * With {@code k = gamma / sqrt(var + eps)} and {@code shift = beta - mean * k} per channel:
 *
 * <ul>
 *   <li><b>Case 1, BN directly after a conv/linear layer</b> (before the ReLU, as in the search
 *       space's blocks): it folds into that layer, {@code W'[o] = k[o] W[o]}, {@code b'[o] = k[o]
 *       b[o] + shift[o]}. Exact.
 *   <li><b>Case 2, BN elsewhere</b> (after a ReLU, on the input, after pooling): it folds into the
 *       next conv/linear layer, {@code W'[o][i] = W[o][i] k[c(i)]}, {@code b'[o] = b[o] + sum_i
 *       W[o][i] shift[c(i)]}, where {@code c(i)} is the channel of input feature {@code i}. The
 *       affine map is carried through flatten and global average pooling (both preserve channels)
 *       and through max-pooling when every {@code k > 0} (max commutes with increasing affine
 *       maps). A padded convolution only accepts it when every shift is 0, because zero padding
 *       of the normalised map is not the image of zero padding of the raw map; a ReLU between the
 *       BN and the next weight layer cannot be crossed. Those cases fail with {@link
 *       SearchErrorCode#MAPPING_FAILED} ("Cannot fuse batch norm: ...").
 * </ul>
 *
 * <p>Stateless and thread-safe.
 */
public final class BatchNormFusion {
  private BatchNormFusion() {}

  /** Whether {@code network} contains no batch-norm layer. */
  public static boolean isFused(NetworkWeights network) {
    return network.layers().stream().noneMatch(layer -> layer instanceof BatchNormLayer);
  }

  /** A network computing the same function with every batch-norm layer folded away. */
  public static NetworkWeights fuse(NetworkWeights network) {
    Objects.requireNonNull(network, "network is null");
    List<Layer> layers = network.layers();
    List<TensorShape> shapes = network.outputShapes();
    List<Layer> result = new ArrayList<>();
    // pending case-2 affine map per channel, and the number of consecutive features per channel
    double[] pendingScale = null;
    double[] pendingShift = null;
    int plane = 1;
    for (int i = 0; i < layers.size(); i++) {
      Layer layer = layers.get(i);
      TensorShape in = i == 0 ? network.inputShape() : shapes.get(i - 1);
      if (layer instanceof BatchNormLayer bn) {
        double[] k = bn.scale();
        double[] s = bn.shift();
        Layer previous = result.isEmpty() ? null : result.get(result.size() - 1);
        if (pendingScale == null && previous instanceof ConvLayer conv) {
          result.set(result.size() - 1, scaleOutputs(conv, k, s));
        } else if (pendingScale == null && previous instanceof LinearLayer linear) {
          result.set(result.size() - 1, scaleOutputs(linear, k, s));
        } else if (pendingScale == null) {
          pendingScale = k;
          pendingShift = s;
          plane = in.flat() ? 1 : in.height() * in.width();
        } else {
          if (k.length != pendingScale.length || (in.flat() && plane != 1)) {
            throw cannot(i, "two batch norms with different channel layouts");
          }
          for (int c = 0; c < k.length; c++) {
            pendingShift[c] = pendingShift[c] * k[c] + s[c];
            pendingScale[c] = pendingScale[c] * k[c];
          }
        }
      } else if (pendingScale == null) {
        result.add(layer);
      } else if (layer instanceof ConvLayer conv) {
        result.add(foldInputs(conv, pendingScale, pendingShift, i));
        pendingScale = null;
        pendingShift = null;
      } else if (layer instanceof LinearLayer linear) {
        result.add(foldInputs(linear, pendingScale, pendingShift, plane));
        pendingScale = null;
        pendingShift = null;
      } else if (layer instanceof GlobalAveragePoolLayer) {
        result.add(layer);
        plane = 1;
      } else if (layer instanceof FlattenLayer) {
        result.add(layer);
      } else if (layer instanceof MaxPoolLayer) {
        for (double k : pendingScale) {
          if (!(k > 0)) {
            throw cannot(i, "a batch norm with a non-positive scale " + k + " before a max-pool");
          }
        }
        result.add(layer);
        plane = shapes.get(i).height() * shapes.get(i).width();
      } else if (layer instanceof ReluLayer) {
        throw cannot(i, "a batch norm after a ReLU is followed by another ReLU before any conv/linear layer");
      } else {
        throw cannot(i, "unsupported layer " + layer.describe());
      }
    }
    return new NetworkWeights(network.inputChannels(), network.inputHeight(), network.inputWidth(), result);
  }

  private static ProjectException cannot(int index, String reason) {
    return new ProjectException(SearchErrorCode.MAPPING_FAILED, "Cannot fuse batch norm: layer " + index + ": " + reason);
  }

  private static ConvLayer scaleOutputs(ConvLayer conv, double[] k, double[] s) {
    float[] w = conv.weights();
    float[] b = conv.bias();
    int per = w.length / conv.outChannels();
    for (int o = 0; o < conv.outChannels(); o++) {
      for (int j = 0; j < per; j++) {
        w[o * per + j] = (float) (w[o * per + j] * k[o]);
      }
      b[o] = (float) (b[o] * k[o] + s[o]);
    }
    return new ConvLayer(conv.inChannels(), conv.outChannels(), conv.kernel(), conv.stride(), conv.padding(), w, b);
  }

  private static LinearLayer scaleOutputs(LinearLayer linear, double[] k, double[] s) {
    float[] w = linear.weights();
    float[] b = linear.bias();
    for (int o = 0; o < linear.outFeatures(); o++) {
      for (int j = 0; j < linear.inFeatures(); j++) {
        w[o * linear.inFeatures() + j] = (float) (w[o * linear.inFeatures() + j] * k[o]);
      }
      b[o] = (float) (b[o] * k[o] + s[o]);
    }
    return new LinearLayer(linear.inFeatures(), linear.outFeatures(), w, b);
  }

  private static ConvLayer foldInputs(ConvLayer conv, double[] k, double[] s, int index) {
    if (conv.padding() > 0) {
      for (double shift : s) {
        if (shift != 0) {
          throw cannot(index, "a batch norm with a non-zero shift before the padded " + conv.describe());
        }
      }
    }
    float[] w = conv.weights();
    float[] b = conv.bias();
    int kk = conv.kernel() * conv.kernel();
    for (int o = 0; o < conv.outChannels(); o++) {
      double bias = b[o];
      for (int c = 0; c < conv.inChannels(); c++) {
        for (int j = 0; j < kk; j++) {
          int at = (o * conv.inChannels() + c) * kk + j;
          bias += w[at] * s[c];
          w[at] = (float) (w[at] * k[c]);
        }
      }
      b[o] = (float) bias;
    }
    return new ConvLayer(conv.inChannels(), conv.outChannels(), conv.kernel(), conv.stride(), conv.padding(), w, b);
  }

  private static LinearLayer foldInputs(LinearLayer linear, double[] k, double[] s, int plane) {
    float[] w = linear.weights();
    float[] b = linear.bias();
    int in = linear.inFeatures();
    for (int o = 0; o < linear.outFeatures(); o++) {
      double bias = b[o];
      for (int j = 0; j < in; j++) {
        int c = j / plane;
        bias += w[o * in + j] * s[c];
        w[o * in + j] = (float) (w[o * in + j] * k[c]);
      }
      b[o] = (float) bias;
    }
    return new LinearLayer(linear.inFeatures(), linear.outFeatures(), w, b);
  }
}
