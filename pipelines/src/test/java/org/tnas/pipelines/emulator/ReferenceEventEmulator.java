package org.tnas.pipelines.emulator;

import java.util.Arrays;
import java.util.Objects;
import java.util.SplittableRandom;
import org.tnas.formats.events.EventBatch;
import org.tnas.formats.util.Seeds;

/**
 * The straightforward per-pixel, per-event implementation of {@link EventEmulator} as it was before
 * the speed work (commit e09f089), frozen as the oracle of {@code FastEmulatorMatchesReferenceTest}:
 * the optimised emulator must give exactly the same events in exactly the same order, for every
 * preset, including the random ones (same seeded draws). Not thread safe; test code only.
 */
public final class ReferenceEventEmulator {
  private static final long STREAM_THRESHOLDS = 1;
  private static final long STREAM_NOISE_RATE = 2;
  private static final long STREAM_LEAK_TABLE = 3;
  private static final long STREAM_LEAK = 4;
  private static final long STREAM_SHOT = 5;
  private static final long STREAM_SHUFFLE = 6;
  private static final int GAUSSIAN_TABLE_BITS = 12;
  /** Above this per-pixel shot probability bound, every pixel draws its own uniform (v2e's way). */
  private static final double DIRECT_SHOT_NOISE_PROBABILITY = 0.05;

  private final EmulatorParameters parameters;
  private final int width;
  private final int height;
  private final int pixels;
  private final boolean doubleState;
  private final boolean mismatch;
  private final float[] linLogTable;
  private final double linLogThreshold;

  private final double[] base;
  private final double[] lowpass;
  private float[] positiveThresholds;
  private float[] negativeThresholds;
  private float[] positivePreProbability;
  private float[] negativePreProbability;
  private float[] noiseRate;
  private float[] gaussianTable;
  private float[] timestampMemory;
  private double maximumPreProbabilitySum;

  private final float positiveThresholdFloat;
  private final float negativeThresholdFloat;
  private final double positiveDivisor;
  private final double negativeDivisor;

  private final int[] counts;
  private final int[] finalCounts;
  private final int[] active;
  private final int[] current;
  private final int[] onBuffer;
  private final int[] offBuffer;
  private int[] shuffleBuffer;
  private int[] shotOn = new int[16];
  private int[] shotOff = new int[16];
  private float[] timestamps = new float[16];

  private final SplittableRandom shuffleRandom;

  private boolean initialized;
  private double previousTime;
  private long framesAccepted;
  private long eventsEmitted;
  private int lastFrameSteps;
  private EventBatch cachedBatch;
  private EventSink cachedBatchSink;

  /**
   * An emulator for frames of {@code width x height} pixels.
   *
   * @throws IllegalArgumentException if a dimension is not positive or exceeds 32,767
   */
  public ReferenceEventEmulator(EmulatorParameters parameters, int width, int height) {
    this.parameters = Objects.requireNonNull(parameters, "parameters is null");
    if (width <= 0 || width > Short.MAX_VALUE) {
      throw new IllegalArgumentException("Invalid width: " + width);
    }
    if (height <= 0 || height > Short.MAX_VALUE) {
      throw new IllegalArgumentException("Invalid height: " + height);
    }
    if ((long) width * height > Integer.MAX_VALUE / 2) {
      throw new IllegalArgumentException("Invalid frame size: " + width + "x" + height);
    }
    this.width = width;
    this.height = height;
    this.pixels = width * height;
    this.doubleState = parameters.cutoffHz() > 0 || parameters.input() == InputEncoding.LOGARITHMIC;
    this.mismatch = parameters.thresholdSigma() > 0;
    this.linLogThreshold = parameters.linLogThreshold();
    this.linLogTable = V2eKernels.linLogTable(linLogThreshold);
    this.base = new double[pixels];
    this.lowpass = doubleState ? new double[pixels] : null;
    this.positiveThresholdFloat = (float) parameters.positiveThreshold();
    this.negativeThresholdFloat = (float) parameters.negativeThreshold();
    // torch divides a float32 diff by the python threshold in float32, a float64 diff in float64
    this.positiveDivisor = doubleState ? parameters.positiveThreshold() : positiveThresholdFloat;
    this.negativeDivisor = doubleState ? parameters.negativeThreshold() : negativeThresholdFloat;
    this.counts = new int[pixels];
    this.finalCounts = new int[pixels];
    this.active = new int[pixels];
    this.current = new int[pixels];
    this.onBuffer = new int[pixels];
    this.offBuffer = new int[pixels];
    long seed = parameters.seed();
    this.shuffleRandom = Seeds.random(seed, STREAM_SHUFFLE);
  }

