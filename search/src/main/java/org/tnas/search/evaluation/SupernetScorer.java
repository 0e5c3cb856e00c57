package org.tnas.search.evaluation;

import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.tnas.search.data.LabelledTensorSet;
import org.tnas.search.metrics.ConfusionMatrix;
import org.tnas.search.metrics.ClassificationMetrics;
import org.tnas.search.metrics.EvaluationMetrics;
import org.tnas.search.net.NetworkWeights;
import org.tnas.search.space.Genome;
import org.tnas.search.space.SearchSpace;
import org.tnas.search.space.SubnetPlan;
import org.tnas.search.supernet.DjlEngines;
import org.tnas.search.supernet.SubnetEvaluation;
import org.tnas.search.supernet.SubnetEvaluator;
import org.tnas.search.supernet.Supernet;
import org.tnas.search.supernet.SupernetCheckpoint;
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
    this.calibrationInputs = firstInputs(data.calibration(), settings.spikingSamples());
    this.spikingInputs = firstInputs(data.validation(), settings.spikingSamples());
    this.spikingLabels = java.util.Arrays.copyOf(data.validation().labels(), spikingInputs.size());
  }

  private static List<float[]> firstInputs(LabelledTensorSet set, int limit) {
    List<float[]> inputs = new ArrayList<>();
    for (int i = 0; i < Math.min(limit, set.size()); i++) {
      inputs.add(set.input(i));
    }
    return inputs;
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
    EvaluationMetrics spiking = TtfsEvaluation.evaluate(new TtfsSimulator(ttfs), spikingInputs, spikingLabels);
    SubnetPlan plan = settings.space().plan(genome);
    List<Double> recall = new ArrayList<>();
    for (double value : classification.perClassRecall()) {
      recall.add(value);
    }
    return new CandidateScore(classification.war(), classification.uar(), recall, spiking.meanSynapticOperations(),
        plan.macs(), plan.parameters(), spiking.spikesPerNeuron());
  }

  @Override
  public void close() {
    supernet.close();
    manager.close();
  }
}
