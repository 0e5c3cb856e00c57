package org.tnas.pipelines.study;

import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.resource.ResourceProfile;
import org.apache.spark.resource.ResourceProfileBuilder;
import org.apache.spark.resource.TaskResourceRequests;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.tnas.formats.errors.ProjectException;
import org.tnas.pipelines.spark.SerializableHadoopConf;
import org.tnas.search.models.ModelSpec;
import org.tnas.search.models.ModelSpec.ModelKind;
import org.tnas.search.models.ResNetModel;
import org.tnas.formats.fs.HadoopFiles;
import org.tnas.search.training.DjlEngines;
import org.tnas.search.training.Eda;
import org.tnas.search.training.ShardTrainingData;
import org.tnas.search.training.Trainer;
import org.tnas.search.training.TrainingConfig;
import org.tnas.search.training.TrainingResult;

/**
 * {@code tnas eda-study}: Spiking-FER's EDA study as one Spark job. Every (combination, fold, model)
 * is one task that trains one model ({@link Trainer}, one PyTorch thread) and writes its result
 * row to {@code <output>/runs/<task id>.csv} (temporary file + rename) before it returns. A study
 * that was killed is continued by running the same command again: finished runs are read back and
 * only the missing ones are trained. Each run's seed derives from the study seed and the run id,
 * so the table does not depend on the number of executors or the task order.
 *
 * <p>After the common grid, the specific step takes, per model, the combination with the best mean
 * WAR over the folds (ties: the lower mask) and trains it + EventDrop and + EventDrop + Mirror on the
 * same folds (the combination alone is its common result). When the cluster offers GPUs
 * ({@code spark.executor.resource.gpu.amount} set) the runs ask for one GPU per task through a
 * stage-level resource profile; otherwise they run on CPU.
 */
public final class StudyJob {
  private StudyJob() {}

  /** The study's tables, with the number of runs trained by this invocation. */
  public record Result(List<StudyRow> rows, int trainedNow, int pending, StudyReport report, double seconds) {}

  /** Runs (or continues) the study. */
  public static Result run(StudySettings settings, SparkSession spark, Consumer<String> progress) {
    long start = System.nanoTime();
    Configuration conf = spark.sparkContext().hadoopConfiguration();
    Path output = new Path(settings.output());
    Path runs = new Path(output, "runs");
    List<StudyTask> common = new ArrayList<>();
    for (int mask : settings.masks()) {
      for (int fold : settings.folds()) {
        for (ModelKind model : settings.models()) {
          common.add(new StudyTask("common", Eda.fromMask(mask), fold, model));
        }
      }
    }
    int[] budget = {settings.maxRuns() == 0 ? Integer.MAX_VALUE : settings.maxRuns()};
    int trained = runAll(common, settings, spark, conf, runs, budget, progress);
    List<StudyRow> rows = readRows(runs, conf);
    int pending = missing(common, rows).size();
    if (settings.specific() && pending == 0) {
      List<StudyTask> specific = new ArrayList<>();
      for (ModelKind model : settings.models()) {
        Set<Eda> best = StudyReport.bestCombination(rows, model.name().toLowerCase(Locale.ROOT));
        for (int fold : settings.folds()) {
          Set<Eda> withDrop = EnumSet.noneOf(Eda.class);
          withDrop.addAll(best);
          withDrop.add(Eda.EVENTDROP);
          specific.add(new StudyTask("specific", withDrop, fold, model));
          Set<Eda> withMirror = EnumSet.copyOf(withDrop);
          withMirror.add(Eda.MIRROR);
          specific.add(new StudyTask("specific", withMirror, fold, model));
        }
      }
      trained += runAll(specific, settings, spark, conf, runs, budget, progress);
      rows = readRows(runs, conf);
      pending += missing(specific, rows).size();
    } else if (settings.specific()) {
      pending += settings.models().size() * settings.folds().size() * 2;
    }
    rows = StudyRow.sorted(rows);
    StringBuilder csv = new StringBuilder(StudyRow.HEADER).append('\n');
    for (StudyRow row : rows) {
      csv.append(row.csv()).append('\n');
    }
    HadoopFiles.writeAtomically(new Path(output, "results.csv"), conf, csv.toString().getBytes(StandardCharsets.UTF_8));
    StudyTable.write(rows, new Path(output, StudyTable.FILE), conf);
    StudyReport report = StudyReport.of(rows);
    report.write(output, conf, pending);
    if (settings.specific()) {
      HadoopFiles.writeAtomically(new Path(output, "specific.png"), conf, report.specificPng(rows));
    }
    return new Result(rows, trained, pending, report, (System.nanoTime() - start) / 1e9);
  }

  private static List<StudyTask> missing(List<StudyTask> tasks, List<StudyRow> rows) {
    Set<String> done = new HashSet<>();
    for (StudyRow row : rows) {
      done.add(row.id());
    }
    return tasks.stream().filter(task -> !done.contains(task.id())).toList();
  }