  /** An emulator whose seed is derived from the parameters' seed and a clip identity. */
  static ReferenceEventEmulator forClip(EmulatorParameters parameters, int width, int height, String clipId) {
    Objects.requireNonNull(parameters, "parameters is null");
    Objects.requireNonNull(clipId, "clipId is null");
    return new ReferenceEventEmulator(parameters.withSeed(Seeds.derive(parameters.seed(), clipId)), width, height);
  }

  public EmulatorParameters parameters() {
    return parameters;
  }

  public int width() {
    return width;
  }

  public int height() {
    return height;
  }

  /** Number of frames accepted so far. */
  public long framesAccepted() {
    return framesAccepted;
  }

  /** Number of events emitted so far. */
  public long eventsEmitted() {
    return eventsEmitted;
  }

  /** The number of distinct timestamps of the last frame (v2e's largest per-pixel count, at least 1). */
  public int lastFrameSteps() {
    return lastFrameSteps;
  }

  /**
   * Appends the events of one frame to {@code batch} (timestamps in microseconds, see {@link
   * EventSink#microseconds(float)}).
   *
   * @return the number of events appended
   */
  public int accept(float[] frame, double timeSeconds, EventBatch batch) {
    Objects.requireNonNull(batch, "batch is null");
    if (batch != cachedBatch) {
      cachedBatch = batch;
      cachedBatchSink = EventSink.into(batch);
    }
    return accept(frame, timeSeconds, cachedBatchSink);
  }

  /**
   * Processes one frame and emits its events to {@code sink} in v2e's order: the timestamps of the
   * frame in increasing order (all events of one timestamp together), then the shot-noise events at
   * the frame's last timestamp (ON then OFF, row-major).
   *
   * @param frame {@code height * width} gray values, row-major (index {@code y * width + x}), 0..255
   *     for linear input; not modified and not retained
   * @param timeSeconds the frame time; must not be before the previous frame's time (nor before 0)
   * @return the number of events emitted (0 for the first frame)
   */
  public int accept(float[] frame, double timeSeconds, EventSink sink) {
    Objects.requireNonNull(frame, "frame is null");
    Objects.requireNonNull(sink, "sink is null");
    if (frame.length != pixels) {
      throw new IllegalArgumentException("Invalid frame length: " + frame.length + " (expected " + pixels + ")");
    }
    if (!Double.isFinite(timeSeconds)) {
      throw new IllegalArgumentException("Invalid frame time: " + timeSeconds);
    }
    if (timeSeconds < previousTime) {
      throw new IllegalArgumentException(
          "Cannot accept frame: time " + timeSeconds + " is before the previous frame time " + previousTime);
    }
    double dt = timeSeconds - previousTime;
    framesAccepted++;
    if (!initialized) {
      initialize(frame, dt);
      initialized = true;
      lastFrameSteps = 0;
      return 0; // v2e returns before updating t_previous
    }
    if (parameters.leakRateHz() > 0) {
      applyLeak(dt);
    }
    int activeCount = doubleState ? countDouble(frame, dt) : countFloat(frame);
    int steps = 0;
    for (int a = 0; a < activeCount; a++) {
      int c = Math.abs(counts[active[a]]);
      if (c > steps) {
        steps = c;
      }
    }
    int distinct = steps > 0 ? steps : 1;
    double stepSeconds = dt / distinct;
    if (timestamps.length < distinct) {
      timestamps = new float[Math.max(distinct, 2 * timestamps.length)];
    }
    V2eKernels.linspace(previousTime + stepSeconds, timeSeconds, distinct, timestamps);
    int emitted = emitSignal(activeCount, steps, stepSeconds, sink);
    emitted += emitShotNoise(frame, dt, timestamps[distinct - 1], sink);
    updateBase(activeCount, frame);
    previousTime = timeSeconds;
    lastFrameSteps = distinct;
    eventsEmitted += emitted;
    return emitted;
  }

  private float linLog(float value) {
    int level = (int) value;
    if (level == value && level >= 0 && level <= 255) {
      return linLogTable[level];
    }
    return V2eKernels.linLog(value, linLogThreshold);
  }

  /** The photoreceptor input: lin-log (float32) or, for log input, the value itself (float64). */
  private double photoreceptorInput(float value) {
    return parameters.input() == InputEncoding.LOGARITHMIC ? value : linLog(value);
  }

