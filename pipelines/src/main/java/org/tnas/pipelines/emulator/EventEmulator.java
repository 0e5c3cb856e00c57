package org.tnas.pipelines.emulator;

import java.util.Arrays;
import java.util.Objects;
import java.util.SplittableRandom;
import org.tnas.formats.events.EventBatch;
import org.tnas.formats.util.Seeds;

/**
 * The v2e DVS pixel model (SensorsINI/v2e {@code EventEmulator.generate_events}), streaming frame by
 * frame, with v2e's float32/float64 arithmetic so that the deterministic model (no threshold
 * mismatch, leak jitter/spread or shot noise) reproduces v2e's events exactly: the same events per
 * timestamp, the same float32 timestamps (torch's linspace), the same base-level updates.
 *
 * <p>Per frame: lin-log mapping (or log input), the intensity-dependent first-order photoreceptor
 * lowpass, leak (the memorised level drifts down), the per-pixel event counts {@code floor(diff /
 * threshold)}, v2e's intra-frame timestamps (the k-th event of every pixel at {@code ts[k]} with
 * {@code ts = linspace(t_prev + dt/m, t, m)}), the refractory filter, shot noise at {@code ts[m-1]},
 * and the base update by the emitted multiples of the threshold. The first frame only initialises the
 * state (no events) and, as in v2e, does not move the previous-frame time, which starts at 0.
 *
 * <p>Randomness (threshold mismatch, per-pixel leak rates, leak jitter, shot noise, the shuffle inside
 * a timestamp) is drawn from {@link EmulatorParameters#seed()} through {@link Seeds}, so runs are
 * reproducible; it cannot reproduce torch's random streams, so with noise the output matches v2e
 * statistically, not event for event. Two draws are made cheaper than v2e's with the same
 * distribution: shot noise visits only the pixels that fire (geometric skipping with thinning,
 * exactly Bernoulli per pixel) and the leak jitter takes its N(0,1) values from a seeded table of
 * 4,096 standardised normal samples.
 *
 * <p>Memory is O(width * height); frames are not retained. Not thread safe: use one instance per
 * clip and thread. Not serialisable (ship {@link EmulatorParameters} instead).
 */
public final class EventEmulator {
  private static final long STREAM_THRESHOLDS = 1;
  private static final long STREAM_NOISE_RATE = 2;
  private static final long STREAM_LEAK_TABLE = 3;
  private static final long STREAM_LEAK = 4;
  private static final long STREAM_SHOT = 5;
  private static final long STREAM_SHUFFLE = 6;
  private static final int GAUSSIAN_TABLE_BITS = 12;
  /** java.util.SplittableRandom's gamma of a generator made with {@code new SplittableRandom(seed)}. */
  private static final long SPLITTABLE_GAMMA = 0x9e3779b97f4a7c15L;
  /** Quotient estimates below this bound are exact or corrected exactly (see floorQuotient*). */
  private static final double EXACT_QUOTIENT_BOUND = 0x1p20;
  /** Above this per-pixel shot probability bound, every pixel draws its own uniform (v2e's way). */
  private static final double DIRECT_SHOT_NOISE_PROBABILITY = 0.05;

  private final EmulatorParameters parameters;
  private final int width;
  private final int height;
  final int pixels;
  final boolean doubleState;
  private final boolean logInput;
  final boolean lowpassOn;
  final boolean mismatch;
  final boolean leakOn;
  final boolean shotNoiseOn;
  private final boolean shuffled;
  final float[] linLogTable;
  private final double linLogThreshold;
  /** Per frame (lowpass only): the clamped lowpass factor of the integral gray levels 0..255. */
  final double[] epsilonTable;

  /** The memorised level: float32 state in {@code baseFloat}, float64 state in {@code baseDouble}. */
  final float[] baseFloat;
  final double[] baseDouble;
  final double[] lowpass;
  float[] positiveThresholds;
  float[] negativeThresholds;
  float[] positivePreProbability;
  float[] negativePreProbability;
  float[] noiseRate;
  float[] gaussianTable;
  private float[] timestampMemory;
  private double maximumPreProbabilitySum;

  final float positiveThresholdFloat;
  final float negativeThresholdFloat;
  final double positiveDivisor;
  final double negativeDivisor;
  private final float refractoryFloat;

  /** Column and row of every pixel index (no division per event). */
  private final short[] columns;
  private final short[] rows;
  /**
   * Signed event count of the active pixels of the current frame, read for the pixels of several
   * events and, with a refractory period, for every active pixel; one extra element at the end
   * takes the vector pass's writes that nothing reads (see {@code VectorPass.appendPending}).
   */
  final int[] counts;
  private final int[] finalCounts;
  /** The pixels with a non-zero count, row-major; their base before the speculative update. */
  final int[] active;
  final float[] savedBaseFloat;
  final double[] savedBaseDouble;
  /** The pixels with at least two events, row-major (the sources of the timestamps after the first). */
  final int[] multiple;
  private final int[] current;
  /** Events of one timestamp as {@code pixel << 1 | polarity}: ON then OFF, row-major, then shuffled. */
  final int[] group;
  final int[] offGroup;
  /** The shot-noise pixels of the current frame, ON and OFF, row-major (codes once emitted). */
  int[] shotOn = new int[16];
  int[] shotOff = new int[16];
  private float[] timestamps = new float[16];

