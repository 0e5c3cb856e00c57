package org.tnas.pipelines.emulator;

/**
 * Pure numeric kernels that reproduce v2e's arithmetic bit for bit (torch 1.13 on CPU). Stateless
 * and thread safe.
 */
public final class V2eKernels {
  private V2eKernels() {}

  /**
   * v2e's {@code lin_log}: {@code x * ln(threshold)/threshold} for {@code x <= threshold}, else
   * {@code ln(x)}, in float64, rounded half-even to 1e-8, returned as float32.
   */
  public static float linLog(double x, double threshold) {
    double factor = (1.0 / threshold) * Math.log(threshold);
    double y = x <= threshold ? x * factor : Math.log(x);
    return (float) (Math.rint(y * 1e8) / 1e8);
  }

  /** The 256 lin-log values of the integer gray levels 0..255. */
  public static float[] linLogTable(double threshold) {
    float[] table = new float[256];
    for (int i = 0; i < 256; i++) {
      table[i] = linLog(i, threshold);
    }
    return table;
  }

  /**
   * {@code torch.linspace(start, end, steps, dtype=float32)} exactly as torch 1.13's AVX2 CPU kernel
   * computes it: start and end rounded to float32, a float32 step, elements from the nearer end with
   * one fused multiply-add, and blocks of 8 (while 16 elements remain) as {@code base + j*step}.
   *
   * @param out receives the {@code steps} values (its length must be at least {@code steps})
   */
  public static void linspace(double start, double end, int steps, float[] out) {
    if (steps < 1 || out.length < steps) {
      throw new IllegalArgumentException("Invalid steps: " + steps);
    }
    float first = (float) start;
    if (steps == 1) {
      out[0] = first;
      return;
    }
    float last = (float) end;
    float step = (last - first) / (float) (steps - 1);
    int halfway = steps / 2;
    int i = 0;
    for (; i + 16 <= steps; i += 16) {
      for (int block = i; block < i + 16; block += 8) {
        float base = linspaceElement(first, last, step, halfway, steps, block);
        for (int j = 0; j < 8; j++) {
          out[block + j] = base + (float) j * step;
        }
      }
    }
    for (; i < steps; i++) {
      out[i] = linspaceElement(first, last, step, halfway, steps, i);
    }
  }

  private static float linspaceElement(float first, float last, float step, int halfway, int steps, int index) {
    return index < halfway
        ? Math.fma(step, (float) index, first)
        : Math.fma(-step, (float) (steps - 1 - index), last);
  }

  /**
   * {@code torch.div(a, b, rounding_mode="floor")} for {@code a >= 0, b > 0} in float32: the exact
   * floor of the real quotient (torch's fmod-based algorithm). The double quotient of two floats is
   * never closer than 2^-24 to an integer it is not equal to, so its floor is exact.
   */
  public static int floorDivide(float a, float b) {
    return (int) Math.floor((double) a / (double) b);
  }

  /**
   * {@code torch.div(a, b, rounding_mode="floor")} for {@code a >= 0, b > 0} in float64: the exact
   * floor of the real quotient, corrected with an exact fused multiply-add test.
   */
  public static int floorDivide(double a, double b) {
    double n = Math.floor(a / b);
    if (Math.fma(n, b, -a) > 0) {
      n -= 1; // the quotient was rounded up onto an integer
    } else if (Math.fma(n + 1, b, -a) <= 0) {
      n += 1; // the quotient was rounded down below an integer
    }
    return (int) n;
  }

  /**
   * The 32-bit key of one random stream of one frame for {@link #noiseHash}: derived from the seed,
   * the stream and the frame number with {@link org.tnas.formats.util.Seeds#derive}.
   */
  public static int noiseKey(long seed, long stream, long frame) {
    return (int) org.tnas.formats.util.Seeds.derive(seed, stream, frame);
  }

  /**
   * Counter-based noise: 32 well-mixed bits for one pixel of one frame, a pure function of {@code
   * (key, pixel)} (so draws do not depend on the order pixels are visited in and vectorise). The
   * pixel index is spread by the golden ratio, added to the key, and finalised with a 32-bit
   * xor-shift-multiply mix (constants 0x7feb352d and 0x846ca68b, shifts 16/15/16).
   */
  public static int noiseHash(int key, int pixel) {
    int x = pixel * 0x9E3779B9 + key;
    x ^= x >>> 16;
    x *= 0x7feb352d;
    x ^= x >>> 15;
    x *= 0x846ca68b;
    x ^= x >>> 16;
    return x;
  }
}
