package org.tnas.pipelines.face;

import java.util.Arrays;
import java.util.Objects;

/**
 * The 68 facial landmarks of dlib's (iBUG 300-W) scheme in image pixel coordinates, unrounded:
 * 0-16 jaw, 17-21 the subject's right brow, 22-26 left brow, 27-35 nose, 36-41 the subject's right
 * eye, 42-47 left eye, 48-67 mouth. The subject's right eye appears on the LEFT of an unmirrored
 * image. Immutable (the coordinate array is copied in and out).
 */
public record FaceLandmarks(float[] coordinates) {
  /** Number of points of the 68-landmark scheme. */
  public static final int COUNT = 68;

  public FaceLandmarks {
    Objects.requireNonNull(coordinates, "coordinates is null");
    if (coordinates.length != 2 * COUNT) {
      throw new IllegalArgumentException("Invalid landmark coordinates: " + coordinates.length + " values, expected "
          + 2 * COUNT);
    }
    coordinates = coordinates.clone();
  }

  @Override
  public float[] coordinates() {
    return coordinates.clone();
  }

  public float x(int index) {
    return coordinates[2 * index];
  }

  public float y(int index) {
    return coordinates[2 * index + 1];
  }

  /** Centre of the subject's right eye (landmarks 36-41; on the image's left), as {x, y}. */
  public double[] rightEyeCentre() {
    return mean(36, 41);
  }

  /** Centre of the subject's left eye (landmarks 42-47; on the image's right), as {x, y}. */
  public double[] leftEyeCentre() {
    return mean(42, 47);
  }

  /** Distance between the two eye centres in pixels. */
  public double interocularDistance() {
    double[] right = rightEyeCentre();
    double[] left = leftEyeCentre();
    return Math.hypot(left[0] - right[0], left[1] - right[1]);
  }

  /** Mean of landmarks {@code first..last} (inclusive), as {x, y}. */
  public double[] mean(int first, int last) {
    double x = 0;
    double y = 0;
    for (int i = first; i <= last; i++) {
      x += x(i);
      y += y(i);
    }
    int count = last - first + 1;
    return new double[] {x / count, y / count};
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof FaceLandmarks landmarks && Arrays.equals(coordinates, landmarks.coordinates);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(coordinates);
  }

  @Override
  public String toString() {
    return "FaceLandmarks" + Arrays.toString(coordinates);
  }
}
