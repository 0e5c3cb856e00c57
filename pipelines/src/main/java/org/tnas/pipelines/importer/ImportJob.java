package org.tnas.pipelines.importer;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;
import org.tnas.formats.errors.OutputErrorCode;
import org.tnas.formats.errors.ProjectException;
import org.tnas.formats.samples.SkippedInput;
import org.tnas.formats.shards.Manifest;
import org.tnas.formats.shards.ShardCompaction;
import org.tnas.formats.shards.ShardInfo;
import org.tnas.pipelines.spark.Preflight;
import org.tnas.pipelines.spark.SerializableHadoopConf;
import org.tnas.pipelines.spark.ShardJobs;

/**
 * The Spark job behind {@code tnas import}: event files on any Hadoop FS in, one committed Arrow
 * shard set out, plus {@value #REPORT_FILE} listing every skipped input with its reason.
 *
 * <p>The driver lists and sorts the inputs and cuts them into groups of {@code
 * import.files-per-task}; each group is one Spark task running {@link ImportTask} with writer id
 * {@code import-<group>}; only small {@link ImportTask.Outcome}s return. The shard layout depends
 * only on the inputs and the settings, never on the cluster size. With {@code import.compact-shards}
 * (the default) the tasks' shards below half the target size are then merged into shards near it
 * ({@link ShardCompaction}, one Spark task per bin) before the commit, and the merged files are
 * deleted after it. Nothing is visible to readers
 * until the driver commits the manifest; a failed job leaves at most files under {@code
 * _temporary} and unlisted shards, which readers ignore.
 */
public final class ImportJob {
  /** The report file written next to the manifest. */
  public static final String REPORT_FILE = "import-report.json";

  private ImportJob() {}

  /** Runs the import and returns its result. */
  public static ImportResult run(ImportSettings settings, SparkSession spark) {
    long start = System.nanoTime();
    Configuration conf = spark.sparkContext().hadoopConfiguration();
    Path output = new Path(settings.output());
    Preflight.checkFileSystems(settings.inputs(), "input");
    Preflight.checkFileSystems(List.of(settings.output()), "import.output");
    ShardJobs.prepareOutput(output, conf, settings.overwrite(), "import");
    List<InputFile> files = InputListing.list(settings.inputs(), conf);
    checkUniqueSampleIds(files);
    List<List<InputFile>> groups = InputListing.group(files, settings.filesPerTask());

    SerializableHadoopConf shippedConf = new SerializableHadoopConf(conf);
    List<IndexedGroup> indexed = new ArrayList<>();
    for (int i = 0; i < groups.size(); i++) {
      indexed.add(new IndexedGroup(i, groups.get(i)));
    }
    List<ImportTask.Outcome> outcomes = ShardJobs.runTasks(spark, "import", indexed, group -> ImportTask.run(
        group.files(), ShardJobs.writerId("import", group.index()), settings, shippedConf.get()));

    List<ShardInfo> shards = new ArrayList<>();
    List<SkippedInput> skipped = new ArrayList<>();
    long converted = 0;
    long events = 0;
    for (ImportTask.Outcome outcome : outcomes) {
      shards.addAll(outcome.shards());
      skipped.addAll(outcome.skipped());
      converted += outcome.converted();
      events += outcome.events();
    }
    // one shard per task is far below the target size for small files: merge the small ones (in
    // Spark tasks, one per bin) before the manifest names the shards; the merged files go after it
    List<ShardInfo> written = shards;
    if (settings.compactShards()) {
      shards = ShardJobs.compact(spark, written, settings.targetShardBytes(), settings.output(), shippedConf,
          settings.writerOptions());
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    ImportResult result = new ImportResult(output.toString(), files.size(), converted, skipped, shards.size(), events, seconds);
    writeReport(output, conf, result);
    Map<String, String> properties = new HashMap<>();
    properties.put("created_by", "tnas import");
    properties.put("dataset", settings.dataset());
    Manifest.commit(output, conf, shards, properties);
    ShardCompaction.deleteMerged(output, conf, written, shards);
    return result;
  }

  /** One task's input: its index (naming its shards) and files. */
  record IndexedGroup(int index, List<InputFile> files) implements java.io.Serializable {}

  private static void checkUniqueSampleIds(List<InputFile> files) {
    Map<String, String> seen = new HashMap<>();
    for (InputFile file : files) {
      String previous = seen.putIfAbsent(file.sampleId(), file.uri());
      if (previous != null) {
        throw new ProjectException(
            OutputErrorCode.DUPLICATE_SAMPLE_ID,
            "Cannot import: inputs " + previous + " and " + file.uri() + " both map to sample id '" + file.sampleId()
                + "' (sample ids are paths relative to the input without extension)");
      }
    }
  }

  private static void writeReport(Path output, Configuration conf, ImportResult result) {
    Map<String, Object> report = new LinkedHashMap<>();
    report.put("inputs", result.inputs());
    report.put("converted", result.converted());
    report.put("skipped_count", result.skipped().size());
    report.put("shards", result.shards());
    report.put("events", result.events());
    report.put("seconds", Math.round(result.seconds() * 1000) / 1000.0);
    List<Map<String, String>> skipped = new ArrayList<>();
    for (SkippedInput input : result.skipped()) {
      Map<String, String> entry = new LinkedHashMap<>();
      entry.put("uri", input.uri());
      entry.put("error_code", input.errorCode());
      entry.put("reason", input.reason());
      skipped.add(entry);
    }
    report.put("skipped", skipped);
    ShardJobs.writeJson(output, REPORT_FILE, report, conf);
  }
}
