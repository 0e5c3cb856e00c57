package org.tnas.pipelines.convert;

import java.util.Objects;
import java.util.Optional;
import org.tnas.formats.events.EventBatch;
import org.tnas.formats.events.EventFormat;
import org.tnas.formats.events.SensorGeometry;
import org.tnas.pipelines.video.FrameSource;
import org.tnas.pipelines.video.TimedFrame;

/**
 * Events recovered from accumulated event frames (SEE's {@code event/} pictures, one per 33 ms):
 * such a frame shows a uniform background where no event happened, brighter pixels where ON events
 * and darker pixels where OFF events were accumulated. Per frame, the background is the most
 * frequent gray level; every pixel further than {@code threshold} from it gives one event, ON (1)
 * if brighter and OFF (0) if darker, stamped at the frame's time, in raster order.
 *
 * <p>What the pictures lost cannot be recovered: the events' times within the 33 ms, how many
 * events a pixel had, and the pixels where ON and OFF cancelled. The result suits frame-based
 * network inputs (it gives back one binary frame per picture), not timing studies. JPEG ringing
 * near edges is what the threshold filters out. Not thread-safe; streams one frame at a time.
 */
public final class EventFrameReader extends FrameByFrameEventReader {
  private final FrameSource frames;
  private final int threshold;
  private final SensorGeometry geometry;
  private final int[] histogram = new int[256];
  private long framesRead;

  /**
   * @param frames the event frames (closed by {@link #close()})
   * @param threshold gray-level distance from the background that counts as an event (1..255)
   */
  public EventFrameReader(FrameSource frames, int threshold) {
    this.frames = Objects.requireNonNull(frames, "frames is null");
    if (threshold < 1 || threshold > 255) {
      throw new IllegalArgumentException("Invalid event frame threshold: " + threshold + " (expected 1..255)");
    }
    this.threshold = threshold;
    this.geometry = new SensorGeometry(frames.width(), frames.height());
  }

  @Override
  public EventFormat format() {
    return EventFormat.EMULATED;
  }

  @Override
  public String source() {
    return frames.source();
  }

  @Override
  public Optional<SensorGeometry> geometry() {
    return Optional.of(geometry);
  }

  /** Frames consumed so far. */
  public long framesRead() {
    return framesRead;
  }

  @Override
  boolean nextFrame(EventBatch events) {
    if (!frames.hasNext()) {
      return false;
    }
    TimedFrame frame = frames.next();
    decode(frame.gray(), Math.round(frame.timeSeconds() * 1e6), events);
    framesRead++;
    return true;
  }

  private void decode(float[] gray, long timeMicros, EventBatch out) {
    java.util.Arrays.fill(histogram, 0);
    for (float value : gray) {
      histogram[Math.max(0, Math.min(255, Math.round(value)))]++;
    }
    int background = 0;
    for (int level = 1; level < 256; level++) {
      if (histogram[level] > histogram[background]) {
        background = level;
      }
    }
    int width = geometry.width();
    for (int i = 0; i < gray.length; i++) {
      float difference = gray[i] - background;
      if (difference > threshold) {
        out.add((short) (i % width), (short) (i / width), timeMicros, (byte) 1);
      } else if (difference < -threshold) {
        out.add((short) (i % width), (short) (i / width), timeMicros, (byte) 0);
      }
    }
  }

  @Override
  public void close() {
    frames.close();
  }
}
