package org.tnas.pipelines.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.apache.hadoop.conf.Configuration;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.OpenCVFrameConverter;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.global.opencv_imgproc;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Size;
import org.tnas.formats.testing.SharedData;
import org.tnas.pipelines.video.TimedFrame;
import org.tnas.pipelines.video.FrameSource;
import org.tnas.pipelines.video.FrameSourceOptions;
import org.tnas.pipelines.video.FrameSources;

/**
 * Makes the long 1080p clip of the memory check in docs/video-and-face.md: the frames of the shared
 * franck.mp4 (a real face, 360x288, 24 fps) upscaled to 1920x1080 (INTER_LINEAR) and encoded as
 * MPEG-4 Part 2 at 24 fps, as {@code <dir>/face/long1080p.mp4} (a generic-layout dataset of one
 * clip labelled "face"). Arguments: output directory, frame count (default 2400 = 100 s).
 *
 * <pre>
 * mvn -o -q -pl pipelines test-compile exec:exec -Dexec.mainClass=org.tnas.pipelines.bench.LongVideoMaker \
 *     "-Dexec.benchmarkArgs=/tmp/long 2400"
 * </pre>
 */
public final class LongVideoMaker {
  private LongVideoMaker() {}

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args.length > 0 ? args[0] : "/tmp/long");
    int frames = args.length > 1 ? Integer.parseInt(args[1]) : 2400;
    Path clip = Files.createDirectories(dir.resolve("face")).resolve("long1080p.mp4");
    long start = System.nanoTime();
    try (FrameSource source = FrameSources.open(new org.apache.hadoop.fs.Path(SharedData.require("video/franck.mp4").toUri()),
            new Configuration(), FrameSourceOptions.DEFAULTS);
        FFmpegFrameRecorder recorder = new FFmpegFrameRecorder(clip.toFile(), 1920, 1080);
        OpenCVFrameConverter.ToMat converter = new OpenCVFrameConverter.ToMat();
        Mat gray = new Mat(source.height(), source.width(), opencv_core.CV_8UC1);
        Mat large = new Mat();
        Mat colour = new Mat();
        Size size = new Size(1920, 1080)) {
      recorder.setFormat("mp4");
      recorder.setVideoCodec(avcodec.AV_CODEC_ID_MPEG4);
      recorder.setVideoBitrate(8_000_000);
      recorder.setFrameRate(source.fps());
      recorder.start();
      byte[] bytes = new byte[source.width() * source.height()];
      for (int i = 0; i < frames && source.hasNext(); i++) {
        TimedFrame frame = source.next();
        float[] values = frame.gray();
        for (int p = 0; p < bytes.length; p++) {
          bytes[p] = (byte) Math.round(values[p]);
        }
        gray.data().put(bytes, 0, bytes.length);
        opencv_imgproc.resize(gray, large, size, 0, 0, opencv_imgproc.INTER_LINEAR);
        opencv_imgproc.cvtColor(large, colour, opencv_imgproc.COLOR_GRAY2BGR);
        Frame encoded = converter.convert(colour);
        recorder.record(encoded);
      }
      recorder.stop();
    }
    System.out.printf(Locale.ROOT, "wrote %s (%d frames of 1920x1080, %.1f MB) in %.1f s%n", clip, frames,
        Files.size(clip) / 1e6, (System.nanoTime() - start) / 1e9);
  }
}
