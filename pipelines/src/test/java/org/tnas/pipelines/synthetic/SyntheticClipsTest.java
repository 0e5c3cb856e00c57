package org.tnas.pipelines.synthetic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.tnas.formats.events.EventBatch;
import org.tnas.pipelines.emulator.EmulatorParameters;
import org.tnas.pipelines.synthetic.SyntheticSamples.Kind;
import org.tnas.pipelines.synthetic.SyntheticSamples.Sample;

class SyntheticClipsTest {

  @Test
  void sameSeedSameFramesAndEvents() {
    FrameSequence a = SyntheticClips.face(2, 5, 42, 12, 48, 48);
    FrameSequence b = SyntheticClips.face(2, 5, 42, 12, 48, 48);
    for (int f = 0; f < 12; f++) {
      assertThat(a.frames().get(f)).containsExactly(b.frames().get(f));
    }
    assertThat(SyntheticClips.face(2, 5, 43, 12, 48, 48).frames().get(11)).isNotEqualTo(a.frames().get(11));
    Sample first = SyntheticSamples.generate(Kind.EYE, 3, 7, 42, 16, 64, 48, EmulatorParameters.commandLineDefaults());
    Sample second = SyntheticSamples.generate(Kind.EYE, 3, 7, 42, 16, 64, 48, EmulatorParameters.commandLineDefaults());
    EventBatch x = first.events();
    EventBatch y = second.events();
    assertThat(x.size()).isEqualTo(y.size()).isPositive();
    assertThat(Arrays.copyOf(x.t(), x.size())).isEqualTo(Arrays.copyOf(y.t(), y.size()));
    assertThat(Arrays.copyOf(x.x(), x.size())).isEqualTo(Arrays.copyOf(y.x(), y.size()));
    assertThat(Arrays.copyOf(x.p(), x.size())).isEqualTo(Arrays.copyOf(y.p(), y.size()));
    assertThat(first.record()).isEqualTo(second.record());
  }

  @Test
  void recordsAreLabelledSynthetic() {
    Sample sample = SyntheticSamples.generate(Kind.FACE, 0, 18, 1, 8, 32, 32, EmulatorParameters.noiseFree());
    assertThat(sample.record().dataset()).isEqualTo("synthetic");
    assertThat(sample.record().sampleId()).isEqualTo("synthetic/face/happy/00018");
    assertThat(sample.record().labelIndex()).isZero();
    assertThat(sample.record().labelName()).isEqualTo("happy");
    assertThat(sample.record().subject()).isEqualTo("synthetic-08");
    assertThat(sample.record().split()).isEqualTo("test");
    assertThat(sample.record().parameters()).containsEntry("synthetic.kind", "face").containsKey("emulator.seed");
    assertThat(SyntheticSamples.splitOf(3)).isEqualTo("train");
    assertThat(SyntheticSamples.splitOf(17)).isEqualTo("validation");
    assertThat(sample.events().isSorted()).isTrue();
  }

  @Test
  void rejectsBadArguments() {
    assertThatThrownBy(() -> SyntheticClips.face(6, 0, 1, 10, 32, 32)).hasMessage("Invalid class index: 6");
    assertThatThrownBy(() -> SyntheticClips.eye(-1, 0, 1, 10, 32, 32)).hasMessage("Invalid class index: -1");
    assertThatThrownBy(() -> SyntheticClips.eye(0, -2, 1, 10, 32, 32)).hasMessage("Invalid sample index: -2");
    assertThatThrownBy(() -> SyntheticClips.face(0, 0, 1, 1, 32, 32)).hasMessage("Invalid frame count: 1");
    assertThatThrownBy(() -> SyntheticClips.face(0, 0, 1, 5, 8, 32)).hasMessage("Invalid width: 8");
  }

  /**
   * Class separability: a nearest-centroid classifier on coarse event features (ON and OFF counts
   * in a 4x4 grid, normalised), trained on 4 samples per class and tested on 3 others, must beat
   * chance (1/6 faces, 1/7 eyes) by far: at least 3 times chance. Such crude features on 4 samples
   * are far from what a network learns, so this only guards against classes that do not differ.
   */
  @Test
  void classesAreSeparableFromEvents() {
    assertThat(nearestCentroidAccuracy(Kind.FACE, 6, 48, 48)).isGreaterThanOrEqualTo(3.0 / 6);
    assertThat(nearestCentroidAccuracy(Kind.EYE, 7, 48, 32)).isGreaterThanOrEqualTo(3.0 / 7);
  }

  private static double nearestCentroidAccuracy(Kind kind, int classes, int width, int height) {
    int train = 4;
    int test = 3;
    double[][] centroids = new double[classes][];
    double[][][] tests = new double[classes][test][];
    for (int c = 0; c < classes; c++) {
      for (int s = 0; s < train + test; s++) {
        double[] feature = features(
            SyntheticSamples.generate(kind, c, s, 9, 20, width, height, EmulatorParameters.spikingFer()).events(),
            width, height);
        if (s < train) {
          if (centroids[c] == null) {
            centroids[c] = new double[feature.length];
          }
          for (int i = 0; i < feature.length; i++) {
            centroids[c][i] += feature[i] / train;
          }
        } else {
          tests[c][s - train] = feature;
        }
      }
    }
    int correct = 0;
    for (int c = 0; c < classes; c++) {
      for (double[] feature : tests[c]) {
        int best = -1;
        double bestDistance = Double.MAX_VALUE;
        for (int k = 0; k < classes; k++) {
          double d = 0;
          for (int i = 0; i < feature.length; i++) {
            d += (feature[i] - centroids[k][i]) * (feature[i] - centroids[k][i]);
          }
          if (d < bestDistance) {
            bestDistance = d;
            best = k;
          }
        }
        correct += best == c ? 1 : 0;
      }
    }
    return (double) correct / (classes * test);
  }

  private static double[] features(EventBatch events, int width, int height) {
    double[] feature = new double[2 * 16 + 2];
    for (int e = 0; e < events.size(); e++) {
      int cell = (events.y()[e] * 4 / height) * 4 + events.x()[e] * 4 / width;
      feature[events.p()[e] * 16 + cell]++;
      // timing: share of events in the second half of the clip (speed of the expression)
      feature[32 + events.p()[e]] += events.t()[e] > 330_000 ? 1 : 0;
    }
    double total = Math.max(1, events.size());
    for (int i = 0; i < feature.length; i++) {
      feature[i] /= total;
    }
    return feature;
  }
}
