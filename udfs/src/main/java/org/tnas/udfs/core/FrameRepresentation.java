package org.tnas.udfs.core;

import java.util.Objects;
import org.tnas.formats.events.EventBatch;
import org.tnas.formats.events.SensorGeometry;

/**
 * Event frames stacked as channels: a fixed number of slices ({@link Slicing.ByTimeBins} or {@link
 * Slicing.ByEventBins}), two polarity channels each, giving {@code 2 * T} channels of {@code height x
 * width}, channel {@code 2 * slice + polarity} (the Spiking-FER layout: {@code (T, P, H, W)}
 * reshaped to {@code (T * P, H, W)}). The events of {@code region} (null = the whole sensor) are
 * rescaled to {@code width x height} as described in {@link Frames#toFrames(EventBatch,
 * SensorGeometry, Slicing, FrameMode, PixelRegion, int, int)}.
 *
 * <p>Spiking-FER uses {@code FrameRepresentation.timeBins(6, FrameMode.BINARY, w, h)}. Immutable,
 * serialisable, thread safe.
 */
public record FrameRepresentation(Slicing slicing, FrameMode mode, int width, int height, PixelRegion region)
    implements Representation {

  public FrameRepresentation {
    Objects.requireNonNull(slicing, "slicing is null");
    Objects.requireNonNull(mode, "mode is null");
    if (slicing.fixedSliceCount() <= 0) {
      throw new IllegalArgumentException("Invalid slicing: " + slicing.spec() + " (a representation needs a fixed number of slices: time or event bins)");
    }
    if (width <= 0 || height <= 0) {
      throw new IllegalArgumentException("Invalid frame size: " + width + "x" + height);
    }
  }

  /** {@code timeBins} equal-duration binary or count frames of the whole sensor rescaled to {@code width x height}. */
  public static FrameRepresentation timeBins(int timeBins, FrameMode mode, int width, int height) {
    return new FrameRepresentation(Slicing.byTimeBins(timeBins), mode, width, height, null);
  }

  /** A copy reading only the events of {@code newRegion}. */
  public FrameRepresentation withRegion(PixelRegion newRegion) {
    return new FrameRepresentation(slicing, mode, width, height, newRegion);
  }

  /** Number of time slices T. */
  public int slices() {
    return slicing.fixedSliceCount();
  }

  @Override
  public float[] encode(EventBatch events, SensorGeometry geometry) {
    return frames(events, geometry).values();
  }

  /** The same encoding as a shaped tensor. */
  public FrameTensor frames(EventBatch events, SensorGeometry geometry) {
    Objects.requireNonNull(geometry, "geometry is null");
    PixelRegion area = region == null ? PixelRegion.of(geometry) : region;
    return Frames.toFrames(events, geometry, slicing, mode, area, width, height);
  }

  @Override
  public int channels() {
    return slices() * Frames.POLARITIES;
  }
}
