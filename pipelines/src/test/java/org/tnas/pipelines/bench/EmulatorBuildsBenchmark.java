package org.tnas.pipelines.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.apache.hadoop.conf.Configuration;
import org.tnas.formats.events.EventBatch;
import org.tnas.pipelines.emulator.EmulatorParameters;
import org.tnas.pipelines.emulator.EventEmulator;
import org.tnas.pipelines.video.FrameSource;
import org.tnas.pipelines.video.FrameSourceOptions;
import org.tnas.pipelines.video.FrameSources;
import org.tnas.pipelines.video.TimedFrame;

/**
 * Two builds of the emulator against each other (A/B), for changes worth a few percent: each
 * build's {@code org.tnas.pipelines.emulator} classes (a {@code target/classes} copy) are loaded by
 * a class loader of their own in one JVM, both run the same decoded frames (the first 150 of a
 * video, gray, 200x200) for one preset, in blocks of whole passes that alternate A B, B A, ... after
 * a 3 s warm-up each; a launch reports the median of its per-round B/A ratios (frames per second of
 * thread CPU time). A single JVM's JIT can settle 10 % faster or slower for one build, so the
 * benchmark starts several JVMs (launches), alternating which build runs first, and prints the
 * median over launches and their range. Both builds must give the same events (checked).
 *
 * <p>Run (docs/emulator.md): copy each build's {@code pipelines/target/classes} aside, then
 *
 * <pre>
 * ./mvnw -o -q -B -pl pipelines exec:exec -Dexec.classpathScope=test \
 *     -Dexec.mainClass=org.tnas.pipelines.bench.EmulatorBuildsBenchmark \
 *     -Dexec.benchmarkArgs="/tmp/a-classes /tmp/b-classes noise-free ../../shared/data/video/franck.mp4 4"
 * </pre>
 *
 * <p>(The video's path is relative to {@code pipelines/}, where exec runs.)
 *
 * <p>Arguments: A classes, B classes, preset, video, launches (default 4), seconds per block
 * (default 0.4), rounds per launch (default 6), frames ({@code gray}, the default, or {@code
 * shifted}: every frame moved right by 0.37 px with linear interpolation, so that gray values lie
 * between levels as in face-warped and flow-interpolated frames).
 */
public final class EmulatorBuildsBenchmark {
  private static final String PACKAGE = "org.tnas.pipelines.emulator.";
  private static final String RUNNER = Runner.class.getName();

  private EmulatorBuildsBenchmark() {}

