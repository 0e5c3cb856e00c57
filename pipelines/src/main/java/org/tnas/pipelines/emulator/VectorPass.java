package org.tnas.pipelines.emulator;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * The per-pixel pass of {@link EventEmulator} with the Vector API, {@link #LANES} pixels at a time,
 * computing exactly what the scalar passes compute (float32 or float64 state as torch promotes, the
 * lin-log and lowpass tables, the counter-based leak jitter, the exact floor quotient, the base
 * update by {@code float32(n * threshold)}). A block whose gray values are not all integral levels
 * 0..255 takes its lin-log values lane by lane from the scalar function and goes on vectorised; a
 * block whose quotient is not below 2^20 or NaN (the conversions would saturate) is handed to the
 * scalar pass; the firing pixels of a block (rare on real video) are appended to the emulator's
 * lists in row-major order.
 *
 * <p>Exact floor quotient in the state's precision: {@code q = a / b} rounded; its floor {@code n}
 * can only exceed {@code floor(a/b)} when the quotient was rounded up onto the integer {@code n},
 * which the exact sign of {@code fma(n, b, -a)} detects ({@code n - 1} then). Float/int conversions
 * are avoided (this JDK's Vector API does not compile them to single instructions): integers are
 * made by adding 2^23 (2^52), and the counts stay floating-point until a pixel fires.
 *
 * <p>With float32 state and no leak or shot noise (noise-free, clean, Spiking-FER) a pixel whose
 * gray value lies in its no-fire level range ({@link LevelBounds}, stored from its base level) makes
 * no event and changes nothing. With AVX-512 and no refractory period only the other pixels are
 * computed, listed and then gathered 8 at a time ({@link #countGathered}); otherwise a block whose
 * values all lie in their ranges, or repeat its last quiet values, is skipped ({@link #countFloat}).
 *
 * <p>Used only when {@link VectorSupportCheck#AVAILABLE}; one instance per emulator, not thread safe.
 */
final class VectorPass {
  /** Pixels per block: the lanes of the preferred double vector (8 with AVX-512, 4 with AVX2). */
  static final int LANES = DoubleVector.SPECIES_PREFERRED.length();
  /**
   * Ints past the end of the emulator's event lists ({@code group}, {@code offGroup}) that {@link
   * #appendBatches} may write: it stores whole vectors of codes. Fixed (not {@link #LANES}) so that
   * the lists do not load the Vector API where it is not used.
   */
  static final int LIST_SLACK = 16;

  private static final VectorSpecies<Double> DOUBLES = DoubleVector.SPECIES_PREFERRED;
  private static final VectorSpecies<Float> FLOATS =
      VectorSpecies.of(float.class, VectorShape.forBitSize(32 * LANES));
  private static final VectorSpecies<Integer> INTS = VectorSpecies.of(int.class, VectorShape.forBitSize(32 * LANES));
  private static final float QUOTIENT_BOUND = 0x1p20f;
  private static final float TWO_TO_23F = 0x1p23f;
  private static final int POSITIVE_INFINITY_BITS = Float.floatToRawIntBits(Float.POSITIVE_INFINITY);
  private static final int TWO_TO_23_BITS = Float.floatToRawIntBits(0x1p23f);
  private static final double TWO_TO_52 = 0x1p52;
  private static final FloatVector ONES_F = FloatVector.broadcast(FLOATS, 1f);
  private static final FloatVector ZEROS_F = FloatVector.zero(FLOATS);
  /**
   * Lane j holds the float whose raw bits are the integer 2^j: blended by a mask (a bit select, no
   * arithmetic on these subnormals) and OR-reduced as ints, the mask's bits. VectorMask.toLong is
   * not intrinsic in JDK 17, and a float ADD reduction is a chain of ordered scalar adds (where the
   * profile's samples of the pass piled up).
   */
  private static final FloatVector LANE_BITS_F = FloatVector.fromArray(FLOATS, laneBits(), 0);
  /** Lane j holds the double whose raw bits are the long 2^j (for masks of double compares). */
  private static final DoubleVector LANE_BITS_D = DoubleVector.fromArray(DOUBLES, laneBitsDouble(), 0);
  /** Bits per block of the shot-noise words: a block's ON lanes, then its OFF lanes. */
  private static final int SHOT_BITS = 2 * LANES;
  /** Blocks per shot-noise word. */
  private static final int SHOT_GROUP = Long.SIZE / SHOT_BITS;
  /** Lane j's OFF bit in a block's bits: {@code 1 << (LANES + j)}, as the long bits of a double. */
  private static final DoubleVector OFF_BITS_D = DoubleVector.fromArray(DOUBLES, laneBitsDouble(LANES), 0);
  /** Lane j holds 2j (the event code of lane j's pixel at block 0, polarity 0). */
  private static final FloatVector LANE_CODES_F = FloatVector.fromArray(FLOATS, laneCodes(), 0);
  /** 1.5 * 2^23: for an integral float x with |x| < 2^22, the bits of x + MAGIC minus MAGIC's bits are x as an int. */
  private static final float MAGIC_F = 0x1.8p23f;
  private static final int MAGIC_BITS = Float.floatToRawIntBits(MAGIC_F);
  private static final DoubleVector ONES_D = DoubleVector.broadcast(DOUBLES, 1.0);
  private static final DoubleVector ZEROS_D = DoubleVector.zero(DOUBLES);

  private final EventEmulator emulator;
  /** A refractory period is set: the refractory filter may read every active pixel's count. */
  private final boolean refractory;
  /**
   * Float32 state, no refractory period and fewer than 2^22 pixels: slots hold int codes and counts
   * ({@link #pendingCodes}) and {@link #appendPendingSignal()} appends them.
   */
  private final boolean intCodes;
  private final int[] index = new int[LANES];
  private final int[] noiseIndex = new int[LANES];
  /** With leak, made at the first frame: {@code leakRate * noiseRate} per pixel, {@code 1 - jitter * r} per table entry. */
  private float[] leakRates;
  private float[] jitterFactors;
  /** The leak decrements of the current frame (see {@link #leakDecrements}); empty without leak. */
  private final float[] leakDecrement;
  /**
   * The firing blocks of the current frame not yet appended to the emulator's lists, in order: the
   * first pixel of each ({@link #pending}), its firing lanes as bits ({@link #pendingLanes}, lane j:
   * bit j), and in slot {@code k * LANES + j} the lanes' counts, difference signs (1 up, 0 down) and
   * saved base levels. Stored by the pass and read back by {@link #appendPending()} after it: reading
   * the lanes of a vector just stored (where the profile's samples piled up, likely a
   * store-forwarding stall) and a call per block cost more than the lanes' work (together 40-65 %
   * of the noise-free pass on a talking-head clip, by phase timers and by JFR samples).
   */
  private final int[] pending;
  private final long[] pendingLanes;
  private final float[] pendingCounts;
  private final float[] pendingUp;
  /** {@link #pendingCounts} and {@link #pendingUp} of the float64 pass (no conversions in the pass). */
  private final double[] pendingCountsDouble;
  private final double[] pendingUpDouble;
  /**
   * With {@link #intCodes}: the slots' event codes {@code pixel << 1 | up} and signed counts as
   * ints, made by the pass with float arithmetic (exact: codes below 2^23, counts below 2^20) and
   * the add-a-power-of-two conversion, so that the append loop does no float-to-int conversion.
   */
  private final int[] pendingCodes;
  private final int[] pendingSigned;
  private final float[] pendingSavedFloat;
  private final double[] pendingSavedDouble;
  private int pendingCount;
  /**
   * The frame minimum made by the float64 pass on the way ({@link #minimumOf}): its blocks load every
   * gray value anyway, while a pass of its own reads the frame again after the pass has pushed it out
   * of the cache; only where {@link #minimum}'s integer path applies, else {@code false}.
   */
  private boolean minimumReady;
  /**
   * The block pass has made the level ranges of a first frame. Before, every range is unknown and
   * the listing would list every pixel, to be computed 8 at a time from wherever they lie.
   */
  private boolean rangesSeeded;
  private float passMinimum;
  /**
   * Float32 state without leak or shot noise, where the base level changes only when its pixel
   * fires: the gray values of each block at its last pass that neither fired nor took the scalar
   * pass, NaN otherwise. A block whose values equal them computes exactly what it computed then
   * (the same lin-log, base and thresholds: no event, no change) and is skipped.
   */
  private final float[] quiet;
  /**
   * With the same state as {@link #quiet}: per pixel the lowest and highest gray level (integral,
   * 0..255) at which it would not fire against its current base level, conservative (never wider
   * than the exact range), NaN when unknown. A block whose values all lie in their ranges
   * makes no event and changes nothing, and is skipped; see {@link LevelBounds}.
   */
  private final float[] lowLevel;
  private final float[] highLevel;
  private final LevelBounds bounds;
  private final int[] boundIndex = new int[LANES];
  /** The blocks of this frame whose ranges are stored after the pass ({@link #storeBounds()}). */
  private final int[] boundsBlocks;
  private int boundsCount;
  private final float[] inputScratch = new float[LANES];
  /**
   * The lanes of the direct shot-noise draw's ON and OFF events, {@link #SHOT_GROUP} blocks per word
   * (made at the first draw): block {@code b}'s {@link #SHOT_BITS} bits (ON lanes, then OFF lanes)
   * start at bit {@code SHOT_BITS * (SHOT_GROUP - 1 - b % SHOT_GROUP)} of word {@code b / SHOT_GROUP}.
   */
  private long[] shotBits;
  /** The per-pixel shot-noise factors as doubles (mismatch), made at the first direct draw. */
  private double[] positivePreDouble;
  private double[] negativePreDouble;
  /** {@code j * 0x9E3779B9} for lane j (see {@link #noiseHash}). */
  private final IntVector laneGolden;
  /**
   * For {@link #countGathered}: the pixels of this frame outside their no-fire ranges, in row-major
   * order (with a block's slack at the end); empty where that pass is not used.
   */
  private final int[] candidates;
  /** For {@link #appendBatches}: per batch its upward lanes and its lanes of several events, as bits. */
  private final int[] pendingUpLanes;
  private final int[] pendingSeveral;
  /** With threshold mismatch: the thresholds of the pixels in {@link #candidates}, in its order. */
  private final float[] candidatePositive;
  private final float[] candidateNegative;
  /**
   * Some lowpass level is NaN or infinite (from a NaN or infinite gray value, which the scalar pass
   * computes): the float64 pass's clamped-filter shortcut ({@code lp = input}) no longer holds.
   */
  private boolean lowpassNonFinite;
  /** The lowpass levels of the first frame were checked for {@link #lowpassNonFinite}. */
  private boolean lowpassScanned;
  /** {@link #thresholdsInRange()}: 0 not yet decided, 1 yes, 2 no. */
  private int thresholdsChecked;
  /** Row m: the lanes of the bits of m in increasing order, then zeros ({@link #countGathered}). */
  private static final int[] SET_LANES = setLanes();

  VectorPass(EventEmulator emulator) {
    this.emulator = emulator;
    this.refractory = emulator.parameters().refractoryPeriodSeconds() > 0;
    this.intCodes = !refractory && !emulator.doubleState && emulator.pixels < (1 << 22);
    this.leakDecrement = new float[emulator.leakOn ? emulator.pixels : 0];
    int blocks = emulator.pixels / LANES;
    this.pending = new int[blocks];
    this.pendingLanes = new long[blocks];
    this.pendingCounts = new float[intCodes || emulator.doubleState ? 0 : blocks * LANES];
    this.pendingUp = new float[pendingCounts.length];
    this.pendingCountsDouble = new double[emulator.doubleState ? blocks * LANES : 0];
    this.pendingUpDouble = new double[pendingCountsDouble.length];
    this.pendingCodes = new int[intCodes ? blocks * LANES : 0];
    this.pendingSigned = new int[intCodes ? blocks * LANES : 0];
    this.pendingSavedFloat = new float[emulator.doubleState ? 0 : blocks * LANES];
    this.pendingSavedDouble = new double[emulator.doubleState ? blocks * LANES : 0];
    boolean skips = !emulator.doubleState && !emulator.leakOn && !emulator.shotNoiseOn;
    this.quiet = new float[skips ? emulator.pixels : 0];
    java.util.Arrays.fill(quiet, Float.NaN);
    this.bounds = skips && LevelBounds.monotoneBetweenLevels(emulator.parameters().linLogThreshold())
        ? LevelBounds.of(emulator.linLogTable) : null;
    this.lowLevel = new float[bounds != null ? emulator.pixels : 0];
    this.highLevel = new float[lowLevel.length];
    java.util.Arrays.fill(lowLevel, Float.NaN);
    java.util.Arrays.fill(highLevel, Float.NaN);
    this.boundsBlocks = new int[lowLevel.length / LANES];
    int[] laneIndex = new int[LANES];
    for (int j = 0; j < LANES; j++) {
      laneIndex[j] = j;
    }
    this.laneGolden = IntVector.fromArray(INTS, laneIndex, 0).mul(0x9E3779B9);
    this.candidates = new int[bounds != null && intCodes && LANES >= 8 ? emulator.pixels + LANES : 0];
    this.pendingUpLanes = new int[candidates.length > 0 ? blocks : 0];
    this.pendingSeveral = new int[pendingUpLanes.length];
    this.candidatePositive = new float[emulator.mismatch ? candidates.length : 0];
    this.candidateNegative = new float[candidatePositive.length];
  }

  /** The lanes of the preferred double vector (loads the Vector API; for {@link VectorSupportCheck}). */
  static int lanes() {
    return LANES;
  }

  /** The per-pixel pass of one frame over every pixel. */
  void count(float[] frame, double dt) {
    minimumReady = false;
    if (emulator.leakOn) {
      leakDecrements(dt);
    }
    if (emulator.doubleState) {
      countDouble(frame, dt);
    } else if (candidates.length > 0 && rangesSeeded && thresholdsInRange()) {
      // separate methods: in one, C2 runs out of nodes and stops compiling gathers as instructions
      int listed = listOutOfRange(frame, emulator.pixels - emulator.pixels % LANES);
      if (emulator.mismatch) {
        gatherThresholds(listed);
      }
      countGathered(frame, dt, listed);
    } else {
      countFloat(frame, dt);
      // the first frame's block pass makes every pixel's range at once (the listing would list all)
      rangesSeeded = true;
    }
  }

  /**
   * Loads the block's gray levels as table indexes into {@link #index}; false if one is not an
   * integral level 0..255. Without a float-to-int conversion (slow in this JDK's Vector API): for
   * {@code 0 <= v < 2^23}, {@code v + 2^23} is exact exactly when v is integral, and its low
   * significand bits are v.
   */
  private boolean levels(FloatVector value) {
    FloatVector shifted = value.add(TWO_TO_23F);
    VectorMask<Float> integral = shifted.sub(TWO_TO_23F).compare(VectorOperators.EQ, value)
        .and(value.compare(VectorOperators.GE, 0f))
        .and(value.compare(VectorOperators.LE, 255f));
    if (!integral.allTrue()) {
      return false;
    }
    shifted.reinterpretAsInts().sub(TWO_TO_23_BITS).intoArray(index, 0);
    return true;
  }

  /**
   * The leak's decrement of the memorised level, {@code (dt * rate) * positiveThreshold} in float32
   * with {@code rate = (leakRate * noiseRate) * (1 - jitter * r)} and r the counter-based N(0,1)
   * draw of (seed, frame, pixel), for every pixel of whole blocks (the scalar pass computes the same
   * values for the rest). A pass of its own keeps the count pass small enough for C2 to compile
   * it without boxing vectors.
   */
  private void leakDecrements(double dt) {
    final EventEmulator e = emulator;
    final float[] positive = e.positiveThresholds;
    final float[] rates = e.noiseRate;
    final float[] gaussians = e.gaussianTable;
    final float[] out = leakDecrement;
    final boolean perPixel = e.mismatch;
    final FloatVector positiveNominal = FloatVector.broadcast(FLOATS, e.positiveThresholdFloat);
    final float leakRate = (float) e.parameters().leakRateHz();
    final float jitter = (float) e.parameters().leakJitterFraction();
    final float dtFloat = (float) dt;
    final int key = e.leakKey;
    final int end = e.pixels - e.pixels % LANES;
    final IntVector golden = laneGolden;
    if (leakRates == null) {
      // the frame-independent factors of rate = (leakRate * noiseRate) * (1 - jitter * r), each
      // made once with the same float32 operation: per pixel and per table entry
      leakRates = new float[e.pixels];
      for (int i = 0; i < e.pixels; i++) {
        leakRates[i] = leakRate * rates[i];
      }
      jitterFactors = new float[gaussians.length];
      for (int k = 0; k < gaussians.length; k++) {
        jitterFactors[k] = 1f - jitter * gaussians[k];
      }
    }
    final float[] pixelRates = leakRates;
    final float[] factors = jitterFactors;
    for (int i = 0; i < end; i += LANES) {
      noiseHash(golden, i, key).lanewise(VectorOperators.LSHR, 32 - 12).intoArray(noiseIndex, 0);
      FloatVector rate = FloatVector.fromArray(FLOATS, pixelRates, i)
          .mul(FloatVector.fromArray(FLOATS, factors, 0, noiseIndex, 0));
      FloatVector threshold = perPixel ? FloatVector.fromArray(FLOATS, positive, i) : positiveNominal;
      rate.mul(dtFloat).mul(threshold).intoArray(out, i);
    }
  }

  /**
   * {@link V2eKernels#noiseHash} of the pixels {@code first .. first + LANES - 1}. Its first product
   * {@code pixel * 0x9E3779B9} is {@code first * 0x9E3779B9 + j * 0x9E3779B9} (mod 2^32, exact), so
   * the lanes add {@code golden} (the {@link #laneGolden} of the caller) to one scalar product
   * instead of a vector multiplication (the slowest integer instruction of the hash).
   */
  private static IntVector noiseHash(IntVector golden, int first, int key) {
    IntVector x = golden.add(first * 0x9E3779B9 + key);
    x = x.lanewise(VectorOperators.XOR, x.lanewise(VectorOperators.LSHR, 16));
    x = x.mul(0x7feb352d);
    x = x.lanewise(VectorOperators.XOR, x.lanewise(VectorOperators.LSHR, 15));
    x = x.mul(0x846ca68b);
    return x.lanewise(VectorOperators.XOR, x.lanewise(VectorOperators.LSHR, 16));
  }

  /**
   * {@link EventEmulator#shotNoiseDirect} over every pixel, a block at a time with the same float64
   * operations per lane, appending to the emulator's shot-noise lists (row-major). The uniform
   * {@code m * 2^-24} of the hash's top 24 bits {@code m} is made as a float without an int
   * conversion: the low 23 bits as {@code (2^23 + low) - 2^23}, plus 2^23 where the top bit is set
   * (exact: m has at most 24 significant bits).
   */
  void shotNoise(float[] frame, double scale, double intensityFactor, int key) {
    final EventEmulator e = emulator;
    final int[] on = e.shotOn;
    final int[] off = e.shotOff;
    final boolean perPixel = e.mismatch;
    if (perPixel && positivePreDouble == null) {
      // widened once (exact): a block loads doubles instead of converting (with four conversions
      // the method outgrew C2's node budget and a conversion went through the boxed fallback)
      positivePreDouble = new double[e.pixels];
      negativePreDouble = new double[e.pixels];
      for (int i = 0; i < e.pixels; i++) {
        positivePreDouble[i] = e.positivePreProbability[i];
        negativePreDouble[i] = e.negativePreProbability[i];
      }
    }
    if (shotBits == null) {
      shotBits = new long[(e.pixels / LANES + SHOT_GROUP - 1) / SHOT_GROUP];
    }
    final long[] words = shotBits;
    final double[] positive = positivePreDouble;
    final double[] negative = negativePreDouble;
    final int end = e.pixels - e.pixels % LANES;
    final IntVector golden = laneGolden;
    // a group's blocks shift their bits into one vector, reduced once per word (a reduction per
    // block and polarity was half of this loop's time: JDK 17 has no intrinsic mask-to-bits)
    LongVector group = ZEROS_D.reinterpretAsLongs();
    int grouped = 0;
    int word = 0;
    for (int i = 0; i < end; i += LANES) {
      IntVector m = noiseHash(golden, i, key).lanewise(VectorOperators.LSHR, 8);
      FloatVector low = m.and(0x7FFFFF).or(TWO_TO_23_BITS).reinterpretAsFloats().sub(TWO_TO_23F);
      FloatVector high = m.lanewise(VectorOperators.LSHR, 23).neg().and(TWO_TO_23_BITS).reinterpretAsFloats();
      DoubleVector u = toDoubles(low.add(high).mul(0x1p-24f));
      DoubleVector f = toDoubles(FloatVector.fromArray(FLOATS, frame, i)).add(20.0).div(275.0)
          .mul(intensityFactor).add(1.0).mul(scale);
      DoubleVector onBound = ONES_D.sub(perPixel ? f.mul(DoubleVector.fromArray(DOUBLES, positive, i)) : f);
      DoubleVector offBound = perPixel ? f.mul(DoubleVector.fromArray(DOUBLES, negative, i)) : f;
      group = group.lanewise(VectorOperators.LSHL, SHOT_BITS)
          .or(ZEROS_D.blend(LANE_BITS_D, u.compare(VectorOperators.GT, onBound)).reinterpretAsLongs())
          .or(ZEROS_D.blend(OFF_BITS_D, u.compare(VectorOperators.LT, offBound)).reinterpretAsLongs());
      if (++grouped == SHOT_GROUP) {
        words[word++] = group.reduceLanes(VectorOperators.OR);
        group = ZEROS_D.reinterpretAsLongs();
        grouped = 0;
      }
    }
    if (grouped > 0) {
      words[word] = group.reduceLanes(VectorOperators.OR) << (SHOT_BITS * (SHOT_GROUP - grouped));
    }
    // the lists from the words in a method of its own (in the vector loop's method C2's node
    // budget left the appends as calls)
    long counts = appendBlocks(on, off, words, end / LANES);
    e.shotOnCount = (int) (counts >>> 32);
    e.shotOffCount = (int) counts;
    e.shotNoiseDirect(frame, scale, intensityFactor, key, end, e.pixels);
  }

  /**
   * The pixels of the set ON and OFF lanes of blocks {@code [0, blocks)} ({@link #shotBits}' layout)
   * into {@code on} and {@code off}; returns their numbers, ON in the high 32 bits.
   */
  private static long appendBlocks(int[] on, int[] off, long[] words, int blocks) {
    final long lanes = (1L << LANES) - 1;
    int onCount = 0;
    int offCount = 0;
    for (int block = 0; block < blocks; block++) {
      long bits = words[block / SHOT_GROUP] >>> (SHOT_BITS * (SHOT_GROUP - 1 - block % SHOT_GROUP));
      onCount = appendLanes(on, onCount, block * LANES, bits & lanes);
      offCount = appendLanes(off, offCount, block * LANES, (bits >>> LANES) & lanes);
    }
    return ((long) onCount << 32) | offCount;
  }

  /**
   * Appends {@code start + j} for each set bit j of {@code bits} to {@code list} at {@code n} and
   * returns the new end. The first two are stored whether or not they exist (past the end, where the
   * caller has room: at most {@code start} entries precede them): a block has 0, 1 or 2 shot-noise
   * events of a polarity almost always, and a loop over the bits mispredicts its exit.
   */
  private static int appendLanes(int[] list, int n, int start, long bits) {
    int count = Long.bitCount(bits);
    list[n] = start + Long.numberOfTrailingZeros(bits);
    bits &= bits - 1;
    list[n + 1] = start + Long.numberOfTrailingZeros(bits);
    bits &= bits - 1;
    for (int k = n + 2; bits != 0; bits &= bits - 1) {
      list[k++] = start + Long.numberOfTrailingZeros(bits);
    }
    return n + count;
  }

  /**
   * {@link EventEmulator#minimum} (the same float; a NaN may differ in payload). Gray frames take an
   * integer path: when every value's bits, read as a signed int, lie in [0, bits of +infinity] (no
   * NaN, no negative value, no -0), the order of the floats is the order of those ints, so the
   * minimum is the float of the least int (one integer min and max per block, against about ten
   * instructions for {@code Math.min}'s NaN and signed-zero rules). Any other frame is left to
   * {@link #exactMinimum}.
   */
  static float minimum(float[] frame) {
    IntVector low0 = IntVector.broadcast(INTS, Integer.MAX_VALUE);
    IntVector low1 = low0;
    IntVector high0 = IntVector.broadcast(INTS, Integer.MIN_VALUE);
    IntVector high1 = high0;
    int step = 2 * LANES;
    int end = frame.length - frame.length % step;
    for (int i = 0; i < end; i += step) {
      IntVector a = FloatVector.fromArray(FLOATS, frame, i).reinterpretAsInts();
      IntVector b = FloatVector.fromArray(FLOATS, frame, i + LANES).reinterpretAsInts();
      low0 = low0.min(a);
      high0 = high0.max(a);
      low1 = low1.min(b);
      high1 = high1.max(b);
    }
    float minimum = integerMinimum(low0.min(low1).reduceLanes(VectorOperators.MIN),
        high0.max(high1).reduceLanes(VectorOperators.MAX), frame, end);
    return Float.isNaN(minimum) ? exactMinimum(frame) : minimum;
  }

  /**
   * The integer path's end: the least and greatest bits of the blocks ({@code low}, {@code high},
   * reduced by the caller: vectors passed to a call that C2 does not inline are boxed, and in the
   * float64 pass that cost command-line about 40 % of its rate) and of {@code frame[from..]}; the
   * minimum, or NaN where the path does not apply.
   */
  private static float integerMinimum(int low, int high, float[] frame, int from) {
    for (int i = from; i < frame.length; i++) {
      int bits = Float.floatToRawIntBits(frame[i]);
      low = Math.min(low, bits);
      high = Math.max(high, bits);
    }
    return low >= 0 && high <= POSITIVE_INFINITY_BITS ? Float.intBitsToFloat(low) : Float.NaN;
  }

  /**
   * {@link EventEmulator#minimum} a block at a time for any frame: lanewise and reduced min are
   * Math.min, as there, and four running minima (combined at the end; Math.min is associative and
   * commutative) break the chain of dependent min sequences.
   */
  static float exactMinimum(float[] frame) {
    FloatVector m0 = FloatVector.broadcast(FLOATS, Float.POSITIVE_INFINITY);
    FloatVector m1 = m0;
    FloatVector m2 = m0;
    FloatVector m3 = m0;
    int step = 4 * LANES;
    int end = frame.length - frame.length % step;
    for (int i = 0; i < end; i += step) {
      m0 = m0.min(FloatVector.fromArray(FLOATS, frame, i));
      m1 = m1.min(FloatVector.fromArray(FLOATS, frame, i + LANES));
      m2 = m2.min(FloatVector.fromArray(FLOATS, frame, i + 2 * LANES));
      m3 = m3.min(FloatVector.fromArray(FLOATS, frame, i + 3 * LANES));
    }
    float result = m0.min(m1).min(m2.min(m3)).reduceLanes(VectorOperators.MIN);
    for (int i = end; i < frame.length; i++) {
      result = Math.min(result, frame[i]);
    }
    return result;
  }

  /**
   * {@code floor(a / b)} per lane for {@code a / b < 2^20}, as a float: the quotient rounded to an
   * integer by adding and subtracting 2^23, lowered by one where that rounded up, then by one more
   * where the float quotient itself had rounded up onto the integer (the exact fma sign test).
   */
  private static FloatVector floorQuotient(FloatVector a, FloatVector b, FloatVector quotient) {
    FloatVector rounded = quotient.add(TWO_TO_23F).sub(TWO_TO_23F);
    FloatVector whole = rounded.sub(ONES_F.blend(ZEROS_F, rounded.compare(VectorOperators.LE, quotient)));
    VectorMask<Float> roundedUp = whole.fma(b, a.neg()).compare(VectorOperators.GT, 0f);
    return whole.sub(ONES_F.blend(ZEROS_F, roundedUp.not()));
  }

  private void countFloat(float[] frame, double dt) {
    final EventEmulator e = emulator;
    final float[] base = e.baseFloat;
    final float[] table = e.linLogTable;
    final float[] positive = e.positiveThresholds;
    final float[] negative = e.negativeThresholds;
    final float[] decrement = leakDecrement;
    final boolean leak = e.leakOn;
    final boolean perPixel = e.mismatch;
    final FloatVector positiveNominal = FloatVector.broadcast(FLOATS, e.positiveThresholdFloat);
    final FloatVector negativeNominal = FloatVector.broadcast(FLOATS, e.negativeThresholdFloat);
    final int pixels = e.pixels;
    final int end = pixels - pixels % LANES;
    final float[] quietValues = quiet;
    final boolean skips = quietValues.length > 0;
    final FloatVector notANumber = FloatVector.broadcast(FLOATS, Float.NaN);
    final float[] lows = lowLevel;
    final float[] highs = highLevel;
    final boolean ranges = bounds != null;
    pendingCount = 0;
    boundsCount = 0;
    for (int i = 0; i < end; i += LANES) {
      FloatVector value = FloatVector.fromArray(FLOATS, frame, i);
      // in-range values between levels are skipped too: the lin-log is monotone (LevelBounds)
      if (ranges && value.compare(VectorOperators.GE, FloatVector.fromArray(FLOATS, lows, i))
          .and(value.compare(VectorOperators.LE, FloatVector.fromArray(FLOATS, highs, i))).allTrue()) {
        continue;
      }
      if (skips && value.compare(VectorOperators.EQ, FloatVector.fromArray(FLOATS, quietValues, i)).allTrue()) {
        continue;
      }
      FloatVector input;
      if (levels(value)) {
        input = FloatVector.fromArray(FLOATS, table, 0, index, 0);
      } else {
        // gray values between levels (face warps, interpolated frames): lin-log lane by lane (the
        // scalar pass's own function), the rest of the block stays vectorised
        for (int j = 0; j < LANES; j++) {
          inputScratch[j] = e.linLog(frame[i + j]);
        }
        input = FloatVector.fromArray(FLOATS, inputScratch, 0);
      }
      FloatVector positiveThreshold = perPixel ? FloatVector.fromArray(FLOATS, positive, i) : positiveNominal;
      FloatVector negativeThreshold = perPixel ? FloatVector.fromArray(FLOATS, negative, i) : negativeNominal;
      FloatVector b = FloatVector.fromArray(FLOATS, base, i);
      if (leak) {
        b = b.sub(FloatVector.fromArray(FLOATS, decrement, i));
      }
      FloatVector diff = input.sub(b);
      VectorMask<Float> up = diff.compare(VectorOperators.GT, 0f);
      FloatVector threshold = negativeThreshold.blend(positiveThreshold, up);
      FloatVector magnitude = diff.abs();
      // the exact floor quotient is 0 exactly where |diff| < threshold (false for NaN)
      if (magnitude.compare(VectorOperators.LT, threshold).allTrue()) {
        if (leak) {
          b.intoArray(base, i); // the leak moved it
        } else if (skips) {
          value.intoArray(quietValues, i);
          if (ranges && Float.isNaN(lows[i])) {
            // the base did not move: ranges already stored stay as they are
            boundsBlocks[boundsCount++] = i;
          }
        }
        continue;
      }
      FloatVector quotient = magnitude.div(threshold);
      if (!quotient.compare(VectorOperators.LT, QUOTIENT_BOUND).allTrue()) {
        // NaN or huge quotients: the scalar pass decides (after the firing blocks before it)
        if (skips) {
          notANumber.intoArray(quietValues, i);
          if (ranges) {
            notANumber.intoArray(lows, i);
          }
        }
        appendPending();
        e.countRange(frame, dt, i, i + LANES);
        continue;
      }
      // past the pre-test some lane has |diff| >= threshold, so its exact floor quotient is >= 1:
      // the block fires
      FloatVector whole = floorQuotient(magnitude, threshold, quotient);
      VectorMask<Float> fires = whole.compare(VectorOperators.NE, 0f);
      FloatVector step = whole.mul(threshold); // float32(n * threshold), as torch
      FloatVector moved = b.sub(step).blend(b.add(step), up);
      FloatVector updated = b.blend(moved, fires);
      updated.intoArray(base, i);
      if (skips) {
        notANumber.intoArray(quietValues, i);
        if (ranges) {
          // the ranges of the new base levels; the refractory filter may still undo the update
          if (refractory) {
            notANumber.intoArray(lows, i);
          } else {
            boundsBlocks[boundsCount++] = i;
          }
        }
      }
      int slot = pendingCount * LANES;
      if (refractory) {
        b.intoArray(pendingSavedFloat, slot);
      }
      if (!intCodes) {
        whole.intoArray(pendingCounts, slot);
        ZEROS_F.blend(ONES_F, up).intoArray(pendingUp, slot);
      } else {
        FloatVector code = LANE_CODES_F.add(2f * i).add(ZEROS_F.blend(ONES_F, up));
        code.add(TWO_TO_23F).reinterpretAsInts().sub(TWO_TO_23_BITS).intoArray(pendingCodes, slot);
        whole.neg().blend(whole, up).add(MAGIC_F).reinterpretAsInts().sub(MAGIC_BITS).intoArray(pendingSigned, slot);
      }
      pendingLanes[pendingCount] =
          ZEROS_F.blend(LANE_BITS_F, fires).reinterpretAsInts().reduceLanes(VectorOperators.OR);
      pending[pendingCount++] = i;
    }
    if (ranges) {
      storeBounds();
    }
    appendPending();
    if (end < pixels) {
      e.countRange(frame, dt, end, pixels);
    }
  }

  /**
   * The float32 pass with level ranges and no refractory period (noise-free, clean, Spiking-FER) on
   * AVX-512: a first loop lists the pixels outside their no-fire ranges ({@link LevelBounds}; a
   * pixel in its range makes no event and changes nothing) without branching on the lanes, and a
   * second computes them {@link #LANES} at a time, gathered from wherever they lie, scattering the
   * new base levels and ranges back. On real video about 3 % of a frame's pixels are out of range,
   * about 2 of the 8 lanes of a block that has any, so this computes about a quarter of the vectors
   * that the block-wise {@link #countFloat} computes. Scatters need AVX-512 (elsewhere C2 does not
   * compile them to an instruction), hence {@code LANES >= 8}.
   */
  private void countGathered(float[] frame, double dt, int count) {
    final EventEmulator e = emulator;
    final float[] base = e.baseFloat;
    final float[] table = e.linLogTable;
    final float[] listedPositive = candidatePositive;
    final float[] listedNegative = candidateNegative;
    final boolean perPixel = e.mismatch;
    final FloatVector positiveNominal = FloatVector.broadcast(FLOATS, e.positiveThresholdFloat);
    final FloatVector negativeNominal = FloatVector.broadcast(FLOATS, e.negativeThresholdFloat);
    final float[] lows = lowLevel;
    final float[] highs = highLevel;
    final int[] listed = candidates;
    final float[] belowLevels = bounds.below;
    final float[] aboveLevels = bounds.above;
    final boolean zeroBelowNegative = bounds.zeroBelowNegative;
    final int pixels = e.pixels;
    final int end = pixels - pixels % LANES;
    pendingCount = 0;
    FloatVector largest = ZEROS_F;
    final int whole = count - count % LANES;
    for (int k = 0; k < whole; k += LANES) {
      FloatVector value = FloatVector.fromArray(FLOATS, frame, 0, listed, k);
      FloatVector input;
      if (levels(value)) {
        input = FloatVector.fromArray(FLOATS, table, 0, index, 0);
      } else {
        for (int j = 0; j < LANES; j++) {
          inputScratch[j] = e.linLog(frame[listed[k + j]]);
        }
        input = FloatVector.fromArray(FLOATS, inputScratch, 0);
      }
      FloatVector positive = perPixel ? FloatVector.fromArray(FLOATS, listedPositive, k) : positiveNominal;
      FloatVector negative = perPixel ? FloatVector.fromArray(FLOATS, listedNegative, k) : negativeNominal;
      FloatVector b = FloatVector.fromArray(FLOATS, base, 0, listed, k);
      FloatVector diff = input.sub(b);
      VectorMask<Float> up = diff.compare(VectorOperators.GT, 0f);
      FloatVector threshold = negative.blend(positive, up);
      FloatVector magnitude = diff.abs();
      FloatVector quotient = magnitude.div(threshold);
      if (!quotient.compare(VectorOperators.LT, QUOTIENT_BOUND).allTrue()) {
        // NaN or huge quotients: the scalar pass decides, pixel by pixel, after the ones before
        appendBatches();
        for (int j = 0; j < LANES; j++) {
          int p = listed[k + j];
          e.countRange(frame, dt, p, p + 1);
          lows[p] = Float.NaN;
        }
        continue;
      }
      // floorQuotient's steps, written out: a call here is not inlined (the pass is too large) and
      // would box its vectors
      FloatVector rounded = quotient.add(TWO_TO_23F).sub(TWO_TO_23F);
      FloatVector below = rounded.sub(ONES_F.blend(ZEROS_F, rounded.compare(VectorOperators.LE, quotient)));
      VectorMask<Float> roundedUp = below.fma(threshold, magnitude.neg()).compare(VectorOperators.GT, 0f);
      FloatVector n = below.sub(ONES_F.blend(ZEROS_F, roundedUp.not()));
      VectorMask<Float> fires = n.compare(VectorOperators.NE, 0f);
      FloatVector step = n.mul(threshold); // float32(n * threshold), as torch
      FloatVector updated = b.blend(b.sub(step).blend(b.add(step), up), fires);
      updated.intoArray(base, 0, listed, k);
      // the ranges of the new base levels (as storeBounds, written out: a call is not inlined here)
      FloatVector keyHigh = updated.add(positive).sub(LevelBounds.MARGIN);
      FloatVector keyLow = updated.sub(negative).add(LevelBounds.MARGIN);
      // LevelBounds.buckets, written out
      keyHigh.reinterpretAsInts().max(0).sub(LevelBounds.FIRST_BITS).lanewise(VectorOperators.ASHR, LevelBounds.SHIFT)
          .add(2).max(1).min(LevelBounds.LAST).intoArray(boundIndex, 0);
      FloatVector high = FloatVector.fromArray(FLOATS, belowLevels, 0, boundIndex, 0);
      keyLow.reinterpretAsInts().max(0).sub(LevelBounds.FIRST_BITS).lanewise(VectorOperators.ASHR, LevelBounds.SHIFT)
          .add(2).max(1).min(LevelBounds.LAST).intoArray(boundIndex, 0);
      FloatVector low = FloatVector.fromArray(FLOATS, aboveLevels, 0, boundIndex, 0);
      if (zeroBelowNegative) {
        low = low.blend(ZEROS_F, keyLow.compare(VectorOperators.LT, 0f));
      }
      // every pixel's thresholds lie in the bounds' range (checked when the pass was made)
      VectorMask<Float> valid = updated.abs().compare(VectorOperators.LT, LevelBounds.BASE_LIMIT);
      low.blend(Float.NaN, valid.not()).intoArray(lows, 0, listed, k);
      high.intoArray(highs, 0, listed, k);
      // the batch's events for appendBatches: its firing, upward and multiple lanes as bits, and
      // the signed counts (read for multiples only)
      int slot = pendingCount * LANES;
      n.neg().blend(n, up).add(MAGIC_F).reinterpretAsInts().sub(MAGIC_BITS).intoArray(pendingSigned, slot);
      pending[pendingCount] = k;
      pendingLanes[pendingCount] = ZEROS_F.blend(LANE_BITS_F, fires).reinterpretAsInts().reduceLanes(VectorOperators.OR);
      pendingUpLanes[pendingCount] = ZEROS_F.blend(LANE_BITS_F, up).reinterpretAsInts().reduceLanes(VectorOperators.OR);
      VectorMask<Float> several = n.compare(VectorOperators.GT, 1f);
      pendingSeveral[pendingCount++] =
          several.anyTrue() ? ZEROS_F.blend(LANE_BITS_F, several).reinterpretAsInts().reduceLanes(VectorOperators.OR) : 0;
      largest = largest.max(n);
    }
    appendBatches();
    // exact: counts below 2^20
    e.steps = Math.max(e.steps, (int) largest.reduceLanes(VectorOperators.MAX));
    for (int k = whole; k < count; k++) {
      // the last few listed pixels, fewer than a vector: the scalar pass; their ranges are made
      // when a later frame lists them in a whole vector
      int p = listed[k];
      e.countRange(frame, dt, p, p + 1);
      lows[p] = Float.NaN;
    }
    if (end < pixels) {
      e.countRange(frame, dt, end, pixels);
    }
  }

  /**
   * The per-pixel thresholds of the listed pixels, whole vectors of them, into {@link
   * #candidatePositive} and {@link #candidateNegative} (a loop of its own: in {@link #countGathered}
   * these two gathers took C2 past its node budget, and a later gather ran as a boxed call).
   */
  private void gatherThresholds(int count) {
    final float[] positiveOf = emulator.positiveThresholds;
    final float[] negativeOf = emulator.negativeThresholds;
    final float[] listedPositive = candidatePositive;
    final float[] listedNegative = candidateNegative;
    final int[] listed = candidates;
    final int whole = count - count % LANES;
    for (int k = 0; k < whole; k += LANES) {
      FloatVector.fromArray(FLOATS, positiveOf, 0, listed, k).intoArray(listedPositive, k);
      FloatVector.fromArray(FLOATS, negativeOf, 0, listed, k).intoArray(listedNegative, k);
    }
  }

  /**
   * Appends the events of the batches that {@link #countGathered} computed so far to the emulator's
   * lists, in order: each list takes a whole vector of codes, gathered from the listed pixels by the
   * row of {@link #SET_LANES} for its lanes, and advances by their number; the pixels of several
   * events (few) go to the multiples one by one with their counts.
   */
  private void appendBatches() {
    final EventEmulator e = emulator;
    final int[] counts = e.counts;
    final int[] multipleList = e.multiple;
    final int[] on = e.group;
    final int[] off = e.offGroup;
    final int[] listed = candidates;
    final int[] setLanes = SET_LANES;
    final int[] signed = pendingSigned;
    int activeN = e.activeCount;
    int multipleN = e.multipleCount;
    int onN = e.firstOn;
    int offN = e.firstOff;
    for (int b = 0; b < pendingCount; b++) {
      int k = pending[b];
      int fires = (int) pendingLanes[b];
      int upward = fires & pendingUpLanes[b];
      int downward = fires & ~upward;
      IntVector ups = IntVector.fromArray(INTS, listed, k, setLanes, upward * LANES);
      ups.add(ups).add(1).intoArray(on, onN);
      onN += Integer.bitCount(upward);
      IntVector downs = IntVector.fromArray(INTS, listed, k, setLanes, downward * LANES);
      downs.add(downs).intoArray(off, offN);
      offN += Integer.bitCount(downward);
      activeN += Integer.bitCount(fires);
      for (int several = pendingSeveral[b]; several != 0; several &= several - 1) {
        int j = Integer.numberOfTrailingZeros(several);
        int i = listed[k + j];
        counts[i] = signed[b * LANES + j];
        multipleList[multipleN++] = i;
      }
    }
    e.activeCount = activeN;
    e.multipleCount = multipleN;
    e.firstOn = onN;
    e.firstOff = offN;
    pendingCount = 0;
  }

  /**
   * Lists the pixels of whole blocks whose gray values lie outside their no-fire ranges into {@link
   * #candidates}, in row-major order, without branching on the lanes; returns their number.
   */
  private int listOutOfRange(float[] frame, int end) {
    final float[] lows = lowLevel;
    final float[] highs = highLevel;
    final int[] listed = candidates;
    final int[] setLanes = SET_LANES;
    int count = 0;
    int i = 0;
    // eight blocks per test: most lie in their ranges, and a branch taken for few of them is
    // cheaper than a branch per block
    for (; i + 8 * LANES <= end; i += 8 * LANES) {
      FloatVector v0 = FloatVector.fromArray(FLOATS, frame, i);
      VectorMask<Float> in0 = v0.compare(VectorOperators.GE, FloatVector.fromArray(FLOATS, lows, i))
          .and(v0.compare(VectorOperators.LE, FloatVector.fromArray(FLOATS, highs, i)));
      FloatVector v1 = FloatVector.fromArray(FLOATS, frame, i + LANES);
      VectorMask<Float> in1 = v1.compare(VectorOperators.GE, FloatVector.fromArray(FLOATS, lows, i + LANES))
          .and(v1.compare(VectorOperators.LE, FloatVector.fromArray(FLOATS, highs, i + LANES)));
      FloatVector v2 = FloatVector.fromArray(FLOATS, frame, i + 2 * LANES);
      VectorMask<Float> in2 = v2.compare(VectorOperators.GE, FloatVector.fromArray(FLOATS, lows, i + 2 * LANES))
          .and(v2.compare(VectorOperators.LE, FloatVector.fromArray(FLOATS, highs, i + 2 * LANES)));
      FloatVector v3 = FloatVector.fromArray(FLOATS, frame, i + 3 * LANES);
      VectorMask<Float> in3 = v3.compare(VectorOperators.GE, FloatVector.fromArray(FLOATS, lows, i + 3 * LANES))
          .and(v3.compare(VectorOperators.LE, FloatVector.fromArray(FLOATS, highs, i + 3 * LANES)));
      FloatVector v4 = FloatVector.fromArray(FLOATS, frame, i + 4 * LANES);
      VectorMask<Float> in4 = v4.compare(VectorOperators.GE, FloatVector.fromArray(FLOATS, lows, i + 4 * LANES))
          .and(v4.compare(VectorOperators.LE, FloatVector.fromArray(FLOATS, highs, i + 4 * LANES)));
      FloatVector v5 = FloatVector.fromArray(FLOATS, frame, i + 5 * LANES);
      VectorMask<Float> in5 = v5.compare(VectorOperators.GE, FloatVector.fromArray(FLOATS, lows, i + 5 * LANES))
          .and(v5.compare(VectorOperators.LE, FloatVector.fromArray(FLOATS, highs, i + 5 * LANES)));
      FloatVector v6 = FloatVector.fromArray(FLOATS, frame, i + 6 * LANES);
      VectorMask<Float> in6 = v6.compare(VectorOperators.GE, FloatVector.fromArray(FLOATS, lows, i + 6 * LANES))
          .and(v6.compare(VectorOperators.LE, FloatVector.fromArray(FLOATS, highs, i + 6 * LANES)));
      FloatVector v7 = FloatVector.fromArray(FLOATS, frame, i + 7 * LANES);
      VectorMask<Float> in7 = v7.compare(VectorOperators.GE, FloatVector.fromArray(FLOATS, lows, i + 7 * LANES))
          .and(v7.compare(VectorOperators.LE, FloatVector.fromArray(FLOATS, highs, i + 7 * LANES)));
      if (in0.and(in1).and(in2.and(in3)).and(in4.and(in5).and(in6.and(in7))).allTrue()) {
        continue;
      }
      int out = LANE_BITS_F.blend(ZEROS_F, in0).reinterpretAsInts().reduceLanes(VectorOperators.OR);
      IntVector.fromArray(INTS, setLanes, out * LANES).add(i).intoArray(listed, count);
      count += Integer.bitCount(out);
      out = LANE_BITS_F.blend(ZEROS_F, in1).reinterpretAsInts().reduceLanes(VectorOperators.OR);
      IntVector.fromArray(INTS, setLanes, out * LANES).add(i + LANES).intoArray(listed, count);
      count += Integer.bitCount(out);
      out = LANE_BITS_F.blend(ZEROS_F, in2).reinterpretAsInts().reduceLanes(VectorOperators.OR);
      IntVector.fromArray(INTS, setLanes, out * LANES).add(i + 2 * LANES).intoArray(listed, count);
      count += Integer.bitCount(out);
      out = LANE_BITS_F.blend(ZEROS_F, in3).reinterpretAsInts().reduceLanes(VectorOperators.OR);
      IntVector.fromArray(INTS, setLanes, out * LANES).add(i + 3 * LANES).intoArray(listed, count);
      count += Integer.bitCount(out);
      out = LANE_BITS_F.blend(ZEROS_F, in4).reinterpretAsInts().reduceLanes(VectorOperators.OR);
      IntVector.fromArray(INTS, setLanes, out * LANES).add(i + 4 * LANES).intoArray(listed, count);
      count += Integer.bitCount(out);
      out = LANE_BITS_F.blend(ZEROS_F, in5).reinterpretAsInts().reduceLanes(VectorOperators.OR);
      IntVector.fromArray(INTS, setLanes, out * LANES).add(i + 5 * LANES).intoArray(listed, count);
      count += Integer.bitCount(out);
      out = LANE_BITS_F.blend(ZEROS_F, in6).reinterpretAsInts().reduceLanes(VectorOperators.OR);
      IntVector.fromArray(INTS, setLanes, out * LANES).add(i + 6 * LANES).intoArray(listed, count);
      count += Integer.bitCount(out);
      out = LANE_BITS_F.blend(ZEROS_F, in7).reinterpretAsInts().reduceLanes(VectorOperators.OR);
      IntVector.fromArray(INTS, setLanes, out * LANES).add(i + 7 * LANES).intoArray(listed, count);
      count += Integer.bitCount(out);
    }
    for (; i < end; i += LANES) {
      FloatVector value = FloatVector.fromArray(FLOATS, frame, i);
      VectorMask<Float> in = value.compare(VectorOperators.GE, FloatVector.fromArray(FLOATS, lows, i))
          .and(value.compare(VectorOperators.LE, FloatVector.fromArray(FLOATS, highs, i)));
      int out = LANE_BITS_F.blend(ZEROS_F, in).reinterpretAsInts().reduceLanes(VectorOperators.OR);
      IntVector.fromArray(INTS, setLanes, out * LANES).add(i).intoArray(listed, count);
      count += Integer.bitCount(out);
    }
    return count;
  }

  /**
   * Stores the no-fire level ranges of the blocks listed by the pass ({@link #boundsBlocks}) from
   * their final base levels (see {@link LevelBounds}); NaN (unknown) for lanes outside the bounds'
   * error analysis. After the pass rather than in it: a call in the pass's loop (the code is too
   * large for C2 to inline there) spills its vectors.
   */
  private void storeBounds() {
    final EventEmulator e = emulator;
    final float[] base = e.baseFloat;
    final float[] positiveOf = e.positiveThresholds;
    final float[] negativeOf = e.negativeThresholds;
    final boolean perPixel = e.mismatch;
    final FloatVector positiveNominal = FloatVector.broadcast(FLOATS, e.positiveThresholdFloat);
    final FloatVector negativeNominal = FloatVector.broadcast(FLOATS, e.negativeThresholdFloat);
    final float[] below = bounds.below;
    final float[] above = bounds.above;
    final boolean zeroBelowNegative = bounds.zeroBelowNegative;
    for (int k = 0; k < boundsCount; k++) {
      int i = boundsBlocks[k];
      FloatVector b = FloatVector.fromArray(FLOATS, base, i);
      FloatVector positive = perPixel ? FloatVector.fromArray(FLOATS, positiveOf, i) : positiveNominal;
      FloatVector negative = perPixel ? FloatVector.fromArray(FLOATS, negativeOf, i) : negativeNominal;
      FloatVector keyHigh = b.add(positive).sub(LevelBounds.MARGIN);
      FloatVector keyLow = b.sub(negative).add(LevelBounds.MARGIN);
      LevelBounds.buckets(keyHigh).intoArray(boundIndex, 0);
      FloatVector high = FloatVector.fromArray(FLOATS, below, 0, boundIndex, 0);
      LevelBounds.buckets(keyLow).intoArray(boundIndex, 0);
      FloatVector low = FloatVector.fromArray(FLOATS, above, 0, boundIndex, 0);
      if (zeroBelowNegative) {
        low = low.blend(ZEROS_F, keyLow.compare(VectorOperators.LT, 0f));
      }
      VectorMask<Float> valid = b.abs().compare(VectorOperators.LT, LevelBounds.BASE_LIMIT)
          .and(positive.compare(VectorOperators.GE, LevelBounds.THRESHOLD_MIN))
          .and(positive.compare(VectorOperators.LT, LevelBounds.THRESHOLD_LIMIT))
          .and(negative.compare(VectorOperators.GE, LevelBounds.THRESHOLD_MIN))
          .and(negative.compare(VectorOperators.LT, LevelBounds.THRESHOLD_LIMIT));
      low.blend(Float.NaN, valid.not()).intoArray(lowLevel, i);
      high.intoArray(highLevel, i);
    }
  }

  /** Appends the firing blocks recorded so far to the emulator's lists, in order (see {@link #pending}). */
  private void appendPending() {
    if (intCodes) {
      appendPendingSignal();
      return;
    }
    final EventEmulator e = emulator;
    final int[] counts = e.counts;
    final int[] activeList = e.active;
    final int[] multipleList = e.multiple;
    final int[] on = e.group;
    final int[] off = e.offGroup;
    final float[] savedFloatList = e.savedBaseFloat;
    final double[] savedDoubleList = e.savedBaseDouble;
    final float[] countsOf = pendingCounts;
    final float[] upOf = pendingUp;
    final double[] countsOfDouble = pendingCountsDouble;
    final double[] upOfDouble = pendingUpDouble;
    final float[] savedFloats = pendingSavedFloat;
    final double[] savedDoubles = pendingSavedDouble;
    final boolean floats = !e.doubleState;
    final boolean allCounts = refractory;
    final int spare = e.pixels;
    int activeN = e.activeCount;
    int multipleN = e.multipleCount;
    int onN = e.firstOn;
    int offN = e.firstOff;
    int maximum = e.steps;
    for (int k = 0; k < pendingCount; k++) {
      int start = pending[k];
      int slot = k * LANES;
      // the firing lanes only; polarity and multiplicity choose list ends without branches
      for (long bits = pendingLanes[k]; bits != 0; bits &= bits - 1) {
        int j = Long.numberOfTrailingZeros(bits);
        int i = start + j;
        int n = floats ? (int) countsOf[slot + j] : (int) countsOfDouble[slot + j];
        boolean up = floats ? upOf[slot + j] > 0 : upOfDouble[slot + j] > 0;
        // the saved base levels serve only the refractory filter's undo (the float pass stores
        // them into the slots only then)
        if (allCounts) {
          if (floats) {
            savedFloatList[activeN] = savedFloats[slot + j];
          } else {
            savedDoubleList[activeN] = savedDoubles[slot + j];
          }
        }
        int code = (i << 1) | (up ? 1 : 0);
        // counts are read for pixels of several events, and for all with a refractory period; a
        // single event's count goes to the spare last element (no random store into the count
        // array for most firing pixels; its effect on speed is within the harness's noise)
        counts[n > 1 || allCounts ? i : spare] = up ? n : -n;
        activeList[activeN++] = i;
        multipleList[multipleN] = i;
        multipleN += n > 1 ? 1 : 0;
        on[onN] = code;
        off[offN] = code;
        onN += up ? 1 : 0;
        offN += up ? 0 : 1;
        maximum = Math.max(maximum, n);
      }
    }
    e.activeCount = activeN;
    e.multipleCount = multipleN;
    e.firstOn = onN;
    e.firstOff = offN;
    e.steps = maximum;
    pendingCount = 0;
  }

  /**
   * {@link #appendPending()} with {@link #intCodes}: without a refractory period nothing reads the
   * active list or the saved base levels (they serve only the refractory filter's undo), nor
   * single-event counts, so only the event lists, multiples and counts of multiples are written.
   */
  private void appendPendingSignal() {
    final EventEmulator e = emulator;
    final int[] counts = e.counts;
    final int[] multipleList = e.multiple;
    final int[] on = e.group;
    final int[] off = e.offGroup;
    final int[] codes = pendingCodes;
    final int[] signed = pendingSigned;
    final int spare = e.pixels;
    int activeN = e.activeCount;
    int multipleN = e.multipleCount;
    int onN = e.firstOn;
    int offN = e.firstOff;
    int maximum = e.steps;
    for (int k = 0; k < pendingCount; k++) {
      int slot = k * LANES;
      long lanes = pendingLanes[k];
      for (long bits = lanes; bits != 0; bits &= bits - 1) {
        int at = slot + Long.numberOfTrailingZeros(bits);
        int code = codes[at];
        int c = signed[at];
        int n = Math.abs(c);
        int i = code >>> 1;
        int up = code & 1;
        counts[n > 1 ? i : spare] = c;
        multipleList[multipleN] = i;
        multipleN += n > 1 ? 1 : 0;
        on[onN] = code;
        off[offN] = code;
        onN += up;
        offN += 1 - up;
        maximum = Math.max(maximum, n);
      }
      activeN += Long.bitCount(lanes);
    }
    e.activeCount = activeN;
    e.multipleCount = multipleN;
    e.firstOn = onN;
    e.firstOff = offN;
    e.steps = maximum;
    pendingCount = 0;
  }

  private void countDouble(float[] frame, double dt) {
    final EventEmulator e = emulator;
    final double[] base = e.baseDouble;
    final double[] filtered = e.lowpass;
    final double ratio = e.lowpassRatio(dt);
    final float[] table = e.linLogTable;
    final float[] positive = e.positiveThresholds;
    final float[] negative = e.negativeThresholds;
    final float[] decrement = leakDecrement;
    final boolean leak = e.leakOn;
    final boolean perPixel = e.mismatch;
    final boolean filter = e.lowpassOn;
    final int pixels = e.pixels;
    // at a low frame rate every lowpass factor min(inten01 * dt/tau, 1) is clamped to 1 (the
    // smallest, of gray level 0, is): then lp = 0 * lp + input, which is the input (up to the sign
    // of a zero, which makes no event), and the block skips the filter arithmetic
    // (not once a lowpass level is NaN or infinite, from such a gray value: 0 * NaN is NaN, and
    // the pixel's filter stays NaN in v2e; the scalar pass, which computes those blocks, keeps it)
    if (filter && !lowpassScanned) {
      lowpassScanned = true;
      noteNonFiniteLowpass(0, pixels);
    }
    final boolean clamped = filter && !lowpassNonFinite && ((0 + 20.0) / 275.0) * ratio >= 1;
    final DoubleVector positiveScalar = DoubleVector.broadcast(DOUBLES, e.positiveDivisor);
    final DoubleVector negativeScalar = DoubleVector.broadcast(DOUBLES, e.negativeDivisor);
    final DoubleVector positiveFloatWide = DoubleVector.broadcast(DOUBLES, e.positiveThresholdFloat);
    final DoubleVector negativeFloatWide = DoubleVector.broadcast(DOUBLES, e.negativeThresholdFloat);
    final int end = pixels - pixels % LANES;
    pendingCount = 0;
    // the frame minimum's integer path (see minimum), for the shot noise
    IntVector lowBits = IntVector.broadcast(INTS, Integer.MAX_VALUE);
    IntVector highBits = IntVector.broadcast(INTS, Integer.MIN_VALUE);
    for (int i = 0; i < end; i += LANES) {
      FloatVector value = FloatVector.fromArray(FLOATS, frame, i);
      IntVector valueBits = value.reinterpretAsInts();
      lowBits = lowBits.min(valueBits);
      highBits = highBits.max(valueBits);
      FloatVector inputFloat;
      boolean shortcut = clamped;
      if (levels(value)) {
        inputFloat = FloatVector.fromArray(FLOATS, table, 0, index, 0);
      } else {
        // gray values between levels (face warps, interpolated frames): lin-log lane by lane (the
        // scalar pass's own function), the rest of the block stays vectorised (the lowpass factor
        // below is computed from the gray value, not looked up); NaN lanes reach the scalar pass
        // through the quotient test. The factor is clamped to 1 for every gray value >= 0 (as for
        // level 0), not for a negative one: such a block (or one with NaN) takes the filter
        // arithmetic (tested in this scalar loop: a vector test here cost command-line 6 %)
        boolean belowZero = false;
        for (int j = 0; j < LANES; j++) {
          float v = frame[i + j];
          inputScratch[j] = e.linLog(v);
          belowZero |= clamped && !(v >= 0f);
        }
        shortcut = clamped && !belowZero;
        inputFloat = FloatVector.fromArray(FLOATS, inputScratch, 0);
      }
      DoubleVector input = toDoubles(inputFloat);
      DoubleVector lp;
      if (filter && !shortcut) {
        // EventEmulator.epsilon per lane (the same float64 operations as its table), no gather
        DoubleVector eps = toDoubles(value).add(20.0).div(275.0).mul(ratio).min(1.0);
        lp = ONES_D.sub(eps).mul(DoubleVector.fromArray(DOUBLES, filtered, i)).add(eps.mul(input));
      } else {
        lp = input;
      }
      DoubleVector b = DoubleVector.fromArray(DOUBLES, base, i);
      if (leak) {
        b = b.sub(toDoubles(FloatVector.fromArray(FLOATS, decrement, i)));
      }
      DoubleVector diff = lp.sub(b);
      VectorMask<Double> up = diff.compare(VectorOperators.GT, 0.0);
      // the divisor: the float32 threshold, or the python float for nominal thresholds (as torch)
      DoubleVector threshold = perPixel
          ? ((DoubleVector) FloatVector.fromArray(FLOATS, negative, i).convertShape(VectorOperators.F2D, DOUBLES, 0))
              .blend((DoubleVector) FloatVector.fromArray(FLOATS, positive, i).convertShape(VectorOperators.F2D, DOUBLES, 0), up)
          : negativeScalar.blend(positiveScalar, up);
      DoubleVector magnitude = diff.abs();
      if (magnitude.compare(VectorOperators.LT, threshold).allTrue()) {
        lp.intoArray(filtered, i);
        if (leak) {
          b.intoArray(base, i);
        }
        continue;
      }
      DoubleVector quotient = magnitude.div(threshold);
      if (!quotient.compare(VectorOperators.LT, (double) QUOTIENT_BOUND).allTrue()) {
        appendPending();
        e.countRange(frame, dt, i, i + LANES);
        if (filter) {
          noteNonFiniteLowpass(i, i + LANES);
        }
        continue;
      }
      lp.intoArray(filtered, i);
      // floorQuotient in float64 (2^52 instead of 2^23), written out: as a call C2 stopped inlining it
      // once it had been compiled on its own (its code is larger than InlineSmallCode), and the
      // vectors then went through the Vector API's boxed fallback (a third of the noisy preset's time)
      DoubleVector rounded = quotient.add(TWO_TO_52).sub(TWO_TO_52);
      DoubleVector below = rounded.sub(ONES_D.blend(ZEROS_D, rounded.compare(VectorOperators.LE, quotient)));
      VectorMask<Double> roundedUp = below.fma(threshold, magnitude.neg()).compare(VectorOperators.GT, 0.0);
      DoubleVector whole = below.sub(ONES_D.blend(ZEROS_D, roundedUp.not()));
      // past the pre-test the block fires (as in countFloat): base += or -= float32(n * threshold)
      // on the firing lanes, with the float32 threshold (the exact double product n * threshold,
      // below 2^44, rounded once to float: the float32 product); counts, signs and saved levels go
      // to the block's slots for appendPending, without reading back lanes just stored
      int slot = pendingCount * LANES;
      VectorMask<Double> fires = whole.compare(VectorOperators.NE, 0.0);
      DoubleVector stepThreshold = perPixel ? threshold : negativeFloatWide.blend(positiveFloatWide, up);
      // (the conversions written out: past C2's node budget a call to toDoubles is not inlined)
      DoubleVector step = (DoubleVector) whole.mul(stepThreshold).convertShape(VectorOperators.D2F, FLOATS, 0)
          .convertShape(VectorOperators.F2D, DOUBLES, 0);
      b.blend(b.add(step.neg().blend(step, up)), fires).intoArray(base, i);
      b.intoArray(pendingSavedDouble, slot);
      whole.intoArray(pendingCountsDouble, slot);
      ZEROS_D.blend(ONES_D, up).intoArray(pendingUpDouble, slot);
      long firing = ZEROS_D.blend(LANE_BITS_D, fires).reinterpretAsLongs().reduceLanes(VectorOperators.OR);
      pendingLanes[pendingCount] = firing;
      pending[pendingCount++] = i;
    }
    appendPending();
    if (end < pixels) {
      e.countRange(frame, dt, end, pixels);
      if (filter) {
        noteNonFiniteLowpass(end, pixels);
      }
    }
    passMinimum = integerMinimum(lowBits.reduceLanes(VectorOperators.MIN), highBits.reduceLanes(VectorOperators.MAX),
        frame, end);
    minimumReady = !Float.isNaN(passMinimum);
  }

  /**
   * The minimum of the frame just counted, as {@link #minimum}: from the float64 pass when it made
   * it, else by a pass of its own.
   */
  float minimumOf(float[] frame) {
    if (minimumReady) {
      minimumReady = false;
      return passMinimum;
    }
    return minimum(frame);
  }

  /**
   * Level bounds of a monotone lin-log table: for a key {@code k}, {@link #below} gives a level
   * {@code U <= max{L : table[L] < k}} and {@link #above} a level {@code D >= min{L : table[L] > k}},
   * looked up by the bucket of {@code k}'s float bits (11 significand bits from 2^-6 to 8, one
   * bucket for smaller and one for larger keys): {@code U} is exact for the bucket's lower edge and
   * {@code D} for its upper edge, so both are conservative for every key of the bucket.
   *
   * <p>Why a block in its ranges cannot fire: with {@code |b| < 8}, thresholds {@code P, N} in
   * [2^-12, 4) and keys {@code kH = fl(fl(b + P) - M)}, {@code kL = fl(fl(b - N) + M)}, M =
   * 2^-18, each rounding errs by at most 2^-21, so {@code table[L] < kH} gives {@code table[L] - b
   * < P - 3 * 2^-20} and the float difference {@code fl(table[L] - b)} (monotone rounding) stays
   * below P; likewise above -N. The pass fires a lane exactly when that difference is {@code >= P}
   * (up) or {@code <= -N} (down).
   *
   * <p>Gray values between levels: the pass skips a block whose values lie in their ranges whether
   * or not they are integral, which needs the lin-log {@code f} ({@link V2eKernels#linLog}, the
   * non-integral lanes' function, whose values at the levels are the table) to be non-decreasing
   * over every float in [0, 255]: then {@code low <= floor(v) <= v <= ceil(v) <= high} gives
   * {@code table[floor(v)] <= f(v) <= table[ceil(v)]}, and as the float difference is monotone
   * in its first operand, v cannot fire where neither level can. {@link #monotoneBetweenLevels}
   * checks that for a lin-log threshold; the pass keeps no ranges where it fails.
   */
  static final class LevelBounds {
    static final float MARGIN = 0x1p-18f;
    static final float BASE_LIMIT = 8f;
    static final float THRESHOLD_MIN = 0x1p-12f;
    static final float THRESHOLD_LIMIT = 4f;
    private static final int SIGNIFICAND_BITS = 11;
    static final int SHIFT = 23 - SIGNIFICAND_BITS;
    static final int FIRST_BITS = Float.floatToRawIntBits(0x1p-6f);
    private static final int END_BITS = Float.floatToRawIntBits(8f);
    /** Bucket 1: keys below 2^-6 (negative keys and -0 too); 2..LAST-1: [2^-6, 8); LAST: 8 and above (and NaN). */
    static final int LAST = 2 + ((END_BITS - FIRST_BITS) >> SHIFT);
    private static final java.util.Map<java.util.List<Float>, LevelBounds> CACHE =
        new java.util.concurrent.ConcurrentHashMap<>();

    final float[] below = new float[LAST + 1];
    final float[] above = new float[LAST + 1];
    /** table[0] >= 0: a negative key lies below level 0, whose range then starts at 0. */
    final boolean zeroBelowNegative;

    private LevelBounds(float[] table) {
      zeroBelowNegative = table[0] >= 0;
      for (int j = 1; j <= LAST; j++) {
        float lower = j == 1 ? Float.NEGATIVE_INFINITY : Float.intBitsToFloat(FIRST_BITS + ((j - 2) << SHIFT));
        float upper = j == 1 ? 0x1p-6f : j == LAST ? Float.POSITIVE_INFINITY
            : Float.intBitsToFloat(FIRST_BITS + ((j - 1) << SHIFT));
        int u = -1;
        while (u + 1 < table.length && table[u + 1] < lower) {
          u++;
        }
        int d = table.length;
        while (d - 1 >= 0 && table[d - 1] >= upper) {
          d--;
        }
        below[j] = u;
        above[j] = d;
      }
    }

    /**
     * Whether v2e's lin-log with this threshold is non-decreasing over the floats of [0, 255]: the
     * linear part {@code x * (log(thr) / thr)} (in float64, then rounded to 8 decimals and to
     * float32, all monotone roundings) rises when {@code thr >= 1} (for {@code thr < 1} its factor
     * is negative and values between 0 and 1 fall below level 0's value), the log part rises
     * ({@code Math.log} is semi-monotonic by its specification), and at the seam the last float
     * of the linear part must not map above the first float of the log part. Checked over every
     * float in [0, 255] for thresholds 5, 20 and 100 by a scratch program (none decreases) and in
     * {@code LevelBoundsTest} near the seam.
     */
    static boolean monotoneBetweenLevels(double linLogThreshold) {
      if (!(linLogThreshold >= 1) || Double.isInfinite(linLogThreshold)) {
        return false;
      }
      float last = (float) linLogThreshold;
      if (last > linLogThreshold) {
        last = Math.nextDown(last);
      }
      return V2eKernels.linLog(last, linLogThreshold) <= V2eKernels.linLog(Math.nextUp(last), linLogThreshold);
    }

    /** The buckets of the keys (keys below 2^-6, negative ones and -0 too, in bucket 1). */
    static IntVector buckets(FloatVector keys) {
      return keys.reinterpretAsInts().max(0).sub(FIRST_BITS).lanewise(VectorOperators.ASHR, SHIFT).add(2).max(1).min(LAST);
    }

    /** The bucket of one key (as {@link #buckets}). */
    static int bucket(float key) {
      int bits = Math.max(Float.floatToRawIntBits(key), 0);
      return Math.min(Math.max(((bits - FIRST_BITS) >> SHIFT) + 2, 1), LAST);
    }

    /** The bounds of {@code table}, or null when it is not non-decreasing (no range skipping then). */
    static LevelBounds of(float[] table) {
      for (int i = 1; i < table.length; i++) {
        if (!(table[i] >= table[i - 1])) {
          return null;
        }
      }
      java.util.List<Float> key = new java.util.ArrayList<>();
      for (float v : table) {
        key.add(v);
      }
      // one entry per lin-log threshold in use (148 KB each); past a few, build without caching
      if (CACHE.size() < 8) {
        return CACHE.computeIfAbsent(java.util.List.copyOf(key), k -> new LevelBounds(table));
      }
      LevelBounds cached = CACHE.get(key);
      return cached != null ? cached : new LevelBounds(table);
    }
  }

  /** Sets {@link #lowpassNonFinite} if a lowpass level of pixels {@code [from, to)} is NaN or infinite. */
  private void noteNonFiniteLowpass(int from, int to) {
    final double[] filtered = emulator.lowpass;
    for (int i = from; i < to; i++) {
      if (!Double.isFinite(filtered[i])) {
        lowpassNonFinite = true;
      }
    }
  }

  /**
   * Whether every pixel's thresholds lie in the range of {@link LevelBounds}' error analysis (else
   * {@link #countFloat} checks them per block); decided at the first frame, which makes them.
   */
  private boolean thresholdsInRange() {
    if (thresholdsChecked == 0) {
      thresholdsChecked = thresholdsInRange(emulator) ? 1 : 2;
    }
    return thresholdsChecked == 1;
  }

  private static boolean thresholdsInRange(EventEmulator e) {
    for (int i = 0; i < e.pixels; i++) {
      float positive = e.mismatch ? e.positiveThresholds[i] : e.positiveThresholdFloat;
      float negative = e.mismatch ? e.negativeThresholds[i] : e.negativeThresholdFloat;
      if (!(positive >= LevelBounds.THRESHOLD_MIN && positive < LevelBounds.THRESHOLD_LIMIT
          && negative >= LevelBounds.THRESHOLD_MIN && negative < LevelBounds.THRESHOLD_LIMIT)) {
        return false;
      }
    }
    return true;
  }

  private static int[] setLanes() {
    int[] rows = new int[(1 << LANES) * LANES];
    for (int m = 0; m < 1 << LANES; m++) {
      int at = m * LANES;
      for (int j = 0; j < LANES; j++) {
        if ((m & (1 << j)) != 0) {
          rows[at++] = j;
        }
      }
    }
    return rows;
  }

  private static float[] laneCodes() {
    float[] codes = new float[LANES];
    for (int j = 0; j < LANES; j++) {
      codes[j] = 2 * j;
    }
    return codes;
  }

  private static float[] laneBits() {
    float[] bits = new float[LANES];
    for (int j = 0; j < LANES; j++) {
      bits[j] = Float.intBitsToFloat(1 << j);
    }
    return bits;
  }

  private static double[] laneBitsDouble() {
    return laneBitsDouble(0);
  }

  /** Lane j: the double whose long bits are {@code 1 << (shift + j)}. */
  private static double[] laneBitsDouble(int shift) {
    double[] bits = new double[LANES];
    for (int j = 0; j < LANES; j++) {
      bits[j] = Double.longBitsToDouble(1L << (shift + j));
    }
    return bits;
  }

  private static DoubleVector toDoubles(FloatVector values) {
    return (DoubleVector) values.convertShape(VectorOperators.F2D, DOUBLES, 0);
  }
}
