package org.tnas.search.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.tnas.search.models.ModelSpec.ModelKind;
import org.tnas.search.training.DjlEngines;
import org.tnas.search.training.NumericsEnvironment;
import org.tnas.search.training.TrainableModel;

/**
 * The Spiking-FER models under {@code TNAS_NUMERICS=native} with oneDNN uncapped ({@code
 * ONEDNN_MAX_CPU_ISA=ALL}): runs in its own JVM (the surefire execution {@code native-numerics} of
 * search/pom.xml), since the other tests run under the portable pin, which avoids oneDNN's AVX-512
 * kernels. Before each backward pass native NaN-filled arrays of the sizes of the 16-blocked weight
 * copies are allocated and freed, so the allocator is likely to hand that memory to oneDNN.
 *
 * <p>Measured on the project's AVX-512 machine with width 0.2 (widths 13/26/52/104): the logits or
 * the gradients became NaN within 8 repetitions of the same training-mode step in the one run
 * without padding and in 9 of 11 runs with every convolution's output channels padded to 16 (as the
 * supernet's {@code ChoiceBlock.convolve} does), and in none of 2 runs under the portable pin.
 * Hence {@link ResNetModel} refuses such widths in native mode, and this test checks the widths it
 * allows (multiples of 16: width 0.25) give finite, repeatable gradients. On a CPU without AVX-512
 * the defect does not exist.
 */
class ResNetModelNativeNumericsTest {
  private static final int REPETITIONS = 8;

  @Test
  void widthsThatAreMultiplesOf16GiveFiniteRepeatableGradientsWithUncappedOneDnn() {
    assertThat(NumericsEnvironment.mode()).isEqualTo(NumericsEnvironment.NATIVE);
    DjlEngines.pytorch(1);
    for (ModelKind kind : ModelKind.values()) {
      ModelSpec spec = new ModelSpec(kind, 0.25, 1, 2, 32, 4, 0.5);
      try (NDManager manager = NDManager.newBaseManager(DjlEngines.ENGINE_NAME);
          ResNetModel model = new ResNetModel(spec, manager, 3)) {
        SplittableRandom random = new SplittableRandom(17);
        int batch = 8;
        float[] input = new float[batch * spec.inputChannels() * 32 * 32];
        for (int i = 0; i < input.length; i++) {
          input[i] = random.nextDouble() < 0.2 ? 1f : 0f;
        }
        float[] upstream = new float[batch * spec.classCount()];
        for (int i = 0; i < upstream.length; i++) {
          upstream[i] = (float) random.nextGaussian();
        }
        Map<String, float[]> first = null;
        for (int rep = 0; rep < REPETITIONS; rep++) {
          Map<String, float[]> gradients = gradients(model, manager, input, upstream, batch);
          Map<String, Integer> nonFinite = new LinkedHashMap<>();
          for (Map.Entry<String, float[]> entry : gradients.entrySet()) {
            int count = 0;
            for (float value : entry.getValue()) {
              count += Float.isFinite(value) ? 0 : 1;
            }
            if (count > 0) {
              nonFinite.put(entry.getKey(), count);
            }
          }
          assertThat(nonFinite).as("%s parameters with non-finite gradient values in repetition %d", kind, rep).isEmpty();
          if (first == null) {
            first = gradients;
            continue;
          }
          for (Map.Entry<String, float[]> entry : gradients.entrySet()) {
            float[] expected = first.get(entry.getKey());
            float[] actual = entry.getValue();
            for (int i = 0; i < actual.length; i++) {
              if (!(Math.abs(actual[i] - expected[i]) <= 1e-5 + 1e-4 * Math.abs(expected[i]))) {
                throw new AssertionError(kind + " gradient of " + entry.getKey() + "[" + i + "] in repetition " + rep
                    + ": " + actual[i] + ", repetition 0: " + expected[i]);
              }
            }
          }
        }
      }
    }
  }

  @Test
  void widthsThatAreNotMultiplesOf16AreRefusedInNativeMode() {
    DjlEngines.pytorch(1);
    try (NDManager manager = NDManager.newBaseManager(DjlEngines.ENGINE_NAME)) {
      assertThatThrownBy(() -> new ResNetModel(new ModelSpec(ModelKind.SNN, 0.2, 1, 2, 32, 4, 0.5), manager, 3))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageStartingWith("Cannot build snn w0.2 b1 T2 32px with TNAS_NUMERICS=native: its widths 13/26/52/104 are not"
              + " multiples of 16");
    }
  }

  /** One training-mode forward and backward pass (same input, weights and dropout seed), with poisoning. */
  private static Map<String, float[]> gradients(ResNetModel model, NDManager manager, float[] input, float[] upstream,
      int batch) {
    ModelSpec spec = model.spec();
    Map<String, float[]> result = new LinkedHashMap<>();
    try (NDManager scope = manager.newSubManager()) {
      for (NDArray parameter : model.parameters().values()) {
        JniUtils.zeroGrad((PtNDArray) parameter);
      }
      NDArray x = scope.create(input, new Shape(batch, spec.inputChannels(), 32, 32));
      NDArray weights = scope.create(upstream, new Shape(batch, spec.classCount()));
      JniUtils.setGradMode(true);
      try {
        NDArray loss = model.forward(scope, x, new TrainableModel.Pass(true, 11, null)).mul(weights).sum();
        poison(scope, model);
        JniUtils.backward((PtNDArray) loss, (PtNDArray) scope.ones(loss.getShape()), false, false);
      } finally {
        JniUtils.setGradMode(false);
      }
      for (Map.Entry<String, NDArray> parameter : model.parameters().entrySet()) {
        NDArray gradient = ((PtNDArray) parameter.getValue()).getGradient();
        gradient.attach(scope);
        result.put(parameter.getKey(), gradient.toFloatArray());
      }
    }
    return result;
  }

  /** Allocates and frees a NaN-filled native array the size of each convolution's 16-blocked weight copy. */
  private static void poison(NDManager scope, ResNetModel model) {
    for (NDArray parameter : model.parameters().values()) {
      Shape shape = parameter.getShape();
      if (shape.dimension() == 4) {
        long floats = roundUp(shape.get(0)) * roundUp(shape.get(1)) * shape.get(2) * shape.get(3);
        try (NDManager temporary = scope.newSubManager()) {
          temporary.full(new Shape(floats), Float.NaN);
        }
      }
    }
  }

  private static long roundUp(long value) {
    int block = ResNetModel.ONEDNN_CHANNEL_BLOCK;
    return (value + block - 1) / block * block;
  }
}
