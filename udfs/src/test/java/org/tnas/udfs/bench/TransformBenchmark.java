package org.tnas.udfs.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.tnas.formats.events.EventBatch;
import org.tnas.formats.events.SensorGeometry;
import org.tnas.formats.util.Bench;
import org.tnas.udfs.core.Augmentation;
import org.tnas.udfs.core.AugmentationPipeline;
import org.tnas.udfs.core.AugmentationSpecs;
import org.tnas.udfs.core.CropDomain;
import org.tnas.udfs.core.EventChecks;
import org.tnas.udfs.core.FrameInput;
import org.tnas.udfs.core.FrameMode;
import org.tnas.udfs.core.FrameRepresentation;
import org.tnas.udfs.core.SpikingFerInput;
import org.tnas.udfs.core.ValidEvents;

/**
 * Events per second per core (one thread) of binning and of every augmentation, beside a plain pass
 * over the same arrays measured in the same run. The plain pass reads every x, y, t, p and sums
 * them (the least work any kernel must do, vectorised by the JIT); the copy pass copies the four
 * arrays into new ones (the least work an augmentation returning new arrays must do, allocation
 * included). Each line prints the ratio to both; the goal is at least 0.5 of the plain pass.
 * Every measurement first warms up for at least {@value #WARM_UP_SECONDS} s (so that the JIT has
 * compiled the loop), then reports the best run and the median run; ratios use the best runs.
 *
 * <p>Run: {@code cd /work/main && mvn -o -q -B -pl udfs test-compile exec:exec -Dexec.classpathScope=test
 * -Dexec.executable=java -Dexec.args="-Xmx2g -cp %classpath org.tnas.udfs.bench.TransformBenchmark"}
 * (optional program arguments: number of events [1000000], measured runs [15], and {@code input} to
 * run only the plain and copy passes, the Spiking-FER pipeline and the input-path rows). The input
 * path rows time {@link SpikingFerInput#encode} (events to the (12, 128, 128) training tensor) with
 * Crop and Mirror in each {@link CropDomain}, over the same epochs (the same firing decisions).
 */
public final class TransformBenchmark {
  private static final double WARM_UP_SECONDS = 0.3;
  private static final java.lang.management.ThreadMXBean THREADS = java.lang.management.ManagementFactory.getThreadMXBean();
  private static final java.util.Map<String, Double> MEDIANS = new java.util.HashMap<>();
  private static final java.util.Map<String, Double> MEANS = new java.util.HashMap<>();

  private TransformBenchmark() {}

  /**
   * {@link Bench#measure} after a time-based warm-up (a fixed count of 2-3 warm-up calls left the
   * plain pass sometimes uncompiled, halving the baseline); the median rate is kept in {@link #MEDIANS}.
   * Each run is timed by the thread's CPU time (user + system, so page faults count), which the
   * other processes of a loaded shared machine disturb far less than wall-clock time.
   */
  static Bench.Rate measure(String name, int warmups, int runs, java.util.function.LongSupplier body) {
    return measure(name, warmups, runs, body, () -> { });
  }

  /**
   * As above; {@code afterWarmUp} runs between the warm-up and the measured runs (the pipeline rows
   * reset their epoch counter there, so every pipeline row measures the same epochs 0 .. runs - 1,
   * i.e. the same firing decisions).
   */
  static Bench.Rate measure(String name, int warmups, int runs, java.util.function.LongSupplier body, Runnable afterWarmUp) {
    long start = System.nanoTime();
    for (int i = 0; i < warmups || System.nanoTime() - start < WARM_UP_SECONDS * 1e9; i++) {
      body.getAsLong();
    }
    afterWarmUp.run();
    double[] rates = new double[runs];
    Bench.Rate best = null;
    double totalItems = 0;
    double totalSeconds = 0;
    for (int i = 0; i < runs; i++) {
      long cpu = THREADS.getCurrentThreadCpuTime();
      long items = body.getAsLong();
      double seconds = Math.max((THREADS.getCurrentThreadCpuTime() - cpu) / 1e9, 1e-9);
      totalItems += items;
      totalSeconds += seconds;
      Bench.Rate rate = new Bench.Rate(name, items / seconds, items, seconds);
      rates[i] = rate.itemsPerSecond();
      if (best == null || rate.itemsPerSecond() > best.itemsPerSecond()) {
        best = rate;
      }
    }
    java.util.Arrays.sort(rates);
    MEDIANS.put(name, rates[runs / 2]);
    MEANS.put(name, totalItems / totalSeconds);
    return best;
  }

