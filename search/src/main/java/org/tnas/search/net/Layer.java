package org.tnas.search.net;

import java.io.Serializable;

/**
 * One layer of a trained feed-forward ReLU network, as handed from the DJL trainer to the TTFS
 * mapper. All implementations are immutable records (array components are copied in and out) and
 * serialisable.
 */
public sealed interface Layer extends Serializable
    permits ConvLayer, BatchNormLayer, ReluLayer, MaxPoolLayer, GlobalAveragePoolLayer, FlattenLayer, LinearLayer {

  /**
   * The output shape for the given input shape.
   *
   * @throws IllegalArgumentException with a message {@code "Invalid ...: ..."} when the input shape
   *     does not fit this layer
   */
  TensorShape outputShape(TensorShape input);

  /** A short human-readable description, e.g. {@code conv 3x3 2->8 stride 1 pad 1}. */
  String describe();
}
