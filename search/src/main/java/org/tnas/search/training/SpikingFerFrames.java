package org.tnas.search.training;

import java.util.Arrays;
import org.tnas.formats.events.EventBatch;
import org.tnas.formats.events.SensorGeometry;
import org.tnas.udfs.core.FrameMode;
import org.tnas.udfs.core.Frames;
import org.tnas.udfs.core.PixelRegion;
import org.tnas.udfs.core.Representation;
import org.tnas.udfs.core.Slicing;

/**
 * Spiking-FER's input representation ("CustomToFrame", section 2 of SPIKING_FER.md): with N
 * events, when {@code N / eventCount >= T} the sample is cut into {@code n = N / eventCount} slices
 * of {@code eventCount} consecutive events (Tonic's ToFrame with event_count, incomplete slices
 * dropped) and the T central ones are kept (from slice {@code (n - T) / 2}); otherwise the events
 * are cut into T event bins. Frames are binary (1 where a slice has at least one event of that
 * polarity at that pixel), rescaled from the sensor to {@code size x size}, and stacked as {@code 2T}
 * channels, channel {@code 2t + p}.
 *
 * <p>Built on the kernels of {@code udfs.core}: the T central count slices are exactly T event bins
 * of the events {@code [start * eventCount, (start + T) * eventCount)}, so both cases are {@link
 * Slicing.ByEventBins} over a range of the events and {@link Frames#toFrames}. Deliberate
 * differences: (1) in the event-bin case Tonic's SliceByEventBins drops the last {@code N mod T}
 * events; here every event is kept (see {@link Slicing.ByEventBins}); (2) the spatial rescale to
 * {@code size} sums (ORs, for binary frames) the sensor pixels that map to a frame pixel where
 * torchvision's NEAREST resize samples one of them. Immutable, serialisable, thread safe.
 *
 * @param timeSteps T (paper 6)
 * @param eventCount events per slice (paper 2500)
 * @param size output height = width (paper 128)
 */
public record SpikingFerFrames(int timeSteps, int eventCount, int size) implements Representation {
  private static final long serialVersionUID = 1L;

  public SpikingFerFrames {
    if (timeSteps < 1) {
      throw new IllegalArgumentException("Invalid time steps: " + timeSteps);
    }
    if (eventCount < 1) {
      throw new IllegalArgumentException("Invalid event count: " + eventCount);
    }
    if (size < 1) {
      throw new IllegalArgumentException("Invalid frame size: " + size);
    }
  }

  /** The paper's: T = 6, 2500 events per slice, 128x128. */
  public static SpikingFerFrames paper() {
    return new SpikingFerFrames(6, 2500, 128);
  }

  /** The event index range {@code {from, to}} that is framed for {@code n} events. */
  public int[] framedRange(int n) {
    int slices = n / eventCount;
    if (slices >= timeSteps) {
      int start = (slices - timeSteps) / 2;
      return new int[] {start * eventCount, (start + timeSteps) * eventCount};
    }
    return new int[] {0, n};
  }

  @Override
  public float[] encode(EventBatch events, SensorGeometry geometry) {
    int[] range = framedRange(events.size());
    EventBatch framed = events;
    if (range[0] != 0 || range[1] != events.size()) {
      framed = EventBatch.wrap(Arrays.copyOfRange(events.x(), range[0], range[1]), Arrays.copyOfRange(events.y(), range[0], range[1]),
          Arrays.copyOfRange(events.t(), range[0], range[1]), Arrays.copyOfRange(events.p(), range[0], range[1]),
          range[1] - range[0]);
    }
    return Frames.toFrames(framed, geometry, Slicing.byEventBins(timeSteps), FrameMode.BINARY, PixelRegion.of(geometry), size, size)
        .values();
  }

  @Override
  public int channels() {
    return 2 * timeSteps;
  }

  @Override
  public int height() {
    return size;
  }

  @Override
  public int width() {
    return size;
  }
}
