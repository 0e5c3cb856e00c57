package org.tnas.search.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.SparkSession;
import org.tnas.formats.util.Seeds;
import org.tnas.search.evaluation.CandidateSpec;
import org.tnas.search.evaluation.Evaluator;
import org.tnas.search.evaluation.InProcessEvaluator;
import org.tnas.search.evaluation.ScorerPool;
import org.tnas.search.evaluation.SupernetScorerFactory;
import org.tnas.search.evaluation.SupernetScorerTest;
import org.tnas.search.space.Genome;
import org.tnas.search.spark.SparkEvaluator;

/**
 * Generation wall time of the population evaluation with the real supernet scorer: Spark with one
 * executor core vs two ({@code local[1]} vs {@code local[2]}, standing in for one and two
 * single-core workers on this 2-core machine), and the Spark evaluator's overhead against the
 * in-process evaluator on the same cores (2 threads vs {@code local[2]}). Each configuration
 * evaluates the same generations of distinct random genomes; the first generation warms the
 * per-JVM scorer cache and is not timed.
 *
 * <p>Scales: {@code tiny} (the unit tests' supernet: 4 channels of 16x16, about 15 ms per candidate)
 * and {@code pipeline} (the quickstart's network inputs: 12 channels of 48x64, 7 classes, the small
 * search space, 60 validation samples; the supernet is trained for one epoch, which does not change
 * the cost of scoring).
 *
 * <pre>
 * mvn -o -q -pl search test-compile exec:exec -Dexec.mainClass=org.tnas.search.bench.SearchBenchmark \
 *     "-Dexec.benchmarkArgs=<population> <generations> <candidates per task> [tiny|pipeline]"
 * </pre>
 */
public final class SearchBenchmark {
  private SearchBenchmark() {}

  public static void main(String[] args) throws Exception {
    int population = args.length > 0 ? Integer.parseInt(args[0]) : 16;
    int generations = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    int perTask = args.length > 2 ? Integer.parseInt(args[2]) : 8;
    String scale = args.length > 3 ? args[3] : "tiny";
    Path directory = Files.createTempDirectory("search-benchmark");
    SupernetScorerFactory factory = scale.equals("pipeline") ? pipelineScaleFactory(directory)
        : SupernetScorerTest.factory(SupernetScorerTest.trainCheckpoint(directory));
    space = factory.space();
    System.out.printf(Locale.ROOT, "SearchBenchmark: %d candidates per generation, %d timed generations, %d candidates per"
        + " Spark task, real supernet scorer, scale %s; load average %.2f%n", population, generations, perTask, scale,
        java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());

    double inProcess;
    try (InProcessEvaluator evaluator = new InProcessEvaluator(factory, 2, 2)) {
      inProcess = secondsPerGeneration(evaluator, population, generations);
    }
    ScorerPool.clear();
    double oneCore = sparkSecondsPerGeneration("local[1]", factory, population, generations, perTask);
    ScorerPool.clear();
    double twoCores = sparkSecondsPerGeneration("local[2]", factory, population, generations, perTask);
    System.out.printf(Locale.ROOT, "in-process evaluator, 2 threads      %8.3f s per generation%n", inProcess);
    System.out.printf(Locale.ROOT, "Spark evaluator, 1 executor core     %8.3f s per generation%n", oneCore);
    System.out.printf(Locale.ROOT, "Spark evaluator, 2 executor cores    %8.3f s per generation%n", twoCores);
    System.out.printf(Locale.ROOT, "speed-up 2 cores vs 1 core           %8.3fx (goal >= 1.8x)%n", oneCore / twoCores);
    System.out.printf(Locale.ROOT, "Spark overhead vs in-process, 2 cores %7.3fx (goal <= 1.2x)%n", twoCores / inProcess);
  }

  static double sparkSecondsPerGeneration(String master, SupernetScorerFactory factory, int population, int generations,
      int perTask) {
    SparkSession spark = SparkSession.builder().master(master).appName("search-benchmark")
        .config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.ui.enabled", "false").getOrCreate();
    spark.sparkContext().setLogLevel("WARN");
    try (SparkEvaluator evaluator = new SparkEvaluator(spark, factory, perTask, 2)) {
      return secondsPerGeneration(evaluator, population, generations);
    } finally {
      spark.stop();
    }
  }

  static double secondsPerGeneration(Evaluator evaluator, int population, int generations) {
    evaluator.evaluate(generation(0, population));
    long start = System.nanoTime();
    for (int g = 1; g <= generations; g++) {
      evaluator.evaluate(generation(g, population));
    }
    return (System.nanoTime() - start) / 1e9 / generations;
  }

  private static org.tnas.search.space.SearchSpace space = SupernetScorerTest.SPACE;

  /** The quickstart's input size and search space, with a supernet trained for one epoch. */
  static SupernetScorerFactory pipelineScaleFactory(Path directory) {
    org.tnas.search.space.SearchSpace pipelineSpace = org.tnas.search.space.SearchSpace.defaults(12, 48, 64, 7)
        .withDepthChoices(List.of(2, 3, 4)).withKernelChoices(List.of(3, 5)).withWidthChoices(List.of(8, 16, 24));
    org.tnas.search.evaluation.SyntheticDataSource data =
        new org.tnas.search.evaluation.SyntheticDataSource(120, 12, 48, 64, 7, 0.05, 11, 0.5);
    String path = directory.resolve("supernet.ckpt").toUri().toString();
    org.tnas.search.training.DjlEngines.pytorch(1);
    org.tnas.search.supernet.SupernetConfig config = org.tnas.search.supernet.SupernetConfig.defaults().withEpochs(1)
        .withBatchSize(16).withOptimizer(org.tnas.search.supernet.OptimizerKind.ADAM, 5e-3).withSeed(4).withThreads(1);
    try (ai.djl.ndarray.NDManager manager = ai.djl.ndarray.NDManager.newBaseManager();
        org.tnas.search.supernet.Supernet supernet = org.tnas.search.supernet.Supernet.create(pipelineSpace, manager, 4);
        org.tnas.search.supernet.SupernetTrainer trainer = org.tnas.search.supernet.SupernetTrainer.singlePath(supernet, config)) {
      trainer.train(data.load().calibration());
      org.tnas.search.supernet.SupernetCheckpoint.save(supernet, new org.apache.hadoop.fs.Path(path),
          new org.apache.hadoop.conf.Configuration());
    }
    return new SupernetScorerFactory(path, pipelineSpace, data, 16, 2, 12, 1);
  }

  static List<CandidateSpec> generation(int generation, int population) {
    List<CandidateSpec> specs = new ArrayList<>();
    for (int i = 0; i < population; i++) {
      Genome genome = Genome.random(space, Seeds.random(99, generation, i));
      specs.add(CandidateSpec.first("benchmark", 99, generation, i, genome.toCompactString()));
    }
    return specs;
  }
}
