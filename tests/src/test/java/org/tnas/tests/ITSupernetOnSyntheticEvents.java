package org.tnas.tests;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tnas.search.data.LabelledTensorSet;
import org.tnas.search.data.ShardTensorLoader;
import org.tnas.search.net.NetworkWeights;
import org.tnas.search.net.ReluNetwork;
import org.tnas.search.space.Genome;
import org.tnas.search.ttfs.TtfsMapper;
import org.tnas.search.ttfs.TtfsNetwork;
import org.tnas.search.ttfs.TtfsResult;
import org.tnas.search.ttfs.TtfsSimulator;
import org.tnas.search.space.SearchSpace;
import org.tnas.search.training.DjlEngines;
import org.tnas.search.supernet.EpochResult;
import org.tnas.search.supernet.OptimizerKind;
import org.tnas.search.supernet.SubnetEvaluator;
import org.tnas.search.supernet.Supernet;
import org.tnas.search.supernet.SupernetConfig;
import org.tnas.search.supernet.SupernetTrainer;
import org.tnas.pipelines.spark.SparkSessions;
import org.tnas.pipelines.synthesize.SynthesizeJob;
import org.tnas.pipelines.synthesize.SynthesizeSettings;
import org.tnas.udfs.core.FrameMode;
import org.tnas.udfs.core.FrameRepresentation;

/**
 * The issue-5 claim on the project's own sample data: emulator-made synthetic eye clips (tnas
 * synthesize) -> shards -> 6 binary event frames -> SPOS supernet training lowers the validation
 * loss of the probed subnets; the trained subnet mapped onto a TTFS net gives the ReLU net's logits.
 */
class ITSupernetOnSyntheticEvents {
  @TempDir Path base;

  @Test
  void spOsTrainingOnSynthesizedEventsLowersValidationLoss() {
    SparkSession spark = SparkSessions.getOrCreate("it-supernet-synthetic", "local[2]", Map.of());
    SynthesizeSettings settings = new SynthesizeSettings(base.resolve("shards").toUri().toString(), "eye", 24, 20, 32, 24,
        "spiking-fer", 5, 24, 64L << 20, false);
    try {
      SynthesizeJob.run(settings, spark);
    } finally {
      spark.stop();
    }
    Configuration conf = new Configuration();
    FrameRepresentation frames = FrameRepresentation.timeBins(6, FrameMode.BINARY, 32, 24);
    org.apache.hadoop.fs.Path shards = new org.apache.hadoop.fs.Path(settings.output());
    LabelledTensorSet train = ShardTensorLoader.load(shards, conf, frames, 7, r -> r.split().equals("train"), null, 5, 0);
    LabelledTensorSet validation = ShardTensorLoader.load(shards, conf, frames, 7, r -> r.split().equals("validation"), null, 5, 0);
    // sample indices 0..23 of each class: subjects 0-3 thrice, 4-9 twice; train = subjects 0-6, validation = 7
    assertThat(train.size()).isEqualTo(7 * (4 * 3 + 3 * 2));
    assertThat(validation.size()).isEqualTo(7 * 2);

    SearchSpace space = SearchSpace.defaults(12, 24, 32, 7).withDepthChoices(List.of(2, 3))
        .withKernelChoices(List.of(3, 5)).withWidthChoices(List.of(8, 16));
    List<Genome> probes = List.of(Genome.parse("D2:3x8S,3x16S,3x8N"), Genome.parse("D3:5x16S,3x16S,3x8N"));
    DjlEngines.pytorch(2);
    try (NDManager manager = NDManager.newBaseManager();
        Supernet supernet = Supernet.create(space, manager, 5);
        SupernetTrainer trainer = SupernetTrainer.singlePath(supernet, SupernetConfig.defaults().withEpochs(12)
            .withBatchSize(16).withOptimizer(OptimizerKind.ADAM, 5e-3).withSeed(5))) {
      SubnetEvaluator evaluator = new SubnetEvaluator(supernet, 32);
      double before = 0;
      for (Genome probe : probes) {
        before += evaluator.recalibrateAndEvaluate(probe, train, 4, 1, validation).meanLoss();
      }
      List<EpochResult> epochs = trainer.train(train);
      double after = 0;
      for (Genome probe : probes) {
        after += evaluator.recalibrateAndEvaluate(probe, train, 4, 1, validation).meanLoss();
      }
      assertThat(epochs.get(epochs.size() - 1).meanLoss()).isLessThan(epochs.get(0).meanLoss());
      assertThat(after).as("summed validation loss of the probes, before %s", before).isLessThan(0.9 * before);

      // the trained subnet, mapped onto the TTFS net, gives the same logits and predictions
      NetworkWeights weights = evaluator.extract(probes.get(0), train, 4, 1);
      List<float[]> calibration = new java.util.ArrayList<>();
      for (int i = 0; i < train.size(); i++) {
        calibration.add(train.input(i));
      }
      TtfsNetwork spiking = TtfsMapper.map(weights, calibration);
      TtfsSimulator simulator = new TtfsSimulator(spiking);
      ReluNetwork relu = new ReluNetwork(weights);
      long violations = 0;
      for (int i = 0; i < validation.size(); i++) {
        float[] input = validation.input(i);
        TtfsResult result = simulator.simulate(input);
        double[] reference = relu.forward(input);
        for (int c = 0; c < reference.length; c++) {
          assertThat(result.logits()[c]).isCloseTo(reference[c], org.assertj.core.data.Offset.offset(1e-4));
        }
        assertThat(result.prediction()).isEqualTo(ReluNetwork.argmax(reference));
        for (long v : result.layerViolations()) {
          violations += v;
        }
      }
      assertThat(violations).isZero();
    }
  }
}
