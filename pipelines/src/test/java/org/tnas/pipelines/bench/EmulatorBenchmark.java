package org.tnas.pipelines.bench;

import java.util.ArrayList;
import java.util.List;
import org.tnas.formats.events.EventBatch;
import org.tnas.formats.util.Bench;
import org.tnas.pipelines.emulator.EmulatorParameters;
import org.tnas.pipelines.emulator.EventEmulator;
import org.tnas.pipelines.emulator.V2eKernels;

/**
 * Emulator throughput on one thread: 200 frames of a 200x200 moving gradient at 30 fps (the clip
 * of EMULATOR.md section 13, where v2e runs at about 150 frames/s with command-line defaults and 260
 * frames/s without noise), beside a baseline measured in the same run: a plain pass computing the
 * lin-log of the same frames (Math.log per pixel, no table). Run (see docs/emulator.md):
 * {@code java -cp <test classpath> org.tnas.pipelines.bench.EmulatorBenchmark}.
 */
public final class EmulatorBenchmark {
  private EmulatorBenchmark() {}

  public static void main(String[] args) {
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
    Bench.Rate baseline = Bench.measure("baseline: lin-log pass (Math.log)", 2, 5, () -> {
      double sink = 0;
      for (float[] frame : frames) {
        for (float v : frame) {
          sink += V2eKernels.linLog(v, 20);
        }
      }
      return sink == -1 ? 0 : frames.size();
    });
    System.out.println(baseline);
    EventBatch batch = new EventBatch(1 << 20);
    for (String preset : List.of("command-line", "noise-free", "clean", "noisy")) {
      EmulatorParameters parameters = EmulatorParameters.preset(preset).withSeed(1);
      long[] events = new long[1];
      Bench.Rate rate = Bench.measure("emulator " + preset, 2, 5, () -> {
        EventEmulator emulator = new EventEmulator(parameters, size, size);
        long total = 0;
        for (int f = 0; f < frames.size(); f++) {
          batch.clear();
          total += emulator.accept(frames.get(f), f / 30.0, batch);
        }
        events[0] = total;
        return frames.size();
      });
      System.out.println(rate + String.format(java.util.Locale.ROOT, "  %,d events", events[0]));
      System.out.println(Bench.compare(rate, baseline, "frames"));
    }
  }
}
