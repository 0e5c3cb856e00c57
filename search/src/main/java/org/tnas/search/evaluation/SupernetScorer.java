package org.tnas.search.evaluation;

import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.tnas.search.metrics.ConfusionMatrix;
import org.tnas.search.metrics.ClassificationMetrics;
import org.tnas.search.metrics.EvaluationMetrics;
import org.tnas.search.net.NetworkWeights;
import org.tnas.search.evaluation.ScoreDomain;
import org.tnas.search.space.Genome;
import org.tnas.search.space.SearchSpace;
import org.tnas.search.space.SubnetPlan;
import org.tnas.search.training.DjlEngines;
import org.tnas.search.supernet.SubnetEvaluation;
import org.tnas.search.supernet.SubnetEvaluator;
import org.tnas.search.supernet.Supernet;
import org.tnas.search.supernet.SupernetCheckpoint;
import org.tnas.search.ttfs.HardwareConstraints;
import org.tnas.search.ttfs.TtfsEvaluation;
import org.tnas.search.ttfs.TtfsMapper;
import org.tnas.search.ttfs.TtfsNetwork;
import org.tnas.search.ttfs.TtfsSimulator;

/**
 * Scores a candidate with the weights it inherits from a trained supernet (TNAS-ER stage 2):
 *
 * <ol>
 *   <li>recompute the path's batch-norm statistics on {@code recalibrationBatches} calibration
 *       batches (order seeded by the candidate seed);
 *   <li>ReLU inference on the whole validation set: WAR, UAR, per-class recall;
 *   <li>extract the subnet, fuse batch norm and map it to its TTFS twin (X(n) measured on the first
 *       {@code spikingSamples} calibration samples), simulate the first {@code spikingSamples}
 *       validation samples: mean SynOps per sample (input spikes counted) and spikes per neuron.
 * </ol>
 *
 * With the factory's score domain TTFS ({@code search.scoring.score=ttfs}, TNAS-ER figure 4), step 3
 * changes: the mapped net is constrained by the factory's {@link HardwareConstraints} (quantised
 * weights, latency budget, quantised spike times: {@link HardwareConstraints#simulator}) and
 * simulated on the WHOLE validation split; WAR, UAR, per-class recall, SynOps and spikes per neuron
 * all come from that simulation, and the ReLU twin's WAR and UAR of step 2 are kept beside them
 * ({@link CandidateScore#reluWar()}). With exact constraints the TTFS net predicts what the ReLU
 * twin predicts (identity mapping), up to counted window violations of validation samples whose
 * pre-activations exceed the windows set on the calibration samples.
 *
 * Parameters and MACs come from the subnet plan. Errors propagate as {@code ProjectException}s of
 * the supernet and TTFS layers (NaN loss, shape, mapping: invalid candidate). Each candidate is
 * scored with PyTorch's intra-op thread count of the calling thread set to the factory's {@code
 * threads} (see {@link DjlEngines}: the count is per thread, and results depend on it). Owns a DJL
 * manager and a supernet; not thread-safe; {@link #close} frees the native memory.
 */
public final class SupernetScorer implements CandidateScorer {
  private final SupernetScorerFactory settings;
  private final EvaluationData data;
  private final NDManager manager;
  private final Supernet supernet;
  private final SubnetEvaluator evaluator;
  private final List<float[]> calibrationInputs;
  private final List<float[]> spikingInputs;
  private final int[] spikingLabels;
  /** Every validation input, for TTFS scoring; built on first use. */
  private List<float[]> validationInputs;

  SupernetScorer(SupernetScorerFactory settings, EvaluationData data) {
    this.settings = Objects.requireNonNull(settings, "settings is null");
    this.data = Objects.requireNonNull(data, "data is null");
    data.calibration().checkFits(settings.space());
    data.validation().checkFits(settings.space());
    DjlEngines.pytorch(settings.threads());
    this.manager = NDManager.newBaseManager();
    try {
      this.supernet = SupernetCheckpoint.load(new Path(settings.checkpoint()), new Configuration(), settings.space(),
          manager);
    } catch (RuntimeException e) {
      manager.close();
      throw e;
    }
    this.evaluator = new SubnetEvaluator(supernet, settings.batchSize());
    this.calibrationInputs = data.calibration().inputs(settings.spikingSamples());
    this.spikingInputs = data.validation().inputs(settings.spikingSamples());
    this.spikingLabels = java.util.Arrays.copyOf(data.validation().labels(), spikingInputs.size());
  }

  @Override
  public SearchSpace space() {
    return settings.space();
  }

  @Override
  public CandidateScore score(Genome genome, CandidateSpec spec) {
    // the count is per thread and the scores depend on it: set it on the thread that scores, every time
    DjlEngines.useThreads(settings.threads());
    SubnetEvaluation relu = evaluator.recalibrateAndEvaluate(genome, data.calibration(),
        settings.recalibrationBatches(), spec.seed(), data.validation());
    ClassificationMetrics classification =
        ConfusionMatrix.of(data.validation().classCount(), relu.labels(), relu.predictions());
    NetworkWeights weights = supernet.extract(genome);
    TtfsNetwork ttfs = TtfsMapper.map(weights, calibrationInputs);
    SubnetPlan plan = settings.space().plan(genome);
    if (settings.score() == ScoreDomain.TTFS) {
      if (validationInputs == null) {
        validationInputs = data.validation().inputs();
      }
      EvaluationMetrics constrained = TtfsEvaluation.evaluate(settings.hardware().simulator(ttfs), validationInputs,
          data.validation().labels());
      ClassificationMetrics spiking = constrained.classification();
      return new CandidateScore(spiking.war(), spiking.uar(), recall(spiking), constrained.meanSynapticOperations(),
          plan.macs(), plan.parameters(), constrained.spikesPerNeuron(), classification.war(), classification.uar());
    }
    EvaluationMetrics spiking = TtfsEvaluation.evaluate(new TtfsSimulator(ttfs), spikingInputs, spikingLabels);
    return new CandidateScore(classification.war(), classification.uar(), recall(classification),
        spiking.meanSynapticOperations(), plan.macs(), plan.parameters(), spiking.spikesPerNeuron());
  }

  private static List<Double> recall(ClassificationMetrics metrics) {
    List<Double> recall = new ArrayList<>();
    for (double value : metrics.perClassRecall()) {
      recall.add(value);
    }
    return recall;
  }

  @Override
  public void close() {
    supernet.close();
    manager.close();
  }
}
