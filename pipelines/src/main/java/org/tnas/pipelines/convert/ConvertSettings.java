package org.tnas.pipelines.convert;

import java.io.Serial;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.tnas.formats.config.ConfigKey;
import org.tnas.formats.config.StrictConfig;
import org.tnas.formats.shards.ShardWriterOptions;
import org.tnas.pipelines.datasets.DatasetAdapters;
import org.tnas.pipelines.emulator.EmulatorParameter;
import org.tnas.pipelines.emulator.EmulatorParameters;
import org.tnas.pipelines.face.AlignmentOptions;
import org.tnas.pipelines.face.FaceStandardiser;
import org.tnas.pipelines.video.FrameSourceOptions;

/**
 * Settings of {@code tnas convert}: a dataset of one of the adapters' layouts (see
 * docs/datasets.md) converted to events and written as a shard set. Immutable and serialisable
 * (shipped to the Spark tasks). Build it with {@link #from(StrictConfig)} or {@link #of(Map)};
 * every key is in {@link #KEYS}.
 *
 * <p>Three settings default to {@code auto}, which follows the Spiking-FER benchmark for its four
 * face datasets ({@code ckplus}, {@code oulu}, {@code adfes}, {@code mmi}: face standardised to
 * 200x200, resampled to 30 fps, optical-flow upsampling with v2e's factor rule) and leaves the frames
 * as they are for {@code see} and {@code generic}.
 *
 * @param input the dataset root (any Hadoop FS URI)
 * @param output the shard set directory to create
 * @param dataset dataset name written into every sample record (empty: the layout's name)
 * @param preset emulator preset
 * @param seed the run seed (each clip's emulator seed derives from it and the sample id)
 * @param maxFrames source frames per clip at most (0: all)
 * @param clipsPerTask clips converted by one Spark task
 * @param targetShardBytes target shard size
 * @param overwrite replace an existing output
 * @param layout the dataset adapter ({@link DatasetAdapters#NAMES})
 * @param layoutOptions the adapter's options ({@code key=value} pairs)
 * @param folds a Spiking-FER folds.csv joined with the clips (test folds into the sample records;
 *     clips without a row are reported), or empty
 * @param fps frame rate of image sequences whose layout does not document one
 * @param targetFps {@code auto}, {@code keep} or a frame rate to resample every clip to
 * @param face {@code auto}, {@code face}, {@code right-eye} or {@code none}
 * @param faceSize side of the standardised face in pixels
 * @param eyeSize side of the right-eye region in pixels
 * @param resize the size to resize frames to when no face standardisation runs, or {@link FrameSize#KEEP}
 * @param upsampling the temporal upsampling ({@link Upsampling.Auto}: the layout's recipe)
 * @param minAlignedFraction clips whose face is aligned in fewer of their frames are reported, not converted
 * @param eventFrameThreshold gray-level distance from an event frame's background that counts as an event
 * @param faceDetectionInterval run the face detector on every k-th frame, tracking landmarks in between
 * @param compactShards merge the tasks' small shards into shards near the target size before the commit
 * @param emulatorOverrides v2e parameters set explicitly ({@code convert.emulator.*}); the preset fills the others
 */
