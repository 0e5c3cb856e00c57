package org.tnas.search.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.tnas.search.models.ModelSpec.ModelKind;
import org.tnas.search.training.DjlEngines;
import org.tnas.search.training.TrainableModel;

class ResNetModelTest {
  @BeforeAll
  static void engine() {
    DjlEngines.pytorch(1);
  }

  @Test
  void thePaperNetworksHaveResNet18sParameterCounts() {
    // torchvision resnet18: 11,689,512 parameters; without fc (513,000): 11,176,512; conv1 from 12
    // instead of 3 channels adds 64 * 9 * 49 = 28,224; the bias-free Linear(512, 6) adds 3,072.
    try (NDManager manager = NDManager.newBaseManager(DjlEngines.ENGINE_NAME);
        ResNetModel ann = new ResNetModel(ModelSpec.paper(ModelKind.ANN, 6), manager, 1);
        ResNetModel snn = new ResNetModel(ModelSpec.paper(ModelKind.SNN, 6), manager, 1)) {
      assertThat(ann.parameterCount()).isEqualTo(11_176_512L + 28_224 + 3_072);
      // the SNN's stem reads 2 channels per step (64 * 10 * 49 = 31,360 fewer than the ANN's 12) and
      // its accumulator adds Linear(512, 512) with bias (262,656)
      assertThat(snn.parameterCount()).isEqualTo(ann.parameterCount() - 31_360 + 262_656);
      // zero-initialised residual BN in the SNN only (SpikingJelly zero_init_residual = True; torchvision's default False)
      assertThat(snn.parameters().get("layer1.0.bn2.weight").toFloatArray()).containsOnly(0f);
      assertThat(ann.parameters().get("layer1.0.bn2.weight").toFloatArray()).containsOnly(1f);
    }
  }

  @Test
  void bothModelsMapABatchOfStackedFramesToLogits() {
    ModelSpec spec = new ModelSpec(ModelKind.SNN, 0.125, 1, 3, 32, 5, 0.5);
    for (ModelKind kind : ModelKind.values()) {
      try (NDManager manager = NDManager.newBaseManager(DjlEngines.ENGINE_NAME);
          ResNetModel model = new ResNetModel(spec.withKind(kind), manager, 1);
          NDManager scope = manager.newSubManager()) {
        NDArray input = scope.ones(new Shape(4, 6, 32, 32));
        NDArray logits = model.forward(scope, input, TrainableModel.Pass.evaluation());
        assertThat(logits.getShape()).isEqualTo(new Shape(4, 5));
        assertThatThrownBy(() -> model.forward(scope, scope.ones(new Shape(4, 4, 32, 32)), TrainableModel.Pass.evaluation()))
            .isInstanceOf(IllegalArgumentException.class).hasMessage("Invalid input shape: (4, 4, 32, 32) (expected (4, 6, 32, 32))");
      }
    }
  }

  @Test
  void theSameSeedGivesTheSameInitialWeights() {
    ModelSpec spec = new ModelSpec(ModelKind.SNN, 0.125, 1, 2, 16, 3, 0.5);
    try (NDManager manager = NDManager.newBaseManager(DjlEngines.ENGINE_NAME);
        ResNetModel a = new ResNetModel(spec, manager, 5);
        ResNetModel b = new ResNetModel(spec, manager, 5);
        ResNetModel c = new ResNetModel(spec, manager, 6)) {
      assertThat(a.parameters().get("stem.conv").toFloatArray()).containsExactly(b.parameters().get("stem.conv").toFloatArray());
      assertThat(a.parameters().get("stem.conv").toFloatArray()).isNotEqualTo(c.parameters().get("stem.conv").toFloatArray());
    }
  }
}
