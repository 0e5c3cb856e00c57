package org.tnas.pipelines.synthesize;

import java.io.Serial;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;
import org.tnas.formats.events.SensorGeometry;
import org.tnas.formats.shards.Manifest;
import org.tnas.formats.shards.ShardInfo;
import org.tnas.formats.shards.ShardSetWriter;
import org.tnas.pipelines.spark.Preflight;
import org.tnas.pipelines.spark.SerializableHadoopConf;
import org.tnas.pipelines.spark.ShardJobs;
import org.tnas.pipelines.synthetic.SyntheticSamples;

/**
 * The Spark job behind {@code tnas synthesize}: renders labelled synthetic clips, converts them to
 * events with the v2e-exact emulator and writes a committed shard set. Clips are cut into groups of
 * {@code synthesize.clips-per-task} (one Spark task each); the result depends only on the
 * settings, never on the cluster size.
 */
public final class SynthesizeJob {
  private SynthesizeJob() {}

  /** One task: clips {@code [from, to)}. */
  record ClipRange(int index, int from, int to) implements Serializable {
    @Serial private static final long serialVersionUID = 1L;
  }

  /** What one task produced. */
  record Outcome(List<ShardInfo> shards, long frames, long events) implements Serializable {
    @Serial private static final long serialVersionUID = 1L;
  }

  public static SynthesizeResult run(SynthesizeSettings settings, SparkSession spark) {
    long start = System.nanoTime();
    Configuration conf = spark.sparkContext().hadoopConfiguration();
    Path output = new Path(settings.output());
    Preflight.checkFileSystems(List.of(settings.output()), "synthesize.output");
    ShardJobs.prepareOutput(output, conf, settings.overwrite(), "synthesize");
    List<ClipRange> ranges = new ArrayList<>();
    for (int from = 0, index = 0; from < settings.clipCount(); from += settings.clipsPerTask(), index++) {
      ranges.add(new ClipRange(index, from, Math.min(settings.clipCount(), from + settings.clipsPerTask())));
    }
    SerializableHadoopConf shippedConf = new SerializableHadoopConf(conf);
    List<Outcome> outcomes = ShardJobs.runTasks(spark, "synthesize", ranges, range -> convert(range, settings, shippedConf.get()));

    List<ShardInfo> shards = new ArrayList<>();
    long frames = 0;
    long events = 0;
    for (Outcome outcome : outcomes) {
      shards.addAll(outcome.shards());
      frames += outcome.frames();
      events += outcome.events();
    }
    Map<String, String> properties = new LinkedHashMap<>();
    properties.put("created_by", "tnas synthesize");
    properties.put("dataset", "synthetic");
    properties.put("classes", String.join(",", settings.classNames()));
    properties.put("mode", settings.mode());
    properties.put("emulator_preset", settings.preset());
    properties.put("seed", Long.toString(settings.seed()));
    Manifest.commit(output, conf, shards, properties);
    return new SynthesizeResult(output.toString(), settings.clipCount(), frames, events, shards.size(),
        (System.nanoTime() - start) / 1e9);
  }

  static Outcome convert(ClipRange range, SynthesizeSettings settings, Configuration conf) {
    long frames = 0;
    long events = 0;
    try (ShardSetWriter writer = ShardSetWriter.open(new Path(settings.output()), conf, settings.writerOptions(),
        ShardJobs.writerId("synthetic", range.index()))) {
      for (int n = range.from(); n < range.to(); n++) {
        SyntheticSamples.Sample sample = settings.sample(n);
        writer.write(sample.record(), new SensorGeometry(settings.width(), settings.height()), sample.events());
        frames += settings.frames();
      }
      List<ShardInfo> shards = writer.finish();
      for (ShardInfo shard : shards) {
        events += shard.eventCount();
      }
      return new Outcome(shards, frames, events);
    }
  }
}
