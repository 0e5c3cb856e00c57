package org.tnas.pipelines.cli;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.tnas.pipelines.convert.ConvertSettings;
import org.tnas.pipelines.convert.FrameChain;
import org.tnas.pipelines.convert.VideoEmulation;
import org.tnas.pipelines.emulator.EmulatorParameter;
import org.tnas.pipelines.emulator.EmulatorParameters;
import org.tnas.pipelines.video.FrameSourceOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code tnas emulate}: one clip to one event file with the v2e-exact emulator (no Spark). */
@Command(
    name = "emulate",
    mixinStandardHelpOptions = true,
    header = "Convert one video (or a folder of frames) into events with the v2e-exact emulator.",
    description = {
      "Convert one video (or a folder of frames) into events with the v2e-exact emulator and write them as .npy (t,x,y,p structured), .h5 (Spiking-FER/v2e layout: dataset events, uint32 [t_us,x,y,p]) or .csv.",
      "Frames stream: memory holds a few frames. Frame i is at i/fps. --face face|right-eye standardises the face first (dlib 68 landmarks, eyes levelled, 200x200 / 90x90); --upsampling linear:<k>|flow[:<max>] inserts frames.",
      "Every v2e parameter can be set on top of the preset (--pos-threshold ... --lin-log-threshold). --input-fps declares the frames' own rate (v2e's --input_frame_rate: frame k at k/rate, nothing blended); --fps resamples to another rate by blending frames. --seconds writes v2e's text layout (t in float seconds)."
    })
