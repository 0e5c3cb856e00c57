package org.tnas.pipelines.importer;

import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.tnas.formats.errors.ProjectException;
import org.tnas.formats.events.EventReader;
import org.tnas.formats.io.EventFiles;
import org.tnas.formats.io.EventReadOptions;
import org.tnas.formats.samples.SampleRecord;
import org.tnas.formats.samples.SkippedInput;
import org.tnas.formats.shards.ShardInfo;
import org.tnas.formats.shards.ShardSetWriter;

/**
 * The work of one import task, free of Spark: convert a group of event files into shards written
 * by one {@link ShardSetWriter}. A file that cannot be read is listed as skipped with its reason
 * (the writer discards its partial sample); it never stops the task.
 */
public final class ImportTask {
  private ImportTask() {}

  /** What one task produced. */
  public record Outcome(List<ShardInfo> shards, List<SkippedInput> skipped, long converted, long events)
      implements java.io.Serializable {
    public Outcome {
      shards = List.copyOf(shards);
      skipped = List.copyOf(skipped);
    }
  }

  /**
   * Converts {@code files} into shards under {@code settings.output()}.
   *
   * @param writerId unique per task (e.g. {@code import-00003}); names the shard files
   */
  public static Outcome run(List<InputFile> files, String writerId, ImportSettings settings, Configuration conf) {
    List<SkippedInput> skipped = new ArrayList<>();
    long converted = 0;
    long events = 0;
    EventReadOptions options = settings.readOptions();
    try (ShardSetWriter writer = ShardSetWriter.open(new Path(settings.output()), conf, settings.writerOptions(), writerId)) {
      for (InputFile file : files) {
        try (EventReader reader = EventFiles.open(new Path(file.uri()), conf, settings.format(), options)) {
          SampleRecord record = record(file, reader.format().id(), settings);
          writer.write(record, reader.geometry().orElse(settings.geometry()), reader);
          converted++;
        } catch (ProjectException e) {
          skipped.add(new SkippedInput(file.uri(), e.code().name(), e.getMessage()));
        } catch (UncheckedIOException e) {
          skipped.add(new SkippedInput(file.uri(), "IO_FAILURE", e.getMessage()));
        }
      }
      List<ShardInfo> shards = writer.finish();
      for (ShardInfo shard : shards) {
        events += shard.eventCount();
      }
      return new Outcome(shards, skipped, converted, events);
    }
  }

  static SampleRecord record(InputFile file, String format, ImportSettings settings) {
    Map<String, String> parameters = new TreeMap<>();
    parameters.put("importer", "tnas import");
    parameters.put("source_format", format);
    return new SampleRecord(
        file.sampleId(), settings.dataset(), "", -1, "", "", java.util.Set.of(), file.uri(), parameters);
  }
}
