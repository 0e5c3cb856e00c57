package org.tnas.search.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Consumer;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.tnas.formats.errors.ProjectException;
import org.tnas.formats.util.Seeds;
import org.tnas.search.data.LabelledTensorSet;
import org.tnas.search.metrics.ClassificationMetrics;
import org.tnas.search.metrics.ConfusionMatrix;

/**
 * The DJL training engine: trains any {@link TrainableModel} on a {@link TrainingData} source with
 * softmax cross-entropy, {@link SgdMomentum} and the recipe's schedule, validates after every
 * epoch, keeps the best validation epoch (its metrics and weights), writes a checkpoint after every
 * epoch to any Hadoop file system and resumes from it.
 *
 * <p><b>Determinism.</b> Batch order is {@code shuffledOrder(seed, "batch-order", epoch)}, the seed
 * of each forward pass (dropout) is {@code Seeds.derive(seed, "pass", epoch, step)}, the data of an
 * epoch is a function of the epoch index, and parameters are initialised from seeds; with a fixed
 * PyTorch thread count the same seed gives identical curves, and a resumed run continues exactly
 * as an uninterrupted one (both tested).
 *
 * <p><b>Steps.</b> The batches and steps of an epoch are the shared {@link TrainingLoop} (the
 * supernet's trainer runs the same loop); this class supplies the model's forward pass, the
 * epoch's learning rate and {@link SgdMomentum} as the update, and adds what is its own: the
 * per-epoch rate, validation, the best epoch, {@link TrainingCheckpoint} and the {@link
 * EpochProgress} line with the validation figures.
 *
 * <p><b>Costs avoided.</b> Each batch is copied into one reused native-order direct buffer from
 * which the engine creates the input tensor (no fresh zeroed direct buffer per batch); the
 * optimiser is one fused native call per parameter. Gradient recording is switched on for the
 * calling thread only ({@link GradientRecording#THREAD_GRAD_MODE}: PyTorch's grad mode is thread
 * local), without DJL's JVM-wide one-collector-at-a-time lock, so several trainers may run in
 * parallel threads (e.g. Spark tasks of one executor), each on its own model.
 *
 * <p>Lifecycle: create, {@link #train} once, {@link #close} (frees the optimiser state; the model
 * stays open and holds the best epoch's weights after {@link #train}). Not thread safe.
 */
public final class Trainer implements AutoCloseable {
  /** File name of the checkpoint inside the checkpoint directory. */
  public static final String CHECKPOINT_FILE = "checkpoint.bin";
  private static final long PASS_TAG = Seeds.stableHash("pass");

  private final TrainableModel model;
  private final TrainingConfig config;
  private final Path checkpointDirectory;
  private final Configuration conf;
  private final boolean resume;
  private final Consumer<String> progress;
  private final SgdMomentum optimizer;
  private final BatchInputs batchInputs = new BatchInputs();
  private final TrainingLoop loop;

  /**
   * @param checkpointDirectory where {@value #CHECKPOINT_FILE} is written after every epoch, or null
   *     for none
   * @param resume continue from an existing checkpoint (else an existing one is overwritten)
   * @param progress receives one line per epoch (null: standard error)
   */
  public Trainer(TrainableModel model, TrainingConfig config, Path checkpointDirectory, Configuration conf, boolean resume,
      Consumer<String> progress) {
    this.model = Objects.requireNonNull(model, "model is null");
    this.config = Objects.requireNonNull(config, "config is null");
    this.checkpointDirectory = checkpointDirectory;
    this.conf = checkpointDirectory == null ? null : Objects.requireNonNull(conf, "conf is null");
    this.resume = resume;
    this.progress = progress == null ? line -> System.err.println(line) : progress;
    DjlEngines.pytorch(config.threads());
    this.optimizer = new SgdMomentum(model, config.momentum(), config.weightDecay());
    this.loop = new TrainingLoop(config.seed(), config.batchSize(), batchInputs);
  }

  /** The checkpoint path, or null. */
  public Path checkpointPath() {
    return checkpointDirectory == null ? null : new Path(checkpointDirectory, CHECKPOINT_FILE);
  }