final class EmulateCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Parameters(index = "0", paramLabel = "<video>", description = "A video file or a folder of frames on any Hadoop file system.")
  String video;

  @Option(names = {"-o", "--output"}, required = true, paramLabel = "<file>", description = "Output .npy, .h5 or .csv.")
  String output;

  @Option(names = "--preset", paramLabel = "<name>", defaultValue = "command-line",
      description = "Emulator preset: v2e-defaults, command-line (default), clean, noisy, spiking-fer, noise-free.")
  String preset;

  @Option(names = "--seed", paramLabel = "<n>", defaultValue = "1", description = "Seed of mismatch and noise (default 1).")
  long seed;

  @Option(names = "--max-frames", paramLabel = "<n>", defaultValue = "0", description = "Stop after n frames (0: all).")
  long maxFrames;

  @Option(names = "--face", paramLabel = "<none|face|right-eye>", defaultValue = "none",
      description = "Face standardisation before the emulator (default none).")
  String face;

  @Option(names = "--upsampling", paramLabel = "<spec>", defaultValue = "none",
      description = "none (default), linear:<k> or flow[:<max factor>][:<preset>][:<resolution>] (v2e's rule on DIS optical flow; preset ultrafast (default), fast or medium; resolution half (default) or full).")
  String upsampling;

  @Option(names = "--fps", paramLabel = "<rate>", defaultValue = "keep",
      description = "Resample to this frame rate by blending frames (keep: the source's own rate).")
  String fps;

  @Option(names = "--input-fps", paramLabel = "<rate>",
      description = "The rate the frames were taken at (v2e --input_frame_rate): a frame folder's rate (default 30),"
          + " or overrides a video's declared rate. Frames are not blended.")
  Double inputFps;

  @Option(names = "--seconds", description = "Write .txt/.csv as v2e's text layout: t (float seconds) x y p.")
  boolean seconds;

  @Option(names = "--pos-threshold", paramLabel = "<ln>", description = "v2e pos_thres (default: the preset's).")
  Double positiveThreshold;

  @Option(names = "--neg-threshold", paramLabel = "<ln>", description = "v2e neg_thres.")
  Double negativeThreshold;

  @Option(names = "--threshold-sigma", paramLabel = "<ln>", description = "v2e sigma_thres (threshold mismatch).")
  Double thresholdSigma;

  @Option(names = "--cutoff-hz", paramLabel = "<hz>", description = "v2e cutoff_hz (0: no photoreceptor lowpass).")
  Double cutoffHz;

  @Option(names = "--leak-rate-hz", paramLabel = "<hz>", description = "v2e leak_rate_hz.")
  Double leakRateHz;

  @Option(names = "--leak-jitter-fraction", paramLabel = "<f>", description = "v2e leak_jitter_fraction.")
  Double leakJitterFraction;

  @Option(names = "--shot-noise-rate-hz", paramLabel = "<hz>", description = "v2e shot_noise_rate_hz.")
  Double shotNoiseRateHz;

  @Option(names = "--noise-rate-variation-decades", paramLabel = "<decades>", description = "v2e noise_rate_cov_decades.")
  Double noiseRateVariationDecades;

  @Option(names = "--refractory-period-s", paramLabel = "<s>", description = "v2e refractory_period_s.")
  Double refractoryPeriodSeconds;

  @Option(names = "--lin-log-threshold", paramLabel = "<gray>", description = "lin-log threshold (v2e hard-codes 20).")
  Double linLogThreshold;

  /** The explicitly given v2e parameters, by parameter. */
  java.util.Map<EmulatorParameter, Double> overrides() {
    java.util.Map<EmulatorParameter, Double> map = new java.util.EnumMap<>(EmulatorParameter.class);
    Double[] values = {positiveThreshold, negativeThreshold, thresholdSigma, cutoffHz, leakRateHz, leakJitterFraction,
        shotNoiseRateHz, noiseRateVariationDecades, refractoryPeriodSeconds, linLogThreshold};
    EmulatorParameter[] parameters = {EmulatorParameter.POSITIVE_THRESHOLD, EmulatorParameter.NEGATIVE_THRESHOLD,
        EmulatorParameter.THRESHOLD_SIGMA, EmulatorParameter.CUTOFF_HZ, EmulatorParameter.LEAK_RATE_HZ,
        EmulatorParameter.LEAK_JITTER_FRACTION, EmulatorParameter.SHOT_NOISE_RATE_HZ,
        EmulatorParameter.NOISE_RATE_VARIATION_DECADES, EmulatorParameter.REFRACTORY_PERIOD_S,
        EmulatorParameter.LIN_LOG_THRESHOLD};
    for (int i = 0; i < values.length; i++) {
      if (values[i] != null) {
        map.put(parameters[i], values[i]);
      }
    }
    return map;
  }

  @Override
  public Integer call() {
    java.util.Map<String, String> values = new java.util.HashMap<>(java.util.Map.of("convert.input", video,
        "convert.output", output, "convert.face", face, "convert.upsampling", upsampling, "convert.target-fps", fps,
        "convert.preset", preset, "convert.seed", Long.toString(seed)));
    overrides().forEach((parameter, value) ->
        values.put(ConvertSettings.EMULATOR_PREFIX + parameter.key(), Double.toString(value)));
    if (inputFps != null) {
      if (!(inputFps > 0) || inputFps.isInfinite()) {
        throw new IllegalArgumentException("Invalid --input-fps: " + inputFps);
      }
      values.put("convert.fps", Double.toString(inputFps));
    }
    ConvertSettings settings = ConvertSettings.of(values);
    EmulatorParameters parameters = settings.parameters();
    FrameSourceOptions read = settings.frameOptions(settings.fps()).withInputFps(inputFps == null ? 0 : inputFps);
    if (settings.resolvedTargetFps() > 0) {
      spec.commandLine().getErr().printf(Locale.ROOT, "Resampling to %s fps by blending frames; --input-fps declares"
          + " the frames' own rate instead (a frame folder otherwise plays at %s fps)%n", fps, settings.fps());
    }
    VideoEmulation.Result result = VideoEmulation.run(new Path(video), new Path(output),
        VideoEmulation.formatOf(output), parameters, maxFrames, read, FrameChain.of(settings), seconds,
        new Configuration());
    PrintWriter out = spec.commandLine().getOut();
    out.printf(Locale.ROOT, "%s: %dx%d at %.2f fps, %d frames -> %d events (%d ON, %d OFF) in %s, %.1f s (%.0f frames/s)%n",
        result.input(), result.width(), result.height(), result.fps(), result.frames(), result.events(), result.onEvents(),
        result.events() - result.onEvents(), result.output(), result.seconds(), result.frames() / result.seconds());
    out.flush();
    return 0;
  }
}
