package org.tnas.pipelines.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.tnas.formats.events.EventBatch;
import org.tnas.pipelines.emulator.EmulatorParameters;
import org.tnas.pipelines.emulator.EventEmulator;
import org.tnas.pipelines.emulator.ReferenceEventEmulator;
import org.tnas.pipelines.emulator.V2eKernels;

/**
 * Emulator throughput per core: 200 frames of a 200x200 moving gradient at 30 fps, on one thread, for the presets command-line, noise-free,
 * clean and noisy. Baselines measured in the same run, interleaved round by round so that both
 * see the same load of the shared machine: the previous straightforward implementation ({@link
 * ReferenceEventEmulator}, the test oracle, same events) and a plain lin-log pass (Math.log per
 * pixel). Rates are frames per second of the thread's CPU time (per core; wall-clock rates are
 * printed beside them), medians and best of the rounds. The ratio against v2e itself is measured by
 * {@link V2eSideBySideBenchmark} (same frames, same run). Run (see docs/emulator.md): {@code java -cp
 * <test classpath> org.tnas.pipelines.bench.EmulatorBenchmark [rounds]}.
 */
public final class EmulatorBenchmark {
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  private EmulatorBenchmark() {}

  /** CPU and wall seconds of one measured round and the events it produced. */
  private record Round(double cpuSeconds, double wallSeconds, long events) {}

  /** One thing to measure: runs the 200 frames once and returns the event count. */
  private interface Body {
    long run();
  }

  public static void main(String[] args) {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 7;
    int size = 200;
    int frameCount = 200;
    List<float[]> frames = new ArrayList<>();
    for (int f = 0; f < frameCount; f++) {
      float[] frame = new float[size * size];
      for (int y = 0; y < size; y++) {
        for (int x = 0; x < size; x++) {
          // a diagonal gradient moving 2 px per frame, quantised to 8 bits like decoded video
          frame[y * size + x] = (float) Math.round(((x + y + 2 * f) % 200) * 255.0 / 199);
        }
      }
      frames.add(frame);
    }
    System.out.printf(Locale.ROOT, "load average at start: %.2f on %d processors%n",
        ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
        Runtime.getRuntime().availableProcessors());
    Body linLog = () -> {
      double sink = 0;
      for (float[] frame : frames) {
        for (float v : frame) {
          sink += V2eKernels.linLog(v, 20);
        }
      }
      return sink == -1 ? 1 : 0;
    };
    double[] linLogRates = rates(measure(linLog, rounds), frameCount, true);
    System.out.printf(Locale.ROOT, "%-36s median %8.0f frames/s per core (best %8.0f)%n",
        "baseline: lin-log pass (Math.log)", median(linLogRates), max(linLogRates));
    EventBatch batch = new EventBatch(1 << 20);
    for (String preset : List.of("command-line", "noise-free", "clean", "noisy")) {
      EmulatorParameters parameters = EmulatorParameters.preset(preset).withSeed(1);
      Body previous = () -> {
        ReferenceEventEmulator emulator = new ReferenceEventEmulator(parameters, size, size);
        long total = 0;
        for (int f = 0; f < frameCount; f++) {
          batch.clear();
          total += emulator.accept(frames.get(f), f / 30.0, batch);
        }
        return total;
      };
      Body current = () -> {
        EventEmulator emulator = new EventEmulator(parameters, size, size);
        long total = 0;
        for (int f = 0; f < frameCount; f++) {
          batch.clear();
          total += emulator.accept(frames.get(f), f / 30.0, batch);
        }
        return total;
      };
      for (int warmup = 0; warmup < 3; warmup++) {
        previous.run();
        current.run();
      }
      Round[] before = new Round[rounds];
      Round[] after = new Round[rounds];
      for (int r = 0; r < rounds; r++) { // interleaved: both see the same load
        before[r] = measure(previous, 1)[0];
        after[r] = measure(current, 1)[0];
      }
      if (before[0].events() != after[0].events()) {
        throw new IllegalStateException("Cannot compare: event counts differ " + before[0].events() + " vs "
            + after[0].events());
      }
      double[] beforeCpu = rates(before, frameCount, true);
      double[] afterCpu = rates(after, frameCount, true);
      double[] afterWall = rates(after, frameCount, false);
      System.out.printf(Locale.ROOT, "%-36s median %8.0f frames/s per core (best %8.0f), %,d events%n",
          "previous implementation " + preset, median(beforeCpu), max(beforeCpu), before[0].events());
      System.out.printf(Locale.ROOT,
          "%-36s median %8.0f frames/s per core (best %8.0f; wall median %6.0f), %,d events%n",
          "emulator " + preset, median(afterCpu), max(afterCpu), median(afterWall), after[0].events());
      // ratios against v2e are measured side by side by V2eSideBySideBenchmark, never against a
      // figure from a document
      System.out.printf(Locale.ROOT, "%-36s %6.2fx previous, %6.2fx lin-log pass%n", "  ratio " + preset,
          median(afterCpu) / median(beforeCpu), median(afterCpu) / median(linLogRates));
    }
    System.out.printf(Locale.ROOT, "load average at end: %.2f%n",
        ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
  }

  /** Runs {@code body} for at least 0.3 s per round (whole passes over the clip). */
  private static Round[] measure(Body body, int rounds) {
    Round[] result = new Round[rounds];
    for (int r = 0; r < rounds; r++) {
      long cpu = THREADS.getCurrentThreadCpuTime();
      long wall = System.nanoTime();
      long passes = 0;
      long events = 0;
      while (passes == 0 || System.nanoTime() - wall < 300_000_000L) {
        events = body.run();
        passes++;
      }
      double cpuSeconds = (THREADS.getCurrentThreadCpuTime() - cpu) / 1e9 / passes;
      double wallSeconds = (System.nanoTime() - wall) / 1e9 / passes;
      result[r] = new Round(cpuSeconds, wallSeconds, events);
    }
    return result;
  }

  private static double[] rates(Round[] rounds, int frames, boolean cpu) {
    return Arrays.stream(rounds).mapToDouble(r -> frames / (cpu ? r.cpuSeconds() : r.wallSeconds())).toArray();
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }

  private static double max(double[] values) {
    return Arrays.stream(values).max().orElse(Double.NaN);
  }
}
