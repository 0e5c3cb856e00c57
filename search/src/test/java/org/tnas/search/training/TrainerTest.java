package org.tnas.search.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tnas.formats.errors.ProjectException;
import org.tnas.search.data.LabelledTensorSet;
import org.tnas.search.data.SyntheticTensors;
import org.tnas.search.models.ModelSpec;
import org.tnas.search.models.ModelSpec.ModelKind;
import org.tnas.search.models.ResNetModel;

class TrainerTest {
  private static final int CLASSES = 4;

  @BeforeAll
  static void engine() {
    DjlEngines.pytorch(1);
  }

  private static TrainingData data() {
    LabelledTensorSet all = SyntheticTensors.movingDiscs(192, 4, 24, 24, CLASSES, 0.02, 5);
    List<LabelledTensorSet> parts = all.split(0.75, 9);
    return TrainingData.fixed(parts.get(0), parts.get(1));
  }

  private static ModelSpec spec(ModelKind kind) {
    return new ModelSpec(kind, 0.125, 1, 2, 24, CLASSES, 0.5);
  }

  private static TrainingConfig config(int epochs) {
    return new TrainingConfig(epochs, 16, 0.05, 0.9, 5e-4, TrainingConfig.Schedule.COSINE, 3, 1);
  }

  private static TrainingResult train(ModelKind kind, TrainingConfig config, java.nio.file.Path checkpoints, boolean resume,
      java.util.function.Consumer<String> progress, Map<String, float[]> finalWeights) {
    try (NDManager manager = NDManager.newBaseManager(DjlEngines.ENGINE_NAME);
        ResNetModel model = new ResNetModel(spec(kind), manager, 11);
        Trainer trainer = new Trainer(model, config, checkpoints == null ? null : new org.apache.hadoop.fs.Path(checkpoints.toUri()),
            new Configuration(), resume, progress)) {
      TrainingResult result = trainer.train(data());
      if (finalWeights != null) {
        finalWeights.putAll(ModelSnapshot.of(model).values());
      }
      return result;
    }
  }

  @Test
  void bothModelsLearnAndTheSameSeedGivesIdenticalCurves() {
    for (ModelKind kind : ModelKind.values()) {
      List<String> lines = new ArrayList<>();
      TrainingResult first = train(kind, config(6), null, false, lines::add, null);
      TrainingResult second = train(kind, config(6), null, false, line -> { }, null);
      assertThat(first.sameCurvesAs(second)).as("%s curves of two runs with seed 3", kind).isTrue();
      assertThat(first.epochs().get(0).trainingLoss()).isEqualTo(second.epochs().get(0).trainingLoss());
      // learns: the training loss falls; the ANN's best validation accuracy is well above chance
      // (0.25 for 4 classes). The tiny SNN fits this 24x24 task too slowly for a unit test: its
      // accuracy is checked on the synthetic faces (docs/training.md).
      assertThat(first.epochs().get(5).trainingLoss()).as("%s loss", kind).isLessThan(first.epochs().get(0).trainingLoss());
      if (kind == ModelKind.ANN) {
        assertThat(first.bestMetrics().war()).as("%s best WAR", kind).isGreaterThan(0.5);
      }
      assertThat(lines).hasSize(6);
      assertThat(lines.get(5)).startsWith("epoch 6/6 lr ").contains("samples/s").contains("ETA");
      TrainingResult otherSeed = train(kind, config(6).withSeed(4), null, false, line -> { }, null);
      assertThat(otherSeed.sameCurvesAs(first)).as("a different seed changes the curves").isFalse();
    }
  }

