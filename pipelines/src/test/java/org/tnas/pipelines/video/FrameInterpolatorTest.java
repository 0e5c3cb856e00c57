package org.tnas.pipelines.video;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FrameInterpolatorTest {
  private static final int W = 64;
  private static final int H = 48;

  /** A smooth bright blob centred at (cx, cy) on a dark background. */
  private static float[] blob(double cx, double cy) {
    float[] gray = new float[W * H];
    for (int y = 0; y < H; y++) {
      for (int x = 0; x < W; x++) {
        double r2 = (x - cx) * (x - cx) + (y - cy) * (y - cy);
        gray[y * W + x] = (float) (20 + 200 * Math.exp(-r2 / (2 * 4.0 * 4.0)));
      }
    }
    return gray;
  }

  private static int argmax(float[] gray) {
    int best = 0;
    for (int i = 1; i < gray.length; i++) {
      if (gray[i] > gray[best]) {
        best = i;
      }
    }
    return best;
  }

  @Test
  void factorFollowsV2esRule() {
    assertThat(FrameInterpolator.factorForFlow(0)).isEqualTo(2);
    assertThat(FrameInterpolator.factorForFlow(1.0)).isEqualTo(2);
    assertThat(FrameInterpolator.factorForFlow(2.0)).isEqualTo(2);
    assertThat(FrameInterpolator.factorForFlow(2.01)).isEqualTo(3);
    assertThat(FrameInterpolator.factorForFlow(7.5)).isEqualTo(8);
    assertThatThrownBy(() -> FrameInterpolator.factorForFlow(Double.NaN)).hasMessage("Invalid flow magnitude: NaN");
    assertThatThrownBy(() -> FrameInterpolator.linear(new ArrayFrames(List.of(), W, H, 30), 0))
        .hasMessage("Invalid upsampling factor: 0");
    assertThatThrownBy(() -> FrameInterpolator.opticalFlow(new ArrayFrames(List.of(), W, H, 30), 1))
        .hasMessage("Invalid maximum upsampling factor: 1");
  }

  @Test
  void linearInsertsBlendsAtEvenTimes() {
    List<TimedFrame> input = List.of(new TimedFrame(new float[W * H], 0), new TimedFrame(filled(90), 0.1));
    List<TimedFrame> out = new ArrayList<>();
    try (FrameInterpolator frames = FrameInterpolator.linear(new ArrayFrames(input, W, H, 10), 3)) {
      frames.forEachRemaining(out::add);
      assertThat(frames.fps()).isEqualTo(30);
    }
    assertThat(out).hasSize(4);
    assertThat(out.get(1).timeSeconds()).isCloseTo(0.1 / 3, within(1e-12));
    assertThat(out.get(1).gray()[5]).isCloseTo(30f, within(1e-4f));
    assertThat(out.get(2).gray()[5]).isCloseTo(60f, within(1e-4f));
    assertThat(out.get(3).gray()[5]).isEqualTo(90f);
  }

  @Test
  void opticalFlowChoosesTheFactorFromTheMotionAndMovesTheContent() {
    // the blob moves 6 px to the right: v2e's rule gives about ceil(6) = 6
    List<TimedFrame> input = List.of(new TimedFrame(blob(26, 24), 0), new TimedFrame(blob(32, 24), 1 / 30.0));
    List<TimedFrame> out = new ArrayList<>();
    ArrayFrames source = new ArrayFrames(input, W, H, 30);
    try (FrameInterpolator frames = FrameInterpolator.opticalFlow(source, 32)) {
      frames.forEachRemaining(out::add);
      assertThat(frames.lastFactor()).isBetween(5, 8);
      assertThat(out).hasSize(frames.lastFactor() + 1);
    }
    assertThat(source.closed).isTrue();
    for (int j = 1; j < out.size() - 1; j++) {
      TimedFrame frame = out.get(j);
      double t = frame.timeSeconds() * 30;
      int peak = argmax(frame.gray());
      // a flow-warped frame keeps one bright blob on the motion path (a linear blend would show two
      // half-bright blobs at 26 and 32)
      assertThat(peak % W).as("peak column at t=%s", t).isCloseTo((int) Math.round(26 + 6 * t), within(1));
      assertThat(peak / W).isCloseTo(24, within(1));
      assertThat(frame.gray()[peak]).isGreaterThan(180f);
    }
  }

  @Test
  void streamsWithoutKeepingTheClip() {
    // 300 frames in, each consumed as it comes: the interpolator holds a bounded number of frames
    int[] produced = {0};
    FrameSource endless = new FrameSource() {
      private int index;

      @Override
      public String source() {
        return "generated";
      }

      @Override
      public int width() {
        return W;
      }

      @Override
      public int height() {
        return H;
      }

      @Override
      public double fps() {
        return 30;
      }

      @Override
      public boolean hasNext() {
        return index < 300;
      }

      @Override
      public TimedFrame next() {
        produced[0]++;
        return new TimedFrame(filled(index % 255), index++ / 30.0);
      }

      @Override
      public void close() {}
    };
    try (FrameInterpolator frames = FrameInterpolator.linear(endless, 4)) {
      long count = 0;
      while (frames.hasNext()) {
        frames.next();
        count++;
        // never more than one source frame ahead of what was emitted
        assertThat((long) produced[0]).isLessThanOrEqualTo(count / 4 + 2);
      }
      assertThat(count).isEqualTo(299 * 4 + 1);
    }
  }

  @Test
  void warpGivesTheFramesOfThePerPixelFormulaBitForBit() {
    // seeded random images and flows, including flows that leave the frame (clamped borders)
    java.util.SplittableRandom random = new java.util.SplittableRandom(42);
    int width = 37;
    int height = 23;
    for (int round = 0; round < 20; round++) {
      float[] a = new float[width * height];
      float[] b = new float[width * height];
      float[] forward = new float[2 * width * height];
      float[] backward = new float[2 * width * height];
      double reach = round < 10 ? 3 : 60;
      for (int i = 0; i < a.length; i++) {
        a[i] = (float) random.nextDouble(0, 255);
        b[i] = (float) random.nextDouble(0, 255);
      }
      for (int i = 0; i < forward.length; i++) {
        forward[i] = (float) random.nextDouble(-reach, reach);
        backward[i] = (float) random.nextDouble(-reach, reach);
      }
      for (double t : new double[] {0, 0.25, 1 / 3.0, 0.5, 5 / 7.0, 1}) {
        float[] expected = perPixelWarpBlend(a, b, forward, backward, width, height, t);
        float[] actual = FrameInterpolator.warpBlend(a, b, forward, backward, width, height, t);
        for (int p = 0; p < expected.length; p++) {
          assertThat(Float.floatToRawIntBits(actual[p])).as("round %d, t=%s, pixel %d", round, t, p)
              .isEqualTo(Float.floatToRawIntBits(expected[p]));
        }
      }
    }
  }

  @Test
  void streamedFramesEqualTheOneFrameInterpolationForEveryPresetAndResolution() {
    // the stream rounds (and for a half-resolution flow shrinks) each frame once and keeps it for the
    // next pair; the frames must be those of interpolating each pair on its own
    List<TimedFrame> input = List.of(new TimedFrame(blob(20, 24), 0), new TimedFrame(blob(24.5, 23), 1 / 30.0),
        new TimedFrame(blob(27, 25.5), 2 / 30.0), new TimedFrame(blob(27.5, 25), 3 / 30.0));
    for (FlowResolution resolution : FlowResolution.values()) {
      for (FlowPreset preset : FlowPreset.values()) {
        assertStreamEqualsOnePairInterpolation(input, preset, resolution);
      }
    }
  }

  private static void assertStreamEqualsOnePairInterpolation(List<TimedFrame> input, FlowPreset preset, FlowResolution resolution) {
    List<TimedFrame> out = new ArrayList<>();
    List<Integer> factors = new ArrayList<>();
    try (FrameInterpolator frames = FrameInterpolator.opticalFlow(new ArrayFrames(input, W, H, 30), 16, preset, resolution)) {
      assertThat(frames.preset()).isEqualTo(preset);
      assertThat(frames.resolution()).isEqualTo(resolution);
      while (frames.hasNext()) {
        out.add(frames.next());
        factors.add(frames.lastFactor());
      }
    }
    int index = 0;
    for (int pair = 0; pair + 1 < input.size(); pair++) {
      assertThat(out.get(index).gray()).isEqualTo(input.get(pair).gray());
      index++;
      int factor = factors.get(index);
      FrameInterpolator.Interpolated first = FrameInterpolator.interpolateBetween(input.get(pair).gray(),
          input.get(pair + 1).gray(), W, H, 1.0 / factor, preset, resolution);
      assertThat(Math.min(16, FrameInterpolator.factorForFlow(first.largestFlow()))).as("%s %s pair %d", preset, resolution, pair)
          .isEqualTo(factor);
      for (int j = 1; j < factor; j++) {
        float[] expected = FrameInterpolator.interpolateBetween(input.get(pair).gray(), input.get(pair + 1).gray(), W, H,
            (double) j / factor, preset, resolution).gray();
        assertThat(out.get(index).gray()).as("%s %s pair %d frame %d", preset, resolution, pair, j).isEqualTo(expected);
        index++;
      }
    }
    assertThat(out.get(index).gray()).isEqualTo(input.get(input.size() - 1).gray());
    assertThat(out).hasSize(index + 1);
  }

  /**
   * A smooth texture (sinusoids of periods 34-82 px in several directions) shifted by (dx, dy): the
   * content at (x, y) of the shifted image is the original's at (x - dx, y - dy). Coarse, because
   * ULTRAFAST's finest DIS level is a quarter of its input, so at half resolution an eighth of the
   * frame (25x25 for 200x200): with periods of 17-41 px its half-resolution flow comes out 3.6 px
   * for 3 (MEDIUM's, finest level a half: 2.94).
   */
  private static float[] texture(int width, int height, double dx, double dy) {
    float[] gray = new float[width * height];
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        double u = x - dx;
        double v = y - dy;
        gray[y * width + x] = (float) (128 + 30 * Math.sin(2 * Math.PI * (u / 46.0 + v / 82.0)) + 25 * Math.sin(2 * Math.PI * (v / 38.0 - u / 74.0))
            + 20 * Math.cos(2 * Math.PI * (u / 34.0)) * Math.sin(2 * Math.PI * (v / 58.0 + 0.3)));
      }
    }
    return gray;
  }

  /** Mean (dx, dy) of an interleaved flow over the pixels at least {@code margin} from the border. */
  private static double[] meanFlow(float[] flow, int width, int height, int margin) {
    double sumX = 0;
    double sumY = 0;
    int count = 0;
    for (int y = margin; y < height - margin; y++) {
      for (int x = margin; x < width - margin; x++) {
        int p = y * width + x;
        sumX += flow[2 * p];
        sumY += flow[2 * p + 1];
        count++;
      }
    }
    return new double[] {sumX / count, sumY / count};
  }

  @Test
  void aHalfResolutionFlowOfAKnownTranslationIsScaledBackToFramePixels() {
    int size = 200;
    float[] first = texture(size, size, 0, 0);
    float[] second = texture(size, size, 3, -2);
    for (FlowResolution resolution : FlowResolution.values()) {
      float[][] flows = FrameInterpolator.flowsBetween(first, second, size, size, FlowPreset.ULTRAFAST, resolution);
      assertThat(flows[0]).hasSize(2 * size * size);
      double[] forward = meanFlow(flows[0], size, size, 20);
      double[] backward = meanFlow(flows[1], size, size, 20);
      // in the shrunk frames the shift is (1.5, -1): scaled back, it is the frame's (3, -2) again
      assertThat(forward[0]).as("%s forward dx", resolution).isCloseTo(3, within(0.25));
      assertThat(forward[1]).as("%s forward dy", resolution).isCloseTo(-2, within(0.25));
      assertThat(backward[0]).as("%s backward dx", resolution).isCloseTo(-3, within(0.25));
      assertThat(backward[1]).as("%s backward dy", resolution).isCloseTo(2, within(0.25));
    }
    // the half-resolution flow is a flow of its own, not the full-resolution one
    assertThat(FrameInterpolator.flowsBetween(first, second, size, size, FlowPreset.ULTRAFAST, FlowResolution.HALF)[0])
        .isNotEqualTo(FrameInterpolator.flowsBetween(first, second, size, size, FlowPreset.ULTRAFAST, FlowResolution.FULL)[0]);
  }

  @Test
  void aHalfResolutionFlowOfAnOddSizedFrameCoversTheWholeFrame() {
    // 61 x 47 shrinks to 31 x 24: the flow is resized back to 61 x 47 and scaled per axis
    float[] first = texture(61, 47, 0, 0);
    float[] second = texture(61, 47, 2, 1);
    float[][] flows = FrameInterpolator.flowsBetween(first, second, 61, 47, FlowPreset.ULTRAFAST, FlowResolution.HALF);
    assertThat(flows[0]).hasSize(2 * 61 * 47);
    double[] forward = meanFlow(flows[0], 61, 47, 10);
    assertThat(forward[0]).isCloseTo(2, within(0.5));
    assertThat(forward[1]).isCloseTo(1, within(0.5));
  }

  @Test
  void presetsAreParsedAndRejectedByName() {
    assertThat(FlowPreset.parse("FAST")).isEqualTo(FlowPreset.FAST);
    assertThat(FlowPreset.parse(" ultrafast ")).isEqualTo(FlowPreset.ULTRAFAST);
    assertThat(FlowPreset.MEDIUM).hasToString("medium");
    assertThatThrownBy(() -> FlowPreset.parse("slow")).hasMessage("Invalid optical-flow preset: slow (expected ultrafast, fast or medium)");
    assertThatThrownBy(() -> FrameInterpolator.interpolateBetween(new float[4], new float[4], 2, 2, 1.5, FlowPreset.FAST))
        .hasMessage("Invalid interpolation fraction: 1.5");
    assertThatThrownBy(() -> FrameInterpolator.interpolateBetween(new float[4], new float[3], 2, 2, 0.5, FlowPreset.FAST))
        .hasMessage("Invalid frame size: 4 and 3 pixels, expected 4");
    assertThatThrownBy(() -> FrameInterpolator.opticalFlow(new ArrayFrames(List.of(), W, H, 30), 16, FlowPreset.FAST, null))
        .hasMessage("resolution is null");
    assertThatThrownBy(() -> FrameInterpolator.interpolateBetween(new float[4], new float[4], 2, 2, 0.5, FlowPreset.FAST, null))
        .hasMessage("resolution is null");
  }

  /** The warp as it was written before the loop was tightened: one bilinear sample call per image and pixel. */
  private static float[] perPixelWarpBlend(float[] a, float[] b, float[] forward, float[] backward, int width, int height, double t) {
    float[] out = new float[a.length];
    double s = 1 - t;
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        int p = y * width + x;
        double f01x = forward[2 * p];
        double f01y = forward[2 * p + 1];
        double f10x = backward[2 * p];
        double f10y = backward[2 * p + 1];
        double ft0x = -s * t * f01x + t * t * f10x;
        double ft0y = -s * t * f01y + t * t * f10y;
        double ft1x = s * s * f01x - t * s * f10x;
        double ft1y = s * s * f01y - t * s * f10y;
        out[p] = (float) (s * sample(a, width, height, x + ft0x, y + ft0y) + t * sample(b, width, height, x + ft1x, y + ft1y));
      }
    }
    return out;
  }

  private static double sample(float[] image, int width, int height, double x, double y) {
    x = Math.max(0, Math.min(width - 1, x));
    y = Math.max(0, Math.min(height - 1, y));
    int x0 = (int) x;
    int y0 = (int) y;
    int x1 = Math.min(width - 1, x0 + 1);
    int y1 = Math.min(height - 1, y0 + 1);
    double fx = x - x0;
    double fy = y - y0;
    double top = (1 - fx) * image[y0 * width + x0] + fx * image[y0 * width + x1];
    double bottom = (1 - fx) * image[y1 * width + x0] + fx * image[y1 * width + x1];
    return (1 - fy) * top + fy * bottom;
  }

  private static float[] filled(float value) {
    float[] gray = new float[W * H];
    java.util.Arrays.fill(gray, value);
    return gray;
  }
}
