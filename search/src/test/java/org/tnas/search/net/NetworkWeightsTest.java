package org.tnas.search.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tnas.formats.errors.ProjectException;
import org.tnas.formats.util.Seeds;
import org.tnas.search.space.Genome;
import org.tnas.search.space.HeadKind;
import org.tnas.search.space.SearchErrorCode;
import org.tnas.search.space.SearchSpace;
import org.tnas.search.space.SubnetPlan;

class NetworkWeightsTest {
  private static NetworkWeights sample() {
    SearchSpace space = SearchSpace.defaults(2, 12, 12, 3).withHead(HeadKind.FLATTEN, List.of(6));
    SubnetPlan plan = space.plan(Genome.parse("D3:3x8N,5x16S,3x8P,3x8N,3x8N,3x8N"));
    return RandomNetworks.fromPlan(plan, Seeds.random(11));
  }

  @Test
  void shapesAreInferredAndMacsCounted() {
    NetworkWeights network = sample();
    List<TensorShape> shapes = network.outputShapes();
    assertThat(shapes.get(0)).isEqualTo(TensorShape.spatial(8, 12, 12));
    assertThat(shapes.get(shapes.size() - 1)).isEqualTo(TensorShape.vector(3));
    assertThat(network.outputSize()).isEqualTo(3);
    // same counts as the plan: 9*2*8*144 + 25*8*16*36 + 9*16*8*36 + (8*3*3)*6 + 6*3
    assertThat(network.macs()).isEqualTo(20736 + 115200 + 41472 + 432 + 18);
  }

  @Test
  void binaryFormRoundTripsAndDetectsCorruption() {
    NetworkWeights network = sample();
    byte[] bytes = network.toBytes();
    NetworkWeights back = NetworkWeights.fromBytes(bytes);
    assertThat(back).isEqualTo(network);
    assertThat(NetworkWeights.readFrom(new ByteArrayInputStream(bytes))).isEqualTo(network);

    byte[] flipped = bytes.clone();
    flipped[100] ^= 0x10;
    assertThatThrownBy(() -> NetworkWeights.fromBytes(flipped))
        .isInstanceOf(ProjectException.class)
        .satisfies(e -> assertThat(((ProjectException) e).code()).isEqualTo(SearchErrorCode.CORRUPT_NETWORK_DATA))
        .hasMessageStartingWith("Invalid network bytes: checksum 0x");
    byte[] badMagic = bytes.clone();
    badMagic[0] = 0;
    assertThatThrownBy(() -> NetworkWeights.fromBytes(badMagic))
        .hasMessage("Invalid network bytes: magic 0x004E4E57, expected 0x544E4E57");
    assertThatThrownBy(() -> NetworkWeights.fromBytes(Arrays.copyOf(bytes, 5)))
        .hasMessage("Invalid network bytes: only 5 bytes");
  }

  @Test
  void javaSerialisationRoundTrips() throws Exception {
    NetworkWeights network = sample();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(network);
    }
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      assertThat(in.readObject()).isEqualTo(network);
    }
  }

  @Test
  void shapeErrorsNameTheLayer() {
    List<Layer> layers = List.of(
        new ConvLayer(3, 4, 3, 1, 1, new float[4 * 3 * 9], new float[4]),
        new FlattenLayer(),
        new LinearLayer(10, 2, new float[20], new float[2]));
    assertThatThrownBy(() -> new NetworkWeights(2, 5, 5, layers))
        .isInstanceOf(ProjectException.class)
        .satisfies(e -> assertThat(((ProjectException) e).code()).isEqualTo(SearchErrorCode.INVALID_NETWORK))
        .hasMessage("Invalid network: layer 0 (conv 3x3 3->4 stride 1 pad 1): Invalid input [2x5x5] for conv 3x3 3->4 stride 1 pad 1");
    assertThatThrownBy(() -> new NetworkWeights(3, 5, 5, layers))
        .hasMessage("Invalid network: layer 2 (linear 10->2): Invalid input [100] for linear 10->2");
    assertThatThrownBy(() -> new NetworkWeights(3, 5, 5, List.of(new FlattenLayer())))
        .hasMessage("Invalid network: the last layer must be a linear layer producing the logits, got [FlattenLayer[]]");
    assertThatThrownBy(() -> new ConvLayer(1, 2, 3, 1, 1, new float[17], new float[2]))
        .hasMessage("Invalid convolution weights length: 17, expected 18");
    assertThatThrownBy(() -> new LinearLayer(2, 2, new float[4], null)).hasMessage("bias is null");
  }

  @Test
  void layersAreImmutable() {
    float[] weights = {1, 2, 3, 4};
    LinearLayer layer = new LinearLayer(2, 2, weights, new float[2]);
    weights[0] = 99;
    layer.weights()[1] = 99;
    assertThat(layer.weights()).containsExactly(1, 2, 3, 4);
  }
}