  private double lowpassStep(double previous, double input, float intensity, double dtOverTau) {
    if (parameters.cutoffHz() <= 0) {
      return input;
    }
    double eps = ((intensity + 20.0) / 275.0) * dtOverTau;
    if (eps > 1) {
      eps = 1;
    }
    return (1 - eps) * previous + eps * input;
  }

  private double dtOverTau(double dt) {
    double cutoff = parameters.cutoffHz();
    return cutoff > 0 ? dt / (1 / (Math.PI * 2 * cutoff)) : 0;
  }

  private void initialize(float[] frame, double dt) {
    if (doubleState) {
      double ratio = dtOverTau(dt);
      for (int i = 0; i < pixels; i++) {
        double input = photoreceptorInput(frame[i]);
        lowpass[i] = lowpassStep(input, input, frame[i], ratio);
        base[i] = lowpass[i];
      }
    } else {
      for (int i = 0; i < pixels; i++) {
        base[i] = linLog(frame[i]);
      }
    }
    initializeRandomState();
  }

  private void initializeRandomState() {
    long seed = parameters.seed();
    float floor = (float) EmulatorParameters.THRESHOLD_FLOOR;
    if (mismatch) {
      SplittableRandom random = Seeds.random(seed, STREAM_THRESHOLDS);
      positiveThresholds = new float[pixels];
      negativeThresholds = new float[pixels];
      float sigma = (float) parameters.thresholdSigma();
      for (int i = 0; i < pixels; i++) {
        positiveThresholds[i] = Math.max(positiveThresholdFloat + sigma * (float) random.nextGaussian(), floor);
      }
      for (int i = 0; i < pixels; i++) {
        negativeThresholds[i] = Math.max(negativeThresholdFloat + sigma * (float) random.nextGaussian(), floor);
      }
    }
    if (parameters.shotNoiseRateHz() > 0) {
      if (mismatch) {
        positivePreProbability = new float[pixels];
        negativePreProbability = new float[pixels];
        double maximum = 0;
        for (int i = 0; i < pixels; i++) {
          positivePreProbability[i] = positiveThresholdFloat / positiveThresholds[i];
          negativePreProbability[i] = negativeThresholdFloat / negativeThresholds[i];
          maximum = Math.max(maximum, (double) positivePreProbability[i] + negativePreProbability[i]);
        }
        maximumPreProbabilitySum = maximum;
      } else {
        maximumPreProbabilitySum = 2.0;
      }
    }
    if (parameters.leakRateHz() > 0) {
      SplittableRandom random = Seeds.random(seed, STREAM_NOISE_RATE);
      noiseRate = new float[pixels];
      float spread = (float) (Math.log(10) * parameters.noiseRateVariationDecades());
      for (int i = 0; i < pixels; i++) {
        noiseRate[i] = (float) Math.exp(spread * (float) random.nextGaussian());
      }
      gaussianTable = standardNormalTable(Seeds.random(seed, STREAM_LEAK_TABLE), 1 << GAUSSIAN_TABLE_BITS);
    }
    if (parameters.refractoryPeriodSeconds() > 0) {
      timestampMemory = new float[pixels];
      Arrays.fill(timestampMemory, 0f - (float) parameters.refractoryPeriodSeconds());
    }
  }

  /** Normal samples shifted and scaled to sample mean 0 and standard deviation 1. */
  private static float[] standardNormalTable(SplittableRandom random, int size) {
    double[] values = new double[size];
    double sum = 0;
    for (int i = 0; i < size; i++) {
      values[i] = random.nextGaussian();
      sum += values[i];
    }
    double mean = sum / size;
    double squares = 0;
    for (double v : values) {
      squares += (v - mean) * (v - mean);
    }
    double deviation = Math.sqrt(squares / size);
    float[] table = new float[size];
    for (int i = 0; i < size; i++) {
      table[i] = (float) ((values[i] - mean) / deviation);
    }
    return table;
  }

  private void applyLeak(double dt) {
    float leak = (float) parameters.leakRateHz();
    float jitter = (float) parameters.leakJitterFraction();
    float dtFloat = (float) dt;
    // counter-based noise keyed by (seed, frame number, pixel)
    int key = V2eKernels.noiseKey(parameters.seed(), STREAM_LEAK, framesAccepted);
    int shift = 32 - GAUSSIAN_TABLE_BITS;
    for (int i = 0; i < pixels; i++) {
      float r = gaussianTable[V2eKernels.noiseHash(key, i) >>> shift];
      float rate = (leak * noiseRate[i]) * (1f - jitter * r);
      float threshold = mismatch ? positiveThresholds[i] : positiveThresholdFloat;
      float delta = (dtFloat * rate) * threshold;
      base[i] = doubleState ? base[i] - delta : (float) base[i] - delta;
    }
  }

