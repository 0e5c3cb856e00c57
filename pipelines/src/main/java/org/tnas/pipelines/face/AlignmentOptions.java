package org.tnas.pipelines.face;

/**
 * How a face is cut out of a frame (see {@link FaceAligner} for the rule). Immutable, serialisable
 * as a record of primitives.
 *
 * @param faceSize side of the aligned face in pixels (Spiking-FER: 200)
 * @param eyeDistanceFraction distance between the eye centres as a fraction of the face side
 * @param eyeRowFraction height of the eye line below the top as a fraction of the face side
 * @param eyeRegionSize side of the eye-region output in pixels (SEE: 90)
 * @param eyeMarginFraction margin added on each side of the eye+brow box, as a fraction of its larger side
 */
public record AlignmentOptions(int faceSize, double eyeDistanceFraction, double eyeRowFraction, int eyeRegionSize,
    double eyeMarginFraction) implements java.io.Serializable {
  /** Spiking-FER's 200x200 faces; 90x90 eye regions as SEE's input. */
  public static final AlignmentOptions DEFAULTS = new AlignmentOptions(200, 0.30, 0.40, 90, 0.25);

  public AlignmentOptions {
    if (faceSize < 8 || faceSize > 4096) {
      throw new IllegalArgumentException("Invalid face size: " + faceSize);
    }
    if (!(eyeDistanceFraction > 0.05 && eyeDistanceFraction < 0.9)) {
      throw new IllegalArgumentException("Invalid eye distance fraction: " + eyeDistanceFraction);
    }
    if (!(eyeRowFraction > 0.05 && eyeRowFraction < 0.95)) {
      throw new IllegalArgumentException("Invalid eye row fraction: " + eyeRowFraction);
    }
    if (eyeRegionSize < 8 || eyeRegionSize > 4096) {
      throw new IllegalArgumentException("Invalid eye region size: " + eyeRegionSize);
    }
    if (!(eyeMarginFraction >= 0 && eyeMarginFraction <= 2)) {
      throw new IllegalArgumentException("Invalid eye margin fraction: " + eyeMarginFraction);
    }
  }

  public AlignmentOptions withFaceSize(int size) {
    return new AlignmentOptions(size, eyeDistanceFraction, eyeRowFraction, eyeRegionSize, eyeMarginFraction);
  }

  public AlignmentOptions withEyeRegionSize(int size) {
    return new AlignmentOptions(faceSize, eyeDistanceFraction, eyeRowFraction, size, eyeMarginFraction);
  }
}
