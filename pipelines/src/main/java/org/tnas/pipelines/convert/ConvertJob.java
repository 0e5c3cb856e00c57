package org.tnas.pipelines.convert;

import java.io.Serial;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;
import org.tnas.formats.errors.ProjectException;
import org.tnas.formats.samples.SampleRecord;
import org.tnas.formats.shards.Manifest;
import org.tnas.formats.shards.ShardInfo;
import org.tnas.formats.shards.ShardSetWriter;
import org.tnas.pipelines.datasets.CkPlusLayout;
import org.tnas.pipelines.datasets.SpikingFerFolds;
import org.tnas.pipelines.emulator.EventEmulator;
import org.tnas.pipelines.importer.InputFile;
import org.tnas.pipelines.importer.InputListing;
import org.tnas.pipelines.importer.SkippedInput;
import org.tnas.pipelines.spark.Preflight;
import org.tnas.pipelines.spark.SerializableHadoopConf;
import org.tnas.pipelines.spark.ShardJobs;
import org.tnas.pipelines.video.ImageSequenceFrames;
import org.tnas.pipelines.video.VideoFrames;

/**
 * The Spark job behind {@code tnas convert}, generic folder layout: every video under {@code
 * <input>/<label>/} becomes one labelled sample (labels indexed in sorted name order), converted by
 * the emulator frame by frame (a task holds one frame per clip, never a whole video) and written to
 * a committed shard set, with {@value #REPORT_FILE} listing every input that was not converted and
 * why. A bad video never stops the job; inputs = converted + skipped, always.
 *
 * <p>Layouts: {@code generic} and {@code ckplus} (image sequences, with the benchmark's folds.csv
 * via {@code convert.folds}). Not yet: face standardisation before the emulator, the
 * Oulu/ADFES/MMI/SEE layouts and temporal upsampling (frames are emulated at their own rate).
 */
public final class ConvertJob {
  /** The report file written next to the manifest. */
  public static final String REPORT_FILE = "convert-report.json";
  /** File name extensions taken as videos. */
  public static final Set<String> VIDEO_EXTENSIONS = Set.of("mp4", "avi", "mov", "mkv", "mpeg", "mpg", "webm", "m4v");

  private ConvertJob() {}

  /**
   * One clip to convert: a video file, or an image sequence (its frame files in order).
   *
   * @param testFolds the Spiking-FER folds in whose test split it lies (from convert.folds)
   */
  public record Clip(String sampleId, String subject, String label, int labelIndex, List<String> sources,
      boolean imageSequence, Set<Integer> testFolds) implements Serializable {
    @Serial private static final long serialVersionUID = 1L;

    /** The clip's source named in reports: the video, or the sequence's folder. */
    public String uri() {
      return imageSequence ? new Path(sources.get(0)).getParent().toString() : sources.get(0);
    }
  }

  /** One task's clips. */
  record ClipGroup(int index, List<Clip> clips) implements Serializable {
    @Serial private static final long serialVersionUID = 1L;
  }

  /** What one task produced. */
  record Outcome(List<ShardInfo> shards, List<SkippedInput> skipped, long converted, long frames, long events)
      implements Serializable {
    @Serial private static final long serialVersionUID = 1L;
  }

  /** What the job produced; {@code inputs == converted + skipped.size()}. */
  public record Result(String output, List<String> labels, int inputs, long converted, List<SkippedInput> skipped,
      long frames, long events, int shards, double seconds) {
    public Result {
      if (inputs != converted + skipped.size()) {
        throw new IllegalStateException("Cannot account for every input: " + inputs + " inputs, " + converted
            + " converted, " + skipped.size() + " skipped");
      }
    }
  }

