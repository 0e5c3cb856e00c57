package org.tnas.pipelines.convert;

import java.io.Serial;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;
import org.tnas.formats.errors.ErrorType;
import org.tnas.formats.errors.ProjectException;
import org.tnas.formats.samples.SampleRecord;
import org.tnas.formats.shards.Manifest;
import org.tnas.formats.shards.ShardCompaction;
import org.tnas.formats.shards.ShardInfo;
import org.tnas.formats.shards.ShardSetWriter;
import org.tnas.pipelines.datasets.ClipSpec;
import org.tnas.pipelines.datasets.DatasetAdapter;
import org.tnas.pipelines.datasets.DatasetAdapters;
import org.tnas.pipelines.datasets.Folds;
import org.tnas.pipelines.datasets.Rejected;
import org.tnas.pipelines.datasets.Scan;
import org.tnas.pipelines.datasets.SourceKind;
import org.tnas.pipelines.emulator.EventEmulator;
import org.tnas.pipelines.face.Dlib68Model;
import org.tnas.pipelines.face.FaceDetector;
import org.tnas.pipelines.face.FaceErrorCode;
import org.tnas.pipelines.face.FaceStandardiser;
import org.tnas.pipelines.face.FaceStatistics;
import org.tnas.formats.samples.SkippedInput;
import org.tnas.pipelines.spark.Preflight;
import org.tnas.pipelines.spark.SerializableHadoopConf;
import org.tnas.pipelines.spark.ShardJobs;
import org.tnas.pipelines.video.FrameSource;
import org.tnas.pipelines.video.FrameSourceOptions;
import org.tnas.pipelines.video.CountedFrames;
import org.tnas.pipelines.video.FrameSources;

/**
 * The Spark job behind {@code tnas convert}: a dataset in one of the adapters' layouts
 * ({@link DatasetAdapters}: CK+, Oulu-CASIA, ADFES, MMI, SEE, generic folders or CSV manifest)
 * becomes a committed shard set of events, with {@value #REPORT_FILE} listing every input that was
 * not converted and why. A bad clip never stops the job; inputs = converted + skipped, always.
 *
 * <p>Per clip, in one Spark task per group of clips, frames stream one at a time (a task holds a
 * few frames per clip, never a whole video): decode ({@link FrameSources}: video or image sequence,
 * optional resize and frame-rate resampling) -> face standardisation ({@link FaceStandardiser}: 68
 * landmarks, eyes levelled, face 200x200 or right-eye region) -> temporal upsampling ({@link
 * FrameInterpolator}: optical flow with v2e's factor rule, or linear) -> the v2e emulator ({@link
 * EventEmulator}, seeded by the run seed and the clip id) -> {@link ShardSetWriter}. SEE's
 * accumulated event frames are decoded into events instead ({@link EventFrameReader}).
 */
public final class ConvertJob {
  /** The report file written next to the manifest. */
  public static final String REPORT_FILE = "convert-report.json";

  private ConvertJob() {}

  /** One task's clips. */
  record ClipGroup(int index, List<ClipSpec> clips) implements Serializable {
    @Serial private static final long serialVersionUID = 1L;
  }

  /**
   * What one clip gave.
   *
   * @param sourceFrames frames read from the source (after resampling)
   * @param alignedFrames frames the face standardiser aligned (= sourceFrames without standardisation)
   * @param emulatedFrames frames given to the emulator (after upsampling)
   */
  public record ClipOutcome(String clipId, long sourceFrames, long alignedFrames, long trackedFrames,
      long emulatedFrames, long events, double seconds) implements Serializable {
    @Serial private static final long serialVersionUID = 1L;

    /** Aligned frames / source frames (1 without face standardisation). */
    public double alignedFraction() {
      return sourceFrames == 0 ? 0 : (double) alignedFrames / sourceFrames;
    }
  }

