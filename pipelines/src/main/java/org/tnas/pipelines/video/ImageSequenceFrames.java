package org.tnas.pipelines.video;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import javax.imageio.ImageIO;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.tnas.formats.errors.ProjectException;

/**
 * An image sequence (PNG, JPEG, BMP: one file per frame, in the given order) as gray {@link
 * TimedFrame}s at a given frame rate, read one image at a time from any Hadoop file system. 8-bit
 * gray images are taken as they are; colour images are converted with OpenCV's fixed-point BGR2GRAY
 * weights (what {@code imread(..., IMREAD_GRAYSCALE)} does for PNG; for JPEG, libjpeg's own
 * conversion may differ by one gray level). Not thread safe.
 */
public final class ImageSequenceFrames implements FrameSource {
  private final List<String> files;
  private final Configuration conf;
  private final double fps;
  private int index;
  private int width = -1;
  private int height = -1;

  public ImageSequenceFrames(List<String> files, double fps, Configuration conf) {
    this.files = List.copyOf(Objects.requireNonNull(files, "files is null"));
    this.conf = Objects.requireNonNull(conf, "conf is null");
    if (files.isEmpty()) {
      throw new ProjectException(VideoErrorCode.EMPTY_VIDEO, "Invalid image sequence: no frame");
    }
    if (!(fps > 0)) {
      throw new IllegalArgumentException("Invalid frame rate: " + fps);
    }
    this.fps = fps;
  }

  /** The size of the first frame (reads it if not read yet). */
  public int[] size() {
    if (width < 0) {
      BufferedImage first = read(files.get(0), 0);
      width = first.getWidth();
      height = first.getHeight();
    }
    return new int[] {width, height};
  }

  @Override
  public String source() {
    return files.get(0);
  }

  @Override
  public int width() {
    return size()[0];
  }

  @Override
  public int height() {
    return size()[1];
  }

  @Override
  public double fps() {
    return fps;
  }

  /** Frames returned so far. */
  public long framesRead() {
    return index;
  }

  /** Nothing to release: each image is read and closed in {@link #next()}. */
  @Override
  public void close() {
    index = files.size();
  }

  @Override
  public boolean hasNext() {
    return index < files.size();
  }

  @Override
  public TimedFrame next() {
    if (!hasNext()) {
      throw new NoSuchElementException("Cannot read past the last frame of the sequence " + files.get(0));
    }
    BufferedImage image = read(files.get(index), index);
    size();
    if (image.getWidth() != width || image.getHeight() != height) {
      throw new ProjectException(VideoErrorCode.FRAME_SIZE_MISMATCH, "Invalid frame " + index + " (" + files.get(index)
          + "): " + image.getWidth() + "x" + image.getHeight() + ", expected " + width + "x" + height);
    }
    float[] gray = new float[width * height];
    boolean isGray = image.getType() == BufferedImage.TYPE_BYTE_GRAY;
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        if (isGray) {
          gray[y * width + x] = image.getRaster().getSample(x, y, 0);
        } else {
          int rgb = image.getRGB(x, y);
          int r = (rgb >> 16) & 0xFF;
          int g = (rgb >> 8) & 0xFF;
          int b = rgb & 0xFF;
          gray[y * width + x] = (b * 1868 + g * 9617 + r * 4899 + 8192) >> 14;
        }
      }
    }
    return new TimedFrame(gray, index++ / fps);
  }

  private BufferedImage read(String file, int frame) {
    Path path = new Path(file);
    try (InputStream in = path.getFileSystem(conf).open(path)) {
      BufferedImage image = ImageIO.read(in);
      if (image == null) {
        throw new ProjectException(VideoErrorCode.CORRUPT_VIDEO, "Cannot decode frame " + frame + " (" + file
            + "): not a PNG, JPEG or BMP image");
      }
      return image;
    } catch (IOException e) {
      throw new ProjectException(VideoErrorCode.CORRUPT_VIDEO, "Cannot decode frame " + frame + " (" + file + "): "
          + e.getMessage(), e);
    }
  }
}
