package org.tnas.pipelines.convert;

import java.util.Locale;
import java.util.Objects;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.tnas.formats.events.EventBatch;
import org.tnas.formats.events.EventFormat;
import org.tnas.formats.events.SensorGeometry;
import org.tnas.formats.io.EventFiles;
import org.tnas.formats.io.EventWriter;
import org.tnas.formats.util.Progress;
import org.tnas.pipelines.emulator.EmulatorParameters;
import org.tnas.pipelines.emulator.EventEmulator;
import org.tnas.pipelines.video.FrameSource;
import org.tnas.pipelines.video.FrameSourceOptions;
import org.tnas.pipelines.video.FrameSources;
import org.tnas.pipelines.video.TimedFrame;

/**
 * One clip (a video file or a folder of frames) to one event file, streamed: frames are decoded,
 * optionally face-standardised and upsampled ({@link FrameChain}), emulated and written one at a
 * time (memory holds a few frames and one frame's events), with a progress line. The emulator's seed
 * derives from the parameters' seed and the clip's name, so the same command gives the same events.
 */
public final class VideoEmulation {
  private VideoEmulation() {}

  /** What was converted. */
  public record Result(String input, String output, int width, int height, double fps, long frames, long events,
      long onEvents, double seconds) {}

  /**
   * @param format the output format (npy, h5 or csv)
   * @param maxFrames stop after this many frames (0: all)
   */
  public static Result run(Path video, Path output, EventFormat format, EmulatorParameters parameters, long maxFrames,
      Configuration conf) {
    return run(video, output, format, parameters, maxFrames, FrameSourceOptions.DEFAULTS, FrameChain.NONE, conf);
  }

  /**
   * @param read how frames are decoded (image-sequence rate, resize, resampling)
   * @param chain face standardisation and upsampling before the emulator
   * @param maxFrames stop after this many source frames (0: all)
   */
  public static Result run(Path video, Path output, EventFormat format, EmulatorParameters parameters, long maxFrames,
      FrameSourceOptions read, FrameChain chain, Configuration conf) {
    return run(video, output, format, parameters, maxFrames, read, chain, false, conf);
  }

  /**
   * As {@link #run(Path, Path, EventFormat, EmulatorParameters, long, FrameSourceOptions, FrameChain,
   * Configuration)}; with {@code floatSeconds} the output is v2e's text layout instead, one event a
   * line {@code t x y p} with {@code t} the emulator's float32 seconds (printed exactly, shortest
   * round-trip form) and {@code p} 1 ON / 0 OFF ({@code format} must be CSV: a .csv or .txt file).
   */
  public static Result run(Path video, Path output, EventFormat format, EmulatorParameters parameters, long maxFrames,
      FrameSourceOptions read, FrameChain chain, boolean floatSeconds, Configuration conf) {
    Objects.requireNonNull(parameters, "parameters is null");
    if (floatSeconds && format != EventFormat.CSV) {
      throw new IllegalArgumentException("Invalid output for float seconds: " + output + " (expected a .txt or .csv file)");
    }
    long start = System.nanoTime();
    FrameSource decoded = FrameSources.open(video, conf, read);
    FrameSource limited = maxFrames == 0 ? decoded : new org.tnas.pipelines.video.CountedFrames(decoded, maxFrames);
    FrameChain.Opened opened;
    try {
      opened = chain.open(limited);
    } catch (RuntimeException e) {
      limited.close();
      throw e;
    }
    try (FrameSource frames = opened.frames()) {
      EventEmulator emulator = EventEmulator.forClip(parameters, frames.width(), frames.height(), video.getName());
      SensorGeometry geometry = new SensorGeometry(frames.width(), frames.height());
      EventBatch batch = new EventBatch(1 << 16);
      long count = 0;
      long on = 0;
      long frameCount = 0;
      Progress progress = Progress.onStderr("emulate " + video.getName(), "frames", 0);
      if (floatSeconds) {
        long[] counts = new long[2];
        try (java.io.Writer text = new java.io.BufferedWriter(new java.io.OutputStreamWriter(
            output.getFileSystem(conf).create(output, true), java.nio.charset.StandardCharsets.UTF_8), 1 << 16)) {
          StringBuilder line = new StringBuilder(64);
          org.tnas.pipelines.emulator.EventSink sink = (x, y, t, p) -> {
            line.setLength(0);
            line.append(Float.toString(t)).append(' ').append(x).append(' ').append(y).append(' ').append(p).append('\n');
            try {
              text.append(line);
            } catch (java.io.IOException e) {
              throw new java.io.UncheckedIOException("Cannot write " + output + ": " + e.getMessage(), e);
            }
            counts[0]++;
            counts[1] += p;
          };
          while (frames.hasNext()) {
            TimedFrame frame = frames.next();
            emulator.accept(frame.gray(), frame.timeSeconds(), sink);
            frameCount++;
            progress.advance(1);
          }
        } catch (java.io.IOException e) {
          throw new java.io.UncheckedIOException("Cannot write " + output + ": " + e.getMessage(), e);
        }
        progress.finish();
        return new Result(video.toString(), output.toString(), frames.width(), frames.height(), frames.fps(), frameCount,
            counts[0], counts[1], (System.nanoTime() - start) / 1e9);
      }
      try (EventWriter writer = EventFiles.create(output, conf, format, geometry)) {
        while (frames.hasNext()) {
          TimedFrame frame = frames.next();
          batch.clear();
          emulator.accept(frame.gray(), frame.timeSeconds(), batch);
          writer.write(batch);
          count += batch.size();
          on += batch.countOn();
          frameCount++;
          progress.advance(1);
        }
      }
      progress.finish();
      return new Result(video.toString(), output.toString(), frames.width(), frames.height(), frames.fps(), frameCount,
          count, on, (System.nanoTime() - start) / 1e9);
    }
  }

  /** The output format from a file name's extension. */
  public static EventFormat formatOf(String name) {
    String lower = name.toLowerCase(Locale.ROOT);
    if (lower.endsWith(".npy")) {
      return EventFormat.NPY;
    }
    if (lower.endsWith(".h5") || lower.endsWith(".hdf5")) {
      return EventFormat.HDF5;
    }
    if (lower.endsWith(".csv") || lower.endsWith(".txt")) {
      return EventFormat.CSV;
    }
    throw new IllegalArgumentException("Invalid output file: " + name + " (expected .npy, .h5 or .csv)");
  }
}
