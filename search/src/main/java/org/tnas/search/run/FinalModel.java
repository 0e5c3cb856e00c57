package org.tnas.search.run;

import java.util.List;
import java.util.Objects;
import org.tnas.formats.errors.ProjectException;
import org.tnas.search.data.AugmentedEpochs;
import org.tnas.search.data.LabelledTensorSet;
import org.tnas.search.metrics.EvaluationMetrics;
import org.tnas.search.net.NetworkWeights;
import org.tnas.search.net.ReluNetwork;
import org.tnas.search.space.Genome;
import org.tnas.search.space.SearchSpace;
import org.tnas.search.space.SubnetPlan;
import org.tnas.search.supernet.RetrainedSubnet;
import org.tnas.search.supernet.SubnetTrainer;
import org.tnas.search.supernet.SupernetConfig;
import org.tnas.search.ttfs.TtfsEvaluation;
import org.tnas.search.ttfs.TtfsMapper;
import org.tnas.search.ttfs.TtfsNetwork;
import org.tnas.search.ttfs.TtfsResult;
import org.tnas.search.ttfs.TtfsSimulator;

/**
 * The end of a run: the best genome is retrained from scratch as a ReLU net, mapped onto its TTFS
 * twin (t_max per layer from the retrained net's maximum activations on the training set), and both
 * are evaluated on the held-out test split. The equality of the two is verified sample by sample: a
 * prediction that differs although no violation was counted is a bug and stops the run.
 *
 * @param genome the final architecture
 * @param parameters trainable parameters
 * @param macs multiply-accumulates per sample of the ReLU net
 * @param reluTest the retrained ReLU net's WAR on the test split
 * @param spiking the TTFS net's metrics on the test split (WAR, UAR, per-class recall, SynOps, spikes, energy)
 * @param maxLogitDifference the largest |TTFS logit - ReLU logit| over the test split
 * @param predictionAgreement the fraction of test samples with the same prediction
 * @param violations clamped values counted by the simulator over the test split
 * @param latency the TTFS net's latency in tau units
 * @param quantised8Bit WAR with weights and spike times quantised to 8 bits
 * @param weights the retrained network (for export)
 * @param testSampleIds the test samples, in evaluation order
 * @param testLabels their labels
 * @param testPredictions the TTFS net's prediction for each
 */
