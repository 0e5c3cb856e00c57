package org.tnas.udfs.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TtfsInputCodingTest {
  @Test
  void largerValuesSpikeEarlierAndDecodeBack() {
    float[] values = {0f, 0.25f, 1f, 0.5f};
    float[] times = TtfsInputCoding.unnormalised().spikeTimes(values);
    assertThat(times).containsExactly(1f, 0.75f, 0f, 0.5f);
    assertThat(TtfsInputCoding.decode(times)).containsExactly(values);
    assertThat(values).containsExactly(0f, 0.25f, 1f, 0.5f);
  }

  @Test
  void normalisesBySampleMaximumOrFixedScale() {
    assertThat(TtfsInputCoding.perSampleMaximum().spikeTimes(new float[] {0, 2, 4})).containsExactly(1f, 0.5f, 0f);
    assertThat(TtfsInputCoding.perSampleMaximum().spikeTimes(new float[] {0, 0})).containsExactly(1f, 1f);
    assertThat(TtfsInputCoding.fixedScale(8).spikeTimes(new float[] {2, 8})).containsExactly(0.75f, 0f);
  }

  @Test
  void spikeTimesAreInTheUnitIntervalAndOrderReversing() {
    java.util.SplittableRandom random = new java.util.SplittableRandom(5);
    for (int trial = 0; trial < 50; trial++) {
      float[] values = new float[200];
      for (int i = 0; i < values.length; i++) {
        values[i] = random.nextInt(4) == 0 ? 0 : (float) random.nextDouble(0, 30);
      }
      float[] copy = values.clone();
      for (TtfsInputCoding coding : new TtfsInputCoding[] {TtfsInputCoding.perSampleMaximum(), TtfsInputCoding.fixedScale(30)}) {
        float[] times = coding.spikeTimes(values);
        assertThat(values).containsExactly(copy);
        assertThat(coding.spikeTimes(values)).containsExactly(times);
        for (int i = 0; i < values.length; i++) {
          assertThat(times[i]).isBetween(0f, 1f);
          assertThat(times[i] == 1f).isEqualTo(values[i] == 0f);
          for (int j = 0; j < 5; j++) {
            int k = random.nextInt(values.length);
            if (values[i] > values[k]) {
              assertThat(times[i]).isLessThanOrEqualTo(times[k]);
            }
          }
        }
      }
    }
  }

  @Test
  void ttfsRepresentationCodesFramesAsSpikeTimes() {
    org.tnas.formats.events.SensorGeometry sensor = new org.tnas.formats.events.SensorGeometry(8, 8);
    org.tnas.formats.events.EventBatch events = TestEvents.of(1, 1, 0, 1, 1, 1, 5, 1, 2, 2, 9, 0);
    FrameRepresentation frames = FrameRepresentation.timeBins(1, FrameMode.COUNT, 8, 8);
    TtfsRepresentation ttfs = new TtfsRepresentation(frames, TtfsInputCoding.perSampleMaximum());
    float[] times = ttfs.encode(events, sensor);
    assertThat(ttfs.shape()).containsExactly(2, 8, 8);
    assertThat(times[64 + 8 + 1]).isEqualTo(0f); // ON (1, 1): 2 events, the maximum
    assertThat(times[2 * 8 + 2]).isEqualTo(0.5f); // OFF (2, 2): 1 event
    assertThat(times[0]).isEqualTo(1f);
  }

  @Test
  void neverClipsSilently() {
    assertThatThrownBy(() -> TtfsInputCoding.unnormalised().spikeTimes(new float[] {0.5f, 1.5f}))
        .hasMessage("Invalid input value at 1: 1.5 is above 1 after normalisation NONE by 1.0");
    assertThatThrownBy(() -> TtfsInputCoding.fixedScale(2).spikeTimes(new float[] {-1f}))
        .hasMessage("Invalid input value at 0: -1.0 (expected a non-negative number)");
    assertThatThrownBy(() -> TtfsInputCoding.perSampleMaximum().spikeTimes(new float[] {Float.NaN}))
        .hasMessage("Invalid input value at 0: NaN (expected a non-negative number)");
    assertThatThrownBy(() -> TtfsInputCoding.fixedScale(0)).hasMessage("Invalid scale: 0.0");
  }
}
