package org.tnas.pipelines.video;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.tnas.formats.errors.ProjectException;

/**
 * Opens a clip on any Hadoop file system as a {@link FrameSource}: a video file (decoded by FFmpeg
 * through JavaCV; a file that is not on {@code file://} is first copied to a local temporary file,
 * deleted on close, because FFmpeg needs a seekable local file) or a folder of images (PNG, JPEG,
 * BMP, sorted by file name: CK+ and Oulu-CASIA layouts) played at {@code imageSequenceFps}. Colour
 * is converted to gray as OpenCV's {@code cvtColor(BGR2GRAY)}; with an output size the frames are
 * resized with {@code INTER_AREA} (v2e); with a target rate they are resampled ({@link
 * FrameRateResampler}). Stateless; thread safe.
 */
public final class FrameSources {
  private static final List<String> IMAGE_EXTENSIONS = List.of("png", "jpg", "jpeg", "bmp");

  private FrameSources() {}

  /**
   * Opens {@code path} (a video file or a folder of frames).
   *
   * @throws ProjectException with a {@link VideoErrorCode} naming the file: CORRUPT_VIDEO (cannot
   *     be opened or decoded, missing file), UNSUPPORTED_CODEC, EMPTY_VIDEO (no frame, or a folder
   *     without images); later frames may fail with CORRUPT_VIDEO or FRAME_SIZE_MISMATCH and their index
   */
  public static FrameSource open(Path path, Configuration conf, FrameSourceOptions options) {
    Objects.requireNonNull(path, "path is null");
    Objects.requireNonNull(conf, "conf is null");
    Objects.requireNonNull(options, "options is null");
    FrameSource source;
    if (isDirectory(path, conf)) {
      List<String> images = imagesIn(path, conf);
      if (images.isEmpty()) {
        throw new ProjectException(VideoErrorCode.EMPTY_VIDEO, "Invalid image sequence " + path + ": no PNG, JPEG or BMP file");
      }
      source = new ImageSequenceFrames(images, options.imageSequenceFps(), conf);
    } else {
      source = VideoFrames.open(path, conf);
    }
    return decorate(source, options);
  }

  /**
   * Opens the frame images {@code images} (any Hadoop FS URIs, in play order, e.g. a dataset
   * adapter's {@code ClipSpec.sources()}) as one clip at {@code options.imageSequenceFps()}, with
   * the same resizing and resampling as {@link #open}.
   *
   * @throws ProjectException EMPTY_VIDEO for an empty list; later frames may fail with CORRUPT_VIDEO
   *     or FRAME_SIZE_MISMATCH and their index
   */
  public static FrameSource openImages(List<String> images, Configuration conf, FrameSourceOptions options) {
    Objects.requireNonNull(images, "images is null");
    Objects.requireNonNull(conf, "conf is null");
    Objects.requireNonNull(options, "options is null");
    if (images.isEmpty()) {
      throw new ProjectException(VideoErrorCode.EMPTY_VIDEO, "Invalid image sequence: no frame");
    }
    return decorate(new ImageSequenceFrames(images, options.imageSequenceFps(), conf), options);
  }

  private static FrameSource decorate(FrameSource opened, FrameSourceOptions options) {
    FrameSource source = opened;
    try {
      if (options.inputFps() > 0) {
        source = new RetimedFrames(source, options.inputFps());
      }
      if (options.outputWidth() > 0 && (options.outputWidth() != source.width() || options.outputHeight() != source.height())) {
        source = new ResizedFrames(source, options.outputWidth(), options.outputHeight());
      }
      if (options.targetFps() > 0 && Math.abs(options.targetFps() - source.fps()) > 1e-9) {
        source = new FrameRateResampler(source, options.targetFps(), options.resampling());
      }
      return source;
    } catch (RuntimeException e) {
      source.close();
      throw e;
    }
  }

  /** The image files directly in {@code folder}, sorted by name. */
  public static List<String> imagesIn(Path folder, Configuration conf) {
    try {
      FileSystem fs = folder.getFileSystem(conf);
      List<String> images = new ArrayList<>();
      for (FileStatus status : fs.listStatus(folder)) {
        String name = status.getPath().getName();
        int dot = name.lastIndexOf('.');
        if (status.isFile() && dot > 0 && !name.startsWith(".")
            && IMAGE_EXTENSIONS.contains(name.substring(dot + 1).toLowerCase(Locale.ROOT))) {
          images.add(status.getPath().toString());
        }
      }
      images.sort((a, b) -> a.substring(a.lastIndexOf('/') + 1).compareTo(b.substring(b.lastIndexOf('/') + 1)));
      return images;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot list frames in " + folder + ": " + e.getMessage(), e);
    }
  }

  private static boolean isDirectory(Path path, Configuration conf) {
    try {
      FileSystem fs = path.getFileSystem(conf);
      return fs.exists(path) && fs.getFileStatus(path).isDirectory();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + path + ": " + e.getMessage(), e);
    }
  }
}
