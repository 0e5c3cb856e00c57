package org.tnas.pipelines.convert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LinearUpsamplingTest {
  private static List<TimedFrame> frames(float... values) {
    List<TimedFrame> frames = new ArrayList<>();
    for (int i = 0; i < values.length; i++) {
      frames.add(new TimedFrame(new float[] {values[i], 2 * values[i]}, i / 10.0));
    }
    return frames;
  }

  private static List<TimedFrame> upsample(List<TimedFrame> frames, int factor) {
    List<TimedFrame> out = new ArrayList<>();
    new LinearUpsampling(frames.iterator(), factor).forEachRemaining(out::add);
    return out;
  }

  @Test
  void insertsLinearlyInterpolatedFramesAtEvenTimes() {
    List<TimedFrame> out = upsample(frames(0, 100, 40), 4);
    assertThat(out).hasSize(1 + 2 * 4);
    assertThat(out).extracting(f -> f.gray()[0]).containsExactly(0f, 25f, 50f, 75f, 100f, 85f, 70f, 55f, 40f);
    assertThat(out).extracting(f -> f.gray()[1]).containsExactly(0f, 50f, 100f, 150f, 200f, 170f, 140f, 110f, 80f);
    for (int i = 0; i < out.size(); i++) {
      assertThat(out.get(i).timeSeconds()).isCloseTo(i * 0.025, org.assertj.core.data.Offset.offset(1e-12));
    }
  }

  @Test
  void factorOnePassesFramesThroughAndBadInputIsNamed() {
    List<TimedFrame> input = frames(1, 2, 3);
    assertThat(upsample(input, 1)).containsExactlyElementsOf(input);
    assertThat(upsample(List.of(), 3)).isEmpty();
    assertThatThrownBy(() -> new LinearUpsampling(input.iterator(), 0)).hasMessage("Invalid upsampling factor: 0");
    List<TimedFrame> mixed = List.of(new TimedFrame(new float[2], 0), new TimedFrame(new float[3], 0.1));
    assertThatThrownBy(() -> upsample(mixed, 2)).hasMessage("Invalid frame size: 3 pixels after 2");
  }
}
