package org.tnas.search.training;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.tnas.formats.errors.ProjectException;
import org.tnas.formats.events.EventBatch;
import org.tnas.formats.events.SensorGeometry;
import org.tnas.formats.samples.SampleRecord;
import org.tnas.formats.shards.SampleEvents;
import org.tnas.formats.shards.ShardDataset;
import org.tnas.search.data.LabelledTensorSet;
import org.tnas.search.data.ShardTensorLoader;
import org.tnas.udfs.core.AugmentationPipeline;
import org.tnas.udfs.core.CropDomain;
import org.tnas.udfs.core.EventChecks;
import org.tnas.udfs.core.Representation;
import org.tnas.udfs.core.SpikingFerInput;
import org.tnas.udfs.core.ValidEvents;

/**
 * A {@link TrainingData} over a committed shard set and a fold: the events of the selected samples
 * are read once (manifest order) and, when they are augmented, checked once ({@link
 * EventChecks#validate}: a bad training sample fails the load, with the checker's INVALID_EVENT
 * message), then every epoch's training set is made by augmenting each
 * sample with the pipeline seeded by {@code (run seed, sample id, epoch)} and encoding it; the
 * validation set (the fold's test split, as Spiking-FER validates) is encoded once without
 * augmentation. The same run seed and epoch always give the same set. Not thread safe.
 */
public final class ShardTrainingData implements TrainingData {
  /** A sample; {@code valid} is its events checked once at load (null when no augmentation runs on them). */
  private record Sample(String id, int label, EventBatch events, SensorGeometry geometry, ValidEvents valid) {}

  private final List<Sample> training;
  private final LabelledTensorSet validation;
  private final Representation representation;
  private final AugmentationPipeline augmentation;
  private final SpikingFerInput input;
  private final int classCount;
  private final long seed;
  private int cachedEpoch = -1;
  private LabelledTensorSet cached;

  private ShardTrainingData(List<Sample> training, LabelledTensorSet validation, Representation representation,
      AugmentationPipeline augmentation, SpikingFerInput input, int classCount, long seed) {
    this.training = training;
    this.validation = validation;
    this.representation = representation;
    this.augmentation = augmentation;
    this.input = input;
    this.classCount = classCount;
    this.seed = seed;
  }

  /**
   * Loads the samples of fold {@code fold} ({@code fold < 0}: the train/test splits).
   *
   * @param augmentation the per-epoch augmentations (empty pipeline: none)
   * @param limit at most this many training and this many validation samples (0 = all), taken in manifest order
   */
  public static ShardTrainingData load(Path shards, Configuration conf, int fold, Representation representation,
      AugmentationPipeline augmentation, int classCount, long seed, int limit) {
    return load(shards, conf, fold, Set.of(), representation, augmentation, classCount, seed, limit);
  }

  /**
   * Loads the samples with a subject-based validation split when {@code testSubjects} is not empty:
   * the samples of those subjects (the records' subject field) validate, all others train, and
   * {@code fold} is not used; otherwise as {@link #load(Path, Configuration, int, Representation,
   * AugmentationPipeline, int, long, int)}.
   *
   * @throws ProjectException {@link TrainingErrorCode#DATA_MISMATCH} when a test subject is not in the shard set
   */
  public static ShardTrainingData load(Path shards, Configuration conf, int fold, Set<String> testSubjects,
      Representation representation, AugmentationPipeline augmentation, int classCount, long seed, int limit) {
    return load(shards, conf, fold, testSubjects, representation, augmentation, CropDomain.EVENTS, classCount, seed, limit);
  }

