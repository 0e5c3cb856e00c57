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
  void streamedFramesEqualTheOneFrameInterpolationForEveryPreset() {
    // the stream rounds each frame to 8 bits once and keeps it for the next pair; the frames must be
    // those of interpolating each pair on its own
    List<TimedFrame> input = List.of(new TimedFrame(blob(20, 24), 0), new TimedFrame(blob(24.5, 23), 1 / 30.0),
        new TimedFrame(blob(27, 25.5), 2 / 30.0), new TimedFrame(blob(27.5, 25), 3 / 30.0));
    for (FlowPreset preset : FlowPreset.values()) {
      List<TimedFrame> out = new ArrayList<>();
      List<Integer> factors = new ArrayList<>();
      try (FrameInterpolator frames = FrameInterpolator.opticalFlow(new ArrayFrames(input, W, H, 30), 16, preset)) {
        assertThat(frames.preset()).isEqualTo(preset);
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
            input.get(pair + 1).gray(), W, H, 1.0 / factor, preset);
        assertThat(Math.min(16, FrameInterpolator.factorForFlow(first.largestFlow()))).as("%s pair %d", preset, pair).isEqualTo(factor);
        for (int j = 1; j < factor; j++) {
          float[] expected = FrameInterpolator.interpolateBetween(input.get(pair).gray(), input.get(pair + 1).gray(), W, H,
              (double) j / factor, preset).gray();
          assertThat(out.get(index).gray()).as("%s pair %d frame %d", preset, pair, j).isEqualTo(expected);
          index++;
        }
      }
      assertThat(out.get(index).gray()).isEqualTo(input.get(input.size() - 1).gray());
      assertThat(out).hasSize(index + 1);
    }
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
