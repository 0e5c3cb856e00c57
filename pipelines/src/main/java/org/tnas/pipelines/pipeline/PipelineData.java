package org.tnas.pipelines.pipeline;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;
import org.tnas.formats.errors.ProjectException;
import org.tnas.formats.events.SensorGeometry;
import org.tnas.formats.samples.SampleRecord;
import org.tnas.formats.shards.Manifest;
import org.tnas.formats.shards.SampleEntry;
import org.tnas.formats.shards.ShardInfo;
import org.tnas.pipelines.convert.ConvertJob;
import org.tnas.pipelines.synthesize.SynthesizeJob;
import org.tnas.pipelines.synthesize.SynthesizeSettings;
import org.tnas.search.data.TestSplit;
import org.tnas.formats.fs.HadoopFiles;

/**
 * Stage 1 of {@code tnas pipeline}: the labelled shard set the run works on (given, converted from
 * {@code pipeline.input}, or the synthetic sample), its class names, sensor size and sample
 * records, and the test split the settings ask for. Immutable.
 *
 * @param shards the shard set directory
 * @param manifest its committed manifest
 * @param classNames class names by label index
 * @param geometry the one sensor size of every sample
 */
public record PipelineData(String shards, Manifest manifest, List<String> classNames, SensorGeometry geometry) {
  public PipelineData {
    Objects.requireNonNull(shards, "shards is null");
    Objects.requireNonNull(manifest, "manifest is null");
    classNames = List.copyOf(classNames);
    Objects.requireNonNull(geometry, "geometry is null");
  }

  /** Synthetic face clips are 96x96, eye clips 64x48 (SEE's eye-region aspect). */
  private static final int FACE_SIZE = 96;
  private static final int EYE_WIDTH = 64;
  private static final int EYE_HEIGHT = 48;
  private static final int SYNTHETIC_CLIPS_PER_TASK = 16;
  private static final long SYNTHETIC_SHARD_BYTES = 64L << 20;

  /** The shard set: given, converted or synthesized into {@code <root>/shards} (kept on resume). */
  static PipelineData prepare(PipelineSettings settings, SparkSession spark, String root) {
    Configuration conf = spark.sparkContext().hadoopConfiguration();
    boolean resume = settings.search().resume();
    String shards = settings.shards().isEmpty() ? root + "/shards" : settings.shards();
    // on resume, a shard set the first run committed is kept
    boolean committed = resume && HadoopFiles.exists(new Path(shards, Manifest.FILE_NAME), conf);
    if (settings.convert() != null) {
      if (!committed) {
        ConvertJob.Result converted = ConvertJob.run(settings.convert(), spark);
        if (converted.converted() == 0) {
          throw new ProjectException(PipelineErrorCode.UNLABELLED_DATA, "Cannot search on " + settings.convert().input()
              + ": no clip was converted (" + converted.skipped().size() + " skipped; see " + shards + "/"
              + ConvertJob.REPORT_FILE + ")");
        }
      }
    } else if (settings.shards().isEmpty() && !committed) {
      boolean face = settings.syntheticMode().equals("face");
      SynthesizeSettings synthesize = new SynthesizeSettings(shards, settings.syntheticMode(), settings.clipsPerClass(),
          settings.syntheticFrames(), face ? FACE_SIZE : EYE_WIDTH, face ? FACE_SIZE : EYE_HEIGHT, "spiking-fer",
          settings.seed(), SYNTHETIC_CLIPS_PER_TASK, SYNTHETIC_SHARD_BYTES, true);
      SynthesizeJob.run(synthesize, spark);
    }
    Manifest manifest = Manifest.read(new Path(shards), conf);
    return new PipelineData(shards, manifest, classNames(manifest, shards), commonGeometry(manifest, shards));
  }

  /** Every sample record of the shard set, in manifest order. */
  public List<SampleRecord> records() {
    List<SampleRecord> records = new ArrayList<>();
    for (ShardInfo shard : manifest.shards()) {
      for (SampleEntry entry : shard.samples()) {
        records.add(entry.record());
      }
    }
    return records;
  }

