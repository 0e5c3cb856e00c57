package org.tnas.search.run;

import ai.djl.ndarray.NDManager;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import org.tnas.search.data.AugmentedEpochs;
import org.tnas.search.data.LabelledTensorSet;
import org.tnas.search.metrics.ConfusionMatrix;
import org.tnas.search.metrics.EvaluationMetrics;
import org.tnas.search.metrics.WorkCounts;
import org.tnas.search.models.TtfsTwinModel;
import org.tnas.search.net.NetworkWeights;
import org.tnas.search.training.DjlEngines;
import org.tnas.search.training.Trainer;
import org.tnas.search.training.TrainingConfig;
import org.tnas.search.training.TrainingData;
import org.tnas.search.training.TrainingResult;
import org.tnas.search.ttfs.ActivationCalibration;
import org.tnas.search.ttfs.BatchNormFusion;
import org.tnas.search.ttfs.HardwareConstraints;
import org.tnas.search.ttfs.TtfsMapper;
import org.tnas.search.ttfs.TtfsNetwork;
import org.tnas.search.ttfs.TtfsResult;
import org.tnas.search.ttfs.TtfsSimulator;
import org.tnas.search.ttfs.TtfsWindow;

/**
 * TNAS-ER's last stage (figure 3c) under hardware constraints: a trained ReLU net is transferred to
 * its TTFS net (the exact identity mapping, TTFS.md), the constraints are applied ({@link
 * HardwareConstraints}: spike-time and weight bits, latency budget), and the TTFS net itself is then
 * fine-tuned under them with the shared DJL training engine ({@link Trainer}, SGD with momentum and
 * the recipe's schedule; the model is {@link TtfsTwinModel}, straight-through quantisers). TTFS
 * training from scratch under the same constraints is the comparison.
 *
 * <p><b>Windows.</b> Fine-tuning keeps the windows of the transferred net (B(n) = 1.5 X(n) measured
 * on the calibration set, shrunk to the latency budget) for the whole run, and the fine-tuned net is
 * mapped with exactly those windows, so what was trained is what the simulator runs. From scratch,
 * the windows are measured on the freshly initialised net the same way.
 *
 * <p>Every result is scored by the event-driven {@link TtfsSimulator} under the constraints (not by
 * the DJL twin), and the agreement of the DJL twin's predictions with the simulator's is reported:
 * it is 1 up to rounding ties of float32 vs double arithmetic. Stateless; DJL trains one network per
 * JVM at a time.
 */
public final class TtfsFineTuning {
  private TtfsFineTuning() {}

  /**
   * A constrained TTFS net scored on a test set.
   *
   * @param strategy what produced it, e.g. {@code relu+transfer}
   * @param network the constrained net the simulator ran (quantised weights, budgeted windows)
   * @param test its metrics on the test set (WAR, UAR, per-class recall, SynOps, spikes, violations)
   * @param timeBits the spike-time bits it was simulated with
   * @param latencyMillis its latency in ms under the constraints' time constant
   * @param picojoules its energy per inference under the constraints' energy model
   * @param training the training run (null for a plain transfer)
   * @param twinAgreement the fraction of test samples the DJL twin predicts as the simulator does (NaN
   *     for a plain transfer)
   */
  public record Scored(String strategy, TtfsNetwork network, EvaluationMetrics test, int timeBits, double latencyMillis,
      double picojoules, TrainingResult training, double twinAgreement) {
    public Scored {
      Objects.requireNonNull(strategy, "strategy is null");
      Objects.requireNonNull(network, "network is null");
      Objects.requireNonNull(test, "test is null");
    }

    /** The batch-norm-free weights (unquantised; the constraints quantise them). */
    public NetworkWeights weights() {
      return network.reluNetwork();
    }
  }

  /** Per-epoch training data: {@code train} augmented afresh every epoch by {@code augmented} (null: as is). */
  public static TrainingData data(LabelledTensorSet train, AugmentedEpochs augmented, LabelledTensorSet validation) {
    Objects.requireNonNull(train, "train is null");
    Objects.requireNonNull(validation, "validation is null");
    if (augmented == null || augmented.isOff()) {
      return TrainingData.fixed(train, validation);
    }
    return new TrainingData() {
      @Override
      public LabelledTensorSet training(int epoch) {
        return augmented.epoch(train, epoch);
      }

      @Override
      public LabelledTensorSet validation() {
        return validation;
      }
    };
  }

  /**
   * The plain transfer: {@code trained} (batch norm allowed) mapped with windows measured on {@code
   * calibration}, constrained, simulated on {@code test}.
   */
  public static Scored transfer(String strategy, NetworkWeights trained, List<float[]> calibration,
      HardwareConstraints constraints, LabelledTensorSet test) {
    TtfsNetwork mapped = TtfsMapper.map(trained, calibration);
    return score(strategy, constraints.apply(mapped), constraints, test, null, null);
  }

  /**
   * Transfers {@code trained} and fine-tunes the TTFS net under {@code constraints} for {@code
   * recipe.epochs()} epochs (the best validation epoch is kept, as the engine does), then scores the
   * result with the simulator.
   *
   * @param progress one line per epoch (null: standard error)
   */
  public static Scored fineTune(NetworkWeights trained, List<float[]> calibration, HardwareConstraints constraints,
      TrainingData data, TrainingConfig recipe, LabelledTensorSet test, Consumer<String> progress) {
    TtfsNetwork mapped = TtfsMapper.map(trained, calibration);
    double[] maxActivations = maxActivations(mapped);
    TtfsNetwork constrained = constraints.apply(mapped);
    return train("relu+transfer+finetune", mapped.reluNetwork(), maxActivations, constrained, constraints, data, recipe,
        test, progress, -1);
  }

