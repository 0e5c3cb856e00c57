package org.tnas.pipelines.synthesize;

import java.io.Serial;
import java.io.Serializable;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.tnas.formats.config.ConfigKey;
import org.tnas.formats.config.StrictConfig;
import org.tnas.formats.shards.ShardWriterOptions;
import org.tnas.pipelines.emulator.EmulatorParameters;
import org.tnas.pipelines.synthetic.SyntheticClips;
import org.tnas.pipelines.synthetic.SyntheticSamples;

/**
 * Settings of {@code tnas synthesize}: a labelled synthetic event data set ("synthetic" everywhere
 * it appears) made by rendering {@link SyntheticClips} and converting them with the emulator.
 *
 * @param output shard set directory to create
 * @param mode {@code eye} (SEE's 7 classes, right eye with brow) or {@code face} (Spiking-FER's 6)
 * @param clipsPerClass clips of each class
 * @param frames frames per clip (at 30 fps)
 * @param width frame width in pixels
 * @param height frame height in pixels
 * @param preset emulator preset name (see {@link EmulatorParameters#presetNames()})
 * @param seed the run seed every clip's randomness derives from
 * @param clipsPerTask clips converted by one Spark task
 * @param targetShardBytes target shard size
 * @param overwrite replace an existing output
 */
public record SynthesizeSettings(String output, String mode, int clipsPerClass, int frames, int width, int height,
    String preset, long seed, int clipsPerTask, long targetShardBytes, boolean overwrite) implements Serializable {
  @Serial private static final long serialVersionUID = 1L;

  public static final ConfigKey<String> OUTPUT = ConfigKey.string("synthesize.output", null, "shard set directory to create (any Hadoop FS URI)");
  public static final ConfigKey<String> MODE = ConfigKey.string("synthesize.mode", "eye", "eye (SEE's 7 classes) or face (Spiking-FER's 6 classes)");
  public static final ConfigKey<Integer> CLIPS_PER_CLASS = ConfigKey.integer("synthesize.clips-per-class", 20, 1, 1_000_000, "clips of each class");
  public static final ConfigKey<Integer> FRAMES = ConfigKey.integer("synthesize.frames", 30, 2, 100_000, "frames per clip at 30 fps");
  public static final ConfigKey<Integer> WIDTH = ConfigKey.integer("synthesize.width", 0, 0, 4096, "frame width (0: 64 for eye, 96 for face)");
  public static final ConfigKey<Integer> HEIGHT = ConfigKey.integer("synthesize.height", 0, 0, 4096, "frame height (0: 48 for eye, 96 for face)");
  public static final ConfigKey<String> PRESET = ConfigKey.string("synthesize.preset", "spiking-fer", "emulator preset: " + String.join(", ", EmulatorParameters.presetNames()));
  public static final ConfigKey<Long> SEED = ConfigKey.longInteger("synthesize.seed", 1L, Long.MIN_VALUE, Long.MAX_VALUE, "run seed");
  public static final ConfigKey<Integer> CLIPS_PER_TASK = ConfigKey.integer("synthesize.clips-per-task", 16, 1, 1_000_000, "clips converted by one Spark task");
  public static final ConfigKey<Integer> TARGET_SHARD_MB = ConfigKey.integer("synthesize.target-shard-mb", 64, 1, 65_536, "target size of one shard file in MiB");
  public static final ConfigKey<Boolean> OVERWRITE = ConfigKey.bool("synthesize.overwrite", false, "replace an existing shard set at the output");

  /** Every key the job accepts. */
  public static final List<ConfigKey<?>> KEYS =
      List.of(OUTPUT, MODE, CLIPS_PER_CLASS, FRAMES, WIDTH, HEIGHT, PRESET, SEED, CLIPS_PER_TASK, TARGET_SHARD_MB, OVERWRITE);

  public SynthesizeSettings {
    Objects.requireNonNull(output, "output is null");
    Objects.requireNonNull(mode, "mode is null");
    Objects.requireNonNull(preset, "preset is null");
    if (!mode.equals("eye") && !mode.equals("face")) {
      throw new IllegalArgumentException("Invalid synthetic mode: " + mode + " (expected eye or face)");
    }
    EmulatorParameters.preset(preset);
    if (clipsPerClass < 1 || frames < 2 || width < 16 || height < 16 || clipsPerTask < 1 || targetShardBytes < 1) {
      throw new IllegalArgumentException(String.format(Locale.ROOT,
          "Invalid synthetic data set: %d clips per class, %d frames, %dx%d, %d clips per task", clipsPerClass, frames,
          width, height, clipsPerTask));
    }
  }

  /** Resolves the settings from a strict configuration. */
  public static SynthesizeSettings from(StrictConfig config) {
    String mode = config.get(MODE).toLowerCase(Locale.ROOT);
    int width = config.get(WIDTH) > 0 ? config.get(WIDTH) : mode.equals("face") ? 96 : 64;
    int height = config.get(HEIGHT) > 0 ? config.get(HEIGHT) : mode.equals("face") ? 96 : 48;
    return new SynthesizeSettings(config.get(OUTPUT), mode, config.get(CLIPS_PER_CLASS), config.get(FRAMES), width,
        height, config.get(PRESET), config.get(SEED), config.get(CLIPS_PER_TASK), config.get(TARGET_SHARD_MB) * (1L << 20),
        config.get(OVERWRITE));
  }

  /** The class names of the mode. */
  public List<String> classNames() {
    return mode.equals("face") ? SyntheticClips.FACE_CLASSES : SyntheticClips.EYE_CLASSES;
  }

  /** Number of clips. */
  public int clipCount() {
    return clipsPerClass * classNames().size();
  }

  /** The kind of clip of the mode. */
  public SyntheticSamples.Kind kind() {
    return mode.equals("face") ? SyntheticSamples.Kind.FACE : SyntheticSamples.Kind.EYE;
  }

  /**
   * Clip {@code n} (0-based): class {@code n % classes}, sample index {@code n / classes}, rendered
   * and converted with the preset's emulator (see {@link SyntheticSamples#generate}).
   */
  public SyntheticSamples.Sample sample(int n) {
    int classes = classNames().size();
    return SyntheticSamples.generate(kind(), n % classes, n / classes, seed, frames, width, height,
        EmulatorParameters.preset(preset).withSeed(seed));
  }

  public ShardWriterOptions writerOptions() {
    return ShardWriterOptions.defaults().withTargetShardBytes(targetShardBytes);
  }
}
