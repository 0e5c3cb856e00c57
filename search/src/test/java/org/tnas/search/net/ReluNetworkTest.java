package org.tnas.search.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.tnas.formats.errors.ProjectException;
import org.tnas.formats.util.Seeds;
import org.tnas.search.space.SearchErrorCode;

class ReluNetworkTest {
  @Test
  void smallNetworkByHand() {
    // input 1x3x3 = 1..9; conv 2x2 stride 1 no pad, one kernel [[1,0],[0,-1]], bias 0.5
    // outputs: (1-5)+.5, (2-6)+.5, (4-8)+.5, (5-9)+.5 = -3.5 each -> relu 0; second kernel all ones
    // bias -10: 1+2+4+5-10=2, 2+3+5+6-10=6, 4+5+7+8-10=14, 5+6+8+9-10=18
    ConvLayer conv = new ConvLayer(1, 2, 2, 1, 0, new float[] {1, 0, 0, -1, 1, 1, 1, 1}, new float[] {0.5f, -10});
    LinearLayer linear = new LinearLayer(2, 2, new float[] {1, 2, -1, 1}, new float[] {0, 1});
    NetworkWeights network = new NetworkWeights(1, 3, 3,
        List.of(conv, new ReluLayer(), new MaxPoolLayer(2, 1), new FlattenLayer(), linear));
    ReluNetwork relu = new ReluNetwork(network);
    float[] input = {1, 2, 3, 4, 5, 6, 7, 8, 9};
    List<double[]> activations = relu.activations(input);
    assertThat(activations.get(0)).containsExactly(-3.5, -3.5, -3.5, -3.5, 2, 6, 14, 18);
    assertThat(activations.get(2)).containsExactly(0, 18);
    // logits: [0 + 2*18, -0 + 18 + 1]
    assertThat(relu.forward(input)).containsExactly(36, 19);
    assertThat(ReluNetwork.argmax(relu.forward(input))).isEqualTo(0);
  }

  @Test
  void convolutionMatchesNaiveDefinitionWithStrideAndPadding() {
    SplittableRandom random = Seeds.random(5);
    for (int[] config : new int[][] {{3, 1, 1}, {5, 2, 2}, {3, 2, 1}, {7, 2, 3}, {3, 3, 0}}) {
      int k = config[0];
      int s = config[1];
      int p = config[2];
      ConvLayer conv = new ConvLayer(3, 4, k, s, p, RandomNetworks.gaussian(random, 4 * 3 * k * k, 1),
          RandomNetworks.gaussian(random, 4, 1));
      NetworkWeights network = new NetworkWeights(3, 9, 8, List.of(conv, new FlattenLayer(),
          new LinearLayer(conv.outputShape(TensorShape.spatial(3, 9, 8)).size(), 2,
              new float[2 * conv.outputShape(TensorShape.spatial(3, 9, 8)).size()], new float[2])));
      float[] input = RandomNetworks.input(random, 3 * 9 * 8, 0.2);
      double[] actual = new ReluNetwork(network).activations(input).get(0);
      int outH = (9 + 2 * p - k) / s + 1;
      int outW = (8 + 2 * p - k) / s + 1;
      for (int o = 0; o < 4; o++) {
        for (int oy = 0; oy < outH; oy++) {
          for (int ox = 0; ox < outW; ox++) {
            double sum = conv.bias()[o];
            for (int c = 0; c < 3; c++) {
              for (int ky = 0; ky < k; ky++) {
                for (int kx = 0; kx < k; kx++) {
                  int y = oy * s - p + ky;
                  int x = ox * s - p + kx;
                  if (y >= 0 && y < 9 && x >= 0 && x < 8) {
                    sum += conv.weight(o, c, ky, kx) * (double) input[(c * 9 + y) * 8 + x];
                  }
                }
              }
            }
            assertThat(actual[(o * outH + oy) * outW + ox]).isCloseTo(sum, within(1e-9));
          }
        }
      }
    }
  }

  @Test
  void batchNormAndGlobalAveragePool() {
    BatchNormLayer bn = new BatchNormLayer(new float[] {2, 1}, new float[] {1, 0}, new float[] {0.5f, 0},
        new float[] {4, 1}, 0);
    NetworkWeights network = new NetworkWeights(2, 1, 2, List.of(bn, new GlobalAveragePoolLayer(),
        new LinearLayer(2, 1, new float[] {1, 1}, new float[] {0})));
    // channel 0: (x - 0.5) * 2 / 2 + 1 -> inputs 1, 3 -> 1.5, 3.5 -> mean 2.5; channel 1: identity, 4, 6 -> 5
    double[] logits = new ReluNetwork(network).forward(new float[] {1, 3, 4, 6});
    assertThat(logits[0]).isCloseTo(7.5, within(1e-12));
  }

  @Test
  void inputLengthMismatchIsAnError() {
    NetworkWeights network = new NetworkWeights(1, 2, 2, List.of(new FlattenLayer(),
        new LinearLayer(4, 2, new float[8], new float[2])));
    assertThatThrownBy(() -> new ReluNetwork(network).forward(new float[5]))
        .isInstanceOf(ProjectException.class)
        .satisfies(e -> assertThat(((ProjectException) e).code()).isEqualTo(SearchErrorCode.SHAPE_MISMATCH))
        .hasMessage("Invalid input length: 5, expected 4 for shape [1x2x2]");
  }
}
