package org.tnas.search.data;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.tnas.formats.errors.ProjectException;
import org.tnas.formats.events.EventBatch;
import org.tnas.formats.events.SensorGeometry;
import org.tnas.formats.samples.SampleRecord;
import org.tnas.formats.shards.SampleEntry;
import org.tnas.formats.shards.SampleEvents;
import org.tnas.formats.shards.ShardDataset;
import org.tnas.search.space.SearchErrorCode;
import org.tnas.udfs.core.AugmentationPipeline;
import org.tnas.udfs.core.Representation;

/**
 * Builds {@link LabelledTensorSet}s from a committed Arrow shard set: each selected sample's
 * events are read by random access (one sample at a time, bounded memory), optionally augmented
 * (seeded by run seed, sample id and epoch), and encoded by a {@link Representation} (e.g. T binary
 * event frames stacked as 2T channels). Samples come in manifest order, so the result is
 * deterministic.
 */
public final class ShardTensorLoader {
  private ShardTensorLoader() {}

  /**
   * Loads every sample accepted by {@code filter}.
   *
   * @param classCount the number of classes the network predicts; every selected sample must be
   *     labelled with an index below it
   * @param augmentation an augmentation pipeline, or null for none
   * @throws ProjectException SHAPE_MISMATCH naming the sample when a sample is unlabelled or its
   *     label does not fit {@code classCount}; the shard layer's errors for corrupt shards
   */
  public static LabelledTensorSet load(Path shardDir, Configuration conf, Representation representation, int classCount,
      Predicate<SampleRecord> filter, AugmentationPipeline augmentation, long runSeed, int epoch) {
    Objects.requireNonNull(representation, "representation is null");
    SampleEncoder encoder = augmentation == null ? (id, events, geometry) -> representation.encode(events, geometry)
        : (id, events, geometry) -> {
          AugmentationPipeline.Augmented augmented = augmentation.augment(events, geometry, runSeed, id, epoch);
          return representation.encode(augmented.events(), augmented.geometry());
        };
    return load(shardDir, conf, representation, classCount, filter, encoder);
  }

  /** Turns one selected sample's events into its network input. */
  @FunctionalInterface
  public interface SampleEncoder {
    /**
     * @param sampleId the sample's id (which seeds per-sample augmentations)
     * @return a new array of the shape the loader was given
     */
    float[] encode(String sampleId, EventBatch events, SensorGeometry geometry);
  }

  /**
   * As {@link #load(Path, Configuration, Representation, int, Predicate, AugmentationPipeline, long,
   * int)}, every selected sample encoded by {@code encoder} (e.g. an augmented input path such as
   * {@code FrameInput} seeded by run seed, sample id and epoch); {@code representation} gives the
   * shape of the result, which every encoded sample must have.
   */
  public static LabelledTensorSet load(Path shardDir, Configuration conf, Representation representation, int classCount,
      Predicate<SampleRecord> filter, SampleEncoder encoder) {
    Objects.requireNonNull(shardDir, "shardDir is null");
    Objects.requireNonNull(conf, "conf is null");
    Objects.requireNonNull(representation, "representation is null");
    Objects.requireNonNull(filter, "filter is null");
    Objects.requireNonNull(encoder, "encoder is null");
    List<String> ids = new ArrayList<>();
    List<float[]> inputs = new ArrayList<>();
    List<Integer> labels = new ArrayList<>();
    try (ShardDataset dataset = ShardDataset.open(shardDir, conf)) {
      for (String id : dataset.sampleIds()) {
        SampleEntry entry = dataset.entry(id);
        SampleRecord record = entry.record();
        if (!filter.test(record)) {
          continue;
        }
        if (!record.isLabelled() || record.labelIndex() >= classCount) {
          throw new ProjectException(SearchErrorCode.SHAPE_MISMATCH,
              "Invalid label of sample " + id + " in " + shardDir + ": "
                  + (record.isLabelled() ? record.labelIndex() + " (" + record.labelName() + ")" : "unlabelled")
                  + ", expected a class index below " + classCount);
        }
        SampleEvents sample = dataset.sample(id);
        float[] input = encoder.encode(id, sample.events(), sample.geometry());
        ids.add(id);
        inputs.add(input);
        labels.add(record.labelIndex());
      }
    }
    if (ids.isEmpty()) {
      throw new ProjectException(SearchErrorCode.SHAPE_MISMATCH, "Cannot load training data: no sample of " + shardDir
          + " matches the selection");
    }
    int[] labelArray = labels.stream().mapToInt(Integer::intValue).toArray();
    return new LabelledTensorSet(ids, inputs.toArray(new float[0][]), labelArray,
        representation.channels(), representation.height(), representation.width(), classCount);
  }

  /** The number of samples of a shard set accepted by {@code filter} (reads only the manifest). */
  public static int count(Path shardDir, Configuration conf, Predicate<SampleRecord> filter) {
    int count = 0;
    try (ShardDataset dataset = ShardDataset.open(shardDir, conf)) {
      for (String id : dataset.sampleIds()) {
        count += filter.test(dataset.entry(id).record()) ? 1 : 0;
      }
    }
    return count;
  }

  /**
   * The split selection of the benchmarks: with {@code fold >= 0}, the samples whose test folds do
   * NOT contain {@code fold} (Spiking-FER's 10 folds; the test split of that fold is never used for
   * training or search); with {@code fold < 0}, the samples whose split is {@code split}
   * (e.g. {@code train}, {@code test}; the empty split counts as {@code train}).
   */
  public static Predicate<SampleRecord> trainingSelection(int fold) {
    if (fold >= 0) {
      return record -> !record.testFolds().contains(fold);
    }
    return record -> !record.split().equals("test") && !record.split().equals("validation");
  }

  /** The samples of the test split: of fold {@code fold} when {@code fold >= 0}, else split {@code test}. */
  public static Predicate<SampleRecord> testSelection(int fold) {
    if (fold >= 0) {
      return record -> record.testFolds().contains(fold);
    }
    return record -> record.split().equals("test");
  }
}
