package org.tnas.search.supernet;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.pooling.Pool;
import java.util.ArrayList;
import java.util.List;
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
import org.tnas.search.training.GradientRecording;

/**
 * DJL's plain inference forward pass of a {@link NetworkWeights} network: dense weight arrays with
 * exactly the subnet's shapes (no slicing, no choice logic), one PyTorch op per layer. It is the
 * baseline the benchmark compares the supernet path, the pure-Java pass and the TTFS simulator
 * with, and a DJL-side check of an exported network.
 *
 * <p>Owns its weight arrays (closed by {@link #close}); each {@link #forward} call runs in its own
 * sub-manager. Not thread-safe.
 */
public final class PlainDjlNetwork implements AutoCloseable {
  private final NetworkWeights network;
  private final NDManager manager;
  private final List<NDArray[]> arrays = new ArrayList<>();

  /** Copies the weights of {@code network} into a sub-manager of {@code parent}. */
  public PlainDjlNetwork(NetworkWeights network, NDManager parent) {
    this.network = Objects.requireNonNull(network, "network is null");
    this.manager = Objects.requireNonNull(parent, "parent is null").newSubManager();
    for (Layer layer : network.layers()) {
      if (layer instanceof ConvLayer c) {
        arrays.add(new NDArray[] {
          manager.create(c.weights(), new Shape(c.outChannels(), c.inChannels(), c.kernel(), c.kernel())),
          manager.create(c.bias())});
      } else if (layer instanceof BatchNormLayer b) {
        arrays.add(new NDArray[] {manager.create(b.gamma()), manager.create(b.beta()), manager.create(b.runningMean()),
          manager.create(b.runningVariance())});
      } else if (layer instanceof LinearLayer l) {
        arrays.add(new NDArray[] {manager.create(l.weights(), new Shape(l.outFeatures(), l.inFeatures())),
          manager.create(l.bias())});
      } else {
        arrays.add(null);
      }
    }
  }

  /** The network. */
  public NetworkWeights network() {
    return network;
  }

  /**
   * The logits of {@code count} inputs stored one after the other in {@code inputs} (CHW each),
   * as {@code count x classes} values, row-major.
   */
  public float[] forward(float[] inputs, int count) {
    Objects.requireNonNull(inputs, "inputs is null");
    int size = network.inputShape().size();
    if (count < 1 || inputs.length < (long) count * size) {
      throw new IllegalArgumentException("Invalid inputs: " + inputs.length + " values for " + count + " samples of "
          + network.inputShape());
    }
    GradientRecording.stop();
    try (NDManager scope = manager.newSubManager()) {
      float[] values = inputs.length == count * size ? inputs : java.util.Arrays.copyOf(inputs, count * size);
      NDArray x = scope.create(values, new Shape(count, network.inputChannels(), network.inputHeight(),
          network.inputWidth()));
      for (int i = 0; i < network.layers().size(); i++) {
        x = apply(network.layers().get(i), arrays.get(i), x, scope);
      }
      return x.toFloatArray();
    }
  }

  private static NDArray apply(Layer layer, NDArray[] weights, NDArray x, NDManager scope) {
    if (weights != null) {
      for (NDArray array : weights) {
        if (array.getManager() != scope) {
          array.tempAttach(scope);
        }
      }
    }
    if (layer instanceof ConvLayer c) {
      NDList out = Conv2d.conv2d(x, weights[0], weights[1], new Shape(c.stride(), c.stride()),
          new Shape(c.padding(), c.padding()));
      return out.singletonOrThrow();
    } else if (layer instanceof BatchNormLayer b) {
      return BatchNorm.batchNorm(x, weights[2], weights[3], weights[0], weights[1], 1, 0.9f, (float) b.epsilon(),
          false).singletonOrThrow();
    } else if (layer instanceof ReluLayer) {
      return Activation.relu(x);
    } else if (layer instanceof MaxPoolLayer m) {
      return Pool.maxPool2d(x, new Shape(m.size(), m.size()), new Shape(m.stride(), m.stride()), new Shape(0, 0),
          false);
    } else if (layer instanceof GlobalAveragePoolLayer) {
      return Pool.globalAvgPool2d(x).reshape(x.getShape().get(0), x.getShape().get(1));
    } else if (layer instanceof FlattenLayer) {
      return x.reshape(x.getShape().get(0), -1);
    } else if (layer instanceof LinearLayer) {
      return Linear.linear(x, weights[0], weights[1]).singletonOrThrow();
    }
    throw new IllegalStateException("Cannot run layer: " + layer.describe());
  }

  @Override
  public void close() {
    manager.close();
  }
}
