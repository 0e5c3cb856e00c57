package org.tnas.pipelines.face;

/**
 * Per-clip counts of face standardisation. Immutable.
 *
 * @param frames source frames read
 * @param detected frames in which the cascade found a face
 * @param tracked frames without a detection aligned from the previous frame's landmarks
 * @param aligned frames emitted (detected or tracked, with plausible landmarks)
 * @param dropped frames not emitted (no face and nothing to track, or implausible landmarks)
 */
public record FaceStatistics(long frames, long detected, long tracked, long aligned, long dropped) {
  /** Fraction of frames emitted aligned (0 for no frame). */
  public double alignedFraction() {
    return frames == 0 ? 0 : (double) aligned / frames;
  }

  /** Fraction of frames where the detector itself found the face. */
  public double detectedFraction() {
    return frames == 0 ? 0 : (double) detected / frames;
  }
}
