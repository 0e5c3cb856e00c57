package org.tnas.pipelines.convert;

import java.util.Iterator;
import java.util.Objects;
import java.util.Optional;
import org.tnas.formats.events.EventBatch;
import org.tnas.formats.events.EventFormat;
import org.tnas.formats.events.SensorGeometry;
import org.tnas.pipelines.emulator.EventEmulator;
import org.tnas.pipelines.video.TimedFrame;

/**
 * The events of a clip, produced lazily: each {@link #read} pulls frames from the source and runs
 * them through the {@link EventEmulator} only until events are available, so a long video is never
 * held in memory (only one frame and one frame's events at a time). Plugs the emulator into
 * everything that consumes an {@link EventReader}, e.g. {@code ShardSetWriter.write(record,
 * geometry, reader)}.
 */
public final class EmulatedEventReader extends FrameByFrameEventReader {
  private final String source;
  private final Iterator<TimedFrame> frames;
  private final AutoCloseable onClose;
  private final EventEmulator emulator;
  private final SensorGeometry geometry;
  private final Runnable atEnd;
  private long frameIndex;
  private boolean ended;

  /**
   * @param source names the clip in messages
   * @param frames the frames, in time order, of the emulator's size
   * @param onClose released by {@link #close()} (e.g. the video decoder), or null
   */
  public EmulatedEventReader(String source, Iterator<TimedFrame> frames, AutoCloseable onClose, EventEmulator emulator) {
    this(source, frames, onClose, emulator, () -> {});
  }

  /**
   * @param atEnd run once when the frames are exhausted, before the end is reported: it may throw to
   *     reject the clip (e.g. too few frames with an aligned face), so a consumer such as {@code
   *     ShardSetWriter} keeps nothing of it
   */
  public EmulatedEventReader(String source, Iterator<TimedFrame> frames, AutoCloseable onClose, EventEmulator emulator,
      Runnable atEnd) {
    this.atEnd = Objects.requireNonNull(atEnd, "atEnd is null");
    this.source = Objects.requireNonNull(source, "source is null");
    this.frames = Objects.requireNonNull(frames, "frames is null");
    this.onClose = onClose;
    this.emulator = Objects.requireNonNull(emulator, "emulator is null");
    this.geometry = new SensorGeometry(emulator.width(), emulator.height());
  }

  @Override
  public EventFormat format() {
    return EventFormat.EMULATED;
  }

  @Override
  public String source() {
    return source;
  }

  @Override
  public Optional<SensorGeometry> geometry() {
    return Optional.of(geometry);
  }

  /** Frames consumed so far. */
  public long framesRead() {
    return frameIndex;
  }

  @Override
  boolean nextFrame(EventBatch events) {
    if (!frames.hasNext()) {
      if (!ended) {
        ended = true;
        atEnd.run();
      }
      return false;
    }
    TimedFrame frame = frames.next();
    try {
      emulator.accept(frame.gray(), frame.timeSeconds(), events);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("Cannot emulate frame " + frameIndex + " of " + source + ": " + e.getMessage(), e);
    }
    frameIndex++;
    return true;
  }

  @Override
  public void close() {
    if (onClose != null) {
      try {
        onClose.close();
      } catch (Exception e) {
        throw new IllegalStateException("Cannot close the frame source of " + source + ": " + e.getMessage(), e);
      }
    }
  }
}