  /**
   * Trains up to {@code config.epochs()} epochs (fewer when resuming), then loads the best epoch's
   * weights into the model.
   *
   * @throws ProjectException {@link TrainingErrorCode#NON_FINITE_LOSS} when a loss is not finite;
   *     {@link TrainingErrorCode#DATA_MISMATCH} when the data does not fit the model; {@link
   *     TrainingErrorCode#INCOMPATIBLE_CHECKPOINT} when resuming a checkpoint of another model or recipe
   */
  public TrainingResult train(TrainingData data) {
    Objects.requireNonNull(data, "data is null");
    DjlEngines.pytorch(config.threads());
    long start = System.nanoTime();
    LabelledTensorSet validation = data.validation();
    checkFits(validation, "validation");
    List<EpochRecord> records = new ArrayList<>();
    int bestEpoch = -1;
    ClassificationMetrics bestMetrics = null;
    ModelSnapshot best = null;
    int resumed = 0;
    Path checkpoint = checkpointPath();
    if (checkpoint != null && resume && TrainingCheckpoint.exists(checkpoint, conf)) {
      TrainingCheckpoint.State state = TrainingCheckpoint.load(checkpoint, conf);
      if (!state.model().equals(model.describe()) || !state.fingerprint().equals(config.fingerprint())) {
        throw new ProjectException(TrainingErrorCode.INCOMPATIBLE_CHECKPOINT, "Cannot resume from " + checkpoint
            + ": it was written for " + state.model() + " [" + state.fingerprint() + "], this run is " + model.describe()
            + " [" + config.fingerprint() + "]");
      }
      GradientRecording.stop();
      state.weights().restoreInto(model);
      TrainingCheckpoint.restoreOptimizer(optimizer, state.optimizer(), state.learningRate(), checkpoint);
      records.addAll(state.records());
      bestEpoch = state.bestEpoch();
      bestMetrics = state.bestMetrics();
      best = state.best();
      resumed = records.size();
      progress.accept(String.format(Locale.ROOT, "resumed %s from %s after epoch %d of %d (best WAR %.1f%% at epoch %d)",
          model.describe(), checkpoint, resumed, config.epochs(), 100 * bestMetrics.war(), bestEpoch + 1));
    }
    EpochProgress epochLines = EpochProgress.of(config.epochs(), resumed, progress);
    for (int epoch = records.size(); epoch < config.epochs(); epoch++) {
      long epochStart = System.nanoTime();
      LabelledTensorSet training = data.training(epoch);
      checkFits(training, "training");
      double rate = config.learningRate(epoch);
      optimizer.setLearningRate(rate);
      double[] totals = trainEpoch(training, epoch);
      Evaluation evaluation = evaluate(validation);
      double seconds = (System.nanoTime() - epochStart) / 1e9;
      EpochRecord record = new EpochRecord(epoch, rate, totals[0], totals[1], evaluation.loss(), evaluation.metrics().war(),
          evaluation.metrics().uar(), (long) totals[2], seconds);
      records.add(record);
      if (bestMetrics == null || record.validationWar() > bestMetrics.war()) {
        bestEpoch = epoch;
        bestMetrics = evaluation.metrics();
        best = ModelSnapshot.of(model);
      }
      if (checkpoint != null) {
        TrainingCheckpoint.save(checkpoint, conf, new TrainingCheckpoint.State(model.describe(), config.fingerprint(), records,
            bestEpoch, bestMetrics, optimizer.learningRate(), ModelSnapshot.of(model),
            TrainingCheckpoint.optimizerState(optimizer), best));
      }
      epochLines.report(epoch, rate, rate, record.trainingLoss(), record.trainingAccuracy(), String.format(Locale.ROOT,
          "val loss %.4f WAR %.1f%% UAR %.1f%% | best %.1f%% @%d", record.validationLoss(), 100 * record.validationWar(),
          100 * record.validationUar(), 100 * bestMetrics.war(), bestEpoch + 1), record.samplesPerSecond(), seconds);
    }
    GradientRecording.stop();
    best.restoreInto(model);
    return new TrainingResult(model.describe(), records, bestEpoch, bestMetrics, resumed, (System.nanoTime() - start) / 1e9);
  }

  /** Trains one epoch of {@code training}; returns {mean loss, accuracy, samples} (package-private for the step benchmark). */
  double[] trainEpoch(LabelledTensorSet training, int epoch) {
    TrainingLoop.EpochTotals totals = loop.runEpoch(training, epoch, 0, new LoopTarget());
    return new double[] {totals.meanLoss(), totals.accuracy(), totals.samples()};
  }

