package org.tnas.pipelines.emulator;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * The per-pixel pass of {@link EventEmulator} with the Vector API, {@link #LANES} pixels at a time,
 * computing exactly what the scalar passes compute (float32 or float64 state as torch promotes, the
 * lin-log and lowpass tables, the counter-based leak jitter, the exact floor quotient, the base
 * update by {@code float32(n * threshold)}). A block of pixels is handed to the scalar pass when one
 * of its gray values is not an integral level 0..255 (the tables do not apply) or a quotient is not
 * below 2^20 or NaN (the conversions would saturate); the firing pixels of a block (rare on real
 * video) are appended to the emulator's lists in row-major order.
 *
 * <p>Exact floor quotient without float64 per lane: {@code q = a / b} rounded; its truncation
 * {@code n} can only exceed {@code floor(a/b)} when the quotient was rounded up onto the integer
 * {@code n}, which the exact sign of {@code fma(n, b, -a)} detects ({@code n - 1} then).
 *
 * <p>Used only when {@link VectorSupportCheck#AVAILABLE}; one instance per emulator, not thread safe.
 */
final class VectorPass {
  /** Pixels per block: the lanes of the preferred double vector (8 with AVX-512, 4 with AVX2). */
  static final int LANES = DoubleVector.SPECIES_PREFERRED.length();

  private static final VectorSpecies<Double> DOUBLES = DoubleVector.SPECIES_PREFERRED;
  private static final VectorSpecies<Float> FLOATS =
      VectorSpecies.of(float.class, VectorShape.forBitSize(32 * LANES));
  private static final VectorSpecies<Integer> INTS = VectorSpecies.of(int.class, VectorShape.forBitSize(32 * LANES));
  private static final float QUOTIENT_BOUND = 0x1p20f;

  private final EventEmulator emulator;
  private final int[] index = new int[LANES];
  private final int[] noiseIndex = new int[LANES];
  private final float[] savedFloat = new float[LANES];
  private final double[] savedDouble = new double[LANES];
  private final int[] countScratch = new int[LANES];
  private final int[] laneIndex = new int[LANES];

  VectorPass(EventEmulator emulator) {
    this.emulator = emulator;
    for (int j = 0; j < LANES; j++) {
      laneIndex[j] = j;
    }
  }

  /** The lanes of the preferred double vector (loads the Vector API; for {@link VectorSupportCheck}). */
  static int lanes() {
    return LANES;
  }

  /** The per-pixel pass of one frame over every pixel. */
  void count(float[] frame, double dt) {
    if (emulator.doubleState) {
      countDouble(frame, dt);
    } else {
      countFloat(frame, dt);
    }
  }

  /** Loads the block's gray levels as table indexes; false if one is not an integral level 0..255. */
  private boolean levels(FloatVector value) {
    IntVector level = (IntVector) value.convert(VectorOperators.F2I, 0);
    FloatVector back = (FloatVector) level.convert(VectorOperators.I2F, 0);
    VectorMask<Float> integral = back.compare(VectorOperators.EQ, value)
        .and(value.compare(VectorOperators.GE, 0f))
        .and(value.compare(VectorOperators.LE, 255f));
    if (!integral.allTrue()) {
      return false;
    }
    level.intoArray(index, 0);
    return true;
  }

  /** The leak jitter's N(0,1) values of the block (the same counter-based draws as the scalar pass). */
  private FloatVector jitterNormals(int start, int key, float[] gaussians) {
    IntVector x = IntVector.fromArray(INTS, laneIndex, 0).add(start).mul(0x9E3779B9).add(key);
    x = x.lanewise(VectorOperators.XOR, x.lanewise(VectorOperators.LSHR, 16));
    x = x.mul(0x7feb352d);
    x = x.lanewise(VectorOperators.XOR, x.lanewise(VectorOperators.LSHR, 15));
    x = x.mul(0x846ca68b);
    x = x.lanewise(VectorOperators.XOR, x.lanewise(VectorOperators.LSHR, 16));
    x.lanewise(VectorOperators.LSHR, 32 - 12).intoArray(noiseIndex, 0);
    return FloatVector.fromArray(FLOATS, gaussians, 0, noiseIndex, 0);
  }

  private void countFloat(float[] frame, double dt) {
    final EventEmulator e = emulator;
    final float[] base = e.baseFloat;
    final float[] table = e.linLogTable;
    final float[] positive = e.positiveThresholds;
    final float[] negative = e.negativeThresholds;
    final float[] rates = e.noiseRate;
    final float[] gaussians = e.gaussianTable;
    final boolean leak = e.leakOn;
    final boolean perPixel = e.mismatch;
    final float positiveNominal = e.positiveThresholdFloat;
    final float negativeNominal = e.negativeThresholdFloat;
    final float leakRate = (float) e.parameters().leakRateHz();
    final float jitter = (float) e.parameters().leakJitterFraction();
    final float dtFloat = (float) dt;
    final int key = e.leakKey;
    final int pixels = e.pixels;
    final int end = pixels - pixels % LANES;
    for (int i = 0; i < end; i += LANES) {
      FloatVector value = FloatVector.fromArray(FLOATS, frame, i);
      if (!levels(value)) {
        e.countRange(frame, dt, i, i + LANES);
        continue;
      }
      FloatVector input = FloatVector.fromArray(FLOATS, table, 0, index, 0);
      FloatVector positiveThreshold = perPixel
          ? FloatVector.fromArray(FLOATS, positive, i)
          : FloatVector.broadcast(FLOATS, positiveNominal);
      FloatVector negativeThreshold = perPixel
          ? FloatVector.fromArray(FLOATS, negative, i)
          : FloatVector.broadcast(FLOATS, negativeNominal);
      FloatVector b = FloatVector.fromArray(FLOATS, base, i);
      if (leak) {
        FloatVector r = jitterNormals(i, key, gaussians);
        FloatVector rate = FloatVector.fromArray(FLOATS, rates, i).mul(leakRate)
            .mul(FloatVector.broadcast(FLOATS, 1f).sub(r.mul(jitter)));
        b = b.sub(rate.mul(dtFloat).mul(positiveThreshold));
      }
      FloatVector diff = input.sub(b);
      VectorMask<Float> up = diff.compare(VectorOperators.GT, 0f);
      FloatVector threshold = negativeThreshold.blend(positiveThreshold, up);
      FloatVector magnitude = diff.abs();
      FloatVector quotient = magnitude.div(threshold);
      if (!quotient.compare(VectorOperators.LT, QUOTIENT_BOUND).allTrue()) {
        e.countRange(frame, dt, i, i + LANES); // NaN or huge quotients: the scalar pass decides
        continue;
      }
      IntVector n = (IntVector) quotient.convert(VectorOperators.F2I, 0);
      FloatVector whole = (FloatVector) n.convert(VectorOperators.I2F, 0);
      VectorMask<Float> roundedUp = whole.fma(threshold, magnitude.neg()).compare(VectorOperators.GT, 0f);
      n = n.sub(1, roundedUp.cast(INTS));
      VectorMask<Integer> fires = n.compare(VectorOperators.NE, 0);
      if (!fires.anyTrue()) {
        if (leak) {
          b.intoArray(base, i); // the leak moved it
        }
        continue;
      }
      FloatVector step = ((FloatVector) n.convert(VectorOperators.I2F, 0)).mul(threshold);
      FloatVector moved = b.sub(step).blend(b.add(step), up);
      b.blend(moved, fires.cast(FLOATS)).intoArray(base, i);
      b.intoArray(savedFloat, 0);
      n.intoArray(countScratch, 0);
      long upBits = up.toLong();
      long fireBits = fires.toLong();
      while (fireBits != 0) {
        int j = Long.numberOfTrailingZeros(fireBits);
        fireBits &= fireBits - 1;
        e.recordFloat(i + j, countScratch[j], ((upBits >>> j) & 1) != 0, savedFloat[j]);
      }
    }
    if (end < pixels) {
      e.countRange(frame, dt, end, pixels);
    }
  }

  private void countDouble(float[] frame, double dt) {
    final EventEmulator e = emulator;
    final double[] base = e.baseDouble;
    final double[] filtered = e.lowpass;
    final double[] epsilons = e.epsilonTable;
    final float[] table = e.linLogTable;
    final float[] positive = e.positiveThresholds;
    final float[] negative = e.negativeThresholds;
    final float[] rates = e.noiseRate;
    final float[] gaussians = e.gaussianTable;
    final boolean leak = e.leakOn;
    final boolean perPixel = e.mismatch;
    final boolean filter = e.lowpassOn;
    final float positiveNominal = e.positiveThresholdFloat;
    final float negativeNominal = e.negativeThresholdFloat;
    final DoubleVector positiveScalar = DoubleVector.broadcast(DOUBLES, e.positiveDivisor);
    final DoubleVector negativeScalar = DoubleVector.broadcast(DOUBLES, e.negativeDivisor);
    final DoubleVector one = DoubleVector.broadcast(DOUBLES, 1.0);
    final float leakRate = (float) e.parameters().leakRateHz();
    final float jitter = (float) e.parameters().leakJitterFraction();
    final float dtFloat = (float) dt;
    final int key = e.leakKey;
    final int pixels = e.pixels;
    final int end = pixels - pixels % LANES;
    for (int i = 0; i < end; i += LANES) {
      FloatVector value = FloatVector.fromArray(FLOATS, frame, i);
      if (!levels(value)) {
        e.countRange(frame, dt, i, i + LANES);
        continue;
      }
      DoubleVector input = (DoubleVector) FloatVector.fromArray(FLOATS, table, 0, index, 0)
          .convertShape(VectorOperators.F2D, DOUBLES, 0);
      DoubleVector lp;
      if (filter) {
        DoubleVector eps = DoubleVector.fromArray(DOUBLES, epsilons, 0, index, 0);
        lp = one.sub(eps).mul(DoubleVector.fromArray(DOUBLES, filtered, i)).add(eps.mul(input));
      } else {
        lp = input;
      }
      FloatVector positiveThreshold = perPixel
          ? FloatVector.fromArray(FLOATS, positive, i)
          : FloatVector.broadcast(FLOATS, positiveNominal);
      FloatVector negativeThreshold = perPixel
          ? FloatVector.fromArray(FLOATS, negative, i)
          : FloatVector.broadcast(FLOATS, negativeNominal);
      DoubleVector b = DoubleVector.fromArray(DOUBLES, base, i);
      if (leak) {
        FloatVector r = jitterNormals(i, key, gaussians);
        FloatVector rate = FloatVector.fromArray(FLOATS, rates, i).mul(leakRate)
            .mul(FloatVector.broadcast(FLOATS, 1f).sub(r.mul(jitter)));
        FloatVector delta = rate.mul(dtFloat).mul(positiveThreshold);
        b = b.sub((DoubleVector) delta.convertShape(VectorOperators.F2D, DOUBLES, 0));
      }
      DoubleVector diff = lp.sub(b);
      VectorMask<Double> up = diff.compare(VectorOperators.GT, 0.0);
      VectorMask<Float> upFloat = up.cast(FLOATS);
      FloatVector thresholdFloat = negativeThreshold.blend(positiveThreshold, upFloat);
      DoubleVector threshold = perPixel
          ? (DoubleVector) thresholdFloat.convertShape(VectorOperators.F2D, DOUBLES, 0)
          : negativeScalar.blend(positiveScalar, up);
      DoubleVector magnitude = diff.abs();
      DoubleVector quotient = magnitude.div(threshold);
      if (!quotient.compare(VectorOperators.LT, (double) QUOTIENT_BOUND).allTrue()) {
        e.countRange(frame, dt, i, i + LANES);
        continue;
      }
      lp.intoArray(filtered, i);
      IntVector n = (IntVector) quotient.convertShape(VectorOperators.D2I, INTS, 0);
      DoubleVector whole = (DoubleVector) n.convertShape(VectorOperators.I2D, DOUBLES, 0);
      VectorMask<Double> roundedUp = whole.fma(threshold, magnitude.neg()).compare(VectorOperators.GT, 0.0);
      n = n.sub(1, roundedUp.cast(INTS));
      VectorMask<Integer> fires = n.compare(VectorOperators.NE, 0);
      if (!fires.anyTrue()) {
        if (leak) {
          b.intoArray(base, i);
        }
        continue;
      }
      FloatVector stepFloat = ((FloatVector) n.convert(VectorOperators.I2F, 0)).mul(thresholdFloat);
      DoubleVector step = (DoubleVector) stepFloat.convertShape(VectorOperators.F2D, DOUBLES, 0);
      DoubleVector moved = b.sub(step).blend(b.add(step), up);
      b.blend(moved, fires.cast(DOUBLES)).intoArray(base, i);
      b.intoArray(savedDouble, 0);
      n.intoArray(countScratch, 0);
      long upBits = up.toLong();
      long fireBits = fires.toLong();
      while (fireBits != 0) {
        int j = Long.numberOfTrailingZeros(fireBits);
        fireBits &= fireBits - 1;
        e.recordDouble(i + j, countScratch[j], ((upBits >>> j) & 1) != 0, savedDouble[j]);
      }
    }
    if (end < pixels) {
      e.countRange(frame, dt, end, pixels);
    }
  }
}