  public static void main(String[] args) {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
    int runs = args.length > 1 ? Integer.parseInt(args[1]) : 15;
    // optional third argument "input": only the plain and copy passes, the Spiking-FER pipeline and input-path rows
    boolean all = args.length < 3 || !args[2].equals("input");
    SensorGeometry sensor = new SensorGeometry(200, 200);
    EventBatch events = sample(n, sensor);
    System.out.printf(Locale.ROOT, "TransformBenchmark: %,d events on %s, %d runs, best run reported, one thread, rates per second of thread CPU time; load average %.2f%n",
        n, sensor, runs, java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());

    Bench.Rate plain = measure("plain pass (read+sum x,y,t,p)", 3, runs, () -> {
      short[] x = events.x();
      short[] y = events.y();
      long[] t = events.t();
      byte[] p = events.p();
      long sum = 0;
      for (int i = 0; i < n; i++) {
        sum += x[i] + y[i] + t[i] + p[i];
      }
      return sum == 42 ? n + 1 : n;
    });
    Bench.Rate copy = measure("copy pass (4 array copies)", 3, runs, () -> events.copy().size());
    List<Bench.Rate> rates = new ArrayList<>();
    List<FrameRepresentation> representations = !all ? List.of() : List.of(
        FrameRepresentation.timeBins(6, FrameMode.BINARY, 200, 200),
        FrameRepresentation.timeBins(6, FrameMode.COUNT, 64, 64),
        FrameRepresentation.timeBins(6, FrameMode.BINARY, 90, 90));
    if (all) {
      rates.add(measure("validation (EventChecks)", 3, runs, () -> {
        EventChecks.requireValid(events, sensor);
        return n;
      }));
    }
    for (FrameRepresentation representation : representations) {
      String name = "frames T=6 " + representation.mode().name().toLowerCase(Locale.ROOT) + " " + representation.width() + "x" + representation.height();
      rates.add(measure(name, 3, runs, () -> representation.encode(events, sensor).length > 0 ? n : 0));
    }
    String[] specs = !all ? new String[0] : new String[] {
      "crop", "hflip", "background_noise(severity=5)", "polarity_flip(event_probability=0.2)", "polarity_flip(event_probability=1)",
      "time_reversal", "drop_by_time(ratio=0.3)", "drop_by_area(ratio=0.2)", "random_drop(ratio=0.3)", "event_drop",
      "mirror(side=random)", "spatial_jitter(variance_x=1,variance_y=1)", "time_jitter(std=100)", "uniform_noise(count=10000)",
      "denoise(filter_time=1000)", "center_crop(width=128,height=128)", "downsample(width=64,height=64)", "refractory(period=1000)"
    };
    for (String spec : specs) {
      Augmentation augmentation = AugmentationSpecs.parse(spec).steps().get(0).augmentation();
      long[] seed = {0};
      rates.add(measure(spec, 2, runs, () -> {
        augmentation.apply(events, sensor, seed[0]++);
        return n;
      }));
    }
    AugmentationPipeline pipeline = AugmentationPipeline.spikingFer();
    int[] epoch = {0};
    rates.add(measure("pipeline spiking_fer (7 steps)", 2 * runs, runs, () -> {
      pipeline.apply(events, sensor, 42, "bench/sample", epoch[0]++);
      return n;
    }, () -> epoch[0] = 0));
    // a floor under the row above: a pipeline that materialises its output writes at least its
    // output events, so one copy of that many events per epoch (the same epochs 0 .. runs - 1,
    // allocation included as the pipeline allocates) costs no more than the pipeline can
    int[] outputSizes = new int[runs];
    long outputTotal = 0;
    for (int e = 0; e < runs; e++) {
      outputSizes[e] = pipeline.apply(events, sensor, 42, "bench/sample", e).size();
      outputTotal += outputSizes[e];
    }
    int largest = java.util.Arrays.stream(outputSizes).max().orElse(0);
    EventBatch tiled = new EventBatch(largest);
    while (tiled.size() < largest) {
      tiled.addAll(events, 0, Math.min(n, largest - tiled.size()));
    }
    int[] copyEpoch = {0};
    rates.add(measure("copy of that pipeline's output (its floor)", 2 * runs, runs, () -> {
      int m = outputSizes[copyEpoch[0]++ % runs];
      EventBatch out = new EventBatch(m);
      out.addAll(tiled, 0, m);
      return out.size() >= 0 ? n : 0;
    }, () -> copyEpoch[0] = 0));
    System.out.printf(Locale.ROOT, "pipeline spiking_fer output over epochs 0-%d: mean %.2fx the input's %,d events (min %.2fx, max %.2fx)%n",
        runs - 1, (double) outputTotal / runs / n, n, (double) java.util.Arrays.stream(outputSizes).min().orElse(0) / n,
        (double) largest / n);

    // the whole Spiking-FER input path, events -> the (12, 128, 128) tensor the trainer takes, in both
    // crop domains; the same epochs (so the same firing decisions) in both rows
    for (CropDomain domain : CropDomain.values()) {
      SpikingFerInput input = new SpikingFerInput(pipeline, 6, 2500, 128, domain);
      int[] inputEpoch = {0};
      rates.add(measure("input path crop+mirror on " + domain.label() + " (-> 12x128x128)", 2 * runs, runs, () -> {
        input.encode(events, sensor, 42, "bench/sample", inputEpoch[0]++);
        return n;
      }, () -> inputEpoch[0] = 0));
    }
    // the search side's input path (AugmentedEpochs: FrameInput over a FrameRepresentation of 6 time
    // bins), the same pipeline and epochs, in every crop domain
    FrameRepresentation searchRepresentation = FrameRepresentation.timeBins(6, FrameMode.BINARY, 128, 128);
    for (CropDomain domain : CropDomain.values()) {
      FrameInput input = new FrameInput(pipeline, searchRepresentation, domain);
      int[] inputEpoch = {0};
      rates.add(measure("FrameInput T=6 time bins on " + domain.label() + " (-> 12x128x128)", 2 * runs, runs, () -> {
        input.encode(events, sensor, 42, "bench/sample", inputEpoch[0]++);
        return n;
      }, () -> inputEpoch[0] = 0));
    }
    // what training runs every epoch (ShardTrainingData): the sample checked once when loaded,
    // outside the timed loop, then the frames-domain input path without a check; same epochs
    ValidEvents loaded = EventChecks.validate(events, sensor);
    SpikingFerInput trained = new SpikingFerInput(pipeline, 6, 2500, 128, CropDomain.FRAMES);
    int[] trainedEpoch = {0};
    rates.add(measure("input path frames, checked once (training's epoch)", 2 * runs, runs, () -> {
      trained.encode(loaded, 42, "bench/sample", trainedEpoch[0]++);
      return n;
    }, () -> trainedEpoch[0] = 0));
    AugmentationPipeline eventSteps = new SpikingFerInput(pipeline, 6, 2500, 128, CropDomain.FRAMES).eventSteps();
    int[] eventEpoch = {0};
    rates.add(measure("pipeline 5 event EDAs (no crop, mirror)", 2 * runs, runs, () -> {
      eventSteps.apply(events, sensor, 42, "bench/sample", eventEpoch[0]++);
      return n;
    }, () -> eventEpoch[0] = 0));

    System.out.println(Bench.compare(plain, plain, "events"));
    System.out.println(Bench.compare(copy, plain, "events"));
    System.out.printf(Locale.ROOT, "plain pass median %.1f M events/s, copy pass median %.1f M events/s (%.3fx)%n",
        MEDIANS.get(plain.name()) / 1e6, MEDIANS.get(copy.name()) / 1e6, MEDIANS.get(copy.name()) / MEDIANS.get(plain.name()));
    // "mean" = all measured events / all measured CPU time: for the pipelines, whose work varies
    // with the epoch (which steps fire), the rate over the same 15 epochs, comparable across rows;
    // "x plain mean" divides it by the plain pass's mean rate
    System.out.printf(Locale.ROOT, "plain pass mean %.1f M events/s%n", MEANS.get(plain.name()) / 1e6);
    System.out.printf(Locale.ROOT, "%-52s %9s %10s %9s   %8s %8s %12s  %s%n", "kernel", "best M/s", "median M/s", "mean M/s", "x plain",
        "x copy", "x plain mean", "goal >= 0.5x plain (best)");
    for (Bench.Rate rate : rates) {
      double toPlain = rate.itemsPerSecond() / plain.itemsPerSecond();
      System.out.printf(Locale.ROOT, "%-52s %9.1f %10.1f %9.1f   %8.3f %8.3f %12.3f  %s%n", rate.name(), rate.itemsPerSecond() / 1e6,
          MEDIANS.get(rate.name()) / 1e6, MEANS.get(rate.name()) / 1e6, toPlain, rate.itemsPerSecond() / copy.itemsPerSecond(),
          MEANS.get(rate.name()) / MEANS.get(plain.name()), toPlain >= 0.5 ? "met" : "not met");
    }
    System.out.printf(Locale.ROOT, "load average at the end %.2f%n", java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
  }

  /** A face-like synthetic sample: events concentrated in the centre, about 1 M events/s, sorted. */
  static EventBatch sample(int n, SensorGeometry sensor) {
    SplittableRandom random = new SplittableRandom(20261122L);
    EventBatch batch = new EventBatch(n);
    long t = 1_600_000_000_000_000L;
    for (int i = 0; i < n; i++) {
      t += random.nextInt(3);
      int x = (int) Math.max(0, Math.min(sensor.width() - 1, sensor.width() / 2 + random.nextGaussian() * sensor.width() / 5));
      int y = (int) Math.max(0, Math.min(sensor.height() - 1, sensor.height() / 2 + random.nextGaussian() * sensor.height() / 5));
      batch.add(x, y, t, random.nextInt(2));
    }
    return batch;
  }
}