  public static void main(String[] args) throws Exception {
    if (args.length > 0 && args[0].equals("--launch")) {
      launch(Arrays.copyOfRange(args, 1, args.length));
      return;
    }
    if (args.length < 4) {
      System.out.println("Usage: EmulatorBuildsBenchmark <A classes> <B classes> <preset> <video> [launches] [seconds] [rounds] [gray|shifted]");
      return;
    }
    int launches = args.length > 4 ? Integer.parseInt(args[4]) : 4;
    String seconds = args.length > 5 ? args[5] : "0.4";
    String rounds = args.length > 6 ? args[6] : "6";
    String frameKind = args.length > 7 ? args[7] : "gray";
    if (!frameKind.equals("gray") && !frameKind.equals("shifted")) {
      throw new IllegalArgumentException("Invalid frames: " + frameKind + " (expected gray or shifted)");
    }
    System.out.println("machine: " + V2eSideBySideBenchmark.machine());
    double[] ratios = new double[launches];
    for (int l = 0; l < launches; l++) {
      boolean swapped = l % 2 == 1;
      String first = swapped ? args[1] : args[0];
      String second = swapped ? args[0] : args[1];
      List<String> command = new ArrayList<>(List.of(Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
          "--add-modules=jdk.incubator.vector", "-cp", System.getProperty("java.class.path"),
          EmulatorBuildsBenchmark.class.getName(), "--launch", first, second, args[2], args[3], seconds, rounds, frameKind));
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      double ratio = Double.NaN;
      try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = reader.readLine()) != null) {
          if (line.startsWith("launch ")) {
            System.out.println(line);
            String[] parts = line.trim().split("\\s+");
            ratio = Double.parseDouble(parts[parts.length - 1]);
          } else if (line.startsWith("Cannot") || line.startsWith("Exception")) {
            System.out.println(line);
          }
        }
      }
      if (process.waitFor() != 0 || Double.isNaN(ratio)) {
        throw new IllegalStateException("Cannot measure: launch " + l + " failed");
      }
      // the launch measured second/first; turn it into B/A
      ratios[l] = swapped ? 1 / ratio : ratio;
      System.out.printf(Locale.ROOT, "  launch %d: B/A %.3f%n", l, ratios[l]);
    }
    double[] sorted = ratios.clone();
    Arrays.sort(sorted);
    System.out.printf(Locale.ROOT, "%s %s (%s frames): B/A median over %d launches %.3f (range %.3f-%.3f)%n", args[2],
        Paths.get(args[3]).getFileName(), frameKind, launches, PairedStatistics.median(sorted), sorted[0], sorted[launches - 1]);
    System.out.println("machine at end: " + V2eSideBySideBenchmark.machine());
  }

  /** One JVM: arguments first-classes second-classes preset video seconds rounds frames; prints "launch ... ratio". */
  private static void launch(String[] args) throws Exception {
    Path video = Paths.get(args[3]);
    double seconds = Double.parseDouble(args[4]);
    int rounds = Integer.parseInt(args[5]);
    List<float[]> frames = new ArrayList<>();
    double fps;
    try (FrameSource source = FrameSources.open(new org.apache.hadoop.fs.Path(video.toUri()), new Configuration(),
        FrameSourceOptions.DEFAULTS.withOutputSize(200, 200))) {
      while (frames.size() < 150 && source.hasNext()) {
        TimedFrame frame = source.next();
        frames.add(args[6].equals("shifted") ? shifted(frame.gray(), 200) : frame.gray().clone());
      }
      fps = source.fps();
    }
    Method[] run = new Method[2];
    Method[] events = new Method[2];
    Object[] runners = new Object[2];
    for (int v = 0; v < 2; v++) {
      Class<?> type = Class.forName(RUNNER, true, new BuildLoader(Paths.get(args[v]), EmulatorBuildsBenchmark.class.getClassLoader()));
      runners[v] = type.getConstructor(String.class, List.class, double.class).newInstance(args[2], frames, fps);
      run[v] = type.getMethod("run", double.class);
      events[v] = type.getMethod("events");
    }
    for (int v = 0; v < 2; v++) {
      run[v].invoke(runners[v], 3.0);
    }
    double[] ratio = new double[rounds];
    for (int r = 0; r < rounds; r++) {
      double[] rate = new double[2];
      for (int q = 0; q < 2; q++) {
        int v = (r + q) % 2;
        rate[v] = (Double) run[v].invoke(runners[v], seconds);
      }
      ratio[r] = rate[1] / rate[0];
    }
    long first = (Long) events[0].invoke(runners[0]);
    long second = (Long) events[1].invoke(runners[1]);
    if (first != second) {
      System.out.println("Cannot compare the builds: they gave " + first + " and " + second + " events");
      System.exit(2);
    }
    Arrays.sort(ratio);
    System.out.printf(Locale.ROOT, "launch first %s second %s: %d rounds, events %d, second/first %.4f%n",
        Paths.get(args[0]).getFileName(), Paths.get(args[1]).getFileName(), rounds, first, PairedStatistics.median(ratio));
  }

  /** The frame moved right by 0.37 px: linear interpolation of each pixel and its left neighbour (edge repeated). */
  static float[] shifted(float[] gray, int width) {
    float[] out = new float[gray.length];
    for (int i = 0; i < gray.length; i++) {
      float left = i % width == 0 ? gray[i] : gray[i - 1];
      out[i] = 0.63f * gray[i] + 0.37f * left;
    }
    return out;
  }

  /**
   * Loads the emulator package from a build's classes directory and the {@link Runner} afresh
   * (child first), everything else from the parent: each build's runner binds to its own emulator.
   */
  private static final class BuildLoader extends ClassLoader {
    private final Path classes;

    BuildLoader(Path classes, ClassLoader parent) {
      super(parent);
      this.classes = classes;
      if (!Files.isDirectory(classes.resolve("org/tnas/pipelines/emulator"))) {
        throw new IllegalArgumentException("Invalid classes directory: " + classes + " (no org/tnas/pipelines/emulator)");
      }
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
      if (!name.startsWith(PACKAGE) && !name.equals(RUNNER)) {
        return super.loadClass(name, resolve);
      }
      synchronized (getClassLoadingLock(name)) {
        Class<?> type = findLoadedClass(name);
        if (type == null) {
          byte[] bytes;
          try {
            if (name.equals(RUNNER)) {
              try (InputStream in = getParent().getResourceAsStream(name.replace('.', '/') + ".class")) {
                bytes = in.readAllBytes();
              }
            } else {
              bytes = Files.readAllBytes(classes.resolve(name.replace('.', '/') + ".class"));
            }
          } catch (IOException e) {
            throw new ClassNotFoundException("Cannot load " + name + " from " + classes + ": " + e.getMessage(), e);
          }
          type = defineClass(name, bytes, 0, bytes.length);
        }
        if (resolve) {
          resolveClass(type);
        }
        return type;
      }
    }
  }

  /** Whole passes over the frames with one build's emulator (loaded per build by {@link BuildLoader}). */
  public static final class Runner {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private final EmulatorParameters parameters;
    private final List<float[]> frames;
    private final double fps;
    private final EventBatch batch = new EventBatch(1 << 16);
    private long events;

    public Runner(String preset, List<float[]> frames, double fps) {
      this.parameters = EmulatorParameters.preset(preset).withSeed(1);
      this.frames = frames;
      this.fps = fps;
    }

    /** Whole passes for at least {@code seconds}; frames per second of thread CPU time. */
    public double run(double seconds) {
      long end = System.nanoTime() + (long) (seconds * 1e9);
      double cpu = 0;
      long count = 0;
      do {
        EventEmulator emulator = new EventEmulator(parameters, 200, 200);
        long start = THREADS.getCurrentThreadCpuTime();
        long total = 0;
        for (int f = 0; f < frames.size(); f++) {
          batch.clear();
          total += emulator.accept(frames.get(f), f / fps, batch);
        }
        cpu += (THREADS.getCurrentThreadCpuTime() - start) / 1e9;
        count += frames.size();
        events = total;
      } while (System.nanoTime() < end);
      return count / cpu;
    }

    /** Events of the last pass. */
    public long events() {
      return events;
    }
  }
}