  /**
   * Trains the TTFS net of {@code architecture}'s layers (its weights are only read for shapes) from
   * fresh weights drawn from {@code recipe.seed()}, under {@code constraints}, with windows measured on
   * {@code calibration} with the initial weights.
   */
  public static Scored fromScratch(NetworkWeights architecture, List<float[]> calibration,
      HardwareConstraints constraints, TrainingData data, TrainingConfig recipe, LabelledTensorSet test,
      Consumer<String> progress) {
    NetworkWeights fused = BatchNormFusion.fuse(architecture);
    DjlEngines.pytorch(recipe.threads());
    NetworkWeights initial;
    try (NDManager manager = NDManager.newBaseManager();
        TtfsTwinModel model = TtfsTwinModel.initialised(fused, ones(fused), HardwareConstraints.NONE, manager,
            recipe.seed())) {
      initial = model.toNetwork();
    }
    double[] maxActivations = ActivationCalibration.maxActivations(initial, calibration);
    TtfsNetwork mapped = TtfsNetwork.build(initial, maxActivations, TtfsMapper.DEFAULT_FACTOR);
    return train("ttfs-from-scratch", initial, maxActivations, constraints.apply(mapped), constraints, data, recipe, test,
        progress, recipe.seed());
  }

  private static Scored train(String strategy, NetworkWeights start, double[] maxActivations, TtfsNetwork constrained,
      HardwareConstraints constraints, TrainingData data, TrainingConfig recipe, LabelledTensorSet test,
      Consumer<String> progress, long initialisationSeed) {
    double[] windows = windows(constrained);
    DjlEngines.pytorch(recipe.threads());
    try (NDManager manager = NDManager.newBaseManager();
        TtfsTwinModel model = initialisationSeed < 0 ? TtfsTwinModel.of(start, windows, constraints, manager)
            : TtfsTwinModel.initialised(start, windows, constraints, manager, initialisationSeed);
        Trainer trainer = new Trainer(model, recipe, null, null, false, progress)) {
      TrainingResult result = trainer.train(data);
      int[] twinPredictions = trainer.evaluate(test).predictions();
      NetworkWeights tuned = model.toNetwork();
      // the same X(n), factor and budget give exactly the windows the twin trained with
      TtfsNetwork network = constraints.apply(TtfsNetwork.build(tuned, maxActivations, TtfsMapper.DEFAULT_FACTOR));
      return score(strategy, network, constraints, test, result, twinPredictions);
    }
  }

  private static Scored score(String strategy, TtfsNetwork network, HardwareConstraints constraints,
      LabelledTensorSet test, TrainingResult training, int[] twinPredictions) {
    TtfsSimulator simulator = new TtfsSimulator(network, constraints.timeBits());
    ConfusionMatrix confusion = new ConfusionMatrix(network.reluNetwork().outputSize());
    WorkCounts work = WorkCounts.ZERO;
    long agree = 0;
    for (int i = 0; i < test.size(); i++) {
      TtfsResult result = simulator.simulate(test.input(i));
      confusion.add(test.label(i), result.prediction());
      work = work.plus(result.work());
      agree += twinPredictions != null && twinPredictions[i] == result.prediction() ? 1 : 0;
    }
    EvaluationMetrics metrics = new EvaluationMetrics(confusion.metrics(), work);
    double agreement = twinPredictions == null ? Double.NaN : (double) agree / Math.max(1, test.size());
    return new Scored(strategy, network, metrics, constraints.timeBits(), constraints.latencyMillis(network),
        constraints.picojoulesPerInference(work), training, agreement);
  }

  /** The simulator's predictions of {@code scored}'s net on {@code set}. */
  public static int[] predictions(Scored scored, LabelledTensorSet set) {
    TtfsSimulator simulator = new TtfsSimulator(scored.network(), scored.timeBits());
    int[] predictions = new int[set.size()];
    for (int i = 0; i < set.size(); i++) {
      TtfsResult result = simulator.simulate(set.input(i));
      predictions[i] = result.prediction();
    }
    return predictions;
  }

  /** B(n) of every hidden layer of {@code network}. */
  static double[] windows(TtfsNetwork network) {
    List<TtfsWindow> all = network.windows();
    double[] windows = new double[all.size() - 1];
    for (int n = 0; n < windows.length; n++) {
      windows[n] = all.get(n).tMax() - all.get(n).tMin();
    }
    return windows;
  }

  private static double[] maxActivations(TtfsNetwork network) {
    List<TtfsWindow> all = network.windows();
    double[] max = new double[all.size() - 1];
    for (int n = 0; n < max.length; n++) {
      max[n] = all.get(n).maxActivation();
    }
    return max;
  }

  private static double[] ones(NetworkWeights fused) {
    int relus = 0;
    for (org.tnas.search.net.Layer layer : fused.layers()) {
      relus += layer instanceof org.tnas.search.net.ReluLayer ? 1 : 0;
    }
    double[] windows = new double[relus];
    java.util.Arrays.fill(windows, 1.0);
    return windows;
  }
}