  private static int runAll(List<StudyTask> tasks, StudySettings settings, SparkSession spark, Configuration conf, Path runs,
      int[] budget, Consumer<String> progress) {
    List<StudyTask> todo = new ArrayList<>(missing(tasks, readRows(runs, conf)));
    progress.accept(String.format(Locale.ROOT, "%d of %d runs already finished, %d to train%s", tasks.size() - todo.size(),
        tasks.size(), todo.size(), todo.size() > budget[0] ? " (this invocation trains " + budget[0] + ")" : ""));
    if (todo.size() > budget[0]) {
      todo = todo.subList(0, budget[0]);
    }
    budget[0] -= todo.size();
    if (todo.isEmpty()) {
      return 0;
    }
    JavaSparkContext context = JavaSparkContext.fromSparkContext(spark.sparkContext());
    SerializableHadoopConf hadoop = new SerializableHadoopConf(conf);
    String runsPath = runs.toString();
    JavaRDD<StudyTask> rdd = context.parallelize(todo, todo.size());
    if (spark.sparkContext().getConf().contains("spark.executor.resource.gpu.amount")) {
      TaskResourceRequests requests = new TaskResourceRequests().cpus(1).resource("gpu", 1);
      ResourceProfile profile = new ResourceProfileBuilder().require(requests).build();
      rdd = rdd.withResources(profile);
    }
    List<String> finished = rdd.map(task -> {
      StudyRow row = train(task, settings, hadoop.get());
      HadoopFiles.writeAtomically(new Path(runsPath, task.id() + ".csv"), hadoop.get(),
          (StudyRow.HEADER + "\n" + row.csv() + "\n").getBytes(StandardCharsets.UTF_8));
      return row.csv();
    }).collect();
    progress.accept("trained " + finished.size() + " runs");
    return finished.size();
  }

  /**
   * The study's {@code results.arrow} as a Spark SQL DataFrame (Spark has no built-in Arrow IPC
   * file source): read on the driver with {@link StudyTable#read}, one row per run, the columns of
   * {@link StudyTable#SCHEMA}. E.g. {@code dataFrame(spark, path).createOrReplaceTempView("study")},
   * then {@code spark.sql("SELECT model, avg(war) FROM study GROUP BY model")}.
   */
  public static Dataset<Row> dataFrame(SparkSession spark, Path path) {
    List<Row> rows = new ArrayList<>();
    for (StudyRow r : StudyTable.read(path, spark.sparkContext().hadoopConfiguration())) {
      rows.add(RowFactory.create(r.id(), r.phase(), r.edas(), r.mask(), r.fold(), r.model(), r.war(), r.uar(), r.bestEpoch(),
          r.epochs(), r.seconds()));
    }
    StructType schema = new StructType()
        .add("id", DataTypes.StringType, false).add("phase", DataTypes.StringType, false)
        .add("edas", DataTypes.StringType, false).add("mask", DataTypes.IntegerType, false)
        .add("fold", DataTypes.IntegerType, false).add("model", DataTypes.StringType, false)
        .add("war", DataTypes.DoubleType, false).add("uar", DataTypes.DoubleType, false)
        .add("best_epoch", DataTypes.IntegerType, false).add("epochs", DataTypes.IntegerType, false)
        .add("seconds", DataTypes.DoubleType, false);
    return spark.createDataFrame(rows, schema);
  }

  /** Trains one run (on the executor). */
  static StudyRow train(StudyTask task, StudySettings settings, Configuration conf) {
    long start = System.nanoTime();
    long seed = task.seed(settings.seed());
    ModelSpec spec = settings.model().withKind(task.model());
    TrainingConfig config = settings.training().withSeed(seed).withThreads(1);
    ShardTrainingData data = ShardTrainingData.load(new Path(settings.shards()), conf, task.fold(), java.util.Set.of(),
        settings.representation(), Eda.pipeline(task.edas()), settings.cropDomain(), spec.classCount(), seed, settings.limit());
    DjlEngines.pytorch(1);
    try (NDManager manager = NDManager.newBaseManager(DjlEngines.ENGINE_NAME);
        ResNetModel model = new ResNetModel(spec, manager, seed);
        Trainer trainer = new Trainer(model, config, null, null, false, line -> { })) {
      TrainingResult result = trainer.train(data);
      return new StudyRow(task.id(), task.phase(), Eda.format(task.edas()), Eda.mask(task.edas()), task.fold(),
          task.model().name().toLowerCase(Locale.ROOT), result.bestMetrics().war(), result.bestMetrics().uar(),
          result.bestEpoch() + 1, result.epochs().size(), (System.nanoTime() - start) / 1e9);
    }
  }

  /** Every finished run under {@code runs}. */
  static List<StudyRow> readRows(Path runs, Configuration conf) {
    List<StudyRow> rows = new ArrayList<>();
    try {
      FileSystem fs = runs.getFileSystem(conf);
      if (!fs.exists(runs)) {
        return rows;
      }
      for (FileStatus status : fs.listStatus(runs)) {
        String name = status.getPath().getName();
        if (!name.endsWith(".csv") || name.startsWith(".")) {
          continue;
        }
        String[] lines = new String(HadoopFiles.read(status.getPath(), conf), StandardCharsets.UTF_8).split("\n");
        rows.add(StudyRow.parse(lines[1]));
      }
    } catch (IOException e) {
      throw HadoopFiles.failure("read study runs", runs, e);
    }
    return rows;
  }

  static Map<String, List<StudyRow>> byModel(List<StudyRow> rows) {
    Map<String, List<StudyRow>> result = new LinkedHashMap<>();
    for (StudyRow row : rows) {
      result.computeIfAbsent(row.model(), key -> new ArrayList<>()).add(row);
    }
    return result;
  }
}
