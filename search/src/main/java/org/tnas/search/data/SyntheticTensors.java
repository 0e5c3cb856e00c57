package org.tnas.search.data;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.tnas.formats.util.Seeds;

/**
 * Generates a small learnable labelled tensor set that looks like binary event frames: each sample
 * is a disc moving across {@code T = channels / 2} frames, and its class is the direction of motion
 * ({@code 2 * pi * class / classCount}). Channel {@code 2 * t + 1} holds the ON events (pixels
 * the disc enters at frame t), channel {@code 2 * t} the OFF events (pixels it leaves), the layout
 * of {@code org.tnas.udfs.core.FrameRepresentation}. Start position, speed and background noise
 * are drawn per sample from {@code Seeds.derive(seed, sampleIndex)}; labels cycle through the
 * classes so every class has the same number of samples (+-1).
 *
 * <p>Stateless and thread-safe; used by tests and benchmarks in place of converted recordings.
 */
public final class SyntheticTensors {
  private SyntheticTensors() {}

  /**
   * @param count number of samples
   * @param channels even number of channels ({@code 2 * T}, T >= 2)
   * @param noise probability that a background pixel of a channel is set to 1
   */
  public static LabelledTensorSet movingDiscs(int count, int channels, int height, int width, int classCount,
      double noise, long seed) {
    if (count < 1) {
      throw new IllegalArgumentException("Invalid count: " + count);
    }
    if (channels < 4 || channels % 2 != 0) {
      throw new IllegalArgumentException("Invalid channels: " + channels + " (must be 2 * T with T >= 2)");
    }
    if (height < 8 || width < 8) {
      throw new IllegalArgumentException("Invalid size: " + height + "x" + width + " (at least 8x8)");
    }
    if (classCount < 2) {
      throw new IllegalArgumentException("Invalid class count: " + classCount);
    }
    if (!(noise >= 0 && noise < 1)) {
      throw new IllegalArgumentException("Invalid noise: " + noise);
    }
    int frames = channels / 2;
    double radius = Math.max(1.5, Math.min(height, width) / 10.0);
    List<String> ids = new ArrayList<>(count);
    float[][] inputs = new float[count][];
    int[] labels = new int[count];
    for (int n = 0; n < count; n++) {
      SplittableRandom random = Seeds.random(seed, n);
      int label = n % classCount;
      double angle = 2 * Math.PI * label / classCount + (random.nextDouble() - 0.5) * 0.4;
      double speed = Math.min(height, width) / (3.0 * frames) * (0.8 + 0.4 * random.nextDouble());
      double travel = speed * frames;
      // start so that the whole path stays inside the frame
      double dx = Math.cos(angle) * travel;
      double dy = Math.sin(angle) * travel;
      double minX = radius - Math.min(0, dx);
      double maxX = width - 1 - radius - Math.max(0, dx);
      double minY = radius - Math.min(0, dy);
      double maxY = height - 1 - radius - Math.max(0, dy);
      double x0 = minX + random.nextDouble() * Math.max(0, maxX - minX);
      double y0 = minY + random.nextDouble() * Math.max(0, maxY - minY);
      float[] tensor = new float[channels * height * width];
      for (int t = 0; t < frames; t++) {
        double cx = x0 + Math.cos(angle) * speed * (t + 1);
        double cy = y0 + Math.sin(angle) * speed * (t + 1);
        double px = x0 + Math.cos(angle) * speed * t;
        double py = y0 + Math.sin(angle) * speed * t;
        int off = (2 * t) * height * width;
        int on = (2 * t + 1) * height * width;
        for (int y = 0; y < height; y++) {
          for (int x = 0; x < width; x++) {
            boolean now = inside(x, y, cx, cy, radius);
            boolean before = inside(x, y, px, py, radius);
            int pixel = y * width + x;
            if (now && !before || noise > 0 && random.nextDouble() < noise) {
              tensor[on + pixel] = 1f;
            }
            if (before && !now || noise > 0 && random.nextDouble() < noise) {
              tensor[off + pixel] = 1f;
            }
          }
        }
      }
      ids.add("synthetic-" + n);
      inputs[n] = tensor;
      labels[n] = label;
    }
    return new LabelledTensorSet(ids, inputs, labels, channels, height, width, classCount);
  }

  private static boolean inside(int x, int y, double cx, double cy, double radius) {
    double ddx = x - cx;
    double ddy = y - cy;
    return ddx * ddx + ddy * ddy <= radius * radius;
  }
}
