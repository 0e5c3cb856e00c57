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

  private static float[] filled(float value) {
    float[] gray = new float[W * H];
    java.util.Arrays.fill(gray, value);
    return gray;
  }
}