  /** Float32 state (no lowpass, linear input): counts per pixel, returns the active pixel count. */
  private int countFloat(float[] frame) {
    int activeCount = 0;
    for (int i = 0; i < pixels; i++) {
      float diff = linLog(frame[i]) - (float) base[i];
      int n;
      if (diff > 0) {
        n = V2eKernels.floorDivide(diff, mismatch ? positiveThresholds[i] : (float) positiveDivisor);
      } else if (diff < 0) {
        n = -V2eKernels.floorDivide(-diff, mismatch ? negativeThresholds[i] : (float) negativeDivisor);
      } else {
        continue;
      }
      if (n != 0) {
        counts[i] = n;
        active[activeCount++] = i;
      }
    }
    return activeCount;
  }

  /** Float64 state (lowpass or log input). */
  private int countDouble(float[] frame, double dt) {
    double ratio = dtOverTau(dt);
    int activeCount = 0;
    for (int i = 0; i < pixels; i++) {
      double lp = lowpassStep(lowpass[i], photoreceptorInput(frame[i]), frame[i], ratio);
      lowpass[i] = lp;
      double diff = lp - base[i];
      int n;
      if (diff > 0) {
        n = V2eKernels.floorDivide(diff, mismatch ? (double) positiveThresholds[i] : positiveDivisor);
      } else if (diff < 0) {
        n = -V2eKernels.floorDivide(-diff, mismatch ? (double) negativeThresholds[i] : negativeDivisor);
      } else {
        continue;
      }
      if (n != 0) {
        counts[i] = n;
        active[activeCount++] = i;
      }
    }
    return activeCount;
  }

  private int emitSignal(int activeCount, int steps, double stepSeconds, EventSink sink) {
    if (steps == 0) {
      return 0;
    }
    boolean refractory = parameters.refractoryPeriodSeconds() > stepSeconds;
    float refractoryFloat = (float) parameters.refractoryPeriodSeconds();
    System.arraycopy(active, 0, current, 0, activeCount);
    int remaining = activeCount;
    if (refractory) {
      for (int a = 0; a < activeCount; a++) {
        finalCounts[active[a]] = 0;
      }
    }
    int emitted = 0;
    for (int k = 0; k < steps; k++) {
      float time = timestamps[k];
      int on = 0;
      int off = 0;
      int kept = 0;
      for (int a = 0; a < remaining; a++) {
        int i = current[a];
        int c = counts[i];
        boolean fires = true;
        if (refractory) {
          fires = time - timestampMemory[i] > refractoryFloat;
          if (fires) {
            timestampMemory[i] = time;
            finalCounts[i] += c > 0 ? 1 : -1;
          }
        }
        if (fires) {
          if (c > 0) {
            onBuffer[on++] = i;
          } else {
            offBuffer[off++] = i;
          }
        }
        if (Math.abs(c) > k + 1) {
          current[kept++] = i;
        }
      }
      remaining = kept;
      emitted += emit(on, off, time, sink);
    }
    if (!refractory) {
      for (int a = 0; a < activeCount; a++) {
        finalCounts[active[a]] = counts[active[a]];
      }
    }
    return emitted;
  }

  private int emit(int on, int off, float time, EventSink sink) {
    if (parameters.order() == EventOrder.ROW_MAJOR) {
      for (int e = 0; e < on; e++) {
        int i = onBuffer[e];
        sink.accept(i % width, i / width, time, 1);
      }
      for (int e = 0; e < off; e++) {
        int i = offBuffer[e];
        sink.accept(i % width, i / width, time, 0);
      }
      return on + off;
    }
    int total = on + off;
    if (shuffleBuffer == null || shuffleBuffer.length < total) {
      shuffleBuffer = new int[Math.max(total, 2 * pixels)];
    }
    int[] events = shuffleBuffer;
    for (int e = 0; e < on; e++) {
      events[e] = (onBuffer[e] << 1) | 1;
    }
    for (int e = 0; e < off; e++) {
      events[on + e] = offBuffer[e] << 1;
    }
    for (int e = total - 1; e > 0; e--) {
      int j = shuffleRandom.nextInt(e + 1);
      int swap = events[e];
      events[e] = events[j];
      events[j] = swap;
    }
    for (int e = 0; e < total; e++) {
      int i = events[e] >>> 1;
      sink.accept(i % width, i / width, time, events[e] & 1);
    }
    return total;
  }

