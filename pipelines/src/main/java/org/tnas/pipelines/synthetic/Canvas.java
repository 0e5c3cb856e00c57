package org.tnas.pipelines.synthetic;

/** A gray image with soft (anti-aliased) shape painting; package-private helper of the generator. */
final class Canvas {
  final int width;
  final int height;
  final float[] pixels;

  Canvas(int width, int height) {
    this.width = width;
    this.height = height;
    this.pixels = new float[width * height];
  }

  /** A vertical gradient background. */
  void background(double top, double bottom) {
    for (int y = 0; y < height; y++) {
      float value = (float) (top + (bottom - top) * y / Math.max(1, height - 1));
      java.util.Arrays.fill(pixels, y * width, (y + 1) * width, value);
    }
  }

  private static double coverage(double signedDistance) {
    return Math.max(0, Math.min(1, 0.5 - signedDistance));
  }

  private void blend(int index, double alpha, double value) {
    if (alpha > 0) {
      pixels[index] = (float) (pixels[index] * (1 - alpha) + value * alpha);
    }
  }

  /** An ellipse; {@code curve} bends it (y shifted by curve * (dx/rx)^2, positive = smile). */
  void ellipse(double cx, double cy, double rx, double ry, double curve, double value) {
    if (rx <= 0.05 || ry <= 0.05) {
      return;
    }
    int x0 = (int) Math.max(0, Math.floor(cx - rx - 2));
    int x1 = (int) Math.min(width - 1, Math.ceil(cx + rx + 2));
    int y0 = (int) Math.max(0, Math.floor(cy - ry - Math.abs(curve) - 2));
    int y1 = (int) Math.min(height - 1, Math.ceil(cy + ry + Math.abs(curve) + 2));
    double scale = Math.min(rx, ry);
    for (int y = y0; y <= y1; y++) {
      for (int x = x0; x <= x1; x++) {
        double dx = (x - cx) / rx;
        double dy = (y - cy + curve * dx * dx) / ry;
        double distance = (Math.sqrt(dx * dx + dy * dy) - 1) * scale;
        blend(y * width + x, coverage(distance), value);
      }
    }
  }

  /** A thick line segment (capsule). */
  void segment(double ax, double ay, double bx, double by, double thickness, double value) {
    int x0 = (int) Math.max(0, Math.floor(Math.min(ax, bx) - thickness - 2));
    int x1 = (int) Math.min(width - 1, Math.ceil(Math.max(ax, bx) + thickness + 2));
    int y0 = (int) Math.max(0, Math.floor(Math.min(ay, by) - thickness - 2));
    int y1 = (int) Math.min(height - 1, Math.ceil(Math.max(ay, by) + thickness + 2));
    double vx = bx - ax;
    double vy = by - ay;
    double length2 = Math.max(1e-9, vx * vx + vy * vy);
    for (int y = y0; y <= y1; y++) {
      for (int x = x0; x <= x1; x++) {
        double u = Math.max(0, Math.min(1, ((x - ax) * vx + (y - ay) * vy) / length2));
        double dx = x - (ax + u * vx);
        double dy = y - (ay + u * vy);
        blend(y * width + x, coverage(Math.sqrt(dx * dx + dy * dy) - thickness / 2), value);
      }
    }
  }

  /** Adds Gaussian pixel noise and clamps to 0..255. */
  void finish(java.util.SplittableRandom random, double noise) {
    for (int i = 0; i < pixels.length; i++) {
      double v = pixels[i] + (noise > 0 ? noise * random.nextGaussian() : 0);
      pixels[i] = (float) Math.max(0, Math.min(255, v));
    }
  }
}
