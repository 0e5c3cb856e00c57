package org.tnas.pipelines.importer;

import java.io.Serial;
import java.io.Serializable;
import java.util.List;
import java.util.Objects;
import org.tnas.formats.config.ConfigKey;
import org.tnas.formats.config.StrictConfig;
import org.tnas.formats.events.EventFormat;
import org.tnas.formats.events.SensorGeometry;
import org.tnas.formats.io.EventReadOptions;
import org.tnas.formats.io.Evt3Reader;
import org.tnas.formats.shards.ShardWriterOptions;

/**
 * The typed settings of an import, resolved from a {@link StrictConfig} on the driver and shipped
 * to executors (small and serialisable).
 *
 * @param inputs input files, directories or glob patterns (any Hadoop FS URI)
 * @param output the shard set directory to create
 * @param format the forced format, or null to detect per file
 * @param dataset dataset name written into every sample record
 * @param geometry the sensor geometry to assume when a file declares none, or null to infer it
 * @param filesPerTask how many files one Spark task converts
 * @param targetShardBytes target size of one shard file
 * @param overwrite whether an existing shard set at {@code output} is replaced
 * @param evt3Timing how EVT 3.0 timestamps are rebuilt (the format's definition, or the
 *     expelliarmus reference decoder's counting, see {@link Evt3Reader})
 * @param compactShards merge the tasks' small shards into shards near the target size before the
 *     manifest is committed (as {@code convert.compact-shards})
 */
public record ImportSettings(
    List<String> inputs,
    String output,
    EventFormat format,
    String dataset,
    SensorGeometry geometry,
    int filesPerTask,
    long targetShardBytes,
    boolean overwrite,
    Evt3Reader.TimeReconstruction evt3Timing,
    boolean compactShards)
    implements Serializable {
  @Serial private static final long serialVersionUID = 1L;

  public static final ConfigKey<String> OUTPUT = ConfigKey.string("import.output", null, "shard set directory to create (any Hadoop FS URI)");
  public static final ConfigKey<String> FORMAT = ConfigKey.string("import.format", "auto", "event format of every input, or auto to detect per file");
  public static final ConfigKey<String> DATASET = ConfigKey.string("import.dataset", "", "dataset name written into each sample record");
  public static final ConfigKey<String> SENSOR = ConfigKey.string("import.sensor", "", "WIDTHxHEIGHT assumed when a file declares no geometry (empty: infer max x/y + 1)");
  public static final ConfigKey<Integer> FILES_PER_TASK = ConfigKey.integer("import.files-per-task", 16, 1, 1_000_000, "input files converted by one Spark task");
  public static final ConfigKey<Integer> TARGET_SHARD_MB = ConfigKey.integer("import.target-shard-mb", 256, 1, 65_536, "target size of one shard file in MiB");
  public static final ConfigKey<Boolean> OVERWRITE = ConfigKey.bool("import.overwrite", false, "replace an existing shard set at the output");
  public static final ConfigKey<Boolean> COMPACT = ConfigKey.bool("import.compact-shards", true, "merge the tasks' small shards into shards near the target size before the manifest is committed");
  public static final ConfigKey<String> EVT3_TIMING = ConfigKey.string("import.evt3-timing", "official",
      "EVT 3.0 timestamps: official (the format's definition) or expelliarmus (the reference decoder's counting, which adds 4096 us per TIME_LOW decrease)");

  /** Every key an import accepts. */
  public static final List<ConfigKey<?>> KEYS = List.of(OUTPUT, FORMAT, DATASET, SENSOR, FILES_PER_TASK, TARGET_SHARD_MB, OVERWRITE, EVT3_TIMING, COMPACT);

  public ImportSettings {
    inputs = List.copyOf(Objects.requireNonNull(inputs, "inputs is null"));
    Objects.requireNonNull(output, "output is null");
    Objects.requireNonNull(dataset, "dataset is null");
    if (inputs.isEmpty()) {
      throw new IllegalArgumentException("Invalid inputs: none given");
    }
    if (filesPerTask <= 0) {
      throw new IllegalArgumentException("Invalid files per task: " + filesPerTask);
    }
    if (targetShardBytes <= 0) {
      throw new IllegalArgumentException("Invalid target shard size: " + targetShardBytes);
    }
    Objects.requireNonNull(evt3Timing, "evt3Timing is null");
  }

  /** Settings with the format's own EVT 3.0 timing and shard compaction. */
  public ImportSettings(List<String> inputs, String output, EventFormat format, String dataset, SensorGeometry geometry,
      int filesPerTask, long targetShardBytes, boolean overwrite) {
    this(inputs, output, format, dataset, geometry, filesPerTask, targetShardBytes, overwrite,
        Evt3Reader.TimeReconstruction.OFFICIAL, true);
  }

  /** A copy with shard compaction switched on or off. */
  public ImportSettings withCompactShards(boolean compact) {
    return new ImportSettings(inputs, output, format, dataset, geometry, filesPerTask, targetShardBytes, overwrite, evt3Timing, compact);
  }

  /** Resolves the settings from a strict configuration. */
  public static ImportSettings from(List<String> inputs, StrictConfig config) {
    String format = config.get(FORMAT);
    String sensor = config.get(SENSOR);
    return new ImportSettings(
        inputs,
        config.get(OUTPUT),
        format.equalsIgnoreCase("auto") ? null : EventFormat.fromId(format),
        config.get(DATASET),
        sensor.isEmpty() ? null : parseGeometry(sensor),
        config.get(FILES_PER_TASK),
        config.get(TARGET_SHARD_MB) * (1L << 20),
        config.get(OVERWRITE),
        parseEvt3Timing(config.get(EVT3_TIMING)),
        config.get(COMPACT));
  }

  /** Parses {@code official} or {@code expelliarmus}. */
  public static Evt3Reader.TimeReconstruction parseEvt3Timing(String text) {
    return switch (text.trim().toLowerCase(java.util.Locale.ROOT)) {
      case "official" -> Evt3Reader.TimeReconstruction.OFFICIAL;
      case "expelliarmus" -> Evt3Reader.TimeReconstruction.EXPELLIARMUS_COMPATIBLE;
      default -> throw new IllegalArgumentException("Invalid EVT3 timing: " + text + " (expected official or expelliarmus)");
    };
  }

  /** The reader options these settings imply. */
  public EventReadOptions readOptions() {
    return EventReadOptions.defaults().withEvt3Timing(evt3Timing);
  }

  /** The shard writer options these settings imply. */
  public ShardWriterOptions writerOptions() {
    return ShardWriterOptions.defaults().withTargetShardBytes(targetShardBytes);
  }

  /** Parses {@code WIDTHxHEIGHT}. */
  public static SensorGeometry parseGeometry(String text) {
    String[] parts = text.trim().toLowerCase(java.util.Locale.ROOT).split("x");
    if (parts.length != 2) {
      throw new IllegalArgumentException("Invalid sensor size: " + text + " (expected WIDTHxHEIGHT, e.g. 346x260)");
    }
    try {
      return new SensorGeometry(Integer.parseInt(parts[0]), Integer.parseInt(parts[1]));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("Invalid sensor size: " + text + " (expected WIDTHxHEIGHT, e.g. 346x260)", e);
    }
  }
}
