package org.tnas.pipelines.face;

/**
 * An upright face box in image pixel coordinates, with dlib's rectangle convention: {@code (left,
 * top)} is the top-left pixel and {@code (right, bottom)} the bottom-right pixel, both inclusive, so
 * the box is {@code right - left + 1} pixels wide. Coordinates may be fractional (boxes derived from
 * landmarks) and may reach outside the image. Immutable.
 */
public record FaceBox(double left, double top, double right, double bottom) {
  public FaceBox {
    if (!Double.isFinite(left) || !Double.isFinite(top) || !Double.isFinite(right) || !Double.isFinite(bottom)
        || right < left || bottom < top) {
      throw new IllegalArgumentException("Invalid face box: " + left + "," + top + " to " + right + "," + bottom);
    }
  }

  /** The box covering {@code width x height} pixels from pixel {@code (x, y)} (OpenCV's Rect). */
  public static FaceBox ofPixels(int x, int y, int width, int height) {
    if (width < 1 || height < 1) {
      throw new IllegalArgumentException("Invalid face box size: " + width + "x" + height);
    }
    return new FaceBox(x, y, x + width - 1, y + height - 1);
  }

  /** Width in pixels, {@code right - left + 1}. */
  public double width() {
    return right - left + 1;
  }

  /** Height in pixels, {@code bottom - top + 1}. */
  public double height() {
    return bottom - top + 1;
  }

  public double centreX() {
    return (left + right) / 2;
  }

  public double centreY() {
    return (top + bottom) / 2;
  }

  /** Whether the point lies in the box (inclusive corners). */
  public boolean contains(double x, double y) {
    return x >= left && x <= right && y >= top && y <= bottom;
  }

  /** The fraction of the smaller box covered by the intersection of the two boxes (0 when disjoint). */
  public double overlap(FaceBox other) {
    double width = Math.min(right, other.right) - Math.max(left, other.left) + 1;
    double height = Math.min(bottom, other.bottom) - Math.max(top, other.top) + 1;
    if (width <= 0 || height <= 0) {
      return 0;
    }
    return width * height / Math.min(width() * height(), other.width() * other.height());
  }
}
