package org.tnas.pipelines.inspect;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.tnas.formats.errors.EventErrorCode;
import org.tnas.formats.errors.EventFormatException;
import org.tnas.formats.events.EventBatch;
import org.tnas.formats.events.EventFormat;
import org.tnas.formats.events.EventReader;
import org.tnas.formats.events.EventStatistics;
import org.tnas.formats.events.SensorGeometry;
import org.tnas.formats.io.EventFiles;
import org.tnas.formats.shards.Manifest;
import org.tnas.formats.shards.SampleEntry;
import org.tnas.formats.shards.ShardFile;
import org.tnas.formats.shards.ShardInfo;

/**
 * Summarises an event file (streamed, bounded memory), one Arrow shard, or a committed shard set
 * directory (every shard the manifest lists, streamed).
 */
public final class Inspector {
  private static final int BATCH = 1 << 16;

  private Inspector() {}

  /**
   * @param formatId a forced format id (see {@link EventFormat#id()}) or null to detect
   */
  public static Inspection inspect(Path path, Configuration conf, String formatId) {
    EventFormat format = formatId == null ? null : EventFormat.fromId(formatId);
    FileStatus status;
    try {
      FileSystem fs = path.getFileSystem(conf);
      status = fs.getFileStatus(path);
    } catch (java.io.FileNotFoundException e) {
      throw new EventFormatException(EventErrorCode.INPUT_NOT_FOUND, path.toString(), -1, "Cannot inspect: no such file or directory");
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot inspect " + path + ": " + e.getMessage(), e);
    }
    if (status.isDirectory()) {
      return dataset(path, conf);
    }
    if (format == null) {
      format = EventFiles.detect(path, conf);
    }
    if (format == EventFormat.ARROW_SHARD) {
      return shard(path, conf);
    }
    return eventFile(path, conf, format);
  }

  static Inspection eventFile(Path path, Configuration conf, EventFormat format) {
    EventStatistics statistics = new EventStatistics();
    Optional<SensorGeometry> declared;
    try (EventReader reader = EventFiles.open(path, conf, format)) {
      EventBatch batch = new EventBatch(BATCH);
      while (true) {
        batch.clear();
        if (reader.read(batch, BATCH) == 0) {
          break;
        }
        statistics.accept(batch);
      }
      declared = reader.geometry();
    }
    SensorGeometry geometry = declared.orElse(statistics.inferredGeometry().orElse(null));
    String source = declared.isPresent() ? "declared" : geometry == null ? "unknown" : "inferred";
    return new Inspection(path.toString(), "event-file", format.id(), geometry, source, statistics, Map.of());
  }

  static Inspection shard(Path path, Configuration conf) {
    try (ShardFile shard = ShardFile.open(path, conf)) {
      EventStatistics statistics = shard.statistics();
      Map<String, Object> extra = new LinkedHashMap<>();
      extra.put("samples", shard.samples().size());
      extra.put("record_batches", shard.batchCount());
      extra.put("bytes", shard.byteSize());
      extra.put("schema_version", shard.schemaVersion());
      SensorGeometry geometry = commonGeometry(shard.samples(), extra);
      return new Inspection(path.toString(), "shard", EventFormat.ARROW_SHARD.id(), geometry,
          geometry == null ? "unknown" : "declared", statistics, extra);
    }
  }

  static Inspection dataset(Path dir, Configuration conf) {
    Manifest manifest = Manifest.read(dir, conf);
    EventStatistics statistics = new EventStatistics();
    java.util.List<SampleEntry> samples = new java.util.ArrayList<>();
    for (ShardInfo info : manifest.shards()) {
      try (ShardFile shard = ShardFile.open(new Path(dir, info.fileName()), conf)) {
        statistics.merge(shard.statistics());
      }
      samples.addAll(info.samples());
    }
    Map<String, Object> extra = new LinkedHashMap<>();
    extra.put("samples", manifest.sampleCount());
    extra.put("shards", manifest.shards().size());
    extra.put("bytes", manifest.byteSize());
    TreeSet<String> labels = new TreeSet<>();
    for (SampleEntry entry : samples) {
      if (entry.record().isLabelled()) {
        labels.add(entry.record().labelIndex() + ":" + entry.record().labelName());
      }
    }
    extra.put("labels", labels.isEmpty() ? null : String.join(",", labels));
    SensorGeometry geometry = commonGeometry(samples, extra);
    return new Inspection(dir.toString(), "dataset", EventFormat.ARROW_SHARD.id(), geometry,
        geometry == null ? "unknown" : "declared", statistics, extra);
  }

  private static SensorGeometry commonGeometry(java.util.List<SampleEntry> samples, Map<String, Object> extra) {
    TreeSet<String> sizes = new TreeSet<>();
    SensorGeometry first = null;
    for (SampleEntry entry : samples) {
      sizes.add(entry.geometry().toString());
      first = first == null ? entry.geometry() : first;
    }
    if (sizes.size() > 1) {
      extra.put("sensor_sizes", String.join(",", sizes));
      return null;
    }
    return first;
  }
}