  /**
   * The test split of one run: {@code pipeline.test-subjects}, else a subject-grouped choice of
   * {@code pipeline.test-fraction}, else the fold ({@code fold >= 0}), else the samples' split field.
   */
  TestSplit testSplit(PipelineSettings settings, int fold) {
    if (!settings.testSubjects().isEmpty()) {
      java.util.Set<String> unknown = new java.util.TreeSet<>(settings.testSubjects());
      for (SampleRecord record : records()) {
        unknown.remove(record.subject());
      }
      if (!unknown.isEmpty()) {
        throw new ProjectException(PipelineErrorCode.NO_TEST_SPLIT, "Invalid pipeline.test-subjects: " + unknown
            + " (no sample of " + shards + " has that subject)");
      }
      return TestSplit.ofSubjects(settings.testSubjects());
    }
    if (settings.testFraction() > 0) {
      try {
        return TestSplit.ofSubjects(TestSplit.chooseSubjects(records(), settings.testFraction(), settings.seed()));
      } catch (IllegalArgumentException e) {
        throw new ProjectException(PipelineErrorCode.NO_TEST_SPLIT, e.getMessage() + " in " + shards, e);
      }
    }
    return fold >= 0 ? TestSplit.ofFold(fold) : TestSplit.ofSplitField();
  }

  /** The number of samples in {@code split}'s test part (reads the manifest only). */
  int testCount(TestSplit split) {
    int count = 0;
    for (SampleRecord record : records()) {
      count += split.test().test(record) ? 1 : 0;
    }
    return count;
  }

  /**
   * Refuses a run that must build a final model but has no test sample, before anything is trained.
   */
  void requireTestSamples(TestSplit split) {
    if (testCount(split) == 0) {
      throw new ProjectException(PipelineErrorCode.NO_TEST_SPLIT, "Cannot build a final model from " + shards
          + ": no sample lies in the test split (" + split.describe() + "); hold out subjects with "
          + "pipeline.test-subjects=<s1,s2> or pipeline.test-fraction=0.2 (the samples' subject field), a fold with "
          + "pipeline.fold=<k> (tnas convert --folds), or set pipeline.final-model=false");
    }
  }

  /** Class names by label index, from the sample records; every index up to the largest must be named. */
  static List<String> classNames(Manifest manifest, String shards) {
    TreeMap<Integer, String> names = new TreeMap<>();
    for (ShardInfo shard : manifest.shards()) {
      for (SampleEntry entry : shard.samples()) {
        SampleRecord record = entry.record();
        if (record.isLabelled()) {
          names.putIfAbsent(record.labelIndex(), record.labelName());
        }
      }
    }
    if (names.isEmpty()) {
      throw new ProjectException(PipelineErrorCode.UNLABELLED_DATA, "Cannot search on " + shards + ": no sample is labelled");
    }
    List<String> list = new ArrayList<>();
    for (int i = 0; i <= names.lastKey(); i++) {
      list.add(names.getOrDefault(i, "class-" + i));
    }
    return list;
  }

  static SensorGeometry commonGeometry(Manifest manifest, String shards) {
    SensorGeometry geometry = null;
    for (ShardInfo shard : manifest.shards()) {
      for (SampleEntry entry : shard.samples()) {
        if (geometry == null) {
          geometry = entry.geometry();
        } else if (!geometry.equals(entry.geometry())) {
          throw new ProjectException(PipelineErrorCode.MIXED_SENSOR_SIZES, String.format(Locale.ROOT,
              "Cannot build network inputs from %s: samples have sensor sizes %s and %s (sample %s); convert them to one size first",
              shards, geometry, entry.geometry(), entry.sampleId()));
        }
      }
    }
    if (geometry == null) {
      throw new ProjectException(PipelineErrorCode.UNLABELLED_DATA, "Cannot search on " + shards + ": the shard set is empty");
    }
    return geometry;
  }
}