public record ConvertSettings(String input, String output, String dataset, String preset, long seed, long maxFrames,
    int clipsPerTask, long targetShardBytes, boolean overwrite, String layout, Map<String, String> layoutOptions,
    String folds, double fps, FrameRate targetFps, FaceSetting face, int faceSize, int eyeSize, FrameSize resize,
    Upsampling upsampling, double minAlignedFraction, int eventFrameThreshold, int faceDetectionInterval,
    boolean compactShards,
    Map<EmulatorParameter, Double> emulatorOverrides) implements Serializable {
  @Serial private static final long serialVersionUID = 3L;

  /** The layouts of the Spiking-FER face datasets, where {@code auto} means the benchmark's recipe. */
  public static final Set<String> FACE_LAYOUTS = Set.of("ckplus", "oulu", "adfes", "mmi");
  /** The largest optical-flow upsampling factor when {@code flow} names none. */
  public static final int DEFAULT_FLOW_MAX_FACTOR = Upsampling.DEFAULT_FLOW_MAX_FACTOR;
  /** Prefix of the keys that override one v2e parameter of the preset. */
  public static final String EMULATOR_PREFIX = "convert.emulator.";

  public static final ConfigKey<String> INPUT = ConfigKey.string("convert.input", null, "dataset root (any Hadoop FS URI) in the layout of convert.layout");
  public static final ConfigKey<String> OUTPUT = ConfigKey.string("convert.output", null, "shard set directory to create (any Hadoop FS URI)");
  public static final ConfigKey<String> DATASET = ConfigKey.string("convert.dataset", "", "dataset name written into each sample record (empty: the layout's name)");
  public static final ConfigKey<String> PRESET = ConfigKey.string("convert.preset", "spiking-fer", "emulator preset: " + String.join(", ", EmulatorParameters.presetNames()));
  public static final ConfigKey<Long> SEED = ConfigKey.longInteger("convert.seed", 1L, Long.MIN_VALUE, Long.MAX_VALUE, "run seed of mismatch and noise");
  public static final ConfigKey<Long> MAX_FRAMES = ConfigKey.longInteger("convert.max-frames", 0L, 0, Long.MAX_VALUE, "source frames per clip at most (0: all)");
  public static final ConfigKey<Integer> CLIPS_PER_TASK = ConfigKey.integer("convert.clips-per-task", 4, 1, 1_000_000, "clips converted by one Spark task");
  public static final ConfigKey<Integer> TARGET_SHARD_MB = ConfigKey.integer("convert.target-shard-mb", 256, 1, 65_536, "target size of one shard file in MiB");
  public static final ConfigKey<Integer> FACE_DETECTION_INTERVAL = ConfigKey.integer("convert.face-detection-interval", FaceStandardiser.DEFAULT_DETECTION_INTERVAL, 1, 1000, "run the face detector on every k-th frame and track the landmarks in between (re-detecting when tracking degrades); 1: every frame");
  public static final ConfigKey<Boolean> COMPACT = ConfigKey.bool("convert.compact-shards", true, "merge the tasks' small shards into shards near the target size before the manifest is committed");
  public static final ConfigKey<Boolean> OVERWRITE = ConfigKey.bool("convert.overwrite", false, "replace an existing shard set at the output");
  public static final ConfigKey<String> LAYOUT = ConfigKey.string("convert.layout", "generic", "dataset layout: " + String.join(", ", DatasetAdapters.NAMES) + " (docs/datasets.md)");
  public static final ConfigKey<String> LAYOUT_OPTIONS = ConfigKey.string("convert.layout-options", "", "the layout's options as key=value,key=value (oulu: part; adfes: subject-map; see: source, annotations; generic: manifest, classes; ckplus: folds)");
  public static final ConfigKey<String> FOLDS = ConfigKey.string("convert.folds", "", "Spiking-FER folds.csv joined with the clips: test folds into the sample records, clips without a row reported (empty: none)");
  public static final ConfigKey<Double> FPS = ConfigKey.decimal("convert.fps", 30.0, 0.001, 100_000, "frame rate of image sequences whose layout documents none (CK+: 30)");
  public static final ConfigKey<String> TARGET_FPS = ConfigKey.string("convert.target-fps", "auto", "resample clips to this frame rate: a number, keep, or auto (30 for the face datasets, keep otherwise)");
  public static final ConfigKey<String> FACE = ConfigKey.string("convert.face", "auto", "face standardisation: face (200x200 aligned face), right-eye (eye region as SEE), none, or auto (face for ckplus/oulu/adfes/mmi, none otherwise)");
  public static final ConfigKey<Integer> FACE_SIZE = ConfigKey.integer("convert.face-size", 200, 16, 4096, "side of the standardised face in pixels");
  public static final ConfigKey<Integer> EYE_SIZE = ConfigKey.integer("convert.eye-size", 90, 8, 4096, "side of the right-eye region in pixels (convert.face=right-eye)");
  public static final ConfigKey<String> RESIZE = ConfigKey.string("convert.resize", "", "WxH to resize frames to (INTER_AREA) when convert.face is none; empty: keep the source size");
  public static final ConfigKey<String> UPSAMPLING = ConfigKey.string("convert.upsampling", "auto", "temporal upsampling: none, linear:<k>, flow[:<max factor>][:<preset>][:<resolution>] (v2e's factor rule on DIS optical flow; max factor 16 by default; preset ultrafast (default), fast or medium (the only one before 2026-12-06); resolution half (default since 2026-12-06: flow of the frames shrunk by 2, scaled back) or full (before), e.g. flow:16:ultrafast:full), auto (flow:16:ultrafast:half for the face datasets, none otherwise)");
  public static final ConfigKey<Double> MIN_ALIGNED = ConfigKey.decimal("convert.min-aligned-fraction", 0.5, 0.0, 1.0, "clips whose face is aligned in fewer of their frames are reported, not converted");
  public static final ConfigKey<Integer> EVENT_FRAME_THRESHOLD = ConfigKey.integer("convert.event-frame-threshold", 48, 1, 255, "SEE event frames: gray-level distance from the frame's background that counts as an event");

  /** One key per v2e parameter ({@code convert.emulator.<name>}; empty: the preset's value). */
  public static final Map<EmulatorParameter, ConfigKey<String>> EMULATOR_KEYS = emulatorKeys();

  /** Every key the job accepts. */
  public static final List<ConfigKey<?>> KEYS = keys();

  private static Map<EmulatorParameter, ConfigKey<String>> emulatorKeys() {
    Map<EmulatorParameter, ConfigKey<String>> keys = new EnumMap<>(EmulatorParameter.class);
    for (EmulatorParameter parameter : EmulatorParameter.values()) {
      keys.put(parameter, ConfigKey.string(EMULATOR_PREFIX + parameter.key(), "",
          "v2e " + parameter.v2eName() + ": " + parameter.description() + "; empty: the preset's value"));
    }
    return Collections.unmodifiableMap(keys);
  }

  private static List<ConfigKey<?>> keys() {
    List<ConfigKey<?>> keys = new ArrayList<>(List.of(INPUT, OUTPUT, DATASET, PRESET, SEED, MAX_FRAMES, CLIPS_PER_TASK,
        TARGET_SHARD_MB, OVERWRITE, LAYOUT, LAYOUT_OPTIONS, FOLDS, FPS, TARGET_FPS, FACE, FACE_SIZE, EYE_SIZE, RESIZE,
        UPSAMPLING, MIN_ALIGNED, EVENT_FRAME_THRESHOLD, FACE_DETECTION_INTERVAL, COMPACT));
    keys.addAll(EMULATOR_KEYS.values());
    return List.copyOf(keys);
  }

  public ConvertSettings {
    Objects.requireNonNull(input, "input is null");
    Objects.requireNonNull(output, "output is null");
    Objects.requireNonNull(dataset, "dataset is null");
    Objects.requireNonNull(layout, "layout is null");
    Objects.requireNonNull(folds, "folds is null");
    Objects.requireNonNull(targetFps, "targetFps is null");
    Objects.requireNonNull(face, "face is null");
    Objects.requireNonNull(resize, "resize is null");
    Objects.requireNonNull(upsampling, "upsampling is null");
    Map<EmulatorParameter, Double> overrides = new EnumMap<>(EmulatorParameter.class);
    overrides.putAll(Objects.requireNonNull(emulatorOverrides, "emulatorOverrides is null"));
    emulatorOverrides = Collections.unmodifiableMap(overrides);
    // the preset and the overrides must make valid parameters (the record validates each value)
    EmulatorParameter.applyAll(EmulatorParameters.preset(preset), emulatorOverrides);
    layout = layout.strip().toLowerCase(Locale.ROOT);
    if (!DatasetAdapters.NAMES.contains(layout)) {
      throw new IllegalArgumentException("Invalid convert.layout: " + layout + " (expected one of " + String.join(", ", DatasetAdapters.NAMES) + ")");
    }
    layoutOptions = java.util.Collections.unmodifiableMap(new TreeMap<>(Objects.requireNonNull(layoutOptions, "layoutOptions is null")));
    if (clipsPerTask < 1) {
      throw new IllegalArgumentException("Invalid convert.clips-per-task: " + clipsPerTask);
    }
    if (!(minAlignedFraction >= 0 && minAlignedFraction <= 1)) {
      throw new IllegalArgumentException("Invalid convert.min-aligned-fraction: " + minAlignedFraction + " (expected 0..1)");
    }
    if (!resize.isKeep() && resolveFace(face, layout) != FaceSetting.NONE) {
      throw new IllegalArgumentException("Invalid convert.resize: " + resize + " (face standardisation sets the size: use convert.face-size"
          + " or convert.eye-size, or set convert.face=none)");
    }
  }

  /** Settings from a strict configuration (unknown keys were rejected when it was built). */
  public static ConvertSettings from(StrictConfig config) {
    Map<EmulatorParameter, Double> overrides = new EnumMap<>(EmulatorParameter.class);
    for (Map.Entry<EmulatorParameter, ConfigKey<String>> e : EMULATOR_KEYS.entrySet()) {
      String text = config.get(e.getValue()).strip();
      if (!text.isEmpty()) {
        overrides.put(e.getKey(), parseEmulatorValue(e.getValue().name(), text));
      }
    }
    return new ConvertSettings(config.get(INPUT), config.get(OUTPUT), config.get(DATASET), config.get(PRESET),
        config.get(SEED), config.get(MAX_FRAMES), config.get(CLIPS_PER_TASK), config.get(TARGET_SHARD_MB) * (1L << 20),
        config.get(OVERWRITE), config.get(LAYOUT), parseOptions(config.get(LAYOUT_OPTIONS)), config.get(FOLDS),
        config.get(FPS), FrameRate.parse(config.get(TARGET_FPS), TARGET_FPS.name()),
        FaceSetting.parse(config.get(FACE), FACE.name()), config.get(FACE_SIZE), config.get(EYE_SIZE),
        FrameSize.parse(config.get(RESIZE), RESIZE.name()),
        Upsampling.parse(config.get(UPSAMPLING), UPSAMPLING.name()),
        config.get(MIN_ALIGNED), config.get(EVENT_FRAME_THRESHOLD), config.get(FACE_DETECTION_INTERVAL),
        config.get(COMPACT), overrides);
  }

  /** A finite number for an emulator key (the parameter's own range is checked by EmulatorParameters). */
  static double parseEmulatorValue(String key, String text) {
    try {
      double value = Double.parseDouble(text);
      if (Double.isFinite(value)) {
        return value;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException("Invalid " + key + ": " + text + " (expected a number, or empty for the preset's value)");
  }

  /** Settings from key/value pairs (defaults for the others; an unknown key fails). */
  public static ConvertSettings of(Map<String, String> values) {
    return from(StrictConfig.builder(KEYS).layer(values, "settings").build());
  }

  /** Parses {@code key=value,key=value} (empty: none). */
  public static Map<String, String> parseOptions(String text) {
    Map<String, String> options = new TreeMap<>();
    for (String pair : text.split(",")) {
      if (pair.isBlank()) {
        continue;
      }
      int equals = pair.indexOf('=');
      if (equals <= 0) {
        throw new IllegalArgumentException("Invalid convert.layout-options: " + text + " (expected key=value,key=value)");
      }
      options.put(pair.substring(0, equals).strip(), pair.substring(equals + 1).strip());
    }
    return options;
  }

  public ShardWriterOptions writerOptions() {
    return ShardWriterOptions.defaults().withTargetShardBytes(targetShardBytes);
  }

  /** The emulator parameters of the run (each clip derives its own seed). */
  public EmulatorParameters parameters() {
    return EmulatorParameter.applyAll(EmulatorParameters.preset(preset), emulatorOverrides).withSeed(seed);
  }

  /** The dataset name written into the records. */
  public String datasetName() {
    return dataset.isEmpty() ? layout : dataset;
  }

  /** Whether {@code auto} settings follow the Spiking-FER recipe for this layout. */
  public boolean isFaceLayout() {
    return FACE_LAYOUTS.contains(layout);
  }

  /** The face standardisation mode, or empty for none ({@code auto} resolved for the layout). */
  public Optional<FaceStandardiser.Mode> faceMode() {
    return switch (resolveFace(face, layout)) {
      case FACE -> Optional.of(FaceStandardiser.Mode.FACE);
      case RIGHT_EYE -> Optional.of(FaceStandardiser.Mode.RIGHT_EYE);
      default -> Optional.empty();
    };
  }

  /** The standardiser's options (sizes from the settings). */
  public FaceStandardiser.Options faceOptions() {
    AlignmentOptions alignment = AlignmentOptions.DEFAULTS.withFaceSize(faceSize).withEyeRegionSize(eyeSize);
    return new FaceStandardiser.Options(faceMode().orElse(FaceStandardiser.Mode.FACE), alignment,
        FaceStandardiser.Options.DEFAULTS.maxTrackedFrames(), faceDetectionInterval);
  }

  /** The frame rate clips are resampled to, 0 to keep theirs ({@code auto} resolved for the layout). */
  public double resolvedTargetFps() {
    if (targetFps instanceof FrameRate.Fixed fixed) {
      return fixed.fps();
    }
    return targetFps instanceof FrameRate.Auto && isFaceLayout() ? 30.0 : 0.0;
  }

  /** How frames are read: image-sequence rate, resize (only without face standardisation), target rate. */
  public FrameSourceOptions frameOptions(double imageSequenceFps) {
    return FrameSourceOptions.DEFAULTS.withImageSequenceFps(imageSequenceFps).withOutputSize(resize.width(), resize.height())
        .withTargetFps(resolvedTargetFps());
  }

  /** The upsampling with {@code auto} resolved (optical flow for the face datasets, none otherwise). */
  public Upsampling resolvedUpsampling() {
    if (upsampling instanceof Upsampling.Auto) {
      return isFaceLayout() ? new Upsampling.Flow(DEFAULT_FLOW_MAX_FACTOR) : new Upsampling.None();
    }
    return upsampling;
  }

  private static FaceSetting resolveFace(FaceSetting face, String layout) {
    if (face == FaceSetting.AUTO) {
      return FACE_LAYOUTS.contains(layout) ? FaceSetting.FACE : FaceSetting.NONE;
    }
    return face;
  }
}
