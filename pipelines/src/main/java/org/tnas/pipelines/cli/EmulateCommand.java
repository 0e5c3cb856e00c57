package org.tnas.pipelines.cli;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.tnas.pipelines.convert.VideoEmulation;
import org.tnas.pipelines.emulator.EmulatorParameters;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code tnas emulate}: one video to one event file with the v2e-exact emulator (no Spark). */
@Command(
    name = "emulate",
    mixinStandardHelpOptions = true,
    description = {
      "Convert one video into events with the v2e-exact emulator and write them as .npy (t,x,y,p structured),",
      ".h5 (Spiking-FER/v2e layout: dataset events, uint32 [t_us,x,y,p]) or .csv. Frames stream: memory holds one",
      "frame. Frame i is at i/fps. Face standardisation is not applied (see the open conversion issue)."
    })
final class EmulateCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Parameters(index = "0", paramLabel = "<video>", description = "A video file on any Hadoop file system.")
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

  @Override
  public Integer call() {
    EmulatorParameters parameters = EmulatorParameters.preset(preset).withSeed(seed);
    VideoEmulation.Result result = VideoEmulation.run(new Path(video), new Path(output),
        VideoEmulation.formatOf(output), parameters, maxFrames, new Configuration());
    PrintWriter out = spec.commandLine().getOut();
    out.printf(Locale.ROOT, "%s: %dx%d at %.2f fps, %d frames -> %d events (%d ON, %d OFF) in %s, %.1f s (%.0f frames/s)%n",
        result.input(), result.width(), result.height(), result.fps(), result.frames(), result.events(), result.onEvents(),
        result.events() - result.onEvents(), result.output(), result.seconds(), result.frames() / result.seconds());
    out.flush();
    return 0;
  }
}
