package org.tnas.pipelines.importer;

import java.io.Serial;
import java.io.Serializable;
import java.util.List;
import java.util.Objects;
import org.tnas.formats.config.ConfigKey;
import org.tnas.formats.config.StrictConfig;
import org.tnas.formats.events.EventFormat;
import org.tnas.formats.events.SensorGeometry;
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
 */
public record ImportSettings(
    List<String> inputs,
    String output,
    EventFormat format,
    String dataset,
    SensorGeometry geometry,
    int filesPerTask,
    long targetShardBytes,
    boolean overwrite)
    implements Serializable {
  @Serial private static final long serialVersionUID = 1L;

  public static final ConfigKey<String> OUTPUT = ConfigKey.string("import.output", null, "shard set directory to create (any Hadoop FS URI)");
  public static final ConfigKey<String> FORMAT = ConfigKey.string("import.format", "auto", "event format of every input, or auto to detect per file");
  public static final ConfigKey<String> DATASET = ConfigKey.string("import.dataset", "", "dataset name written into each sample record");
  public static final ConfigKey<String> SENSOR = ConfigKey.string("import.sensor", "", "WIDTHxHEIGHT assumed when a file declares no geometry (empty: infer max x/y + 1)");
  public static final ConfigKey<Integer> FILES_PER_TASK = ConfigKey.integer("import.files-per-task", 16, 1, 1_000_000, "input files converted by one Spark task");
  public static final ConfigKey<Integer> TARGET_SHARD_MB = ConfigKey.integer("import.target-shard-mb", 256, 1, 65_536, "target size of one shard file in MiB");
  public static final ConfigKey<Boolean> OVERWRITE = ConfigKey.bool("import.overwrite", false, "replace an existing shard set at the output");

  /** Every key an import accepts. */
  public static final List<ConfigKey<?>> KEYS = List.of(OUTPUT, FORMAT, DATASET, SENSOR, FILES_PER_TASK, TARGET_SHARD_MB, OVERWRITE);

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
        config.get(OVERWRITE));
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
