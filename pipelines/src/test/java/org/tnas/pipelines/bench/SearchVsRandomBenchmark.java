package org.tnas.pipelines.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.SparkSession;
import org.tnas.formats.config.StrictConfig;
import org.tnas.pipelines.pipeline.SpaceChoice;
import org.tnas.pipelines.spark.SparkSessions;
import org.tnas.pipelines.synthesize.SynthesizeJob;
import org.tnas.pipelines.synthesize.SynthesizeSettings;
import org.tnas.search.data.ShardDataSource;
import org.tnas.search.evaluation.EvaluationData;
import org.tnas.search.evaluation.InProcessEvaluator;
import org.tnas.search.evaluation.SupernetScorerFactory;
import org.tnas.search.evolution.Hypervolume;
import org.tnas.search.evolution.StrategyKind;
import org.tnas.search.report.SearchReport;
import org.tnas.search.run.SearchConf;
import org.tnas.search.run.SearchResult;
import org.tnas.search.run.SearchRun;
import org.tnas.search.space.SearchSpace;
import org.tnas.search.supernet.OptimizerKind;
import org.tnas.search.supernet.SupernetConfig;
import org.tnas.search.supernet.SupernetTraining;
import org.tnas.udfs.core.FrameMode;
import org.tnas.udfs.core.FrameRepresentation;

/**
 * Evolution vs random search at equal evaluation budget on the project's synthetic sample data
 * (emulator-made eye clips of 7 emotions), over several search seeds with one trained supernet:
 * best validation fitness and hypervolume of the (WAR, SynOps) front with a shared reference, for
 * the scalar-fitness evolution and the multi-objective (NSGA-II) evolution, each against the same
 * random-search runs. Split: subject 9 is held out as test (fold 9), and the validation split is a
 * seeded {@code validation fraction} of the other subjects' clips (default 0.3: about 27 % of all
 * clips, so the fitness is measured on more clips than the synthetic sample's one validation
 * subject).
 *
 * <pre>
 * mvn -o -q -pl pipelines test-compile exec:exec -Dexec.mainClass=org.tnas.pipelines.bench.SearchVsRandomBenchmark \
 *     "-Dexec.benchmarkArgs=<clips per class> <seeds> <population> <generations>"
 * </pre>
 */
public final class SearchVsRandomBenchmark {
  private SearchVsRandomBenchmark() {}

