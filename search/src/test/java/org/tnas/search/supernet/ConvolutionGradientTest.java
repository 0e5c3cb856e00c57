package org.tnas.search.supernet;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.tnas.search.data.LabelledTensorSet;
import org.tnas.search.data.SyntheticTensors;
import org.tnas.search.space.Genome;
import org.tnas.search.training.BatchInputs;
import org.tnas.search.training.DjlEngines;
import org.tnas.search.training.GradientRecording;
import org.tnas.search.training.Losses;

/**
 * Regression tests for the intermittent NaN training loss on AVX-512 machines: oneDNN's convolution
 * backward pass by data read uninitialised padding lanes of its blocked weight copy when the number
 * of output channels is not a multiple of 16 (see {@link ChoiceBlock#convolve}). To make the
 * failure reproducible instead of rare, each backward pass is preceded by "poisoning": a native
 * NaN-filled array of exactly the size of the padded weight copy is allocated and freed, so the
 * allocator is likely to hand that memory to oneDNN's copy. Without the workaround the input
 * gradient is then NaN in about half of the repetitions (so nearly surely at least once here);
 * with it, never.
 */
class ConvolutionGradientTest {
  private static final int REPETITIONS = 12;

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
  void inputGradientOfConvolutionWithFewOutputChannelsIsFiniteAndExact() {
    int[][] shapes = {{8, 16}, {8, 8}, {12, 8}, {24, 16}};
    for (int[] shape : shapes) {
      int out = shape[0];
      int in = shape[1];
      SplittableRandom random = new SplittableRandom(31L * out + in);
      NDArray weight = manager.create(gaussian(random, out * in * 25, 0.1), new Shape(out, in, 5, 5));
      NDArray x = manager.create(gaussian(random, 16 * in * 16 * 16, 1), new Shape(16, in, 16, 16));
      NDArray upstream = manager.create(gaussian(random, 16 * out * 16 * 16, 1), new Shape(16, out, 16, 16));
      float[] expected = referenceInputGradient(x, weight, upstream);
      int poison = roundUp(out, 16) * roundUp(in, 16) * 25;
      for (int rep = 0; rep < REPETITIONS; rep++) {
        try (NDManager scope = manager.newSubManager()) {
          NDArray input = x.duplicate();
          input.attach(scope);
          input.setRequiresGradient(true);
          try (GradientCollector collector = scope.getEngine().newGradientCollector()) {
            poison(scope, poison);
            NDArray y = ChoiceBlock.convolve(input, weight, 1, 2, true);
            assertThat(y.getShape()).isEqualTo(new Shape(16, out, 16, 16));
            NDArray loss = y.mul(upstream).sum();
            poison(scope, poison);
            collector.backward(loss);
          }
          GradientRecording.stop();
          float[] actual = input.getGradient().toFloatArray();
          for (int i = 0; i < actual.length; i++) {
            if (!(Math.abs(actual[i] - expected[i]) <= 1e-4 + 1e-4 * Math.abs(expected[i]))) {
              throw new AssertionError("Input gradient of a " + out + "x" + in + "x5x5 convolution, repetition "
                  + rep + ", element " + i + ": expected " + expected[i] + ", found " + actual[i]);
            }
          }
        }
      }
    }
  }

  @Test
  void supernetPathGradientsStayFiniteWhenALaterBlockIsNarrow() {
    // D2:5x16S,5x8P: block1 has 8 output channels, so the gradient of block0's output went through
    // the defective padded kernel; it was NaN in block0's conv and batch-norm gradients
    Genome genome = Genome.parse("D2:5x16S,5x8P,3x16P");
    LabelledTensorSet data = SyntheticTensors.movingDiscs(16, 12, 32, 32, 4, 0.01, 21);
    int[] order = new int[16];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    try (Supernet supernet = Supernet.create(SupernetTrainerTest.SPACE, manager, 9)) {
      for (int rep = 0; rep < REPETITIONS; rep++) {
        try (NDManager scope = supernet.manager().newSubManager()) {
          for (Parameter parameter : supernet.namedParameters().values()) {
            if (parameter.requiresGradient()) {
              JniUtils.zeroGrad((PtNDArray) parameter.getArray());
            }
          }
          NDArray input = new BatchInputs().copy(scope, data, order, 0, 16);
          NDArray labels = Tensors.labels(scope, data, order, 0, 16);
          try (GradientCollector collector = scope.getEngine().newGradientCollector()) {
            NDArray loss = Losses.crossEntropy(supernet.forward(input, genome, true), labels).mean();
            assertThat(Float.isFinite(loss.getFloat())).isTrue();
            poison(scope, 16 * 16 * 25);
            collector.backward(loss);
          }
          GradientRecording.stop();
          java.util.Map<String, Integer> nonFinite = new java.util.LinkedHashMap<>();
          for (Supernet.PathParameter parameter : supernet.pathParameters(genome)) {
            NDArray gradient = JniUtils.getGradient((PtNDArray) parameter.parameter().getArray());
            assertThat(gradient).as("gradient of %s", parameter.parameter().getName()).isNotNull();
            gradient.attach(scope);
            int count = 0;
            for (float value : gradient.toFloatArray()) {
              count += Float.isFinite(value) ? 0 : 1;
            }
            if (count > 0) {
              nonFinite.put(parameter.parameter().getName(), count);
            }
          }
          assertThat(nonFinite).as("non-finite gradient values in repetition %d", rep).isEmpty();
        }
      }
    }
  }

  /** The input gradient computed in float64, which PyTorch runs without oneDNN. */
  private float[] referenceInputGradient(NDArray x, NDArray weight, NDArray upstream) {
    try (NDManager scope = manager.newSubManager()) {
      NDArray input = x.toType(DataType.FLOAT64, true);
      input.attach(scope);
      input.setRequiresGradient(true);
      try (GradientCollector collector = scope.getEngine().newGradientCollector()) {
        NDArray y = Conv2d.conv2d(input, weight.toType(DataType.FLOAT64, true), null, new Shape(1, 1),
            new Shape(2, 2)).singletonOrThrow();
        collector.backward(y.mul(upstream.toType(DataType.FLOAT64, true)).sum());
      }
      GradientRecording.stop();
      return input.getGradient().toType(DataType.FLOAT32, true).toFloatArray();
    }
  }

  /** Allocates and frees a native NaN-filled array of {@code floats} values. */
  private static void poison(NDManager scope, int floats) {
    try (NDManager temporary = scope.newSubManager()) {
      temporary.full(new Shape(floats), Float.NaN);
    }
  }

  private static float[] gaussian(SplittableRandom random, int count, double deviation) {
    float[] values = new float[count];
    for (int i = 0; i < count; i++) {
      values[i] = (float) (random.nextGaussian() * deviation);
    }
    return values;
  }

  private static int roundUp(int value, int block) {
    return (value + block - 1) / block * block;
  }
}
