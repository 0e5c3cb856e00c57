package org.tnas.pipelines.video;

import java.util.NoSuchElementException;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.global.opencv_imgproc;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * Resizes every frame with OpenCV's {@code resize(INTER_AREA)} on 8-bit gray, exactly as v2e does
 * with an output size (it resizes the uint8 gray frame). Source values are rounded to 0..255 first
 * (decoded frames already are integers). Takes ownership of the source. Not thread safe.
 */
public final class ResizedFrames extends ForwardingFrameSource {
  private final int width;
  private final int height;

  public ResizedFrames(FrameSource source, int width, int height) {
    super(source);
    if (width < 1 || height < 1) {
      throw new IllegalArgumentException("Invalid output size: " + width + "x" + height);
    }
    this.width = width;
    this.height = height;
  }

  @Override
  public int width() {
    return width;
  }

  @Override
  public int height() {
    return height;
  }

  @Override
  public boolean hasNext() {
    return source.hasNext();
  }

  @Override
  public TimedFrame next() {
    if (!hasNext()) {
      throw new NoSuchElementException("Cannot read past the last frame of " + source.source());
    }
    TimedFrame frame = source.next();
    return new TimedFrame(resizeArea(frame.gray(), source.width(), source.height(), width, height), frame.timeSeconds());
  }

  /** OpenCV {@code resize(INTER_AREA)} of an 8-bit gray image (values rounded and clamped to 0..255). */
  public static float[] resizeArea(float[] gray, int width, int height, int outputWidth, int outputHeight) {
    if (gray.length != width * height) {
      throw new IllegalArgumentException("Invalid image: " + gray.length + " pixels for " + width + "x" + height);
    }
    byte[] bytes = new byte[gray.length];
    for (int i = 0; i < bytes.length; i++) {
      bytes[i] = (byte) Math.max(0, Math.min(255, Math.round(gray[i])));
    }
    byte[] resized = new byte[outputWidth * outputHeight];
    try (Mat in = new Mat(height, width, opencv_core.CV_8UC1); Mat out = new Mat();
        Size size = new Size(outputWidth, outputHeight)) {
      in.data().put(bytes, 0, bytes.length);
      opencv_imgproc.resize(in, out, size, 0, 0, opencv_imgproc.INTER_AREA);
      BytePointer data = out.data();
      data.get(resized, 0, resized.length);
    }
    float[] result = new float[resized.length];
    for (int i = 0; i < result.length; i++) {
      result[i] = resized[i] & 0xFF;
    }
    return result;
  }
}
