package org.tnas.udfs.core;

import java.util.Objects;

/**
 * Pure kernels on frame tensors of shape {@code (channels, height, width)} (flat, row-major, as
 * {@link FrameTensor#values()} and {@link Representation#encode}): torchvision's nearest-neighbour
 * resize of a crop box (the spatial part of {@code RandomResizedCrop(..., NEAREST)}) and
 * Spiking-FER's FaceMirror. The same spatial map is applied to every channel (torchvision treats
 * leading dimensions as a batch). Each kernel returns a new array and never modifies its input.
 * Stateless and thread safe.
 */
public final class FrameKernels {
  private FrameKernels() {}

  /**
   * The source index of every output index of a nearest-neighbour resize from {@code inputSize} to
   * {@code outputSize}, exactly as PyTorch's {@code interpolate(mode="nearest")} (which torchvision's
   * {@code resize(..., NEAREST)} of a tensor calls with an output size and no scale factor;
   * ATen {@code nearest_idx}): {@code outputSize == inputSize} copies, {@code outputSize == 2 *
   * inputSize} takes {@code o >> 1}, otherwise {@code min(floor(o * s), inputSize - 1)} with {@code s =
   * (float) inputSize / outputSize} and the product computed in float32. The float32 product can be
   * one below the exact {@code floor(o * inputSize / outputSize)}: 84 -> 100 maps output 75 to 62
   * (exactly 63).
   *
   * @throws IllegalArgumentException if a size is not positive
   */
  public static int[] nearestIndices(int inputSize, int outputSize) {
    if (inputSize <= 0 || outputSize <= 0) {
      throw new IllegalArgumentException("Invalid resize: " + inputSize + " -> " + outputSize);
    }
    int[] source = new int[outputSize];
    if (outputSize == inputSize) {
      for (int o = 0; o < outputSize; o++) {
        source[o] = o;
      }
    } else if ((long) outputSize == 2L * inputSize) {
      for (int o = 0; o < outputSize; o++) {
        source[o] = o >> 1;
      }
    } else {
      float scale = (float) inputSize / (float) outputSize;
      for (int o = 0; o < outputSize; o++) {
        source[o] = (int) Math.min((long) Math.floor((float) o * scale), inputSize - 1);
      }
    }
    return source;
  }

  /**
   * The columns a FaceMirror reads: {@link GeometryKernels.Side#LEFT} keeps the columns {@code x
   * <= (W - 1) / 2} and gives every column right of them the value of column {@code W - 1 - x};
   * {@link GeometryKernels.Side#RIGHT} is symmetric. For even {@code W} this is Spiking-FER's {@code
   * frames[..., W//2:] = hflip(frames[..., :W//2])} (and the reverse for the right half); for odd
   * {@code W} (where that code fails) the centre column is kept once, as {@link
   * GeometryKernels#mirror} does on events.
   */
  public static int[] mirrorColumns(int width, GeometryKernels.Side side) {
    Objects.requireNonNull(side, "side is null");
    if (width <= 0) {
      throw new IllegalArgumentException("Invalid frame width: " + width);
    }
    int[] source = new int[width];
    int last = width - 1;
    for (int x = 0; x < width; x++) {
      boolean keep = side == GeometryKernels.Side.LEFT ? 2 * x <= last : 2 * x >= last;
      source[x] = keep ? x : last - x;
    }
    return source;
  }

  /**
   * Crops {@code box} out of every channel and resizes it to {@code outputWidth x outputHeight}
   * with {@link #nearestIndices} (torchvision's {@code resized_crop(img, top, left, h, w, size,
   * NEAREST)} on a tensor).
   *
   * @throws IllegalArgumentException if the shape does not match the array, the box is not inside
   *     the frame or an output size is not positive
   */
  public static float[] resizedCrop(float[] frames, int channels, int height, int width, PixelRegion box, int outputWidth, int outputHeight) {
    return resizedCrop(frames, channels, height, width, box, outputWidth, outputHeight, null);
  }

  /**
   * As {@link #resizedCrop}, followed by a FaceMirror of the result when {@code mirror} is not null,
   * in one gather (the mirror only changes which output column reads which source column). Equal to
   * {@code mirror(resizedCrop(...), mirror)}.
   */
  public static float[] resizedCrop(float[] frames, int channels, int height, int width, PixelRegion box, int outputWidth, int outputHeight,
      GeometryKernels.Side mirror) {
    requireShape(frames, channels, height, width);
    Objects.requireNonNull(box, "box is null");
    if (box.x() + box.width() > width || box.y() + box.height() > height) {
      throw new IllegalArgumentException("Invalid crop box: " + box + " (outside the frame " + width + "x" + height + ")");
    }
    int[] rows = nearestIndices(box.height(), outputHeight);
    int[] columns = nearestIndices(box.width(), outputWidth);
    for (int i = 0; i < rows.length; i++) {
      rows[i] += box.y();
    }
    for (int i = 0; i < columns.length; i++) {
      columns[i] += box.x();
    }
    if (mirror != null) {
      int[] mirrored = mirrorColumns(outputWidth, mirror);
      int[] composed = new int[outputWidth];
      for (int x = 0; x < outputWidth; x++) {
        composed[x] = columns[mirrored[x]];
      }
      columns = composed;
    }
    return gather(frames, channels, height, width, rows, columns);
  }

  /** Spiking-FER's FaceMirror of every channel, see {@link #mirrorColumns}. */
  public static float[] mirror(float[] frames, int channels, int height, int width, GeometryKernels.Side side) {
    requireShape(frames, channels, height, width);
    int[] rows = new int[height];
    for (int y = 0; y < height; y++) {
      rows[y] = y;
    }
    return gather(frames, channels, height, width, rows, mirrorColumns(width, side));
  }

  private static void requireShape(float[] frames, int channels, int height, int width) {
    Objects.requireNonNull(frames, "frames is null");
    if (channels <= 0 || height <= 0 || width <= 0 || (long) channels * height * width != frames.length) {
      throw new IllegalArgumentException("Invalid frame shape: " + channels + "x" + height + "x" + width + " for " + frames.length + " values");
    }
  }

  /** {@code out[c][oy][ox] = in[c][rows[oy]][columns[ox]]}. */
  private static float[] gather(float[] frames, int channels, int height, int width, int[] rows, int[] columns) {
    int outputHeight = rows.length;
    int outputWidth = columns.length;
    float[] out = new float[channels * outputHeight * outputWidth];
    int k = 0;
    for (int c = 0; c < channels; c++) {
      int plane = c * height * width;
      for (int oy = 0; oy < outputHeight; oy++) {
        int row = plane + rows[oy] * width;
        for (int ox = 0; ox < outputWidth; ox++) {
          out[k++] = frames[row + columns[ox]];
        }
      }
    }
    return out;
  }
}