  /** The leak jitter's counter-based noise key of the current frame (see V2eKernels.noiseHash). */
  int leakKey;
  /** The vectorised per-pixel pass, or null where the Vector API is unavailable (scalar passes). */
  private final VectorPass vectorPass;
  /** The state of the shuffle stream: a SplittableRandom seeded with Seeds.derive(seed, STREAM_SHUFFLE). */
  private long shuffleSeed;

  private boolean initialized;
  private double previousTime;
  private long framesAccepted;
  private long eventsEmitted;
  private int lastFrameSteps;

  // results of the count pass of the current frame
  int activeCount;
  int multipleCount;
  int firstOn;
  int firstOff;
  int steps;
  /**
   * The most events a pixel may fire in one frame (a timestamp each): 2^24, some 30,000 times the
   * about 550 that a jump from gray level 0 to 255 gives even with threshold 0.01; more comes only
   * from infinite or huge gray values, and would not fit in memory.
   */
  static final int MAX_STEPS = 1 << 24;
  private float frameMinimum;

  // the destination of the current frame: a batch (no per-event interface call) or a sink
  private EventBatch targetBatch;
  private EventSink targetSink;

  /**
   * An emulator for frames of {@code width x height} pixels.
   *
   * @throws IllegalArgumentException if a dimension is not positive or exceeds 32,767
   */
  public EventEmulator(EmulatorParameters parameters, int width, int height) {
    this(parameters, width, height, true);
  }

  /**
   * An emulator that runs the vectorised per-pixel pass when {@code useVectorKernels} and the JVM
   * has the Vector API ({@code --add-modules jdk.incubator.vector}), else the scalar passes; both
   * give the same events (tests run both).
   */
  EventEmulator(EmulatorParameters parameters, int width, int height, boolean useVectorKernels) {
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
    this.logInput = parameters.input() == InputEncoding.LOGARITHMIC;
    this.lowpassOn = parameters.cutoffHz() > 0;
    this.doubleState = lowpassOn || logInput;
    this.mismatch = parameters.thresholdSigma() > 0;
    this.leakOn = parameters.leakRateHz() > 0;
    this.shotNoiseOn = parameters.shotNoiseRateHz() > 0;
    this.shuffled = parameters.order() == EventOrder.SHUFFLED;
    this.linLogThreshold = parameters.linLogThreshold();
    this.linLogTable = V2eKernels.linLogTable(linLogThreshold);
    this.epsilonTable = new double[256];
    this.baseFloat = doubleState ? null : new float[pixels];
    this.baseDouble = doubleState ? new double[pixels] : null;
    this.lowpass = doubleState ? new double[pixels] : null;
    this.positiveThresholdFloat = (float) parameters.positiveThreshold();
    this.negativeThresholdFloat = (float) parameters.negativeThreshold();
    // torch divides a float32 diff by the python threshold in float32, a float64 diff in float64
    this.positiveDivisor = doubleState ? parameters.positiveThreshold() : positiveThresholdFloat;
    this.negativeDivisor = doubleState ? parameters.negativeThreshold() : negativeThresholdFloat;
    this.refractoryFloat = (float) parameters.refractoryPeriodSeconds();
    this.columns = new short[pixels];
    this.rows = new short[pixels];
    for (int i = 0; i < pixels; i++) {
      columns[i] = (short) (i % width);
      rows[i] = (short) (i / width);
    }
    this.counts = new int[pixels + 1];
    this.finalCounts = new int[pixels];
    this.active = new int[pixels];
    this.savedBaseFloat = doubleState ? null : new float[pixels];
    this.savedBaseDouble = doubleState ? new double[pixels] : null;
    this.multiple = new int[pixels];
    this.current = new int[pixels];
    // (a vector's slack: the vector pass stores whole vectors of codes at the lists' ends)
    this.group = new int[pixels + VectorPass.LIST_SLACK];
    this.offGroup = new int[pixels + VectorPass.LIST_SLACK];
    long seed = parameters.seed();
    this.vectorPass = useVectorKernels && VectorSupportCheck.AVAILABLE && !logInput ? new VectorPass(this) : null;
    this.shuffleSeed = Seeds.derive(seed, STREAM_SHUFFLE);
  }

  /** An emulator whose seed is derived from the parameters' seed and a clip identity. */
  public static EventEmulator forClip(EmulatorParameters parameters, int width, int height, String clipId) {
    Objects.requireNonNull(parameters, "parameters is null");
    Objects.requireNonNull(clipId, "clipId is null");
    return new EventEmulator(parameters.withSeed(Seeds.derive(parameters.seed(), clipId)), width, height);
  }

