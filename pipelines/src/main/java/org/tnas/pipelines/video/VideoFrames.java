package org.tnas.pipelines.video;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.util.NoSuchElementException;
import java.util.Objects;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;
import org.tnas.formats.errors.ProjectException;

/**
 * The frames of a video file as gray {@link TimedFrame}s, decoded by FFmpeg (JavaCV) one at a time:
 * memory holds one frame, whatever the video's length. Frame {@code i} has time {@code i / fps}
 * (v2e's frame timing with {@code --disable_slomo}). Colour is converted to gray exactly as OpenCV's
 * {@code cvtColor(BGR2GRAY)} on 8-bit images (fixed point: {@code (4899 R + 9617 G + 1868 B + 8192)
 * >> 14}), which is what v2e does. Files on other Hadoop file systems are copied to a local
 * temporary file first (deleted on close). Not thread safe.
 */
public final class VideoFrames implements FrameSource {
  private final String source;
  private final FFmpegFrameGrabber grabber;
  private final File temporary;
  private final int width;
  private final int height;
  private final double fps;
  private TimedFrame next;
  private long index;
  private boolean closed;

  private VideoFrames(String source, FFmpegFrameGrabber grabber, File temporary) {
    this.source = source;
    this.grabber = grabber;
    this.temporary = temporary;
    this.width = grabber.getImageWidth();
    this.height = grabber.getImageHeight();
    double rate = grabber.getFrameRate();
    this.fps = rate > 0 && Double.isFinite(rate) ? rate : 30.0;
  }

  /**
   * Opens a video on any Hadoop file system.
   *
   * @throws ProjectException CORRUPT_VIDEO when FFmpeg cannot open or decode it, EMPTY_VIDEO when it
   *     has no frame
   */
  public static VideoFrames open(Path path, Configuration conf) {
    Objects.requireNonNull(path, "path is null");
    Objects.requireNonNull(conf, "conf is null");
    File local;
    File temporary = null;
    try {
      FileSystem fs = path.getFileSystem(conf);
      Path qualified = fs.makeQualified(path);
      if ("file".equals(qualified.toUri().getScheme())) {
        local = new File(qualified.toUri());
        if (!local.isFile()) {
          throw new ProjectException(VideoErrorCode.CORRUPT_VIDEO, "Cannot decode video " + path + ": no such file");
        }
      } else {
        temporary = Files.createTempFile("tnas-video-", "-" + path.getName()).toFile();
        fs.copyToLocalFile(false, qualified, new Path(temporary.toURI()), true);
        local = temporary;
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read video " + path + ": " + e.getMessage(), e);
    }
    FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(local);
    grabber.setPixelFormat(avutil.AV_PIX_FMT_BGR24);
    try {
      avutil.av_log_set_level(avutil.AV_LOG_ERROR);
      grabber.start();
    } catch (FrameGrabber.Exception | RuntimeException e) {
      release(grabber, temporary);
      String message = String.valueOf(e.getMessage());
      // FFmpeg's demuxers drop streams of unknown codecs: "no stream" from an opened container means the same
      if (message.contains("avcodec_find_decoder") || message.contains("Unsupported video format or codec")
          || message.contains("Did not find a video or audio stream")) {
        throw new ProjectException(VideoErrorCode.UNSUPPORTED_CODEC, "Cannot decode video " + path
            + ": unsupported codec (" + message + ")", e);
      }
      throw new ProjectException(VideoErrorCode.CORRUPT_VIDEO, "Cannot decode video " + path + ": " + message, e);
    }
    if (grabber.getImageWidth() <= 0 || grabber.getImageHeight() <= 0) {
      release(grabber, temporary);
      throw new ProjectException(VideoErrorCode.CORRUPT_VIDEO, "Cannot decode video " + path + ": no video stream");
    }
    VideoFrames frames = new VideoFrames(path.toString(), grabber, temporary);
    if (!frames.hasNext()) {
      frames.close();
      throw new ProjectException(VideoErrorCode.EMPTY_VIDEO, "Invalid video " + path + ": it has no frame");
    }
    return frames;
  }

  @Override
  public String source() {
    return source;
  }

  @Override
  public int width() {
    return width;
  }

  @Override
  public int height() {
    return height;
  }

  /** Frames per second declared by the container (30 when it declares none). */
  @Override
  public double fps() {
    return fps;
  }

  /** Frames returned so far. */
  public long framesRead() {
    return index - (next == null ? 0 : 1);
  }

  @Override
  public boolean hasNext() {
    if (next == null && !closed) {
      next = decode();
    }
    return next != null;
  }

  @Override
  public TimedFrame next() {
    if (!hasNext()) {
      throw new NoSuchElementException("Cannot read past the last frame of " + source);
    }
    TimedFrame frame = next;
    next = null;
    return frame;
  }

  private TimedFrame decode() {
    Frame frame;
    try {
      frame = grabber.grabImage();
    } catch (FrameGrabber.Exception | RuntimeException e) {
      throw new ProjectException(VideoErrorCode.CORRUPT_VIDEO,
          "Cannot decode frame " + index + " of video " + source + ": " + e.getMessage(), e);
    }
    if (frame == null || frame.image == null) {
      return null;
    }
    if (frame.imageWidth != width || frame.imageHeight != height) {
      throw new ProjectException(VideoErrorCode.FRAME_SIZE_MISMATCH, "Invalid frame " + index + " of video " + source
          + ": " + frame.imageWidth + "x" + frame.imageHeight + ", expected " + width + "x" + height);
    }
    float[] gray = toGray((ByteBuffer) frame.image[0], frame.imageStride, frame.imageChannels, width, height);
    return new TimedFrame(gray, index++ / fps);
  }

  /**
   * OpenCV's {@code BGR2GRAY} for 8-bit pixels: {@code (1868 B + 9617 G + 4899 R + 8192) >> 14}
   * (a 1-channel frame is taken as it is).
   */
  static float[] toGray(ByteBuffer pixels, int stride, int channels, int width, int height) {
    float[] gray = new float[width * height];
    for (int y = 0; y < height; y++) {
      int row = y * stride;
      for (int x = 0; x < width; x++) {
        int value;
        if (channels == 1) {
          value = pixels.get(row + x) & 0xFF;
        } else {
          int offset = row + x * channels;
          int b = pixels.get(offset) & 0xFF;
          int g = pixels.get(offset + 1) & 0xFF;
          int r = pixels.get(offset + 2) & 0xFF;
          value = (b * 1868 + g * 9617 + r * 4899 + 8192) >> 14;
        }
        gray[y * width + x] = value;
      }
    }
    return gray;
  }

  @Override
  public void close() {
    if (!closed) {
      closed = true;
      next = null;
      release(grabber, temporary);
    }
  }

  private static void release(FFmpegFrameGrabber grabber, File temporary) {
    try {
      grabber.release();
    } catch (FrameGrabber.Exception | RuntimeException e) {
      // releasing native resources of a failed or finished decoder: nothing more to do
    } finally {
      if (temporary != null && !temporary.delete()) {
        temporary.deleteOnExit();
      }
    }
  }
}