  /** What one task produced. */
  record Outcome(List<ShardInfo> shards, List<SkippedInput> skipped, List<ClipOutcome> clips) implements Serializable {
    @Serial private static final long serialVersionUID = 1L;
  }

  /**
   * What the job produced; {@code inputs == converted + skipped.size()}.
   *
   * @param frames frames given to the emulator (after resampling, face standardisation, upsampling)
   */
  public record Result(String output, List<String> labels, int inputs, long converted, List<SkippedInput> skipped,
      List<ClipOutcome> clips, long frames, long events, int shards, double seconds) {
    public Result {
      if (inputs != converted + skipped.size()) {
        throw new IllegalStateException("Cannot account for every input: " + inputs + " inputs, " + converted
            + " converted, " + skipped.size() + " skipped");
      }
    }

    /** Source frames of the converted clips in which a face was aligned, over all their source frames. */
    public double alignedFraction() {
      long source = 0;
      long aligned = 0;
      for (ClipOutcome clip : clips) {
        source += clip.sourceFrames();
        aligned += clip.alignedFrames();
      }
      return source == 0 ? 0 : (double) aligned / source;
    }
  }

  public static Result run(ConvertSettings settings, SparkSession spark) {
    long start = System.nanoTime();
    Configuration conf = spark.sparkContext().hadoopConfiguration();
    Path output = new Path(settings.output());
    List<String> uris = new ArrayList<>(List.of(settings.input(), settings.output()));
    Preflight.checkFileSystems(uris, "convert.input/convert.output");
    Preflight.checkVideoLibraries();
    DatasetAdapter adapter = DatasetAdapters.forName(settings.layout(), settings.layoutOptions());
    if (settings.faceMode().isPresent()) {
      checkFaceModels();
    }
    ShardJobs.prepareOutput(output, conf, settings.overwrite(), "convert");
    Scan scan = adapter.scan(new Path(settings.input()), conf);
    List<ClipSpec> clips = scan.clips();
    List<Rejected> rejected = scan.rejected();
    Folds folds = null;
    if (!settings.folds().isEmpty()) {
      folds = Folds.read(new Path(settings.folds()), conf);
      Folds.Join join = folds.join(scan);
      clips = join.clips();
      rejected = join.rejected();
    }
    for (ClipSpec clip : clips) {
      if (clip.kind() == SourceKind.EVENT_FRAMES && settings.faceMode().isPresent()) {
        throw new IllegalArgumentException("Invalid convert.face: " + settings.face() + " (" + clip.location()
            + " holds event frames, which are events already: use convert.face=none or the layout option source=frame)");
      }
    }
    List<SkippedInput> skipped = new ArrayList<>();
    for (Rejected entry : rejected) {
      skipped.add(entry.toSkippedInput());
    }
    List<ClipGroup> groups = new ArrayList<>();
    for (int from = 0; from < clips.size(); from += settings.clipsPerTask()) {
      groups.add(new ClipGroup(groups.size(), List.copyOf(clips.subList(from, Math.min(clips.size(), from + settings.clipsPerTask())))));
    }

    SerializableHadoopConf shipped = new SerializableHadoopConf(conf);
    Folds shippedFolds = folds;
    List<Outcome> outcomes = ShardJobs.runTasks(spark, "convert", groups,
        group -> convert(group, ShardJobs.writerId("convert", group.index()), settings, shippedFolds, shipped.get()));
    List<ShardInfo> shards = new ArrayList<>();
    List<ClipOutcome> converted = new ArrayList<>();
    long frames = 0;
    long events = 0;
    for (Outcome outcome : outcomes) {
      shards.addAll(outcome.shards());
      skipped.addAll(outcome.skipped());
      converted.addAll(outcome.clips());
      for (ClipOutcome clip : outcome.clips()) {
        frames += clip.emulatedFrames();
        events += clip.events();
      }
    }
    // one shard per task is far below the target size for small clips: merge the small ones (in
    // Spark tasks, one per bin) before the manifest names the shards; the merged files go after it
    List<ShardInfo> written = shards;
    if (settings.compactShards()) {
      shards = ShardJobs.compact(spark, written, settings.targetShardBytes(), settings.output(), shipped,
          settings.writerOptions());
    }
    Result result = new Result(output.toString(), scan.classNames(), scan.candidateCount(), converted.size(), skipped,
        converted, frames, events, shards.size(), (System.nanoTime() - start) / 1e9);
    ShardJobs.writeJson(output, REPORT_FILE, report(result, settings), conf);
    Map<String, String> properties = new TreeMap<>();
    properties.put("created_by", "tnas convert");
    properties.put("dataset", settings.datasetName());
    properties.put("layout", settings.layout());
    properties.put("classes", String.join(",", scan.classNames()));
    properties.put("emulator_preset", settings.preset());
    properties.put("face_standardisation", faceDescription(settings));
    properties.put("upsampling", settings.resolvedUpsampling().toString());
    properties.put("emulator_overrides", overridesText(settings));
    properties.put("seed", Long.toString(settings.seed()));
    Manifest.commit(output, conf, shards, properties);
    ShardCompaction.deleteMerged(output, conf, written, shards);
    return result;
  }

