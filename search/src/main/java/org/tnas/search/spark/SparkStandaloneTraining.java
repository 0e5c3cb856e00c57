package org.tnas.search.spark;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import org.apache.spark.SparkEnv;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.SparkSession;
import org.tnas.search.ranking.StandaloneTraining;

/**
 * Runs a ranking study's stand-alone trainings on a Spark cluster: one task per (subnet, seed), in
 * the order given (the heaviest first is the caller's choice); each executor loads the data once
 * per JVM. Results come back sorted by (subnet, seed), so the cluster's size and scheduling never
 * change the table. Driver-side; the shipped function holds only the serialisable training recipe.
 */
public final class SparkStandaloneTraining {
  private SparkStandaloneTraining() {}

  /** Runs every task and returns the scores sorted by subnet index, then seed index. */
  public static List<StandaloneTraining.Score> run(SparkSession spark, StandaloneTraining training,
      List<StandaloneTraining.Task> tasks) {
    Objects.requireNonNull(spark, "spark is null");
    Objects.requireNonNull(training, "training is null");
    if (tasks.isEmpty()) {
      return List.of();
    }
    JavaSparkContext context = JavaSparkContext.fromSparkContext(spark.sparkContext());
    context.setJobGroup("tnas-ranking", "train " + tasks.size() + " subnets stand-alone", false);
    try {
      List<StandaloneTraining.Score> scores = new ArrayList<>(
          context.parallelize(tasks, tasks.size()).mapPartitions(new TrainTask(training)).collect());
      scores.sort(ORDER);
      return scores;
    } finally {
      context.clearJobGroup();
    }
  }

  /** In this JVM, one after another (tests, {@code pipeline.evaluator=in-process}). */
  public static List<StandaloneTraining.Score> runInProcess(StandaloneTraining training,
      List<StandaloneTraining.Task> tasks) {
    List<StandaloneTraining.Score> scores = new ArrayList<>();
    for (StandaloneTraining.Task task : tasks) {
      scores.add(training.run(task, "driver"));
    }
    scores.sort(ORDER);
    return scores;
  }

  private static final Comparator<StandaloneTraining.Score> ORDER = Comparator
      .comparingInt(StandaloneTraining.Score::subnetIndex).thenComparingInt(StandaloneTraining.Score::seedIndex);

  static final class TrainTask implements FlatMapFunction<Iterator<StandaloneTraining.Task>, StandaloneTraining.Score> {
    private static final long serialVersionUID = 1L;
    private final StandaloneTraining training;

    TrainTask(StandaloneTraining training) {
      this.training = training;
    }

    @Override
    public Iterator<StandaloneTraining.Score> call(Iterator<StandaloneTraining.Task> tasks) {
      String executor = "executor-" + (SparkEnv.get() == null ? "unknown" : SparkEnv.get().executorId());
      List<StandaloneTraining.Score> scores = new ArrayList<>();
      while (tasks.hasNext()) {
        scores.add(training.run(tasks.next(), executor));
      }
      return scores.iterator();
    }
  }
}
