package org.tnas.pipelines.spark;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.Function;
import org.apache.spark.sql.SparkSession;
import org.tnas.formats.errors.OutputErrorCode;
import org.tnas.formats.errors.ProjectException;
import org.tnas.formats.fs.HadoopFiles;
import org.tnas.formats.shards.ShardCompaction;
import org.tnas.formats.shards.ShardInfo;
import org.tnas.formats.shards.ShardWriterOptions;
import org.tnas.formats.util.Progress;

/**
 * What every job that writes a shard set shares: preparing the output directory, running one
 * Spark task per work unit with a progress line, and writing small JSON side files atomically.
 */
public final class ShardJobs {
  private ShardJobs() {}

  /**
   * Merges the small ones of {@code written} (shards of one set under {@code output}) towards
   * {@code targetBytes}, in Spark tasks, one per bin of {@link ShardCompaction#plan}; returns the
   * shards the manifest must name: the kept ones, then the merged ones. The merged-away files stay
   * until the caller has committed the manifest (one shard per task is far below the target size
   * for small inputs).
   */
  public static List<ShardInfo> compact(SparkSession spark, List<ShardInfo> written, long targetBytes, String output,
      SerializableHadoopConf conf, ShardWriterOptions writerOptions) {
    ShardCompaction.Plan plan = ShardCompaction.plan(written, targetBytes);
    List<ShardInfo> shards = new ArrayList<>(plan.kept());
    for (List<ShardInfo> merged : runTasks(spark, "compact shards", plan.bins(),
        bin -> ShardCompaction.rewrite(new Path(output), conf.get(), writerOptions, bin,
            writerId("compact", bin.index())))) {
      shards.addAll(merged);
    }
    return shards;
  }

  /**
   * Makes sure {@code output} can receive a new shard set: refuses a non-empty directory unless
   * {@code overwrite}, in which case it is deleted first.
   */
  public static void prepareOutput(Path output, Configuration conf, boolean overwrite, String command) {
    try {
      FileSystem fs = output.getFileSystem(conf);
      if (fs.exists(output)) {
        boolean hasEntries = fs.listStatus(output).length > 0;
        if (hasEntries && !overwrite) {
          throw new ProjectException(OutputErrorCode.OUTPUT_EXISTS,
              "Cannot " + command + ": output " + output + " exists and is not empty (use --overwrite to replace it)");
        }
        if (hasEntries) {
          fs.delete(output, true);
        }
      }
      fs.mkdirs(output);
    } catch (IOException e) {
      throw HadoopFiles.failure("prepare output", output, e);
    }
  }

  /**
   * Runs {@code work} on every unit, one Spark task per unit, and returns the results in unit
   * order. A progress line (tasks done, rate, ETA) is printed on stderr.
   */
  public static <U extends Serializable, R> List<R> runTasks(SparkSession spark, String name, List<U> units,
      Function<U, R> work) {
    if (units.isEmpty()) {
      return List.of();
    }
    Progress progress = Progress.onStderr(name, "tasks", units.size());
    TaskProgressListener listener = new TaskProgressListener(progress);
    spark.sparkContext().addSparkListener(listener);
    try {
      return new ArrayList<>(JavaSparkContext.fromSparkContext(spark.sparkContext())
          .parallelize(units, units.size())
          .map(work)
          .collect());
    } finally {
      spark.sparkContext().removeSparkListener(listener);
      progress.finish();
    }
  }

  /**
   * The shard writer id of work unit {@code index}: {@code <prefix>-<index>} on a first attempt,
   * {@code <prefix>-<index>-a<attempt>} when Spark retries the task, so that the files of a lost
   * attempt (whose executor died before it could abort) never collide with its retry's. Readers
   * only see the shards of the attempt whose result reached the driver.
   */
  public static String writerId(String prefix, int index) {
    org.apache.spark.TaskContext task = org.apache.spark.TaskContext.get();
    int attempt = task == null ? 0 : task.attemptNumber();
    String base = String.format(java.util.Locale.ROOT, "%s-%05d", prefix, index);
    return attempt == 0 ? base : base + "-a" + attempt;
  }

  /** Writes {@code content} as indented JSON to {@code dir/name} ({@link HadoopFiles#writeAtomically}). */
  public static void writeJson(Path dir, String name, Map<String, Object> content, Configuration conf) {
    byte[] json;
    try {
      json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsBytes(content);
    } catch (IOException e) {
      throw new IllegalStateException("Cannot write " + name + ": the content is not serialisable as JSON: " + e.getMessage(), e);
    }
    HadoopFiles.writeAtomically(new Path(dir, name), conf, json);
  }

}