  private static Map<String, Object> report(Result result, ConvertSettings settings) {
    Map<String, Object> report = new LinkedHashMap<>();
    report.put("inputs", result.inputs());
    report.put("converted", result.converted());
    report.put("skipped_count", result.skipped().size());
    report.put("labels", result.labels());
    report.put("face_standardisation", faceDescription(settings));
    if (settings.faceMode().isPresent()) {
      // the part of the frames whose face was found and aligned; meaningless without standardisation
      report.put("aligned_fraction", result.alignedFraction());
    }
    report.put("upsampling", settings.resolvedUpsampling().toString());
    report.put("frames", result.frames());
    report.put("events", result.events());
    report.put("seconds", result.seconds());
    List<Map<String, String>> skippedEntries = new ArrayList<>();
    for (SkippedInput input : result.skipped()) {
      skippedEntries.add(Map.of("uri", input.uri(), "error_code", input.errorCode(), "reason", input.reason()));
    }
    report.put("skipped", skippedEntries);
    List<Map<String, Object>> clipEntries = new ArrayList<>();
    List<ClipOutcome> sorted = new ArrayList<>(result.clips());
    sorted.sort(java.util.Comparator.comparing(ClipOutcome::clipId));
    for (ClipOutcome clip : sorted) {
      Map<String, Object> entry = new LinkedHashMap<>();
      entry.put("clip", clip.clipId());
      entry.put("source_frames", clip.sourceFrames());
      entry.put("aligned_frames", clip.alignedFrames());
      entry.put("tracked_frames", clip.trackedFrames());
      entry.put("emulated_frames", clip.emulatedFrames());
      entry.put("events", clip.events());
      entry.put("seconds", clip.seconds());
      clipEntries.add(entry);
    }
    report.put("clips", clipEntries);
    return report;
  }

  /** The explicitly set emulator parameters as {@code key=value,...} (empty: the preset's values). */
  static String overridesText(ConvertSettings settings) {
    StringBuilder text = new StringBuilder();
    settings.emulatorOverrides().forEach((parameter, value) ->
        text.append(text.length() == 0 ? "" : ",").append(parameter.key()).append('=').append(value));
    return text.toString();
  }

  /** How faces were standardised: {@code face 200x200}, {@code right-eye 90x90} or {@code none}. */
  public static String faceDescription(ConvertSettings settings) {
    return settings.faceMode().map(mode -> mode == FaceStandardiser.Mode.FACE
        ? "face " + settings.faceSize() + "x" + settings.faceSize()
        : "right-eye " + settings.eyeSize() + "x" + settings.eyeSize()).orElse("none");
  }

