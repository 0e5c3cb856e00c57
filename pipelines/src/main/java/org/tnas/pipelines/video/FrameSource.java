package org.tnas.pipelines.video;

import java.util.Iterator;

/**
 * A stream of gray frames of one clip: each {@link TimedFrame} holds {@code width() * height()}
 * row-major gray values 0..255 and its time in seconds from the start of the clip. Frames are
 * produced one at a time (memory holds O(1) frames, whatever the clip's length). Implementations
 * throw {@link org.tnas.formats.errors.ProjectException} with a {@link VideoErrorCode} (or a face
 * error code for face standardisation) naming the file and the frame index when input is bad.
 *
 * <p>Lifecycle: open, iterate, close (closing releases native decoders and temporary files, and is
 * idempotent). Not thread safe; not serialisable (Spark tasks open their own from a path).
 */
public interface FrameSource extends Iterator<TimedFrame>, AutoCloseable {
  /** The clip's name (its path or URI) for messages and reports. */
  String source();

  /** Width of every frame in pixels. */
  int width();

  /** Height of every frame in pixels. */
  int height();

  /** Nominal frames per second of the stream. */
  double fps();

  @Override
  void close();
}
