package org.tnas.pipelines.video;

/**
 * How {@link FrameSources#open} reads a clip. Immutable; serialisable (ships to Spark tasks).
 *
 * @param outputWidth width to resize every frame to with OpenCV's INTER_AREA, as v2e's
 *     {@code --output_width} (0: keep the source size; then {@code outputHeight} must be 0 too)
 * @param outputHeight height to resize to (0: keep)
 * @param imageSequenceFps frame rate given to image sequences (they declare none)
 * @param targetFps resample the stream to this rate (0: keep the source rate); Spiking-FER uses 30
 * @param resampling how frames between source frames are made when resampling
 * @param inputFps the rate the source's frames were taken at, overriding what a video file declares
 *     (v2e's {@code --input_frame_rate}; frame k is then at k / inputFps), 0: the declared rate (image
 *     sequences: {@code imageSequenceFps}); applied before any resampling to {@code targetFps}
 */
public record FrameSourceOptions(int outputWidth, int outputHeight, double imageSequenceFps, double targetFps,
    FrameRateResampler.Method resampling, double inputFps) implements java.io.Serializable {
  /** Source size, 30 fps for image sequences, no resampling. */
  public static final FrameSourceOptions DEFAULTS =
      new FrameSourceOptions(0, 0, 30.0, 0.0, FrameRateResampler.Method.LINEAR, 0.0);

  public FrameSourceOptions {
    if (outputWidth < 0 || outputHeight < 0 || (outputWidth == 0) != (outputHeight == 0)) {
      throw new IllegalArgumentException("Invalid output size: " + outputWidth + "x" + outputHeight);
    }
    if (!(imageSequenceFps > 0) || Double.isInfinite(imageSequenceFps)) {
      throw new IllegalArgumentException("Invalid image sequence frame rate: " + imageSequenceFps);
    }
    if (!(targetFps >= 0) || Double.isInfinite(targetFps)) {
      throw new IllegalArgumentException("Invalid target frame rate: " + targetFps);
    }
    java.util.Objects.requireNonNull(resampling, "resampling is null");
    if (!(inputFps >= 0) || Double.isInfinite(inputFps)) {
      throw new IllegalArgumentException("Invalid input frame rate: " + inputFps);
    }
  }

  public FrameSourceOptions withOutputSize(int width, int height) {
    return new FrameSourceOptions(width, height, imageSequenceFps, targetFps, resampling, inputFps);
  }

  public FrameSourceOptions withImageSequenceFps(double fps) {
    return new FrameSourceOptions(outputWidth, outputHeight, fps, targetFps, resampling, inputFps);
  }

  public FrameSourceOptions withTargetFps(double fps) {
    return new FrameSourceOptions(outputWidth, outputHeight, imageSequenceFps, fps, resampling, inputFps);
  }

  public FrameSourceOptions withResampling(FrameRateResampler.Method method) {
    return new FrameSourceOptions(outputWidth, outputHeight, imageSequenceFps, targetFps, method, inputFps);
  }

  public FrameSourceOptions withInputFps(double fps) {
    return new FrameSourceOptions(outputWidth, outputHeight, imageSequenceFps, targetFps, resampling, fps);
  }
}
