package org.tnas.pipelines.convert;

import java.io.Serial;
import java.io.Serializable;
import java.util.Objects;
import org.tnas.pipelines.face.FaceStandardiser;
import org.tnas.pipelines.face.FaceStatistics;
import org.tnas.pipelines.video.FrameInterpolator;
import org.tnas.pipelines.video.FrameSource;

/**
 * The stages between decoded frames and the emulator, shared by {@code tnas convert} and {@code
 * tnas emulate}: optional face standardisation ({@link FaceStandardiser}), then optional temporal
 * upsampling ({@link FrameInterpolator}: {@code linear} by a fixed factor, or {@code flow} with
 * v2e's factor rule up to a maximum). Immutable and serialisable.
 *
 * @param face the standardiser's options, or null for none
 * @param upsampling the temporal upsampling
 */
public record FrameChain(FaceStandardiser.Options face, Upsampling upsampling) implements Serializable {
  @Serial private static final long serialVersionUID = 2L;

  /** No face standardisation, no upsampling. */
  public static final FrameChain NONE = new FrameChain(null, new Upsampling.None());

  public FrameChain {
    Objects.requireNonNull(upsampling, "upsampling is null");
    if (upsampling instanceof Upsampling.Auto) {
      throw new IllegalArgumentException("Invalid upsampling: auto (resolve it for the layout first)");
    }
  }

  /** The chain of a conversion's settings. */
  public static FrameChain of(ConvertSettings settings) {
    return new FrameChain(settings.faceMode().isPresent() ? settings.faceOptions() : null, settings.resolvedUpsampling());
  }

  /** The frames after the chain; closing it closes {@code source}. */
  public Opened open(FrameSource source) {
    Objects.requireNonNull(source, "source is null");
    FrameSource frames = source;
    FaceStandardiser standardiser = null;
    if (face != null) {
      standardiser = FaceStandardiser.withDebianModels(frames, face);
      frames = standardiser;
    }
    if (upsampling instanceof Upsampling.Flow flow) {
      frames = FrameInterpolator.opticalFlow(frames, flow.maxFactor(), flow.preset(), flow.resolution());
    } else if (upsampling instanceof Upsampling.Linear linear && linear.factor() > 1) {
      frames = FrameInterpolator.linear(frames, linear.factor());
    }
    return new Opened(frames, standardiser);
  }

  /** The chain's output and its face standardiser (null without standardisation). */
  public record Opened(FrameSource frames, FaceStandardiser standardiser) {
    /** The standardiser's counts so far, or null without standardisation. */
    public FaceStatistics faceStatistics() {
      return standardiser == null ? null : standardiser.statistics();
    }
  }
}
