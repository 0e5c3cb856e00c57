package org.tnas.udfs.core;

import org.tnas.formats.events.EventBatch;
import org.tnas.formats.events.SensorGeometry;

/**
 * Turns one sample's events into the flat input tensor of a network, of shape {@code (channels(),
 * height(), width())} in row-major order. Implementations are immutable, serialisable (safe to ship
 * to Spark executors) and thread safe; {@link #encode} is a pure function that never modifies its
 * input.
 */
public interface Representation extends java.io.Serializable {
  /**
   * Encodes one sample.
   *
   * @return a new array of {@code channels() * height() * width()} values
   * @throws org.tnas.formats.errors.ProjectException if an event is invalid ({@link EventChecks})
   */
  float[] encode(EventBatch events, SensorGeometry geometry);

  /** Number of channels of the encoded tensor. */
  int channels();

  /** Height of the encoded tensor. */
  int height();

  /** Width of the encoded tensor. */
  int width();

  /** {@code {channels(), height(), width()}}. */
  default int[] shape() {
    return new int[] {channels(), height(), width()};
  }
}