  @Test
  void aKilledRunResumesFromItsCheckpointExactlyAsAnUninterruptedOne(@TempDir Path directory) {
    Map<String, float[]> straightWeights = new java.util.LinkedHashMap<>();
    TrainingResult straight = train(ModelKind.SNN, config(4), directory.resolve("straight"), false, line -> { }, straightWeights);
    // "kill" the run after the checkpoint of epoch 2 has been written
    assertThatThrownBy(() -> train(ModelKind.SNN, config(4), directory.resolve("killed"), true, line -> {
      if (line.startsWith("epoch 2/")) {
        throw new IllegalStateException("killed");
      }
    }, null)).hasMessage("killed");
    List<String> lines = new ArrayList<>();
    Map<String, float[]> resumedWeights = new java.util.LinkedHashMap<>();
    TrainingResult resumed = train(ModelKind.SNN, config(4), directory.resolve("killed"), true, lines::add, resumedWeights);
    assertThat(resumed.resumedEpochs()).isEqualTo(2);
    assertThat(lines.get(0)).startsWith("resumed snn w0.125 b1 T2 24px");
    assertThat(lines).hasSize(3);
    assertThat(resumed.sameCurvesAs(straight)).isTrue();
    assertThat(resumedWeights.keySet()).isEqualTo(straightWeights.keySet());
    for (String name : straightWeights.keySet()) {
      assertThat(resumedWeights.get(name)).as(name).containsExactly(straightWeights.get(name));
    }
    // another recipe cannot resume this checkpoint
    assertThatThrownBy(() -> train(ModelKind.SNN, config(5), directory.resolve("killed"), true, line -> { }, null))
        .isInstanceOf(ProjectException.class).hasMessageStartingWith("Cannot resume from ")
        .hasMessageContaining("epochs=4").hasMessageContaining("epochs=5");
  }

  @Test
  void sgdFollowsPytorchSemanticsAcrossLearningRateChanges() {
    // torch.optim.SGD: d = g + wd * w; u = m * u + d; w -= lr * u (u = d at the first step)
    try (NDManager manager = NDManager.newBaseManager(DjlEngines.ENGINE_NAME);
        ResNetModel model = new ResNetModel(spec(ModelKind.ANN), manager, 1);
        SgdMomentum sgd = new SgdMomentum(model, 0.9, 0.01)) {
      NDArray weight = model.parameters().get("head.classifier.weight");
      double[] w = toDouble(weight.toFloatArray());
      double[] u = new double[w.length];
      double[] rates = {0.1, 0.1, 0.05, 0.02};
      for (int step = 0; step < rates.length; step++) {
        float[] g = new float[w.length];
        for (int i = 0; i < g.length; i++) {
          g[i] = (float) Math.sin(i + 3.0 * step);
        }
        try (NDManager scope = manager.newSubManager()) {
          for (NDArray p : model.parameters().values()) {
            p.tempAttach(scope);
          }
          try (GradientCollector collector = manager.getEngine().newGradientCollector()) {
            NDArray target = scope.create(g, weight.getShape());
            NDArray loss = NDArrayHelper.sumOfAll(model.parameters(), scope).mul(0).add(weight.mul(target).sum());
            collector.backward(loss);
          }
          sgd.setLearningRate(rates[step]);
          sgd.step();
        }
        for (int i = 0; i < w.length; i++) {
          double d = g[i] + 0.01 * w[i];
          u[i] = step == 0 ? d : 0.9 * u[i] + d;
          w[i] -= rates[step] * u[i];
        }
        float[] actual = weight.toFloatArray();
        for (int i = 0; i < w.length; i++) {
          assertThat((double) actual[i]).as("step %d element %d", step, i).isCloseTo(w[i], within(2e-5));
        }
      }
    }
  }

  private static double[] toDouble(float[] values) {
    double[] result = new double[values.length];
    for (int i = 0; i < values.length; i++) {
      result[i] = values[i];
    }
    return result;
  }

  /** Touches every parameter so each gets a (zero) gradient. */
  static final class NDArrayHelper {
    static NDArray sumOfAll(Map<String, NDArray> parameters, NDManager scope) {
      NDArray total = scope.zeros(new Shape());
      for (NDArray p : parameters.values()) {
        total = total.add(p.sum());
      }
      return total;
    }
  }

  @Test
  void rejectsDataOfAnotherShape() {
    LabelledTensorSet wrong = SyntheticTensors.movingDiscs(8, 6, 24, 24, CLASSES, 0.02, 5);
    assertThatThrownBy(() -> {
      try (NDManager manager = NDManager.newBaseManager(DjlEngines.ENGINE_NAME);
          ResNetModel model = new ResNetModel(spec(ModelKind.SNN), manager, 11);
          Trainer trainer = new Trainer(model, config(1), null, null, false, line -> { })) {
        trainer.train(TrainingData.fixed(wrong, wrong));
      }
    }).isInstanceOf(ProjectException.class)
        .hasMessage("Invalid validation input shape: 6x24x24 (model snn w0.125 b1 T2 24px (%d parameters) expects 4x24x24)",
            parameterCount());
  }

  private static long parameterCount() {
    try (NDManager manager = NDManager.newBaseManager(DjlEngines.ENGINE_NAME);
        ResNetModel model = new ResNetModel(spec(ModelKind.SNN), manager, 11)) {
      return model.parameterCount();
    }
  }
}
