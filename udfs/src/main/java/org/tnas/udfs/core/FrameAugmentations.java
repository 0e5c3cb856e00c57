package org.tnas.udfs.core;

import java.util.Objects;
import java.util.SplittableRandom;

/**
 * Augmentations of frame tensors (after binning), Spiking-FER's own order for Crop and Mirror
 * (SPIKING_FER.md section 2, steps 4-5): small immutable, validated, serialisable records that draw
 * their random choices from a seed through a {@link SplittableRandom} (as {@link Augmentations}
 * does) and delegate to {@link FrameKernels}. Thread safe.
 */
public final class FrameAugmentations {
  private FrameAugmentations() {}

  /**
   * torchvision's {@code RandomResizedCrop(size, scale, ratio, NEAREST)} on a {@code (channels,
   * height, width)} tensor, every channel with the same box. The box ({@link #box}) follows
   * torchvision's {@code get_params} step by step: up to 10 attempts draw {@code target_area = H * W
   * * U[minScale, maxScale)} and {@code aspect = exp(U[log minAspect, log maxAspect))}, both rounded
   * to float32 as torch's float tensors are, then {@code w = round(sqrt(target_area * aspect))} and
   * {@code h = round(sqrt(target_area / aspect))} with Python's round (half to even); the first box
   * with {@code 0 < w <= W} and {@code 0 < h <= H} is placed at {@code top = U{0 .. H - h}}, then
   * {@code left = U{0 .. W - w}}. After 10 failed attempts the fallback is the centred box of the
   * whole image clamped to the aspect range: {@code W / H < minAspect} gives {@code w = W, h =
   * round(W / minAspect)}, {@code W / H > maxAspect} gives {@code h = H, w = round(H * maxAspect)},
   * otherwise the whole image; {@code top = (H - h) / 2}, {@code left = (W - w) / 2}. The box is
   * resized with {@link FrameKernels#nearestIndices} (PyTorch's nearest rule). The random numbers
   * come from our seeded generator, not torch's, so only the distribution is torchvision's.
   *
   * <p>Differences from the event-domain {@link Augmentations.Crop}: that one rounds half up
   * ({@code Math.round}) and draws in double precision, so the two boxes of the same seed agree
   * except on exact halves and float32 rounding; and it resizes to the sensor before binning.
   *
   * @param width output width (Spiking-FER 128)
   * @param height output height (Spiking-FER 128)
   */
  public record RandomResizedCrop(int width, int height, double minScale, double maxScale, double minAspect, double maxAspect)
      implements java.io.Serializable {
    public RandomResizedCrop {
      if (width <= 0 || height <= 0) {
        throw new IllegalArgumentException("Invalid crop output size: " + width + "x" + height);
      }
      if (!(minScale > 0 && minScale <= maxScale && maxScale <= 1)) {
        throw new IllegalArgumentException("Invalid crop scale: [" + minScale + ", " + maxScale + "] (expected 0 < min <= max <= 1)");
      }
      if (!(minAspect > 0 && minAspect <= maxAspect) || Double.isInfinite(maxAspect)) {
        throw new IllegalArgumentException("Invalid crop aspect ratio: [" + minAspect + ", " + maxAspect + "]");
      }
    }

    /** torchvision's defaults, scale (0.08, 1) and ratio (3/4, 4/3), to {@code size x size}. */
    public static RandomResizedCrop defaults(int size) {
      return new RandomResizedCrop(size, size, 0.08, 1, 3.0 / 4, 4.0 / 3);
    }

    /** The crop box drawn for a {@code frameWidth x frameHeight} frame and this seed. */
    public PixelRegion box(int frameWidth, int frameHeight, long seed) {
      if (frameWidth <= 0 || frameHeight <= 0) {
        throw new IllegalArgumentException("Invalid frame size: " + frameWidth + "x" + frameHeight);
      }
      SplittableRandom random = new SplittableRandom(seed);
      double area = (double) frameWidth * frameHeight;
      // torch.log(torch.tensor(ratio)): float32
      float logMin = (float) Math.log((float) minAspect);
      float logMax = (float) Math.log((float) maxAspect);
      for (int attempt = 0; attempt < 10; attempt++) {
        double targetArea = area * uniformFloat(random, (float) minScale, (float) maxScale);
        double aspect = (float) Math.exp(uniformFloat(random, logMin, logMax));
        double w = Math.rint(Math.sqrt(targetArea * aspect));
        double h = Math.rint(Math.sqrt(targetArea / aspect));
        if (w > 0 && w <= frameWidth && h > 0 && h <= frameHeight) {
          int top = random.nextInt(frameHeight - (int) h + 1);
          int left = random.nextInt(frameWidth - (int) w + 1);
          return new PixelRegion(left, top, (int) w, (int) h);
        }
      }
      double inRatio = (double) frameWidth / frameHeight;
      int w = frameWidth;
      int h = frameHeight;
      if (inRatio < minAspect) {
        h = (int) Math.rint(w / minAspect);
      } else if (inRatio > maxAspect) {
        w = (int) Math.rint(h * maxAspect);
      }
      return new PixelRegion((frameWidth - w) / 2, (frameHeight - h) / 2, w, h);
    }

    /** {@code torch.empty(1).uniform_(lo, hi)}: a float32 value in {@code [lo, hi)}. */
    private static float uniformFloat(SplittableRandom random, float lo, float hi) {
      if (lo == hi) {
        return lo;
      }
      float value = (float) random.nextDouble(lo, hi);
      // rounding to float32 can reach hi; torch's result is below it
      return value < hi ? value : Math.nextDown(hi);
    }

    /** Crops and resizes {@code frames} of shape {@code (channels, frameHeight, frameWidth)}; a new array. */
    public float[] apply(float[] frames, int channels, int frameHeight, int frameWidth, long seed) {
      return FrameKernels.resizedCrop(frames, channels, frameHeight, frameWidth, box(frameWidth, frameHeight, seed), width, height);
    }

    /** The spec form. */
    public String spec() {
      return "frame_crop(width=" + width + ",height=" + height + ",min_scale=" + minScale + ",max_scale=" + maxScale
          + ",min_aspect=" + minAspect + ",max_aspect=" + maxAspect + ")";
    }
  }

  /**
   * Spiking-FER's FaceMirror on a frame tensor ({@link FrameKernels#mirrorColumns}). With {@link
   * Augmentations.MirrorSide#RANDOM} the side is {@code LEFT} when the seed's first {@code
   * nextBoolean()} is true, as the event-domain {@link Augmentations.Mirror} draws it, so both domains
   * mirror the same half for the same seed.
   */
  public record FaceMirror(Augmentations.MirrorSide side) implements java.io.Serializable {
    public FaceMirror {
      Objects.requireNonNull(side, "side is null");
    }

    /** The half kept for this seed. */
    public GeometryKernels.Side chosenSide(long seed) {
      return switch (side) {
        case LEFT -> GeometryKernels.Side.LEFT;
        case RIGHT -> GeometryKernels.Side.RIGHT;
        case RANDOM -> new SplittableRandom(seed).nextBoolean() ? GeometryKernels.Side.LEFT : GeometryKernels.Side.RIGHT;
      };
    }

    /** Mirrors {@code frames} of shape {@code (channels, height, width)}; a new array. */
    public float[] apply(float[] frames, int channels, int height, int width, long seed) {
      return FrameKernels.mirror(frames, channels, height, width, chosenSide(seed));
    }

    /** The spec form. */
    public String spec() {
      return "frame_mirror(side=" + side.name().toLowerCase(java.util.Locale.ROOT) + ")";
    }
  }
}
