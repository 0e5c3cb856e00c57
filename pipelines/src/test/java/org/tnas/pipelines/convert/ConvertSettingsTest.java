package org.tnas.pipelines.convert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tnas.formats.errors.ProjectException;
import org.tnas.pipelines.emulator.EmulatorParameter;
import org.tnas.pipelines.emulator.EmulatorParameters;
import org.tnas.pipelines.emulator.EventOrder;
import org.tnas.pipelines.face.FaceStandardiser;
import org.tnas.pipelines.video.FlowPreset;
import org.tnas.pipelines.video.FlowResolution;
import org.tnas.pipelines.video.FrameInterpolator;
import org.tnas.pipelines.video.FrameSource;
import org.tnas.pipelines.video.TimedFrame;

/**
 * {@link ConvertSettings}: the recorded defaults, a full explicit mapping of every key (so that a
 * key that is declared but not read, or read into the wrong component, fails), and the messages of
 * invalid values. The settings are parsed once into typed values.
 */
class ConvertSettingsTest {
  private static Map<String, String> required() {
    return Map.of("convert.input", "file:/in", "convert.output", "file:/out");
  }

  @Test
  void recordedDefaults() {
    ConvertSettings settings = ConvertSettings.of(required());
    assertThat(settings).isEqualTo(new ConvertSettings("file:/in", "file:/out", "", "spiking-fer", 1L, 0L, 4,
        256L << 20, false, "generic", Map.of(), "", 30.0, new FrameRate.Auto(), FaceSetting.AUTO, 200, 90,
        FrameSize.KEEP, new Upsampling.Auto(), 0.5, 48, 5, true, Map.of()));
    assertThat(settings.parameters()).isEqualTo(EmulatorParameters.spikingFer().withSeed(1));
    assertThat(settings.resolvedUpsampling()).isEqualTo(new Upsampling.None());
    assertThat(settings.resolvedTargetFps()).isZero();
    assertThat(settings.faceMode()).isEmpty();
    assertThat(ConvertSettings.KEYS).hasSize(23 + EmulatorParameter.values().length);
  }

  @Test
  void explicitMappingOfEveryKey() {
    Map<String, String> values = new HashMap<>(required());
    values.put("convert.dataset", "mine");
    values.put("convert.preset", "command-line");
    values.put("convert.seed", "9");
    values.put("convert.max-frames", "100");
    values.put("convert.clips-per-task", "7");
    values.put("convert.target-shard-mb", "3");
    values.put("convert.overwrite", "true");
    values.put("convert.layout", "ckplus");
    values.put("convert.layout-options", "folds=x");
    values.put("convert.folds", "file:/folds.csv");
    values.put("convert.fps", "25");
    values.put("convert.target-fps", "60");
    values.put("convert.face", "right-eye");
    values.put("convert.face-size", "128");
    values.put("convert.eye-size", "64");
    values.put("convert.resize", "");
    values.put("convert.upsampling", "linear:3");
    values.put("convert.min-aligned-fraction", "0.25");
    values.put("convert.event-frame-threshold", "20");
    values.put("convert.compact-shards", "false");
    values.put("convert.face-detection-interval", "2");
    double value = 0.11;
    Map<EmulatorParameter, Double> overrides = new java.util.EnumMap<>(EmulatorParameter.class);
    for (EmulatorParameter parameter : EmulatorParameter.values()) {
      values.put("convert.emulator." + parameter.key(), Double.toString(value));
      overrides.put(parameter, value);
      value += 0.01;
    }
    assertThat(values).hasSize(ConvertSettings.KEYS.size());
    ConvertSettings settings = ConvertSettings.of(values);
    assertThat(settings).isEqualTo(new ConvertSettings("file:/in", "file:/out", "mine", "command-line", 9L, 100L, 7,
        3L << 20, true, "ckplus", Map.of("folds", "x"), "file:/folds.csv", 25.0, new FrameRate.Fixed(60),
        FaceSetting.RIGHT_EYE, 128, 64, FrameSize.KEEP, new Upsampling.Linear(3), 0.25, 20, 2, false, overrides));
    EmulatorParameters parameters = settings.parameters();
    for (EmulatorParameter parameter : EmulatorParameter.values()) {
      assertThat(parameter.valueIn(parameters)).as(parameter.key()).isEqualTo(overrides.get(parameter));
    }
    // the preset fills what is not set; explicit keys override, the rest of the preset stays
    assertThat(parameters.order()).isEqualTo(EventOrder.SHUFFLED);
    assertThat(parameters.seed()).isEqualTo(9);
    assertThat(settings.faceMode()).contains(FaceStandardiser.Mode.RIGHT_EYE);
    assertThat(settings.resolvedTargetFps()).isEqualTo(60);
    assertThat(settings.faceOptions().detectionInterval()).isEqualTo(2);
  }

