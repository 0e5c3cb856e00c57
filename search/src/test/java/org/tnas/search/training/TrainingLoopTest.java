package org.tnas.search.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.jni.JniUtils;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.tnas.formats.errors.ProjectException;
import org.tnas.search.data.LabelledTensorSet;
import org.tnas.search.data.SyntheticTensors;

class TrainingLoopTest {
  private NDManager manager;

  @BeforeEach
  void open() {
    DjlEngines.pytorch(1);
    manager = NDManager.newBaseManager();
  }

  @AfterEach
  void close() {
    manager.close();
  }

  /** A linear classifier over the flattened input, updated by plain SGD. */
  private final class Linear implements TrainingLoop.Target {
    final NDArray weight;
    final GradientRecording recording;
    final AtomicInteger updates = new AtomicInteger();

    Linear(int classes, int inputs, GradientRecording recording) {
      float[] values = new float[classes * inputs];
      for (int i = 0; i < values.length; i++) {
        values[i] = (float) Math.sin(i) * 0.1f;
      }
      this.weight = manager.create(values, new ai.djl.ndarray.types.Shape(classes, inputs));
      weight.setRequiresGradient(true);
      this.recording = recording;
    }

    @Override
    public NDManager manager() {
      return manager;
    }

    @Override
    public GradientRecording recording() {
      return recording;
    }

    @Override
    public TrainingLoop.StepPlan plan(TrainingLoop.StepPosition position) {
      return new TrainingLoop.StepPlan() {
        @Override
        public NDArray forward(NDManager scope, NDArray input) {
          return input.reshape(input.getShape().get(0), -1).matMul(weight.transpose());
        }

        @Override
        public double learningRate() {
          return 0.1 / (1 + position.runStep());
        }

        @Override
        public void update(NDManager scope) {
          NDArray gradient = weight.getGradient();
          weight.subi(gradient.mul((float) learningRate()));
          gradient.subi(gradient);
          updates.incrementAndGet();
        }

        @Override
        public ProjectException nonFiniteLoss(float loss) {
          return new ProjectException(TrainingErrorCode.NON_FINITE_LOSS, "Invalid training loss: " + loss + " at epoch "
              + position.epoch() + " step " + position.step());
        }
      };
    }
  }

  @Test
  void bothRecordingsGiveTheSameWeightsAndTheLastBatchOfOneIsDropped() {
    LabelledTensorSet data = SyntheticTensors.movingDiscs(9, 4, 8, 8, 3, 0.1, 1);
    Linear threadMode = new Linear(3, 256, GradientRecording.THREAD_GRAD_MODE);
    Linear collector = new Linear(3, 256, GradientRecording.ENGINE_COLLECTOR);
    float[] initial = threadMode.weight.toFloatArray();
    TrainingLoop.EpochTotals a = new TrainingLoop(5, 4, new BatchInputs()).runEpoch(data, 0, 10, threadMode);
    TrainingLoop.EpochTotals b = new TrainingLoop(5, 4, new BatchInputs()).runEpoch(data, 0, 10, collector);
    assertThat(a.steps()).isEqualTo(2); // batches of 4, 4 and 1: the last is dropped
    assertThat(a.samples()).isEqualTo(8);
    assertThat(a.firstLearningRate()).isEqualTo(0.1 / 11);
    assertThat(a.lastLearningRate()).isEqualTo(0.1 / 12);
    assertThat(threadMode.updates.get()).isEqualTo(2);
    assertThat(threadMode.weight.toFloatArray()).isNotEqualTo(initial);
    assertThat(collector.weight.toFloatArray()).isEqualTo(threadMode.weight.toFloatArray());
    assertThat(b.meanLoss()).isEqualTo(a.meanLoss());
    assertThat(b.accuracy()).isEqualTo(a.accuracy());
    assertThat(JniUtils.isGradMode()).isFalse();
  }

  @Test
  void aNonFiniteLossThrowsThePlansExceptionWithoutAnUpdate() {
    LabelledTensorSet clean = SyntheticTensors.movingDiscs(4, 4, 8, 8, 3, 0.1, 1);
    float[][] inputs = new float[clean.size()][];
    for (int i = 0; i < inputs.length; i++) {
      inputs[i] = clean.input(i);
      inputs[i][0] = Float.NaN;
    }
    LabelledTensorSet poisoned = new LabelledTensorSet(clean.sampleIds(), inputs, clean.labels(), 4, 8, 8, 3);
    for (GradientRecording recording : GradientRecording.values()) {
      Linear target = new Linear(3, 256, recording);
      float[] initial = target.weight.toFloatArray();
      assertThatThrownBy(() -> new TrainingLoop(5, 4, new BatchInputs()).runEpoch(poisoned, 3, 0, target))
          .isInstanceOf(ProjectException.class)
          .hasMessage("Invalid training loss: NaN at epoch 3 step 0");
      assertThat(target.updates.get()).isZero();
      assertThat(target.weight.toFloatArray()).isEqualTo(initial);
      assertThat(JniUtils.isGradMode()).isFalse();
    }
  }
}