  /**
   * The fixed model in the shared loop: the dropout seed of each pass is {@code Seeds.derive(seed,
   * "pass", epoch, step)}, the rate is the epoch's (set on the optimiser before the epoch), the
   * update is {@link SgdMomentum#step} on every parameter (it clears the gradients with {@code
   * JniUtils.zeroGrad}), and gradients are recorded with the thread-local grad mode, as before the
   * loop was shared.
   */
  private final class LoopTarget implements TrainingLoop.Target {
    @Override
    public NDManager manager() {
      return model.manager();
    }

    @Override
    public GradientRecording recording() {
      return GradientRecording.THREAD_GRAD_MODE;
    }

    @Override
    public TrainingLoop.StepPlan plan(TrainingLoop.StepPosition position) {
      long passSeed = Seeds.derive(config.seed(), PASS_TAG, position.epoch(), position.step());
      return new TrainingLoop.StepPlan() {
        @Override
        public NDArray forward(NDManager scope, NDArray input) {
          return model.forward(scope, input, new TrainableModel.Pass(true, passSeed, null));
        }

        @Override
        public double learningRate() {
          return optimizer.learningRate();
        }

        @Override
        public void update(NDManager scope) {
          optimizer.step();
        }

        @Override
        public ProjectException nonFiniteLoss(float loss) {
          return new ProjectException(TrainingErrorCode.NON_FINITE_LOSS, String.format(Locale.ROOT,
              "Invalid training loss: %s at epoch %d step %d of %s (learning rate %s)", loss, position.epoch(),
              position.step(), model.describe(), optimizer.learningRate()));
        }
      };
    }
  }

  /** Loss and metrics of a data set. */
  public record Evaluation(double loss, ClassificationMetrics metrics, int[] predictions) {}

  /** Evaluates {@code set} in evaluation mode (running statistics, no dropout), optionally recording layer activity. */
  public Evaluation evaluate(LabelledTensorSet set, LayerRecorder recorder) {
    GradientRecording.stop();
    int[] order = new int[set.size()];
    Arrays.setAll(order, i -> i);
    ConfusionMatrix confusion = new ConfusionMatrix(model.classCount());
    int[] predictions = new int[set.size()];
    double lossSum = 0;
    for (int from = 0; from < order.length; from += config.batchSize()) {
      int to = Math.min(order.length, from + config.batchSize());
      try (NDManager scope = model.manager().newSubManager()) {
        NDArray logits = model.forward(scope, inputs(scope, set, order, from, to), new TrainableModel.Pass(false, 0, recorder));
        long[] labels = TrainingLoop.labels(set, order, from, to);
        lossSum += Losses.crossEntropy(logits, scope.create(labels)).sum().getFloat();
        long[] predicted = logits.argMax(1).toLongArray();
        for (int i = 0; i < predicted.length; i++) {
          predictions[from + i] = (int) predicted[i];
          confusion.add((int) labels[i], (int) predicted[i]);
        }
      }
    }
    return new Evaluation(set.size() == 0 ? Double.NaN : lossSum / set.size(), confusion.metrics(), predictions);
  }

  /** Evaluates {@code set} without recording. */
  public Evaluation evaluate(LabelledTensorSet set) {
    return evaluate(set, null);
  }

  /** The inputs of {@code order[from..to)} (package-private for the step benchmark). */
  NDArray inputs(NDManager scope, LabelledTensorSet data, int[] order, int from, int to) {
    return batchInputs.copy(scope, data, order, from, to);
  }

  private void checkFits(LabelledTensorSet set, String role) {
    int[] shape = model.inputShape();
    if (set.channels() != shape[0] || set.height() != shape[1] || set.width() != shape[2]) {
      throw new ProjectException(TrainingErrorCode.DATA_MISMATCH, "Invalid " + role + " input shape: " + set.channels() + "x"
          + set.height() + "x" + set.width() + " (model " + model.describe() + " expects " + shape[0] + "x" + shape[1] + "x"
          + shape[2] + ")");
    }
    if (set.classCount() != model.classCount()) {
      throw new ProjectException(TrainingErrorCode.DATA_MISMATCH, "Invalid " + role + " class count: " + set.classCount()
          + " (model has " + model.classCount() + ")");
    }
  }

  /** The optimiser (tests). */
  SgdMomentum optimizer() {
    return optimizer;
  }

  @Override
  public void close() {
    optimizer.close();
  }
}