  @Test
  void presetFillsDefaultsAndOneKeyOverrides() {
    Map<String, String> values = new HashMap<>(required());
    values.put("convert.preset", "noisy");
    values.put("convert.emulator.shot-noise-rate-hz", "0");
    assertThat(ConvertSettings.of(values).parameters())
        .isEqualTo(EmulatorParameters.noisy().withShotNoiseRateHz(0).withSeed(1));
  }

  @Test
  void settingsAreSerialisableForSparkTasks() throws Exception {
    ConvertSettings settings = ConvertSettings.of(with("convert.emulator.cutoff-hz", "30"));
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    try (java.io.ObjectOutputStream out = new java.io.ObjectOutputStream(bytes)) {
      out.writeObject(settings);
      out.writeObject(FrameChain.of(settings));
    }
    try (java.io.ObjectInputStream in = new java.io.ObjectInputStream(new java.io.ByteArrayInputStream(bytes.toByteArray()))) {
      assertThat(in.readObject()).isEqualTo(settings);
      assertThat(in.readObject()).isEqualTo(FrameChain.of(settings));
    }
  }

  @Test
  void theFlowResolutionIsParsedAfterThePresetAndNamedWhenHalf() {
    assertThat(Upsampling.parse("flow:16:ultrafast:half", "k"))
        .isEqualTo(new Upsampling.Flow(16, FlowPreset.ULTRAFAST, FlowResolution.HALF)).hasToString("flow:16:ultrafast:half");
    assertThat(Upsampling.parse("Flow:8:Medium:HALF", "k")).isEqualTo(new Upsampling.Flow(8, FlowPreset.MEDIUM, FlowResolution.HALF));
    assertThat(Upsampling.parse("flow:fast:half", "k")).isEqualTo(new Upsampling.Flow(16, FlowPreset.FAST, FlowResolution.HALF));
    assertThat(Upsampling.parse("flow:4:half", "k")).isEqualTo(new Upsampling.Flow(4, FlowPreset.ULTRAFAST, FlowResolution.HALF));
    assertThat(Upsampling.parse("flow:half", "k")).isEqualTo(new Upsampling.Flow(16, FlowPreset.ULTRAFAST, FlowResolution.HALF))
        .hasToString("flow:16:ultrafast:half");
    // half is the default since 2026-12-06; full is not named, so records written before read as the
    // full resolution they were
    assertThat(Upsampling.parse("flow:16:ultrafast:full", "k")).isEqualTo(new Upsampling.Flow(16, FlowPreset.ULTRAFAST, FlowResolution.FULL))
        .hasToString("flow:16:ultrafast");
    assertThat(Upsampling.parse("flow: 16 : fast : half ", "k")).isEqualTo(new Upsampling.Flow(16, FlowPreset.FAST, FlowResolution.HALF));
    assertThat(Upsampling.DEFAULT_FLOW_RESOLUTION).isEqualTo(FlowResolution.HALF);
    assertThat(Upsampling.parse("flow:16:ultrafast", "k")).isEqualTo(new Upsampling.Flow(16)).hasToString("flow:16:ultrafast:half");
    assertThat(ConvertSettings.of(with("convert.upsampling", "flow:16:ultrafast:half")).resolvedUpsampling())
        .isEqualTo(new Upsampling.Flow(16, FlowPreset.ULTRAFAST, FlowResolution.HALF));
    assertThat(ConvertSettings.of(Map.of("convert.input", "a", "convert.output", "b", "convert.layout", "ckplus"))
        .resolvedUpsampling()).hasToString("flow:16:ultrafast:half");
    FrameChain chain = FrameChain.of(ConvertSettings.of(with("convert.upsampling", "flow:8:fast:half")));
    try (FrameSource frames = chain.open(new EmptyFrames()).frames()) {
      assertThat(frames).isInstanceOfSatisfying(FrameInterpolator.class, interpolator -> {
        assertThat(interpolator.preset()).isEqualTo(FlowPreset.FAST);
        assertThat(interpolator.resolution()).isEqualTo(FlowResolution.HALF);
      });
    }
    assertThat(FlowResolution.parse(" Half ")).isEqualTo(FlowResolution.HALF);
    assertThat(FlowResolution.FULL).hasToString("full");
    assertThatThrownBy(() -> FlowResolution.parse("quarter")).hasMessage("Invalid optical-flow resolution: quarter (expected full or half)");
  }