  private int shotOnCount;
  private int shotOffCount;

  private int emitShotNoise(float[] frame, double dt, float time, EventSink sink) {
    shotOnCount = 0;
    shotOffCount = 0;
    double rate = parameters.shotNoiseRateHz();
    if (rate <= 0) {
      return 0;
    }
    double scale = (rate / 2) * dt;
    double intensityFactor = EmulatorParameters.SHOT_NOISE_INTENSITY_FACTOR - 1;
    float minimum = Float.POSITIVE_INFINITY;
    for (float value : frame) {
      minimum = Math.min(minimum, value);
    }
    double bound = scale * Math.max(intensityFactor * ((minimum + 20.0) / 275.0) + 1, 0) * maximumPreProbabilitySum;
    if (bound <= 0) {
      return 0;
    }
    int shotKey = V2eKernels.noiseKey(parameters.seed(), STREAM_SHOT, framesAccepted);
    SplittableRandom shotRandom = Seeds.random(parameters.seed(), STREAM_SHOT, framesAccepted);
    if (bound > DIRECT_SHOT_NOISE_PROBABILITY) {
      for (int i = 0; i < pixels; i++) {
        double f = scale * (intensityFactor * ((frame[i] + 20.0) / 275.0) + 1);
        double u = (V2eKernels.noiseHash(shotKey, i) >>> 8) * 0x1.0p-24; // float32 uniform, like torch.rand
        if (u > 1 - f * positivePre(i)) {
          addShot(true, i);
        }
        if (u < f * negativePre(i)) {
          addShot(false, i);
        }
      }
    } else {
      double logComplement = Math.log1p(-bound);
      long index = -1;
      while (true) {
        double u = 1.0 - shotRandom.nextDouble();
        index += 1 + (long) Math.floor(Math.log(u) / logComplement);
        if (index >= pixels) {
          break;
        }
        int i = (int) index;
        double f = scale * (intensityFactor * ((frame[i] + 20.0) / 275.0) + 1);
        double on = f * positivePre(i);
        double v = shotRandom.nextDouble() * bound;
        if (v < on) {
          addShot(true, i);
        } else if (v < on + f * negativePre(i)) {
          addShot(false, i);
        }
      }
    }
    for (int e = 0; e < shotOnCount; e++) {
      sink.accept(shotOn[e] % width, shotOn[e] / width, time, 1);
    }
    for (int e = 0; e < shotOffCount; e++) {
      sink.accept(shotOff[e] % width, shotOff[e] / width, time, 0);
    }
    return shotOnCount + shotOffCount;
  }

  private double positivePre(int i) {
    return mismatch ? positivePreProbability[i] : 1.0;
  }

  private double negativePre(int i) {
    return mismatch ? negativePreProbability[i] : 1.0;
  }

  private void addShot(boolean on, int i) {
    if (on) {
      if (shotOnCount == shotOn.length) {
        shotOn = Arrays.copyOf(shotOn, 2 * shotOn.length);
      }
      shotOn[shotOnCount++] = i;
    } else {
      if (shotOffCount == shotOff.length) {
        shotOff = Arrays.copyOf(shotOff, 2 * shotOff.length);
      }
      shotOff[shotOffCount++] = i;
    }
  }

  private void updateBase(int activeCount, float[] frame) {
    for (int a = 0; a < activeCount; a++) {
      int i = active[a];
      int c = finalCounts[i];
      if (c > 0) {
        // torch: int32 count * threshold is float32, then added in the base's precision
        float step = (float) c * (mismatch ? positiveThresholds[i] : positiveThresholdFloat);
        base[i] = doubleState ? base[i] + step : (float) base[i] + step;
      } else if (c < 0) {
        float step = (float) -c * (mismatch ? negativeThresholds[i] : negativeThresholdFloat);
        base[i] = doubleState ? base[i] - step : (float) base[i] - step;
      }
    }
    if (shotOnCount + shotOffCount > 0) {
      resetShotPixels(shotOn, shotOnCount, frame);
      resetShotPixels(shotOff, shotOffCount, frame);
    }
  }

  private void resetShotPixels(int[] list, int count, float[] frame) {
    for (int e = 0; e < count; e++) {
      int i = list[e];
      base[i] = doubleState ? lowpass[i] : linLog(frame[i]);
    }
  }
}
