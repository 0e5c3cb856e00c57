package org.tnas.search.ttfs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.tnas.formats.errors.ProjectException;
import org.tnas.formats.util.Seeds;
import org.tnas.search.net.BatchNormLayer;
import org.tnas.search.net.ConvLayer;
import org.tnas.search.net.FlattenLayer;
import org.tnas.search.net.GlobalAveragePoolLayer;
import org.tnas.search.net.LinearLayer;
import org.tnas.search.net.MaxPoolLayer;
import org.tnas.search.net.NetworkWeights;
import org.tnas.search.net.RandomNetworks;
import org.tnas.search.net.ReluLayer;
import org.tnas.search.net.ReluNetwork;
import org.tnas.search.space.SearchErrorCode;

class BatchNormFusionTest {
  private final SplittableRandom random = Seeds.random(21);

  private ConvLayer conv(int in, int out, int k, int stride, int padding) {
    return new ConvLayer(in, out, k, stride, padding, RandomNetworks.gaussian(random, out * in * k * k, 0.5),
        RandomNetworks.gaussian(random, out, 0.2));
  }

  private void assertSameFunction(NetworkWeights network) {
    NetworkWeights fused = BatchNormFusion.fuse(network);
    assertThat(BatchNormFusion.isFused(fused)).isTrue();
    ReluNetwork before = new ReluNetwork(network);
    ReluNetwork after = new ReluNetwork(fused);
    for (int i = 0; i < 5; i++) {
      float[] input = RandomNetworks.input(random, network.inputShape().size(), 0.3);
      double[] a = before.forward(input);
      double[] b = after.forward(input);
      for (int o = 0; o < a.length; o++) {
        assertThat(b[o]).isCloseTo(a[o], within(1e-5));
      }
    }
  }

  @Test
  void case1BatchNormBeforeReluFoldsIntoThePrecedingLayer() {
    NetworkWeights network = new NetworkWeights(2, 6, 6, List.of(
        conv(2, 3, 3, 1, 1), RandomNetworks.randomBatchNorm(random, 3), new ReluLayer(), new FlattenLayer(),
        new LinearLayer(108, 4, RandomNetworks.gaussian(random, 432, 0.1), new float[4]),
        RandomNetworks.randomBatchNorm(random, 4), new ReluLayer(),
        new LinearLayer(4, 2, RandomNetworks.gaussian(random, 8, 0.5), new float[2])));
    assertSameFunction(network);
    assertThat(BatchNormFusion.fuse(network).layers()).hasSize(6);
  }

  @Test
  void case2BatchNormAfterReluFoldsIntoTheNextLayer() {
    // through max-pool (positive scales), global average pooling and flatten, and into an unpadded conv
    NetworkWeights network = new NetworkWeights(2, 8, 8, List.of(
        RandomNetworks.randomBatchNorm(random, 2),
        conv(2, 3, 3, 1, 0), new ReluLayer(), RandomNetworks.randomBatchNorm(random, 3),
        conv(3, 4, 3, 1, 0), new ReluLayer(), RandomNetworks.randomBatchNorm(random, 4), new MaxPoolLayer(2, 2),
        new FlattenLayer(), new LinearLayer(16, 5, RandomNetworks.gaussian(random, 80, 0.3), new float[5]),
        new ReluLayer(), RandomNetworks.randomBatchNorm(random, 5), RandomNetworks.randomBatchNorm(random, 5),
        new LinearLayer(5, 2, RandomNetworks.gaussian(random, 10, 0.5), new float[2])));
    assertSameFunction(network);
    NetworkWeights gap = new NetworkWeights(2, 5, 5, List.of(
        conv(2, 3, 3, 1, 1), new ReluLayer(), RandomNetworks.randomBatchNorm(random, 3), new GlobalAveragePoolLayer(),
        new LinearLayer(3, 2, RandomNetworks.gaussian(random, 6, 0.5), new float[2])));
    assertSameFunction(gap);
  }

  @Test
  void case2IntoAPaddedConvolutionIsRejected() {
    NetworkWeights network = new NetworkWeights(2, 6, 6, List.of(
        conv(2, 3, 3, 1, 1), new ReluLayer(), RandomNetworks.randomBatchNorm(random, 3), conv(3, 2, 3, 1, 1),
        new ReluLayer(), new FlattenLayer(), new LinearLayer(72, 2, new float[144], new float[2])));
    assertThatThrownBy(() -> BatchNormFusion.fuse(network))
        .isInstanceOf(ProjectException.class)
        .satisfies(e -> assertThat(((ProjectException) e).code()).isEqualTo(SearchErrorCode.MAPPING_FAILED))
        .hasMessage("Cannot fuse batch norm: layer 3: a batch norm with a non-zero shift before the padded "
            + "conv 3x3 3->2 stride 1 pad 1");
  }

  @Test
  void negativeScaleBeforeMaxPoolIsRejected() {
    BatchNormLayer negative = new BatchNormLayer(new float[] {-1f}, new float[] {0f}, new float[] {0f},
        new float[] {1f}, 0);
    NetworkWeights network = new NetworkWeights(1, 4, 4, List.of(
        conv(1, 1, 1, 1, 0), new ReluLayer(), negative, new MaxPoolLayer(2, 2), new FlattenLayer(),
        new LinearLayer(4, 2, new float[8], new float[2])));
    assertThatThrownBy(() -> BatchNormFusion.fuse(network))
        .hasMessage("Cannot fuse batch norm: layer 3: a batch norm with a non-positive scale -1.0 before a max-pool");
  }
}