  public static Result run(ConvertSettings settings, SparkSession spark) {
    long start = System.nanoTime();
    Configuration conf = spark.sparkContext().hadoopConfiguration();
    Path output = new Path(settings.output());
    Preflight.checkFileSystems(List.of(settings.input(), settings.output()), "convert.input/convert.output");
    ShardJobs.prepareOutput(output, conf, settings.overwrite(), "convert");
    List<SkippedInput> skipped = new ArrayList<>();
    List<Clip> clips = new ArrayList<>();
    int inputs;
    List<String> labelList;
    if (settings.layout().equals("ckplus")) {
      CkPlusLayout.Scan scan = CkPlusLayout.scan(new Path(settings.input()), conf);
      skipped.addAll(scan.skipped());
      for (CkPlusLayout.Sequence sequence : scan.sequences()) {
        clips.add(new Clip(sequence.id(), sequence.subject(), sequence.labelName(), sequence.labelIndex(),
            sequence.frames(), true, Set.of()));
      }
      inputs = scan.sequences().size() + scan.skipped().size();
      labelList = SpikingFerFolds.CLASSES;
    } else {
      List<InputFile> files = InputListing.list(List.of(settings.input()), conf);
      inputs = files.size();
      TreeSet<String> labels = new TreeSet<>();
      List<InputFile> videos = new ArrayList<>();
      for (InputFile file : files) {
        String id = file.sampleId();
        int slash = id.indexOf('/');
        String extension = extension(file.uri());
        if (!VIDEO_EXTENSIONS.contains(extension)) {
          skipped.add(new SkippedInput(file.uri(), "UNSUPPORTED_INPUT",
              "Invalid input " + file.uri() + ": not a video (expected ." + String.join(", .", new TreeSet<>(VIDEO_EXTENSIONS)) + ")"));
        } else if (slash <= 0) {
          skipped.add(new SkippedInput(file.uri(), "MISSING_LABEL",
              "Invalid input " + file.uri() + ": not inside a label folder (expected <root>/<label>/<clip>)"));
        } else {
          labels.add(id.substring(0, slash));
          videos.add(file);
        }
      }
      labelList = List.copyOf(labels);
      for (InputFile video : videos) {
        String label = video.sampleId().substring(0, video.sampleId().indexOf('/'));
        clips.add(new Clip(video.sampleId(), "", label, labelList.indexOf(label), List.of(video.uri()), false, Set.of()));
      }
    }
    if (!settings.folds().isEmpty()) {
      clips = withFolds(clips, SpikingFerFolds.read(new Path(settings.folds()), conf), skipped);
    }
    List<ClipGroup> groups = new ArrayList<>();
    List<Clip> current = new ArrayList<>();
    for (Clip clip : clips) {
      current.add(clip);
      if (current.size() == settings.clipsPerTask()) {
        groups.add(new ClipGroup(groups.size(), List.copyOf(current)));
        current.clear();
      }
    }
    if (!current.isEmpty()) {
      groups.add(new ClipGroup(groups.size(), List.copyOf(current)));
    }

    SerializableHadoopConf shipped = new SerializableHadoopConf(conf);
    List<Outcome> outcomes = ShardJobs.runTasks(spark, "convert", groups,
        group -> convert(group, ShardJobs.writerId("convert", group.index()), settings, shipped.get()));
    List<ShardInfo> shards = new ArrayList<>();
    long converted = 0;
    long frames = 0;
    long events = 0;
    for (Outcome outcome : outcomes) {
      shards.addAll(outcome.shards());
      skipped.addAll(outcome.skipped());
      converted += outcome.converted();
      frames += outcome.frames();
      events += outcome.events();
    }
    Result result = new Result(output.toString(), labelList, inputs, converted, skipped, frames, events,
        shards.size(), (System.nanoTime() - start) / 1e9);
    Map<String, Object> report = new LinkedHashMap<>();
    report.put("inputs", result.inputs());
    report.put("converted", result.converted());
    report.put("skipped_count", skipped.size());
    report.put("labels", labelList);
    report.put("frames", frames);
    report.put("events", events);
    List<Map<String, String>> skippedEntries = new ArrayList<>();
    for (SkippedInput input : skipped) {
      skippedEntries.add(Map.of("uri", input.uri(), "error_code", input.errorCode(), "reason", input.reason()));
    }
    report.put("skipped", skippedEntries);
    ShardJobs.writeJson(output, REPORT_FILE, report, conf);
    Map<String, String> properties = new TreeMap<>();
    properties.put("created_by", "tnas convert");
    properties.put("dataset", settings.dataset());
    properties.put("classes", String.join(",", labelList));
    properties.put("emulator_preset", settings.preset());
    properties.put("seed", Long.toString(settings.seed()));
    Manifest.commit(output, conf, shards, properties);
    return result;
  }

