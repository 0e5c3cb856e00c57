package org.tnas.udfs.core;

import java.util.Objects;
import org.tnas.formats.events.EventBatch;
import org.tnas.formats.events.SensorGeometry;

/**
 * A representation followed by TTFS input coding: one spike time in [0, 1] per input neuron,
 * {@code t = 1 - x} of the normalised value (see {@link TtfsInputCoding}). Same shape as the
 * wrapped representation. Immutable, serialisable, thread safe.
 */
public record TtfsRepresentation(Representation values, TtfsInputCoding coding) implements Representation {
  public TtfsRepresentation {
    Objects.requireNonNull(values, "values is null");
    Objects.requireNonNull(coding, "coding is null");
  }

  @Override
  public float[] encode(EventBatch events, SensorGeometry geometry) {
    return coding.spikeTimes(values.encode(events, geometry));
  }

  @Override
  public int channels() {
    return values.channels();
  }

  @Override
  public int height() {
    return values.height();
  }

  @Override
  public int width() {
    return values.width();
  }
}