  /** Fails within seconds, on the driver, when the face models are not installed. */
  static void checkFaceModels() {
    Dlib68Model.debian();
    FaceDetector.openDefault().close();
  }

  static Outcome convert(ClipGroup group, String writerId, ConvertSettings settings, Folds folds, Configuration conf) {
    // OpenCV (face detection, optical flow) would otherwise start a thread per core in every task:
    // Spark already runs one task per core, so give OpenCV the task's share (spark.task.cpus)
    org.apache.spark.TaskContext task = org.apache.spark.TaskContext.get();
    if (task != null) {
      org.bytedeco.opencv.global.opencv_core.setNumThreads(Math.max(1, task.cpus()));
    }
    List<SkippedInput> skipped = new ArrayList<>();
    List<ClipOutcome> converted = new ArrayList<>();
    try (ShardSetWriter writer = ShardSetWriter.open(new Path(settings.output()), conf, settings.writerOptions(), writerId)) {
      for (ClipSpec clip : group.clips()) {
        try {
          converted.add(convertClip(clip, writer, settings, folds, conf));
        } catch (ProjectException e) {
          ErrorType type = e.code().type();
          if (e.code() == FaceErrorCode.MODEL_NOT_FOUND || e.code() == FaceErrorCode.INVALID_MODEL
              || type == ErrorType.EXTERNAL || type == ErrorType.INSUFFICIENT_RESOURCES) {
            // the executor's installation or its file system, not the clip: fail the task, which
            // Spark retries (the writer id carries the attempt, so nothing of this one is kept)
            throw e;
          }
          skipped.add(new SkippedInput(clip.location(), e.code().name(), e.getMessage()));
        } catch (UncheckedIOException e) {
          // decoders report a corrupt video as a ProjectException (CORRUPT_VIDEO, above); a plain I/O
          // failure while reading the clip's files is reported as such
          skipped.add(new SkippedInput(clip.location(), "UNREADABLE_INPUT", "Cannot read " + clip.location() + ": "
              + e.getMessage()));
        } catch (IllegalArgumentException e) {
          // a value of this clip the pipeline rejects (frame size, frame time, image format...): named
          // with the exception's class so that a bug is not mistaken for bad input
          skipped.add(new SkippedInput(clip.location(), "INVALID_INPUT", "Cannot convert " + clip.location() + ": "
              + e.getClass().getSimpleName() + ": " + e.getMessage()));
        } catch (RuntimeException e) {
          // one clip never stops the job, not even through a bug; it is listed for a report to us
          skipped.add(new SkippedInput(clip.location(), "INTERNAL_ERROR", "Cannot convert " + clip.location() + ": "
              + e.getClass().getName() + ": " + e.getMessage() + " (a bug in tnas: please report it with this clip)"));
        }
      }
      return new Outcome(writer.finish(), skipped, converted);
    }
  }