  public static void main(String[] args) throws Exception {
    int clips = args.length > 0 ? Integer.parseInt(args[0]) : 60;
    int seeds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    int population = args.length > 2 ? Integer.parseInt(args[2]) : 12;
    int generations = args.length > 3 ? Integer.parseInt(args[3]) : 5;
    double validationFraction = args.length > 4 ? Double.parseDouble(args[4]) : 0.3;
    int epochs = args.length > 5 ? Integer.parseInt(args[5]) : 15;
    Path work = Files.createTempDirectory("search-vs-random");
    Configuration conf = new Configuration();
    String shards = work.resolve("shards").toUri().toString();
    SparkSession spark = SparkSessions.getOrCreate("search-vs-random", "local[2]", Map.of());
    try {
      SynthesizeJob.run(new SynthesizeSettings(shards, "eye", clips, 30, 64, 48, "spiking-fer", 1, 16, 64L << 20, true), spark);
    } finally {
      spark.stop();
    }
    FrameRepresentation frames = FrameRepresentation.timeBins(6, FrameMode.BINARY, 64, 48);
    ShardDataSource source = new ShardDataSource(shards, frames, 7, 9, validationFraction, 1, Map.of());
    EvaluationData data = source.load();
    SearchSpace space = SpaceChoice.SMALL.create(frames.channels(), frames.height(), frames.width(), 7);
    String checkpoint = work.resolve("supernet.ckpt").toUri().toString();
    SupernetConfig training = SupernetConfig.defaults().withEpochs(epochs).withBatchSize(16)
        .withOptimizer(OptimizerKind.ADAM, 0.005).withSeed(1).withThreads(2);
    SupernetTraining.train(space, data.calibration(), data.validation(), training, new org.apache.hadoop.fs.Path(checkpoint), conf);
    SupernetScorerFactory factory = new SupernetScorerFactory(checkpoint, space, source, 16, 8, 32, 1);

    System.out.printf(Locale.ROOT, "SearchVsRandomBenchmark: %d clips per class (train %d, validation %d), population %d x %d"
        + " generations per run, %d seeds, supernet %d epochs; load average %.2f%n", clips, data.calibration().size(),
        data.validation().size(), population, generations, seeds, epochs,
        java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    System.out.printf(Locale.ROOT, "%5s %12s %12s %12s | %12s %12s %12s%n", "seed", "scalar best", "pareto best",
        "random best", "scalar HV", "pareto HV", "random HV");
    int[] bestWins = new int[2];
    int[] bestTies = new int[2];
    int[] volumeWins = new int[2];
    double[][] sums = new double[3][2];
    for (int seed = 1; seed <= seeds; seed++) {
      SearchResult[] runs = new SearchResult[3];
      try (InProcessEvaluator evaluator = new InProcessEvaluator(factory, 2, 2)) {
        runs[0] = SearchRun.run(conf(work, "scalar-" + seed, seed, population, generations, StrategyKind.EVOLUTION, "scalar"),
            space, evaluator, conf);
        runs[1] = SearchRun.run(conf(work, "pareto-" + seed, seed, population, generations, StrategyKind.EVOLUTION, "pareto"),
            space, evaluator, conf);
        runs[2] = SearchRun.run(conf(work, "random-" + seed, seed, population, generations, StrategyKind.RANDOM, "scalar"),
            space, evaluator, conf);
      }
      double reference = 0;
      for (SearchResult run : runs) {
        reference = Math.max(reference, Hypervolume.referenceFor(SearchReport.points(run)));
      }
      double[] best = new double[3];
      double[] volume = new double[3];
      for (int i = 0; i < 3; i++) {
        best[i] = runs[i].best().fitness(0.5);
        volume[i] = Hypervolume.of(SearchReport.points(runs[i]), reference);
        sums[i][0] += best[i];
        sums[i][1] += volume[i];
      }
      for (int i = 0; i < 2; i++) {
        bestWins[i] += best[i] > best[2] ? 1 : 0;
        bestTies[i] += best[i] == best[2] ? 1 : 0;
        volumeWins[i] += volume[i] > volume[2] ? 1 : 0;
      }
      System.out.printf(Locale.ROOT, "%5d %12.4f %12.4f %12.4f | %12.4f %12.4f %12.4f%n", seed, best[0], best[1], best[2],
          volume[0], volume[1], volume[2]);
    }
    System.out.printf(Locale.ROOT, "%5s %12.4f %12.4f %12.4f | %12.4f %12.4f %12.4f%n", "mean", sums[0][0] / seeds,
        sums[1][0] / seeds, sums[2][0] / seeds, sums[0][1] / seeds, sums[1][1] / seeds, sums[2][1] / seeds);
    String[] names = {"scalar evolution", "pareto evolution"};
    for (int i = 0; i < 2; i++) {
      System.out.printf(Locale.ROOT, "%s vs random: better best fitness on %d of %d seeds (%d ties); larger hypervolume on %d of %d%n",
          names[i], bestWins[i], seeds, bestTies[i], volumeWins[i], seeds);
    }
  }

  static SearchConf conf(Path work, String id, long seed, int population, int generations, StrategyKind kind,
      String mode) {
    String output = work.resolve(id).toUri().toString();
    Map<String, String> values = Map.of("search.output", output, "search.run-id", id, "search.seed", Long.toString(seed),
        "search.population-size", Integer.toString(population), "search.top-k", Integer.toString(Math.max(1, population / 3)),
        "search.mutation.count", Integer.toString(population / 2), "search.crossover.count", Integer.toString(population / 2),
        "search.generations", Integer.toString(generations), "search.strategy", kind.name(), "search.mode", mode);
    return SearchConf.from(StrictConfig.builder(SearchConf.KEYS).layer(values, "benchmark").build());
  }
}
