package org.tnas.pipelines.cli;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.tnas.pipelines.convert.ConvertSettings;
import org.tnas.pipelines.convert.FrameChain;
import org.tnas.pipelines.convert.VideoEmulation;
import org.tnas.pipelines.emulator.EmulatorParameters;
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
      "Frames stream: memory holds a few frames. Frame i is at i/fps. --face face|right-eye standardises the face first (dlib 68 landmarks, eyes levelled, 200x200 / 90x90); --upsampling linear:<k>|flow[:<max>] inserts frames."
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
      description = "none (default), linear:<k>, flow or flow:<max factor> (v2e's rule on optical flow).")
  String upsampling;

  @Option(names = "--fps", paramLabel = "<rate>", defaultValue = "keep",
      description = "Resample to this frame rate (keep: the source's; frame folders play at 30 fps).")
  String fps;

  @Override
  public Integer call() {
    EmulatorParameters parameters = EmulatorParameters.preset(preset).withSeed(seed);
    ConvertSettings settings = ConvertSettings.of(java.util.Map.of("convert.input", video, "convert.output", output,
        "convert.face", face, "convert.upsampling", upsampling, "convert.target-fps", fps));
    VideoEmulation.Result result = VideoEmulation.run(new Path(video), new Path(output),
        VideoEmulation.formatOf(output), parameters, maxFrames, settings.frameOptions(settings.fps()),
        FrameChain.of(settings), new Configuration());
    PrintWriter out = spec.commandLine().getOut();
    out.printf(Locale.ROOT, "%s: %dx%d at %.2f fps, %d frames -> %d events (%d ON, %d OFF) in %s, %.1f s (%.0f frames/s)%n",
        result.input(), result.width(), result.height(), result.fps(), result.frames(), result.events(), result.onEvents(),
        result.events() - result.onEvents(), result.output(), result.seconds(), result.frames() / result.seconds());
    out.flush();
    return 0;
  }
}