public record FinalModel(String genome, long parameters, long macs, double reluTest, EvaluationMetrics spiking,
    double maxLogitDifference, double predictionAgreement, long violations, double latency, double quantised8Bit,
    NetworkWeights weights, List<String> testSampleIds, int[] testLabels, int[] testPredictions) {
  public FinalModel {
    Objects.requireNonNull(genome, "genome is null");
    Objects.requireNonNull(spiking, "spiking is null");
    Objects.requireNonNull(weights, "weights is null");
    testSampleIds = List.copyOf(Objects.requireNonNull(testSampleIds, "testSampleIds is null"));
    testLabels = Objects.requireNonNull(testLabels, "testLabels is null").clone();
    testPredictions = Objects.requireNonNull(testPredictions, "testPredictions is null").clone();
    if (testLabels.length != testSampleIds.size() || testPredictions.length != testSampleIds.size()) {
      throw new IllegalArgumentException("Invalid test predictions: " + testSampleIds.size() + " samples, "
          + testLabels.length + " labels, " + testPredictions.length + " predictions");
    }
  }

  /**
   * The TTFS net's test metrics over the samples of each group ({@code groupOf} maps a sample id to
   * its group, e.g. SEE's lighting condition; samples mapped to null are left out), by group name.
   */
  public java.util.SortedMap<String, org.tnas.search.metrics.ClassificationMetrics> metricsByGroup(
      java.util.function.Function<String, String> groupOf, int classCount) {
    java.util.SortedMap<String, long[][]> confusion = new java.util.TreeMap<>();
    for (int i = 0; i < testSampleIds.size(); i++) {
      String group = groupOf.apply(testSampleIds.get(i));
      if (group != null) {
        confusion.computeIfAbsent(group, g -> new long[classCount][classCount])[testLabels[i]][testPredictions[i]]++;
      }
    }
    java.util.SortedMap<String, org.tnas.search.metrics.ClassificationMetrics> metrics = new java.util.TreeMap<>();
    confusion.forEach((group, matrix) -> metrics.put(group, new org.tnas.search.metrics.ClassificationMetrics(matrix)));
    return metrics;
  }

  /** Retrains (without augmentation), maps and verifies {@code genome}. */
  public static FinalModel build(SearchSpace space, Genome genome, LabelledTensorSet train, LabelledTensorSet validation,
      LabelledTensorSet test, SupernetConfig retraining) {
    return build(space, genome, train, null, validation, test, retraining);
  }

  /**
   * Retrains {@code genome} ({@code augmented}: per-epoch augmentation of {@code train}, null for
   * none), maps it onto its TTFS net and verifies that net against the ReLU twin on {@code test}.
   */
  public static FinalModel build(SearchSpace space, Genome genome, LabelledTensorSet train, AugmentedEpochs augmented,
      LabelledTensorSet validation, LabelledTensorSet test, SupernetConfig retraining) {
    RetrainedSubnet retrained = SubnetTrainer.retrain(space, genome, train, augmented, validation, retraining);
    List<float[]> calibration = train.inputs();
    TtfsNetwork network = TtfsMapper.map(retrained.weights(), calibration);
    TtfsSimulator simulator = new TtfsSimulator(network);
    ReluNetwork relu = new ReluNetwork(retrained.weights());
    List<float[]> testInputs = test.inputs();
    double maxDifference = 0;
    long agree = 0;
    long reluCorrect = 0;
    long violations = 0;
    int[] predictions = new int[testInputs.size()];
    org.tnas.formats.util.Progress progress = org.tnas.formats.util.Progress.onStderr("TTFS vs ReLU on the test split",
        "samples", testInputs.size());
    for (int i = 0; i < testInputs.size(); i++) {
      progress.advance(1);
      TtfsResult result = simulator.simulate(testInputs.get(i));
      predictions[i] = result.prediction();
      double[] reference = relu.forward(testInputs.get(i));
      long sampleViolations = 0;
      for (long v : result.layerViolations()) {
        sampleViolations += v;
      }
      violations += sampleViolations;
      for (int c = 0; c < reference.length; c++) {
        maxDifference = Math.max(maxDifference, Math.abs(result.logits()[c] - reference[c]));
      }
      int reluPrediction = ReluNetwork.argmax(reference);
      if (reluPrediction == result.prediction()) {
        agree++;
      } else if (sampleViolations == 0) {
        throw new ProjectException(SearchRunErrorCode.EQUIVALENCE_FAILED, "Invalid TTFS mapping of " + genome
            + ": test sample " + test.sampleId(i) + " is predicted " + result.prediction() + " by the TTFS net and "
            + reluPrediction + " by the ReLU net with no violation counted");
      }
      reluCorrect += reluPrediction == test.label(i) ? 1 : 0;
    }
    progress.finish();
    EvaluationMetrics spiking = TtfsEvaluation.evaluate(simulator, testInputs, test.labels());
    EvaluationMetrics quantised = TtfsEvaluation.evaluate(new TtfsSimulator(network.withQuantisedWeights(8), 8),
        testInputs, test.labels());
    SubnetPlan plan = space.plan(genome);
    int n = Math.max(1, testInputs.size());
    return new FinalModel(genome.toCompactString(), plan.parameters(), plan.macs(), (double) reluCorrect / n, spiking,
        maxDifference, (double) agree / n, violations, network.latency(), quantised.war(), retrained.weights(),
        test.sampleIds(), test.labels(), predictions);
  }
}