  /**
   * As {@link #load(Path, Configuration, int, Set, Representation, AugmentationPipeline, int, long,
   * int)}, with the pipeline's Crop and Mirror steps run in {@code domain}: {@link CropDomain#EVENTS}
   * (the default) augments the events and encodes the result; {@link CropDomain#FRAMES} (Spiking-FER's
   * own order) needs the {@link SpikingFerFrames} representation and crops and mirrors its frames
   * ({@link SpikingFerInput}). With {@link SpikingFerFrames} both domains run through {@link
   * SpikingFerInput} (in the events domain with the same result as augmenting, then encoding).
   *
   * @throws IllegalArgumentException "Invalid crop domain: frames (...)" for another representation
   *     or a pipeline whose Crop or Mirror step is followed by other steps
   */
  public static ShardTrainingData load(Path shards, Configuration conf, int fold, Set<String> testSubjects,
      Representation representation, AugmentationPipeline augmentation, CropDomain domain, int classCount, long seed, int limit) {
    Objects.requireNonNull(representation, "representation is null");
    Objects.requireNonNull(augmentation, "augmentation is null");
    Objects.requireNonNull(domain, "domain is null");
    SpikingFerInput input = null;
    if (representation instanceof SpikingFerFrames frames) {
      input = frames.input(augmentation, domain);
    } else if (domain.onFrames()) {
      throw new IllegalArgumentException("Invalid crop domain: " + domain.label() + " (needs the Spiking-FER representation, not "
          + representation.getClass().getSimpleName() + ")");
    }
    Set<String> heldOut = Set.copyOf(Objects.requireNonNull(testSubjects, "testSubjects is null"));
    Predicate<SampleRecord> trainSelection = heldOut.isEmpty() ? ShardTensorLoader.trainingSelection(fold)
        : record -> !heldOut.contains(record.subject());
    Predicate<SampleRecord> testSelection = heldOut.isEmpty() ? ShardTensorLoader.testSelection(fold)
        : record -> heldOut.contains(record.subject());
    List<Sample> train = new ArrayList<>();
    List<Sample> test = new ArrayList<>();
    Set<String> subjects = new TreeSet<>();
    try (ShardDataset dataset = ShardDataset.open(shards, conf)) {
      for (String id : dataset.sampleIds()) {
        SampleRecord record = dataset.entry(id).record();
        subjects.add(record.subject());
        boolean isTest = testSelection.test(record);
        boolean isTrain = !isTest && trainSelection.test(record);
        List<Sample> target = isTest ? test : isTrain ? train : null;
        if (target == null || (limit > 0 && target.size() >= limit)) {
          continue;
        }
        if (!record.isLabelled() || record.labelIndex() >= classCount) {
          throw new ProjectException(TrainingErrorCode.DATA_MISMATCH, "Invalid label of sample " + id + " in " + shards + ": "
              + (record.isLabelled() ? record.labelIndex() + " (" + record.labelName() + ")" : "unlabelled")
              + ", expected a class index below " + classCount);
        }
        SampleEvents events = dataset.sample(id);
        // a training sample is augmented every epoch: its events are checked once, here (the same
        // INVALID_EVENT message as a check in every epoch, only earlier)
        ValidEvents valid = target == train && !augmentation.steps().isEmpty()
            ? EventChecks.validate(events.events(), events.geometry()) : null;
        target.add(new Sample(id, record.labelIndex(), events.events(), events.geometry(), valid));
      }
    }
    Set<String> unknown = new TreeSet<>(heldOut);
    unknown.removeAll(subjects);
    if (!unknown.isEmpty()) {
      throw new ProjectException(TrainingErrorCode.DATA_MISMATCH, "Invalid test subjects: " + String.join(",", unknown)
          + " (not subjects of " + shards + ", which has " + subjects.size() + ": " + abbreviate(subjects) + ")");
    }
    if (train.isEmpty() || test.isEmpty()) {
      throw new ProjectException(TrainingErrorCode.DATA_MISMATCH, "Cannot train on " + shards + " fold " + fold + ": "
          + train.size() + " training and " + test.size() + " validation samples"
          + (heldOut.isEmpty() ? "" : " (test subjects " + String.join(",", new TreeSet<>(heldOut)) + ")"));
    }
    LabelledTensorSet validation = encode(test, representation, null, null, classCount, seed, 0);
    return new ShardTrainingData(train, validation, representation, augmentation, input, classCount, seed);
  }

  private static String abbreviate(Set<String> subjects) {
    List<String> names = new ArrayList<>(subjects);
    return names.size() <= 8 ? String.join(",", names) : String.join(",", names.subList(0, 8)) + ",...";
  }

  @Override
  public LabelledTensorSet training(int epoch) {
    if (epoch != cachedEpoch) {
      cached = encode(training, representation, augmentation.steps().isEmpty() ? null : augmentation, input, classCount, seed, epoch);
      cachedEpoch = epoch;
    }
    return cached;
  }

  @Override
  public LabelledTensorSet validation() {
    return validation;
  }

  /** Number of training samples. */
  public int trainingSize() {
    return training.size();
  }

  /** Encodes {@code samples}: plain when {@code augmentation} is null, else through {@code input} when set. */
  private static LabelledTensorSet encode(List<Sample> samples, Representation representation, AugmentationPipeline augmentation,
      SpikingFerInput input, int classCount, long seed, int epoch) {
    List<String> ids = new ArrayList<>();
    float[][] inputs = new float[samples.size()][];
    int[] labels = new int[samples.size()];
    for (int i = 0; i < samples.size(); i++) {
      Sample sample = samples.get(i);
      ids.add(sample.id());
      if (augmentation == null) {
        inputs[i] = representation.encode(sample.events(), sample.geometry());
      } else if (input != null) {
        inputs[i] = input.encode(sample.valid(), seed, sample.id(), epoch);
      } else {
        AugmentationPipeline.Augmented augmented = augmentation.augment(sample.valid(), seed, sample.id(), epoch);
        inputs[i] = representation.encode(augmented.events(), augmented.geometry());
      }
      labels[i] = sample.label();
    }
    return new LabelledTensorSet(ids, inputs, labels, representation.channels(), representation.height(),
        representation.width(), classCount);
  }
}
