package org.tnas.search.data;

import java.io.Serial;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.tnas.search.evaluation.EvaluationData;
import org.tnas.search.evaluation.EvaluationDataSource;
import org.tnas.udfs.core.AugmentationPipeline;
import org.tnas.udfs.core.Augmentations;
import org.tnas.udfs.core.Representation;

/**
 * Evaluation data read from an Arrow shard set on any Hadoop file system. With the split-field
 * kind of {@link TestSplit} and samples whose split is {@code validation}, those are the validation
 * part and the {@code train} samples the calibration part; otherwise the training selection of the
 * test split ({@link TestSplit#training()}) is split (seeded) into a calibration part and a
 * validation part of {@code validationFraction}. The test split is never loaded. Small and
 * serialisable: each executor loads it itself, once per JVM.
 *
 * <p>With a {@code clip} (SEE's protocol, {@link Augmentations.TimeClip}) every loaded sample is
 * one fixed temporal clip of its events, drawn from {@code Seeds.derive(seed, sampleId, 0, 0)} (the
 * {@link AugmentationPipeline} of that one step, epoch 0): the validation scores of the search then
 * see clips as the test passes do, the same clip on every executor and in every generation.
 *
 * @param shardDir the shard set directory URI
 * @param representation the network input encoding
 * @param classCount number of classes
 * @param testSplit the samples held out as the test split (never loaded here)
 * @param validationFraction the part of the training selection used for validation (fitness)
 * @param seed the split seed
 * @param hadoopSettings Hadoop settings to apply on the executor (e.g. from {@code spark.hadoop.*})
 * @param clip the temporal clip of every loaded sample, or null for whole samples
 */
public record ShardDataSource(String shardDir, Representation representation, int classCount, TestSplit testSplit,
    double validationFraction, long seed, Map<String, String> hadoopSettings, Augmentations.TimeClip clip)
    implements EvaluationDataSource {
  @Serial private static final long serialVersionUID = 3L;

  /** A source of whole samples (no clip). */
  public ShardDataSource(String shardDir, Representation representation, int classCount, TestSplit testSplit,
      double validationFraction, long seed, Map<String, String> hadoopSettings) {
    this(shardDir, representation, classCount, testSplit, validationFraction, seed, hadoopSettings, null);
  }

  /** A source holding out Spiking-FER fold {@code fold}, or (fold -1) the samples' test split. */
  public ShardDataSource(String shardDir, Representation representation, int classCount, int fold,
      double validationFraction, long seed, Map<String, String> hadoopSettings) {
    this(shardDir, representation, classCount, fold < 0 ? TestSplit.ofSplitField() : TestSplit.ofFold(fold),
        validationFraction, seed, hadoopSettings);
  }

  public ShardDataSource {
    Objects.requireNonNull(shardDir, "shardDir is null");
    Objects.requireNonNull(representation, "representation is null");
    Objects.requireNonNull(testSplit, "testSplit is null");
    if (!(validationFraction > 0 && validationFraction < 1)) {
      throw new IllegalArgumentException("Invalid validation fraction: " + validationFraction);
    }
    hadoopSettings = Map.copyOf(new HashMap<>(Objects.requireNonNull(hadoopSettings, "hadoopSettings is null")));
  }

  /** A copy whose samples are clipped by {@code newClip} (null: whole samples). */
  public ShardDataSource withClip(Augmentations.TimeClip newClip) {
    return new ShardDataSource(shardDir, representation, classCount, testSplit, validationFraction, seed, hadoopSettings,
        newClip);
  }

  /** The clip as a one-step augmentation pipeline, or null without a clip. */
  public AugmentationPipeline clipPipeline() {
    return clip == null ? null : new AugmentationPipeline(List.of(new AugmentationPipeline.Step(clip, 1)));
  }

  @Override
  public String identity() {
    return String.format(Locale.ROOT, "shards(%s, %s, classes=%d, test=%s, validation=%s, seed=%d%s)",
        shardDir, representation, classCount, testSplit.describe(), validationFraction, seed,
        clip == null ? "" : ", clip=" + clip.spec());
  }

  @Override
  public EvaluationData load() {
    Configuration conf = new Configuration();
    hadoopSettings.forEach(conf::set);
    Path dir = new Path(shardDir);
    if (testSplit.usesSplitField()
        && ShardTensorLoader.count(dir, conf, record -> record.split().equals("validation")) > 0) {
      return new EvaluationData(
          ShardTensorLoader.load(dir, conf, representation, classCount, testSplit.training(), clipPipeline(), seed, 0),
          ShardTensorLoader.load(dir, conf, representation, classCount, record -> record.split().equals("validation"),
              clipPipeline(), seed, 0));
    }
    LabelledTensorSet training = ShardTensorLoader.load(dir, conf, representation, classCount,
        testSplit.training(), clipPipeline(), seed, 0);
    List<LabelledTensorSet> parts = training.split(1 - validationFraction, seed);
    return new EvaluationData(parts.get(0), parts.get(1));
  }
}