  @Test
  void typedValuesAndTheirMessages() {
    assertThat(Upsampling.parse("FLOW", "k")).isEqualTo(new Upsampling.Flow(16));
    assertThat(Upsampling.parse("flow:4", "k")).isEqualTo(new Upsampling.Flow(4));
    assertThat(Upsampling.parse("flow", "k")).isEqualTo(new Upsampling.Flow(16, FlowPreset.ULTRAFAST)).hasToString("flow:16:ultrafast:half");
    assertThat(Upsampling.parse("flow:16:medium", "k")).isEqualTo(new Upsampling.Flow(16, FlowPreset.MEDIUM))
        .hasToString("flow:16:medium:half");
    assertThat(Upsampling.parse("Flow:Fast", "k")).isEqualTo(new Upsampling.Flow(16, FlowPreset.FAST));
    assertThat(Upsampling.parse("flow: 8 : fast", "k")).isEqualTo(new Upsampling.Flow(8, FlowPreset.FAST));
    for (String bad : new String[] {"flow:16:slow", "flow:slow", "flow:16:fast:2", "flow:", "flow::fast", "flow:fast:16",
        "flow:16:ultrafast:quarter", "flow:half:ultrafast", "flow:16:half:half", "flow:16:ultrafast:half:", "flow:half:16",
        "flow:16:ultrafast:full:half"}) {
      assertThatThrownBy(() -> Upsampling.parse(bad, "convert.upsampling"))
          .hasMessage("Invalid convert.upsampling: " + bad + " (expected auto, none, linear:<1..1000> or "
              + "flow[:<2..1000>][:<preset>][:<resolution>], preset ultrafast, fast or medium, resolution full or half)");
    }
    assertThatThrownBy(() -> new Upsampling.Flow(16, null)).hasMessage("preset is null");
    assertThatThrownBy(() -> new Upsampling.Flow(16, FlowPreset.FAST, null)).hasMessage("resolution is null");
    assertThat(FrameRate.parse("keep", "k")).isEqualTo(new FrameRate.Keep());
    assertThat(FrameSize.parse("64x48", "k")).isEqualTo(new FrameSize(64, 48));
    assertThat(FaceSetting.parse("Right-Eye", "k")).isEqualTo(FaceSetting.RIGHT_EYE);
    assertThat(ConvertSettings.of(Map.of("convert.input", "a", "convert.output", "b", "convert.layout", "ckplus"))
        .resolvedUpsampling()).isEqualTo(new Upsampling.Flow(16));
    assertThatThrownBy(() -> ConvertSettings.of(with("convert.upsampling", "flow:1")))
        .hasMessageContaining("Invalid convert.upsampling: flow:1");
    assertThatThrownBy(() -> ConvertSettings.of(with("convert.target-fps", "-3")))
        .hasMessageContaining("Invalid convert.target-fps: -3");
    assertThatThrownBy(() -> ConvertSettings.of(with("convert.resize", "20")))
        .hasMessageContaining("Invalid convert.resize: 20");
    assertThatThrownBy(() -> ConvertSettings.of(with("convert.face", "nose")))
        .hasMessageContaining("Invalid convert.face: nose");
    assertThatThrownBy(() -> ConvertSettings.of(with("convert.emulator.cutoff-hz", "fast")))
        .hasMessageContaining("Invalid convert.emulator.cutoff-hz: fast");
    assertThatThrownBy(() -> ConvertSettings.of(with("convert.emulator.pos-threshold", "-0.2")))
        .hasMessageContaining("Invalid positiveThreshold: -0.2");
    assertThatThrownBy(() -> ConvertSettings.of(with("convert.emulator.no-such", "1")))
        .isInstanceOf(ProjectException.class).hasMessageContaining("convert.emulator.no-such");
  }

  /** A hand-written frame source without frames. */
  private static final class EmptyFrames implements FrameSource {
    @Override
    public String source() {
      return "memory";
    }

    @Override
    public int width() {
      return 8;
    }

    @Override
    public int height() {
      return 8;
    }

    @Override
    public double fps() {
      return 30;
    }

    @Override
    public boolean hasNext() {
      return false;
    }

    @Override
    public TimedFrame next() {
      throw new java.util.NoSuchElementException("Cannot read past the last frame of memory");
    }

    @Override
    public void close() {}
  }

  private static Map<String, String> with(String key, String value) {
    Map<String, String> values = new HashMap<>(required());
    values.put(key, value);
    return values;
  }
}
