package org.tnas.pipelines.pipeline;

import java.util.Map;
import java.util.Objects;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.tnas.formats.util.Seeds;
import org.tnas.search.data.LabelledTensorSet;
import org.tnas.search.data.ShardDataSource;
import org.tnas.search.data.ShardTensorLoader;
import org.tnas.search.data.TestSplit;
import org.tnas.search.evaluation.EvaluationData;
import org.tnas.search.space.SearchSpace;
import org.tnas.udfs.core.FrameMode;
import org.tnas.udfs.core.FrameRepresentation;

/**
 * Stage 2 of {@code tnas pipeline}: the network inputs of one run (or one fold) - T binary event
 * frames per polarity at the sensor size, the calibration (training) and validation parts the
 * supernet and the search use, the held-out test part, and the search space that fits them.
 *
 * @param split what is held out as the test split
 * @param representation the input encoding
 * @param source the serialisable recipe every executor loads the evaluation data from
 * @param data the calibration and validation parts, loaded on the driver
 * @param test the test part, or null when the split has no sample
 * @param space the search space of these inputs
 * @param protocol how the final model is tested (passes and the temporal clip of every use of the
 *     samples; the clip is also {@code source.clip()})
 * @param testSeed the seed test pass {@code k} draws its clips from, with the sample id and {@code k}
 */
public record FoldInputs(TestSplit split, FrameRepresentation representation, ShardDataSource source, EvaluationData data,
    LabelledTensorSet test, SearchSpace space, TestPassOptions.Protocol protocol, long testSeed) {
  public FoldInputs {
    Objects.requireNonNull(split, "split is null");
    Objects.requireNonNull(representation, "representation is null");
    Objects.requireNonNull(source, "source is null");
    Objects.requireNonNull(data, "data is null");
    Objects.requireNonNull(space, "space is null");
    Objects.requireNonNull(protocol, "protocol is null");
  }

  /**
   * Loads the inputs of {@code data} with test split {@code split}; {@code hadoopSettings} are the
   * driver's Hadoop settings the executors apply when they load the data themselves.
   */
  static FoldInputs load(PipelineSettings settings, PipelineData data, TestSplit split, Configuration conf,
      Map<String, String> hadoopSettings) {
    FrameRepresentation representation = FrameRepresentation.timeBins(settings.timeBins(), FrameMode.BINARY,
        data.geometry().width(), data.geometry().height());
    int classes = data.classNames().size();
    TestPassOptions.Protocol protocol = settings.testPasses().resolve(data, split);
    ShardDataSource source = new ShardDataSource(data.shards(), representation, classes, split,
        settings.validationFraction(), settings.seed(), hadoopSettings, protocol.clip());
    EvaluationData evaluation = source.load();
    long testSeed = Seeds.derive(settings.seed(), "test-pass");
    LabelledTensorSet test = data.testCount(split) == 0 ? null
        : ShardTensorLoader.load(new Path(data.shards()), conf, representation, classes, split.test(),
            source.clipPipeline(), testSeed, 1);
    SearchSpace space = settings.budgets().applyTo(settings.space().create(representation.channels(),
        representation.height(), representation.width(), classes));
    return new FoldInputs(split, representation, source, evaluation, test, space, protocol, testSeed);
  }

  /**
   * The test samples of pass {@code k} (1-based): with a clip, each sample's clip drawn from {@code
   * (testSeed, sample id, k)}; pass 1 is {@link #test()}. Without a clip every pass is {@link #test()}.
   */
  LabelledTensorSet testPass(int k, Configuration conf) {
    if (k == 1 || source.clip() == null) {
      return test;
    }
    return ShardTensorLoader.load(new Path(source.shardDir()), conf, representation, source.classCount(), split.test(),
        source.clipPipeline(), testSeed, k);
  }
}
