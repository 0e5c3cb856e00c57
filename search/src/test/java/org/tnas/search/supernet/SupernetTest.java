package org.tnas.search.supernet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.tnas.formats.errors.ProjectException;
import org.tnas.formats.util.Seeds;
import org.tnas.search.data.LabelledTensorSet;
import org.tnas.search.data.SyntheticTensors;
import org.tnas.search.net.NetworkWeights;
import org.tnas.search.net.ReluNetwork;
import org.tnas.search.space.Genome;
import org.tnas.search.space.HeadKind;
import org.tnas.search.space.SearchErrorCode;
import org.tnas.search.space.SearchSpace;
import org.tnas.search.training.DjlEngines;

class SupernetTest {
  static final SearchSpace SPACE = SearchSpace.defaults(4, 16, 16, 3)
      .withDepthChoices(List.of(2, 3))
      .withKernelChoices(List.of(3, 5))
      .withWidthChoices(List.of(4, 8));

  private NDManager manager;

  @BeforeEach
  void open() {
    DjlEngines.pytorch(2);
    manager = NDManager.newBaseManager();
  }

  @AfterEach
  void close() {
    manager.close();
  }

  @Test
  void pytorchEngineLoadsOffline() {
    Engine engine = DjlEngines.pytorch(1);
    assertThat(engine.getEngineName()).isEqualTo("PyTorch");
    assertThat(DjlEngines.threads()).isEqualTo(1);
    DjlEngines.pytorch(2);
    assertThat(DjlEngines.threads()).isEqualTo(2);
    try (NDManager scope = manager.newSubManager()) {
      NDArray sum = scope.create(new float[] {1, 2, 3}).sum();
      assertThat(sum.getFloat()).isEqualTo(6f);
    }
  }

  @Test
  void forwardGivesOneLogitVectorPerSampleForEveryHeadAndDownsampling() {
    for (SearchSpace space : List.of(SPACE, SPACE.withHead(HeadKind.FLATTEN, List.of(6)))) {
      try (Supernet supernet = Supernet.create(space, manager, 1)) {
        for (int i = 0; i < 8; i++) {
          Genome genome = Genome.random(space, Seeds.random(7, i));
          try (NDManager scope = manager.newSubManager()) {
            NDArray input = scope.randomUniform(0, 1, new Shape(5, 4, 16, 16));
            NDArray logits = supernet.forward(input, genome, false);
            assertThat(logits.getShape()).isEqualTo(new Shape(5, 3));
            for (float value : logits.toFloatArray()) {
              assertThat(Float.isFinite(value)).isTrue();
            }
          }
        }
      }
    }
  }

  @Test
  void extractedSubnetMatchesTheSupernetPathInThePureJavaReferencePass() {
    SearchSpace flatten = SPACE.withHead(HeadKind.FLATTEN, List.of(5));
    LabelledTensorSet data = SyntheticTensors.movingDiscs(40, 4, 16, 16, 3, 0.02, 3);
    for (SearchSpace space : List.of(SPACE, flatten)) {
      try (Supernet supernet = Supernet.create(space, manager, 2)) {
        SubnetEvaluator evaluator = new SubnetEvaluator(supernet, 8);
        for (String text : List.of("D2:3x8N,5x4S,3x4N", "D3:5x4P,3x8S,5x8P", "D3:3x8S,3x8N,5x4S")) {
          Genome genome = Genome.parse(text);
          NetworkWeights weights = evaluator.extract(genome, data, 3, 11);
          ReluNetwork reference = new ReluNetwork(weights);
          SubnetEvaluation evaluation = evaluator.evaluate(genome, data);
          for (int i = 0; i < data.size(); i++) {
            double[] expected = reference.forward(data.input(i));
            float[] actual = evaluation.logits()[i];
            for (int c = 0; c < expected.length; c++) {
              assertThat((double) actual[c]).as("%s sample %d logit %d", text, i, c).isCloseTo(expected[c], within(1e-4));
            }
          }
        }
      }
    }
  }

  @Test
  void rejectsGenomesOutsideTheSpaceAndInputsOfAnotherShape() {
    try (Supernet supernet = Supernet.create(SPACE, manager, 1); NDManager scope = manager.newSubManager()) {
      NDArray input = scope.zeros(new Shape(2, 4, 16, 16));
      assertThatThrownBy(() -> supernet.forward(input, Genome.parse("D3:7x8N,3x8N,3x8N"), false))
          .isInstanceOf(ProjectException.class)
          .hasMessage("Invalid genome: block 0 kernel 7 is not one of [3, 5] in D3:7x8N,3x8N,3x8N")
          .satisfies(e -> assertThat(((ProjectException) e).code()).isEqualTo(SearchErrorCode.INVALID_GENOME));
      NDArray wrong = scope.zeros(new Shape(2, 3, 16, 16));
      assertThatThrownBy(() -> supernet.forward(wrong, Genome.parse("D2:3x8N,3x8N,3x8N"), false))
          .isInstanceOf(ProjectException.class)
          .hasMessage("Invalid input shape: expected (N, 4, 16, 16), found (2, 3, 16, 16)");
    }
  }

  @Test
  void sameSeedGivesTheSameSupernet() {
    try (Supernet a = Supernet.create(SPACE, manager, 5); Supernet b = Supernet.create(SPACE, manager, 5);
        Supernet c = Supernet.create(SPACE, manager, 6)) {
      Genome genome = Genome.parse("D3:5x4P,3x8S,5x8N");
      assertThat(a.extract(genome)).isEqualTo(b.extract(genome));
      assertThat(a.extract(genome)).isNotEqualTo(c.extract(genome));
      assertThat(a.namedParameters().keySet()).contains("block0.conv.k3", "block2.bn.k5.w8.gamma", "head.linear0.weight");
    }
  }
}