  /** Which per-pixel kernels this JVM runs (for benchmark reports). */
  public static String kernelDescription() {
    return VectorSupportCheck.AVAILABLE
        ? "vectorised per-pixel pass (jdk.incubator.vector, " + VectorSupportCheck.LANES + " lanes)"
        : "scalar per-pixel passes (" + VectorSupportCheck.REASON + ")";
  }

  /** Whether this emulator runs the vectorised per-pixel pass. */
  boolean isVectorised() {
    return vectorPass != null;
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
   * EventSink#microseconds(float)}), in the order of {@link #accept(float[], double, EventSink)}.
   *
   * @return the number of events appended
   */
  public int accept(float[] frame, double timeSeconds, EventBatch batch) {
    Objects.requireNonNull(batch, "batch is null");
    return process(frame, timeSeconds, batch, null);
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
    Objects.requireNonNull(sink, "sink is null");
    return process(frame, timeSeconds, null, sink);
  }

  private int process(float[] frame, double timeSeconds, EventBatch batch, EventSink sink) {
    Objects.requireNonNull(frame, "frame is null");
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
    targetBatch = batch;
    targetSink = sink;
    try {
      beginCount(dt);
      if (vectorPass != null) {
        vectorPass.count(frame, dt);
      } else {
        countRange(frame, dt, 0, pixels);
      }
      frameMinimum = !shotNoiseOn ? 0 : vectorPass != null ? vectorPass.minimumOf(frame) : minimum(frame);
      if (steps > MAX_STEPS) {
        throw tooManySteps(frame);
      }
      int distinct = steps > 0 ? steps : 1;
      double stepSeconds = dt / distinct;
      if (timestamps.length < distinct) {
        timestamps = new float[Math.max(distinct, 2 * timestamps.length)];
      }
      V2eKernels.linspace(previousTime + stepSeconds, timeSeconds, distinct, timestamps);
      int emitted;
      if (steps > 0 && parameters.refractoryPeriodSeconds() > stepSeconds) {
        restoreBase();
        emitted = emitSignalRefractory();
        updateBaseFromFinalCounts();
      } else {
        emitted = emitSignal();
      }
      emitted += emitShotNoise(frame, dt, timestamps[distinct - 1]);
      resetShotPixels(frame);
      previousTime = timeSeconds;
      lastFrameSteps = distinct;
      eventsEmitted += emitted;
      return emitted;
    } finally {
      targetBatch = null;
      targetSink = null;
    }
  }

  /**
   * The error for a frame in which a pixel fires more than {@link #MAX_STEPS} events (an infinite or
   * huge gray value: v2e itself fails on such a frame), naming the first such pixel and its value.
   * The emulator's state is then undefined.
   */
  private IllegalArgumentException tooManySteps(float[] frame) {
    int pixel = -1;
    for (int a = 0; a < multipleCount && pixel < 0; a++) {
      if (Math.abs((long) counts[multiple[a]]) == steps) {
        pixel = multiple[a];
      }
    }
    String where = pixel < 0 ? "a pixel" : "pixel (" + (pixel % width) + ", " + (pixel / width) + "), gray value "
        + frame[pixel] + ",";
    return new IllegalArgumentException("Invalid frame " + (framesAccepted - 1) + ": " + where + " would fire "
        + steps + " events in one frame (at most " + MAX_STEPS + "; gray values are expected in 0..255)");
  }

  float linLog(float value) {
    int level = (int) value;
    if (level == value && level >= 0 && level <= 255) {
      return linLogTable[level];
    }
    return V2eKernels.linLog(value, linLogThreshold);
  }

  /** The photoreceptor input: lin-log (float32) or, for log input, the value itself (float64). */
  private double photoreceptorInput(float value) {
    return logInput ? value : linLog(value);
  }

  /** v2e's clamped lowpass factor {@code min(inten01 * dt/tau, 1)} of one intensity. */
  private static double epsilon(float intensity, double dtOverTau) {
    double eps = ((intensity + 20.0) / 275.0) * dtOverTau;
    if (eps > 1) {
      eps = 1;
    }
    return eps;
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
        double lp = lowpassOn ? (1 - epsilon(frame[i], ratio)) * input + epsilon(frame[i], ratio) * input : input;
        lowpass[i] = lp;
        baseDouble[i] = lp;
      }
    } else {
      for (int i = 0; i < pixels; i++) {
        baseFloat[i] = linLog(frame[i]);
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
    if (shotNoiseOn) {
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
    if (leakOn) {
      SplittableRandom random = Seeds.random(seed, STREAM_NOISE_RATE);
      noiseRate = new float[pixels];
      float spread = (float) (Math.log(10) * parameters.noiseRateVariationDecades());
      for (int i = 0; i < pixels; i++) {
        noiseRate[i] = (float) Math.exp(spread * (float) random.nextGaussian());
      }
      gaussianTable = standardNormalTable(Seeds.random(seed, STREAM_LEAK_TABLE), 1 << GAUSSIAN_TABLE_BITS);
    } else {
      noiseRate = new float[0];
      gaussianTable = new float[1];
    }
    if (parameters.refractoryPeriodSeconds() > 0) {
      timestampMemory = new float[pixels];
      Arrays.fill(timestampMemory, 0f - (float) parameters.refractoryPeriodSeconds());
    }
  }

  /**
   * {@code nextUp(1 / (double) b)} for {@link #floorQuotientOfFloats}, or NaN (which selects the
   * division) for a threshold that is not a normal float32.
   */
  private static double upwardReciprocal(float b) {
    return b >= Float.MIN_NORMAL ? Math.nextUp(1 / (double) b) : Double.NaN;
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

  /** The lowpass's {@code dt / tau} of a frame interval (0 without lowpass). */
  double lowpassRatio(double dt) {
    return dtOverTau(dt);
  }

  /** Resets the per-frame results of the count pass and prepares the frame's tables and noise key. */
  private void beginCount(double dt) {
    activeCount = 0;
    multipleCount = 0;
    firstOn = 0;
    firstOff = 0;
    steps = 0;
    leakKey = V2eKernels.noiseKey(parameters.seed(), STREAM_LEAK, framesAccepted);
    if (lowpassOn) {
      double ratio = dtOverTau(dt);
      for (int level = 0; level < 256; level++) {
        epsilonTable[level] = epsilon(level, ratio);
      }
    }
  }

  /** The scalar per-pixel pass over pixels {@code [from, to)}, appending to the frame's results. */
  void countRange(float[] frame, double dt, int from, int to) {
    if (doubleState) {
      countDouble(frame, dt, from, to);
    } else if (mismatch) {
      countFloat(frame, dt, from, to);
    } else {
      countFloatNominal(frame, dt, from, to);
    }
  }

  /**
   * The per-pixel pass with float32 state (no lowpass, linear input) and threshold mismatch, fused: leak (the memorised
   * level drifts down; xorshift64* over the seeded normal table, pixel by pixel), lin-log, the count
   * {@code floor(|diff| / threshold)} without branches, the lists of active pixels, of pixels with
   * several events and the first timestamp's events, the frame minimum (shot noise), and the base
   * update by the emitted multiples of the threshold (undone with the saved base when the refractory
   * filter turns out to apply).
   */
  void countFloat(float[] frame, double dt, int from, int to) {
    final float[] base = baseFloat;
    final float[] saved = savedBaseFloat;
    final float[] table = linLogTable;
    final float[] positive = positiveThresholds;
    final float[] negative = negativeThresholds;
    final float[] rates = noiseRate;
    final float[] gaussians = gaussianTable;
    final int[] countOf = counts;
    final int[] activeList = active;
    final int[] multipleList = multiple;
    final int[] on = group;
    final int[] off = offGroup;
    final boolean leak = leakOn;
    final float leakRate = (float) parameters.leakRateHz();
    final float jitter = (float) parameters.leakJitterFraction();
    final float dtFloat = (float) dt;
    final int shift = 32 - GAUSSIAN_TABLE_BITS;
    final int key = leakKey;
    int activeN = activeCount;
    int multipleN = multipleCount;
    int onN = firstOn;
    int offN = firstOff;
    int maximum = steps;
    for (int i = from; i < to; i++) {
      float value = frame[i];
      int level = (int) value;
      float input = level == value && level >= 0 && level <= 255
          ? table[level]
          : V2eKernels.linLog(value, linLogThreshold);
      float positiveThreshold = positive[i];
      float b = base[i];
      if (leak) {
        float r = gaussians[V2eKernels.noiseHash(key, i) >>> shift]; // counter-based: (seed, frame, pixel)
        float rate = (leakRate * rates[i]) * (1f - jitter * r);
        b = b - (dtFloat * rate) * positiveThreshold;
      }
      float diff = input - b;
      boolean up = diff > 0;
      float threshold = select(up, positiveThreshold, negative[i]);
      // torch's floor division: the float64 quotient of two float32 never rounds onto an integer it
      // is not equal to, and for a quotient >= 0 (or NaN) the int conversion is the floor
      int n = (int) (Math.abs((double) diff) / (double) threshold);
      // without branches (with mismatch the signs and counts of neighbouring pixels differ): base +
      // step or base + (-step), which IEEE 754 defines as base - step. With n = 0 this is base + 0
      // or base + (-0), the same value except that a base of -0 (lin-log of 0 with a lin-log
      // threshold below 1) may become +0 - which changes no event: the base only enters
      // differences, and a zero difference of either sign counts nothing
      base[i] = b + negateUnless(up, (float) n * threshold);
      saved[activeN] = b;
      int code = (i << 1) | (up ? 1 : 0);
      countOf[i] = up ? n : -n;
      activeList[activeN] = i;
      multipleList[multipleN] = i;
      on[onN] = code;
      off[offN] = code;
      int fires = n != 0 ? 1 : 0;
      activeN += fires;
      multipleN += n > 1 ? 1 : 0;
      onN += up ? fires : 0;
      offN += up ? 0 : fires;
      maximum = Math.max(maximum, n);
    }
    activeCount = activeN;
    multipleCount = multipleN;
    firstOn = onN;
    firstOff = offN;
    steps = maximum;
  }

  /**
   * {@link #countFloat} for nominal thresholds (no mismatch, e.g. the noise-free preset), with
   * branches: without mismatch neighbouring pixels have similar counts and signs, so the branches
   * are predicted well and were faster than the branch-free selections on the benchmark clip.
   */
  void countFloatNominal(float[] frame, double dt, int from, int to) {
    final float[] base = baseFloat;
    final float[] saved = savedBaseFloat;
    final float[] table = linLogTable;
    final float[] rates = noiseRate;
    final float[] gaussians = gaussianTable;
    final int[] countOf = counts;
    final int[] activeList = active;
    final int[] multipleList = multiple;
    final int[] on = group;
    final int[] off = offGroup;
    final boolean leak = leakOn;
    final float positiveNominal = positiveThresholdFloat;
    final float negativeNominal = negativeThresholdFloat;
    final double positiveNominalInverse = upwardReciprocal(positiveThresholdFloat);
    final double negativeNominalInverse = upwardReciprocal(negativeThresholdFloat);
    final float leakRate = (float) parameters.leakRateHz();
    final float jitter = (float) parameters.leakJitterFraction();
    final float dtFloat = (float) dt;
    final int shift = 32 - GAUSSIAN_TABLE_BITS;
    final int key = leakKey;
    int activeN = activeCount;
    int multipleN = multipleCount;
    int onN = firstOn;
    int offN = firstOff;
    int maximum = steps;
    for (int i = from; i < to; i++) {
      float value = frame[i];
      int level = (int) value;
      float input = level == value && level >= 0 && level <= 255
          ? table[level]
          : V2eKernels.linLog(value, linLogThreshold);
      float positiveThreshold = positiveNominal;
      float b = base[i];
      if (leak) {
        float r = gaussians[V2eKernels.noiseHash(key, i) >>> shift]; // counter-based: (seed, frame, pixel)
        float rate = (leakRate * rates[i]) * (1f - jitter * r);
        b = b - (dtFloat * rate) * positiveThreshold;
      }
      float diff = input - b;
      boolean up = diff > 0;
      float threshold = up ? positiveNominal : negativeNominal;
      int n = floorQuotientOfFloats(Math.abs((double) diff), threshold, up ? positiveNominalInverse : negativeNominalInverse);
      if (n == 0) {
        base[i] = b; // the leak moved it
        continue;
      }
      float step = (float) n * threshold;
      saved[activeN] = b;
      base[i] = up ? b + step : b - step;
      countOf[i] = up ? n : -n;
      activeList[activeN++] = i;
      if (n > 1) {
        multipleList[multipleN++] = i;
      }
      if (up) {
        on[onN++] = (i << 1) | 1;
      } else {
        off[offN++] = i << 1;
      }
      if (n > maximum) {
        maximum = n;
      }
    }
    activeCount = activeN;
    multipleCount = multipleN;
    firstOn = onN;
    firstOff = offN;
    steps = maximum;
  }

  /** The per-pixel pass with float64 state (lowpass or log input); see {@link #countFloat}. */
  void countDouble(float[] frame, double dt, int from, int to) {
    final double[] base = baseDouble;
    final double[] saved = savedBaseDouble;
    final double[] filtered = lowpass;
    final double[] epsilons = epsilonTable;
    final float[] table = linLogTable;
    final float[] positive = positiveThresholds;
    final float[] negative = negativeThresholds;
    final float[] rates = noiseRate;
    final float[] gaussians = gaussianTable;
    final int[] countOf = counts;
    final int[] activeList = active;
    final int[] multipleList = multiple;
    final int[] on = group;
    final int[] off = offGroup;
    final boolean leak = leakOn;
    final boolean perPixel = mismatch;
    final boolean filter = lowpassOn;
    final boolean log = logInput;
    final float positiveNominal = positiveThresholdFloat;
    final float negativeNominal = negativeThresholdFloat;
    final double positiveScalar = positiveDivisor;
    final double negativeScalar = negativeDivisor;
    final float leakRate = (float) parameters.leakRateHz();
    final float jitter = (float) parameters.leakJitterFraction();
    final float dtFloat = (float) dt;
    final int shift = 32 - GAUSSIAN_TABLE_BITS;
    final int key = leakKey;
    final double ratio = dtOverTau(dt);
    int activeN = activeCount;
    int multipleN = multipleCount;
    int onN = firstOn;
    int offN = firstOff;
    int maximum = steps;
    for (int i = from; i < to; i++) {
      float value = frame[i];
      int level = (int) value;
      boolean integral = level == value && level >= 0 && level <= 255;
      double input = log ? value : (integral ? table[level] : V2eKernels.linLog(value, linLogThreshold));
      double lp;
      if (filter) {
        double eps = integral ? epsilons[level] : epsilon(value, ratio);
        lp = (1 - eps) * filtered[i] + eps * input;
        filtered[i] = lp;
      } else {
        lp = input;
        filtered[i] = lp;
      }
      float positiveThreshold = perPixel ? positive[i] : positiveNominal;
      double b = base[i];
      if (leak) {
        float r = gaussians[V2eKernels.noiseHash(key, i) >>> shift]; // counter-based: (seed, frame, pixel)
        float rate = (leakRate * rates[i]) * (1f - jitter * r);
        b = b - (dtFloat * rate) * positiveThreshold;
      }
      double diff = lp - b;
      boolean up = diff > 0;
      float thresholdFloat = select(up, positiveThreshold, perPixel ? negative[i] : negativeNominal);
      double threshold = perPixel ? thresholdFloat : select(up, positiveScalar, negativeScalar);
      int n = floorQuotient(Math.abs(diff), threshold);
      // branch-free base update as in countFloat (and the same remark on -0)
      base[i] = b + negateUnless(up, (double) ((float) n * thresholdFloat));
      saved[activeN] = b;
      int code = (i << 1) | (up ? 1 : 0);
      countOf[i] = up ? n : -n;
      activeList[activeN] = i;
      multipleList[multipleN] = i;
      on[onN] = code;
      off[offN] = code;
      int fires = n != 0 ? 1 : 0;
      activeN += fires;
      multipleN += n > 1 ? 1 : 0;
      onN += up ? fires : 0;
      offN += up ? 0 : fires;
      maximum = Math.max(maximum, n);
    }
    activeCount = activeN;
    multipleCount = multipleN;
    firstOn = onN;
    firstOff = offN;
    steps = maximum;
  }

  /**
   * {@code floor(a / b)} for float64 {@code a >= 0, b > 0}, exactly (the floor of the real quotient,
   * as torch's floor division and {@link V2eKernels#floorDivide(double, double)} give it): the
   * correctly rounded quotient can only be wrong when it rounded up onto an integer, so only an
   * integral non-zero quotient takes the exact fused multiply-add test (rare, and fma in the hot loop
   * costs more than the division on the machines measured). NaN gives 0.
   */
  static int floorQuotient(double a, double b) {
    double q = Math.floor(a / b);
    if (q == a / b && q != 0 && Math.fma(q, b, -a) > 0) {
      q -= 1; // the quotient was rounded up onto an integer
    }
    return (int) q;
  }

  /**
   * {@code floor(a / b)} for float32 {@code a >= 0} (given as a double) and a normal float32 {@code
   * b > 0}, exactly, from {@code upwardReciprocal = nextUp(1 / (double) b) >= 1/b}. Why it is exact:
   * if {@code a/b} is an integer N the exact product {@code a * upwardReciprocal} is at least N and
   * at most {@code N (1 + 2^-51)}, so its rounding is in [N, N+1); otherwise {@code a/b} is at least
   * {@code 2^-24} away from every integer (a and b have 24-bit significands) and the product's
   * relative error below {@code 2^-50} cannot cross one while the quotient is below 2^20. Larger
   * quotients (not met with gray-level input) take the division.
   */
  static int floorQuotientOfFloats(double a, float b, double upwardReciprocal) {
    double q = a * upwardReciprocal;
    if (q < EXACT_QUOTIENT_BOUND) {
      return (int) q;
    }
    return V2eKernels.floorDivide((float) a, b); // also NaN (0) and infinite quotients
  }

  // Selections through the raw bits: C2 compiles int/long conditionals to conditional moves but
  // float/double ones to branches.

  private static float select(boolean condition, float whenTrue, float whenFalse) {
    return Float.intBitsToFloat(condition ? Float.floatToRawIntBits(whenTrue) : Float.floatToRawIntBits(whenFalse));
  }

  private static double select(boolean condition, double whenTrue, double whenFalse) {
    return Double.longBitsToDouble(
        condition ? Double.doubleToRawLongBits(whenTrue) : Double.doubleToRawLongBits(whenFalse));
  }

  /** {@code value} if {@code condition}, else {@code -value} (sign bit flipped, exact). */
  private static float negateUnless(boolean condition, float value) {
    return Float.intBitsToFloat(Float.floatToRawIntBits(value) ^ (condition ? 0 : Integer.MIN_VALUE));
  }

  private static double negateUnless(boolean condition, double value) {
    return Double.longBitsToDouble(Double.doubleToRawLongBits(value) ^ (condition ? 0L : Long.MIN_VALUE));
  }

  /**
   * {@code Math.min} over the frame. Math.min (NaN wins, -0 below +0) is associative and
   * commutative, so four interleaved running minima combined at the end give the same value as one
   * running minimum, without its chain of dependent min operations (each several instructions).
   */
  static float minimum(float[] frame) {
    float m0 = Float.POSITIVE_INFINITY;
    float m1 = Float.POSITIVE_INFINITY;
    float m2 = Float.POSITIVE_INFINITY;
    float m3 = Float.POSITIVE_INFINITY;
    int n = frame.length;
    int end = n - n % 4;
    for (int i = 0; i < end; i += 4) {
      m0 = Math.min(m0, frame[i]);
      m1 = Math.min(m1, frame[i + 1]);
      m2 = Math.min(m2, frame[i + 2]);
      m3 = Math.min(m3, frame[i + 3]);
    }
    for (int i = end; i < n; i++) {
      m0 = Math.min(m0, frame[i]);
    }
    return Math.min(Math.min(m0, m1), Math.min(m2, m3));
  }

  /** Undoes the speculative base update of the count pass (the refractory filter applies). */
  private void restoreBase() {
    for (int a = 0; a < activeCount; a++) {
      int i = active[a];
      if (doubleState) {
        baseDouble[i] = savedBaseDouble[a];
      } else {
        baseFloat[i] = savedBaseFloat[a];
      }
    }
  }

  /** Without the refractory filter every count is emitted; the base was updated in the count pass. */
  private int emitSignal() {
    if (steps == 0) {
      return 0;
    }
    // the first timestamp: every active pixel, collected by the count pass
    int total = firstOn + firstOff;
    if (shuffled) {
      System.arraycopy(offGroup, 0, group, firstOn, firstOff);
      emitGroup(total, timestamps[0]);
    } else {
      write(group, firstOn, timestamps[0]);
      write(offGroup, firstOff, timestamps[0]);
    }
    int emitted = total;
    int[] source = multiple;
    int remaining = multipleCount;
    int[] countOf = counts;
    int[] on = group;
    int[] off = offGroup;
    int[] kept = current;
    for (int k = 1; k < steps; k++) {
      int onN = 0;
      int offN = 0;
      int keptN = 0;
      int next = k + 1;
      for (int a = 0; a < remaining; a++) {
        int i = source[a];
        int c = countOf[i];
        boolean up = c > 0;
        int code = (i << 1) | (up ? 1 : 0);
        on[onN] = code;
        off[offN] = code;
        onN += up ? 1 : 0;
        offN += up ? 0 : 1;
        kept[keptN] = i;
        keptN += Math.abs(c) > next ? 1 : 0;
      }
      // kept may alias source (in place is safe: keptN <= a)
      source = kept;
      remaining = keptN;
      System.arraycopy(off, 0, on, onN, offN);
      emitGroup(onN + offN, timestamps[k]);
      emitted += onN + offN;
    }
    return emitted;
  }

  /** The refractory filter applies (it is longer than the timestamp step): v2e's per-step test. */
  private int emitSignalRefractory() {
    System.arraycopy(active, 0, current, 0, activeCount);
    int remaining = activeCount;
    for (int a = 0; a < activeCount; a++) {
      finalCounts[active[a]] = 0;
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
        if (time - timestampMemory[i] > refractoryFloat) {
          timestampMemory[i] = time;
          finalCounts[i] += c > 0 ? 1 : -1;
          if (c > 0) {
            group[on++] = (i << 1) | 1;
          } else {
            offGroup[off++] = i << 1;
          }
        }
        if (Math.abs(c) > k + 1) {
          current[kept++] = i;
        }
      }
      remaining = kept;
      System.arraycopy(offGroup, 0, group, on, off);
      emitGroup(on + off, time);
      emitted += on + off;
    }
    return emitted;
  }

  private void updateBaseFromFinalCounts() {
    for (int a = 0; a < activeCount; a++) {
      int i = active[a];
      int c = finalCounts[i];
      if (c > 0) {
        // torch: int32 count * threshold is float32, then added in the base's precision
        float step = (float) c * (mismatch ? positiveThresholds[i] : positiveThresholdFloat);
        if (doubleState) {
          baseDouble[i] += step;
        } else {
          baseFloat[i] += step;
        }
      } else if (c < 0) {
        float step = (float) -c * (mismatch ? negativeThresholds[i] : negativeThresholdFloat);
        if (doubleState) {
          baseDouble[i] -= step;
        } else {
          baseFloat[i] -= step;
        }
      }
    }
  }

  /** Shuffles (when asked) and writes the {@code total} events of {@link #group} at {@code time}. */
  private void emitGroup(int total, float time) {
    if (shuffled) {
      shuffleSeed = shuffle(group, total, shuffleSeed);
    }
    write(group, total, time);
  }

  /**
   * Fisher-Yates of {@code events[0..total)} drawing {@code nextInt(e + 1)}, {@code e = total-1 ..
   * 1}, exactly as {@code java.util.SplittableRandom} does from the given seed (inlined: its {@code
   * nextInt()} is {@code mix32(seed += gamma)}, and {@code nextInt(bound)} draws again while {@code u
   * + bound - 1 - u % bound} overflows); returns the seed after the draws.
   */
  static long shuffle(int[] events, int total, long seed) {
    long state = seed;
    for (int e = total - 1; e > 0; e--) {
      int bound = e + 1;
      state += SPLITTABLE_GAMMA;
      int r = mix32(state);
      if ((bound & e) == 0) {
        r &= e;
      } else {
        for (int u = r >>> 1; u + e - (r = u % bound) < 0; ) {
          state += SPLITTABLE_GAMMA;
          u = mix32(state) >>> 1;
        }
      }
      int swap = events[e];
      events[e] = events[r];
      events[r] = swap;
    }
    return state;
  }

  /** {@code java.util.SplittableRandom}'s {@code mix32}. */
  private static int mix32(long z) {
    z = (z ^ (z >>> 33)) * 0x62a9d9ed799705f5L;
    return (int) (((z ^ (z >>> 28)) * 0xcb24d0a5c88c35b3L) >>> 32);
  }

  /** Writes {@code count} events {@code pixel << 1 | polarity} at {@code time} to the frame's target. */
  private void write(int[] events, int count, float time) {
    EventBatch batch = targetBatch;
    short[] columnOf = columns;
    short[] rowOf = rows;
    if (batch != null) {
      batch.ensureRoom(count);
      long microseconds = EventSink.microseconds(time);
      int start = batch.size();
      short[] xs = batch.x();
      short[] ys = batch.y();
      byte[] ps = batch.p();
      for (int e = 0; e < count; e++) {
        int event = events[e];
        int i = event >>> 1;
        xs[start + e] = columnOf[i];
        ys[start + e] = rowOf[i];
        ps[start + e] = (byte) (event & 1);
      }
      java.util.Arrays.fill(batch.t(), start, start + count, microseconds);
      batch.appendWritten(count);
    } else {
      EventSink sink = targetSink;
      for (int e = 0; e < count; e++) {
        int event = events[e];
        int i = event >>> 1;
        sink.accept(columnOf[i], rowOf[i], time, event & 1);
      }
    }
  }

  int shotOnCount;
  int shotOffCount;

  private int emitShotNoise(float[] frame, double dt, float time) {
    shotOnCount = 0;
    shotOffCount = 0;
    double rate = parameters.shotNoiseRateHz();
    if (rate <= 0) {
      return 0;
    }
    double scale = (rate / 2) * dt;
    double intensityFactor = EmulatorParameters.SHOT_NOISE_INTENSITY_FACTOR - 1;
    float minimum = frameMinimum;
    // counter-based: per pixel keyed by (seed, frame, pixel); the sparse path's stream by (seed, frame)
    int shotKey = V2eKernels.noiseKey(parameters.seed(), STREAM_SHOT, framesAccepted);
    double bound = scale * Math.max(intensityFactor * ((minimum + 20.0) / 275.0) + 1, 0) * maximumPreProbabilitySum;
    if (bound <= 0) {
      return 0;
    }
    if (bound > DIRECT_SHOT_NOISE_PROBABILITY) {
      if (shotOn.length < pixels) {
        shotOn = new int[pixels];
        shotOff = new int[pixels];
      }
      if (vectorPass != null) {
        vectorPass.shotNoise(frame, scale, intensityFactor, shotKey);
      } else {
        shotNoiseDirect(frame, scale, intensityFactor, shotKey, 0, pixels);
      }
    } else {
      double logComplement = Math.log1p(-bound);
      SplittableRandom shotRandom = Seeds.random(parameters.seed(), STREAM_SHOT, framesAccepted);
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
      shotOn[e] = (shotOn[e] << 1) | 1;
    }
    write(shotOn, shotOnCount, time);
    for (int e = 0; e < shotOffCount; e++) {
      shotOff[e] = shotOff[e] << 1;
    }
    write(shotOff, shotOffCount, time);
    return shotOnCount + shotOffCount;
  }

  /**
   * The direct shot-noise draw of pixels {@code [from, to)}, appended to {@link #shotOn} and {@link
   * #shotOff} (each large enough for every pixel): pixel i draws the float32 uniform {@code u} of
   * (seed, frame, i) and is an ON event when {@code u > 1 - f * positivePre}, an OFF event when
   * {@code u < f * negativePre}, with {@code f} its intensity-scaled probability (v2e's two tests
   * on one uniform). Without branches: a pixel's test result moves the list end.
   */
  void shotNoiseDirect(float[] frame, double scale, double intensityFactor, int shotKey, int from, int to) {
    final int[] on = shotOn;
    final int[] off = shotOff;
    int onN = shotOnCount;
    int offN = shotOffCount;
    for (int i = from; i < to; i++) {
      double f = scale * (intensityFactor * ((frame[i] + 20.0) / 275.0) + 1);
      double u = (V2eKernels.noiseHash(shotKey, i) >>> 8) * 0x1.0p-24; // float32 uniform, like torch.rand
      on[onN] = i;
      off[offN] = i;
      onN += u > 1 - f * positivePre(i) ? 1 : 0;
      offN += u < f * negativePre(i) ? 1 : 0;
    }
    shotOnCount = onN;
    shotOffCount = offN;
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

  /** v2e resets the memorised level of the shot-noise pixels to the current photoreceptor value. */
  private void resetShotPixels(float[] frame) {
    resetShotPixels(shotOn, shotOnCount, frame);
    resetShotPixels(shotOff, shotOffCount, frame);
  }

  private void resetShotPixels(int[] list, int count, float[] frame) {
    for (int e = 0; e < count; e++) {
      int i = list[e] >>> 1;
      if (doubleState) {
        baseDouble[i] = lowpass[i];
      } else {
        baseFloat[i] = linLog(frame[i]);
      }
    }
  }
}
