package org.tnas.pipelines.convert;

import java.io.Serial;
import java.io.Serializable;
import java.util.List;
import java.util.Objects;
import org.tnas.formats.config.ConfigKey;
import org.tnas.formats.config.StrictConfig;
import org.tnas.formats.shards.ShardWriterOptions;
import org.tnas.pipelines.emulator.EmulatorParameters;

/**
 * Settings of {@code tnas convert}: a folder of labelled videos ({@code <input>/<label>/<clip>.mp4})
 * converted to events by the emulator and written as a shard set.
 *
 * @param input the dataset root (any Hadoop FS URI)
 * @param output the shard set directory to create
 * @param dataset dataset name written into every sample record
 * @param preset emulator preset
 * @param seed the run seed (each clip's emulator seed derives from it and the sample id)
 * @param maxFrames frames per clip at most (0: all)
 * @param clipsPerTask clips converted by one Spark task
 * @param targetShardBytes target shard size
 * @param overwrite replace an existing output
 * @param layout {@code generic} ({@code <root>/<label>/<clip>.mp4}) or {@code ckplus} (CK+ image sequences)
 * @param folds a Spiking-FER folds.csv whose test folds are written into the sample records, or empty
 * @param fps frame rate of image sequences
 * @param upsample temporal upsampling factor by linear interpolation (1: none)
 */
public record ConvertSettings(String input, String output, String dataset, String preset, long seed, long maxFrames,
    int clipsPerTask, long targetShardBytes, boolean overwrite, String layout, String folds, double fps, int upsample)
    implements Serializable {
  @Serial private static final long serialVersionUID = 1L;

  public static final ConfigKey<String> INPUT = ConfigKey.string("convert.input", null, "dataset root: <root>/<label>/<clip>.(mp4|avi|mov|mkv|mpeg|mpg|webm)");
  public static final ConfigKey<String> OUTPUT = ConfigKey.string("convert.output", null, "shard set directory to create (any Hadoop FS URI)");
  public static final ConfigKey<String> DATASET = ConfigKey.string("convert.dataset", "videos", "dataset name written into each sample record");
  public static final ConfigKey<String> PRESET = ConfigKey.string("convert.preset", "spiking-fer", "emulator preset: " + String.join(", ", EmulatorParameters.presetNames()));
  public static final ConfigKey<Long> SEED = ConfigKey.longInteger("convert.seed", 1L, Long.MIN_VALUE, Long.MAX_VALUE, "run seed of mismatch and noise");
  public static final ConfigKey<Long> MAX_FRAMES = ConfigKey.longInteger("convert.max-frames", 0L, 0, Long.MAX_VALUE, "frames per clip at most (0: all)");
  public static final ConfigKey<Integer> CLIPS_PER_TASK = ConfigKey.integer("convert.clips-per-task", 4, 1, 1_000_000, "clips converted by one Spark task");
  public static final ConfigKey<Integer> TARGET_SHARD_MB = ConfigKey.integer("convert.target-shard-mb", 256, 1, 65_536, "target size of one shard file in MiB");
  public static final ConfigKey<Boolean> OVERWRITE = ConfigKey.bool("convert.overwrite", false, "replace an existing shard set at the output");

  public static final ConfigKey<String> LAYOUT = ConfigKey.string("convert.layout", "generic", "generic (<root>/<label>/<clip>.mp4) or ckplus (cohn-kanade-images + Emotion)");
  public static final ConfigKey<String> FOLDS = ConfigKey.string("convert.folds", "", "Spiking-FER folds.csv: test folds written into the sample records (empty: none)");
  public static final ConfigKey<Integer> UPSAMPLE = ConfigKey.integer("convert.upsample", 1, 1, 1_000, "temporal upsampling factor by linear interpolation between frames (1: none)");
  public static final ConfigKey<Double> FPS = ConfigKey.decimal("convert.fps", 30.0, 0.001, 100_000, "frame rate of image sequences (CK+: 30)");

  /** Every key the job accepts. */
  public static final List<ConfigKey<?>> KEYS =
      List.of(INPUT, OUTPUT, DATASET, PRESET, SEED, MAX_FRAMES, CLIPS_PER_TASK, TARGET_SHARD_MB, OVERWRITE, LAYOUT, FOLDS, FPS, UPSAMPLE);

  public ConvertSettings {
    Objects.requireNonNull(input, "input is null");
    Objects.requireNonNull(output, "output is null");
    Objects.requireNonNull(dataset, "dataset is null");
    EmulatorParameters.preset(preset);
    Objects.requireNonNull(folds, "folds is null");
    if (upsample < 1) {
      throw new IllegalArgumentException("Invalid convert.upsample: " + upsample);
    }
    if (!"generic".equals(layout) && !"ckplus".equals(layout)) {
      throw new IllegalArgumentException("Invalid convert.layout: " + layout + " (expected generic or ckplus)");
    }
  }

  public static ConvertSettings from(StrictConfig config) {
    return new ConvertSettings(config.get(INPUT), config.get(OUTPUT), config.get(DATASET), config.get(PRESET),
        config.get(SEED), config.get(MAX_FRAMES), config.get(CLIPS_PER_TASK), config.get(TARGET_SHARD_MB) * (1L << 20),
        config.get(OVERWRITE), config.get(LAYOUT).toLowerCase(java.util.Locale.ROOT), config.get(FOLDS), config.get(FPS), config.get(UPSAMPLE));
  }

  public ShardWriterOptions writerOptions() {
    return ShardWriterOptions.defaults().withTargetShardBytes(targetShardBytes);
  }

  /** The emulator parameters of the run (each clip derives its own seed). */
  public EmulatorParameters parameters() {
    return EmulatorParameters.preset(preset).withSeed(seed);
  }
}
