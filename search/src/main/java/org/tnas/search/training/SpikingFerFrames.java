package org.tnas.search.training;

import org.tnas.formats.events.EventBatch;
import org.tnas.formats.events.SensorGeometry;
import org.tnas.udfs.core.AugmentationPipeline;
import org.tnas.udfs.core.CropDomain;
import org.tnas.udfs.core.Frames;
import org.tnas.udfs.core.Representation;
import org.tnas.udfs.core.Slicing;
import org.tnas.udfs.core.SpikingFerInput;

/**
 * Spiking-FER's input representation ("CustomToFrame", section 2 of SPIKING_FER.md): with N
 * events, when {@code N / eventCount >= T} the sample is cut into {@code n = N / eventCount} slices
 * of {@code eventCount} consecutive events (Tonic's ToFrame with event_count, incomplete slices
 * dropped) and the T central ones are kept (from slice {@code (n - T) / 2}); otherwise the events
 * are cut into T event bins. Frames are binary (1 where a slice has at least one event of that
 * polarity at that pixel), rescaled from the sensor to {@code size x size}, and stacked as {@code 2T}
 * channels, channel {@code 2t + p}.
 *
 * <p>The binning is {@link SpikingFerInput#frames} of {@code udfs.core}: the T central count slices are exactly T event bins
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
    SpikingFerInput.requireBinning(timeSteps, eventCount, size);
  }

  /** The paper's: T = 6, 2500 events per slice, 128x128. */
  public static SpikingFerFrames paper() {
    return new SpikingFerFrames(6, 2500, 128);
  }

  /** The event index range {@code {from, to}} that is framed for {@code n} events. */
  public int[] framedRange(int n) {
    return SpikingFerInput.framedRange(n, timeSteps, eventCount);
  }

  @Override
  public float[] encode(EventBatch events, SensorGeometry geometry) {
    return SpikingFerInput.frames(events, geometry, timeSteps, eventCount, size, size);
  }

  /**
   * The input path of a training sample: {@code augmentation} with Crop and Mirror in {@code domain},
   * then this binning; without augmentation it encodes as {@link #encode}.
   */
  public SpikingFerInput input(AugmentationPipeline augmentation, CropDomain domain) {
    return new SpikingFerInput(augmentation, timeSteps, eventCount, size, domain);
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