  /** Converts one clip into {@code writer}; a failure leaves nothing of it in the shard. */
  static ClipOutcome convertClip(ClipSpec clip, ShardSetWriter writer, ConvertSettings settings, Folds folds,
      Configuration conf) {
    long start = System.nanoTime();
    FrameSourceOptions read = settings.frameOptions(clip.hasKnownFrameRate() ? clip.framesPerSecond() : settings.fps());
    if (clip.kind() == SourceKind.EVENT_FRAMES) {
      CountedFrames source = new CountedFrames(limit(FrameSources.openImages(clip.sources(), conf,
          read.withTargetFps(0).withOutputSize(0, 0)), settings.maxFrames()));
      try (EventFrameReader reader = new EventFrameReader(source, settings.eventFrameThreshold())) {
        SampleRecord record = record(clip, settings, folds, parameters(settings, source, "event frames"));
        writer.write(record, reader.geometry().orElseThrow(), reader);
        return new ClipOutcome(clip.clipId(), source.count(), source.count(), 0, source.count(), reader.eventsRead(),
            (System.nanoTime() - start) / 1e9);
      }
    }
    FrameSource opened = clip.kind() == SourceKind.VIDEO_FILE
        ? FrameSources.open(new Path(clip.sources().get(0)), conf, read)
        : FrameSources.openImages(clip.sources(), conf, read);
    CountedFrames source = new CountedFrames(limit(opened, settings.maxFrames()));
    FrameChain.Opened chain;
    try {
      chain = FrameChain.of(settings).open(source);
    } catch (RuntimeException e) {
      source.close();
      throw e;
    }
    FaceStandardiser standardiser = chain.standardiser();
    FrameSource frames = chain.frames();
    try {
      CountedFrames emulated = new CountedFrames(frames);
      frames = emulated;
      SampleRecord record = record(clip, settings, folds, parameters(settings, source, "emulated"));
      EventEmulator emulator = EventEmulator.forClip(settings.parameters(), frames.width(), frames.height(), record.sampleId());
      FaceStandardiser checked = standardiser;
      EmulatedEventReader reader = new EmulatedEventReader(clip.location(), frames, null, emulator,
          () -> checkAligned(clip, checked, settings.minAlignedFraction()));
      writer.write(record, reader.geometry().orElseThrow(), reader);
      FaceStatistics face = standardiser == null ? null : standardiser.statistics();
      return new ClipOutcome(clip.clipId(), source.count(), face == null ? source.count() : face.aligned(),
          face == null ? 0 : face.tracked(), emulated.count(), reader.eventsRead(),
          (System.nanoTime() - start) / 1e9);
    } finally {
      frames.close();
    }
  }

  /** The clip's record ({@link DatasetAdapters#toSampleRecord}) under the run's dataset name. */
  static SampleRecord record(ClipSpec clip, ConvertSettings settings, Folds folds, Map<String, String> parameters) {
    SampleRecord record = DatasetAdapters.toSampleRecord(clip, folds, parameters);
    return new SampleRecord(record.sampleId(), settings.datasetName(), record.subject(), record.labelIndex(),
        record.labelName(), record.split(), record.testFolds(), record.sourcePath(), record.parameters());
  }

  /** Called when a clip's frames are exhausted, before its events are written. */
  private static void checkAligned(ClipSpec clip, FaceStandardiser standardiser, double minimum) {
    if (standardiser == null) {
      return;
    }
    FaceStatistics statistics = standardiser.statistics();
    double fraction = statistics.frames() == 0 ? 0 : (double) statistics.aligned() / statistics.frames();
    if (fraction < minimum) {
      throw new ProjectException(FaceErrorCode.NO_FACE, String.format(Locale.ROOT,
          "Cannot standardise: face aligned in %d of %d frames of %s (%.1f %%, convert.min-aligned-fraction %.2f)",
          statistics.aligned(), statistics.frames(), clip.location(), 100.0 * fraction, minimum));
    }
  }

  static Map<String, String> parameters(ConvertSettings settings, FrameSource source, String conversion) {
    Map<String, String> parameters = new TreeMap<>();
    if (conversion.equals("emulated")) {
      parameters.putAll(settings.parameters().toMap());
      parameters.put("face_standardisation", faceDescription(settings));
      parameters.put("upsampling", settings.resolvedUpsampling().toString());
    } else {
      parameters.put("event_frame_threshold", Integer.toString(settings.eventFrameThreshold()));
    }
    parameters.put("converter", "tnas convert");
    parameters.put("conversion", conversion);
    parameters.put("layout", settings.layout());
    parameters.put("fps", String.format(Locale.ROOT, "%.3f", source.fps()));
    parameters.put("size", source.width() + "x" + source.height());
    return parameters;
  }

  private static FrameSource limit(FrameSource source, long maxFrames) {
    if (maxFrames == 0) {
      return source;
    }
    return new CountedFrames(source, maxFrames);
  }
}