  static Outcome convert(ClipGroup group, String writerId, ConvertSettings settings, Configuration conf) {
    List<SkippedInput> skipped = new ArrayList<>();
    long converted = 0;
    long frames = 0;
    long events = 0;
    try (ShardSetWriter writer = ShardSetWriter.open(new Path(settings.output()), conf, settings.writerOptions(), writerId)) {
      for (Clip clip : group.clips()) {
        VideoFrames video = null;
        try {
          java.util.Iterator<TimedFrame> frameSource;
          int width;
          int height;
          double fps;
          if (clip.imageSequence()) {
            ImageSequenceFrames sequence = new ImageSequenceFrames(clip.sources(), settings.fps(), conf);
            width = sequence.size()[0];
            height = sequence.size()[1];
            fps = settings.fps();
            frameSource = sequence;
          } else {
            video = VideoFrames.open(new Path(clip.sources().get(0)), conf);
            width = video.width();
            height = video.height();
            fps = video.fps();
            frameSource = video;
          }
          SampleRecord record = record(clip, settings, width, height, fps);
          EventEmulator emulator = EventEmulator.forClip(settings.parameters(), width, height, record.sampleId());
          EmulatedEventReader reader = new EmulatedEventReader(clip.uri(),
              new LinearUpsampling(limit(frameSource, settings.maxFrames()), settings.upsample()), null, emulator);
          writer.write(record, reader.geometry().orElseThrow(), reader);
          frames += reader.framesRead();
          converted++;
        } catch (ProjectException e) {
          skipped.add(new SkippedInput(clip.uri(), e.code().name(), e.getMessage()));
        } catch (UncheckedIOException | IllegalArgumentException e) {
          skipped.add(new SkippedInput(clip.uri(), "CORRUPT_VIDEO", "Cannot convert " + clip.uri() + ": " + e.getMessage()));
        } finally {
          if (video != null) {
            video.close();
          }
        }
      }
      List<ShardInfo> shards = writer.finish();
      for (ShardInfo shard : shards) {
        events += shard.eventCount();
      }
      return new Outcome(shards, skipped, converted, frames, events);
    }
  }

  static SampleRecord record(Clip clip, ConvertSettings settings, int width, int height, double fps) {
    Map<String, String> parameters = new TreeMap<>(settings.parameters().toMap());
    parameters.put("converter", "tnas convert");
    parameters.put("layout", settings.layout());
    parameters.put("fps", String.format(Locale.ROOT, "%.3f", fps));
    parameters.put("size", width + "x" + height);
    parameters.put("face_standardisation", "none");
    parameters.put("upsampling", settings.upsample() == 1 ? "none" : "linear x" + settings.upsample());
    return new SampleRecord(clip.sampleId(), settings.dataset(), clip.subject(), clip.labelIndex(), clip.label(), "",
        clip.testFolds(), clip.uri(), parameters);
  }

  /**
   * Joins the clips with a folds file: each clip gets its test folds; a clip without a fold row, or
   * whose label differs from the fold row's, is skipped with the reason.
   */
  static List<Clip> withFolds(List<Clip> clips, Map<String, SpikingFerFolds.Row> folds, List<SkippedInput> skipped) {
    List<Clip> joined = new ArrayList<>();
    for (Clip clip : clips) {
      SpikingFerFolds.Row row = folds.get(clip.sampleId());
      if (row == null) {
        skipped.add(new SkippedInput(clip.uri(), "MISSING_FOLD", "Cannot place " + clip.sampleId() + " in a fold: the folds file has no row for it"));
      } else if (row.labelIndex() != clip.labelIndex()) {
        skipped.add(new SkippedInput(clip.uri(), "INVALID_LABEL", "Invalid label of " + clip.sampleId() + ": " + clip.label()
            + " in the dataset, " + SpikingFerFolds.CLASSES.get(row.labelIndex()) + " in the folds file"));
      } else {
        joined.add(new Clip(clip.sampleId(), clip.subject(), clip.label(), clip.labelIndex(), clip.sources(),
            clip.imageSequence(), row.testFolds()));
      }
    }
    return joined;
  }

  private static java.util.Iterator<TimedFrame> limit(java.util.Iterator<TimedFrame> video, long maxFrames) {
    if (maxFrames == 0) {
      return video;
    }
    return new java.util.Iterator<>() {
      private long taken;

      @Override
      public boolean hasNext() {
        return taken < maxFrames && video.hasNext();
      }

      @Override
      public TimedFrame next() {
        taken++;
        return video.next();
      }
    };
  }

  private static String extension(String uri) {
    int slash = uri.lastIndexOf('/');
    int dot = uri.lastIndexOf('.');
    return dot > slash ? uri.substring(dot + 1).toLowerCase(Locale.ROOT) : "";
  }
}
