package org.tnas.pipelines.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.SparkSession;
import org.tnas.formats.config.StrictConfig;
import org.tnas.pipelines.pipeline.PipelineJob;
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
import org.tnas.udfs.core.FrameMode;
import org.tnas.udfs.core.FrameRepresentation;

/**
 * Evolution vs random search at equal evaluation budget on the project's synthetic sample data
 * (emulator-made eye clips of 7 emotions), over several search seeds with one trained supernet:
 * best validation fitness and hypervolume of the (WAR, SynOps) front with a shared reference.
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
    ShardDataSource source = new ShardDataSource(shards, frames, 7, -1, 0.2, 1, Map.of());
    EvaluationData data = source.load();
    SearchSpace space = PipelineJob.space("small", frames.channels(), frames.height(), frames.width(), 7);
    String checkpoint = work.resolve("supernet.ckpt").toUri().toString();
    SupernetConfig training = SupernetConfig.defaults().withEpochs(15).withBatchSize(16)
        .withOptimizer(OptimizerKind.ADAM, 0.005).withSeed(1).withThreads(2);
    PipelineJob.trainSupernet(space, data, training, new org.apache.hadoop.fs.Path(checkpoint), conf);
    SupernetScorerFactory factory = new SupernetScorerFactory(checkpoint, space, source, 16, 8, 32, 1);

    System.out.printf(Locale.ROOT, "SearchVsRandomBenchmark: %d clips per class (train %d, validation %d), population %d x %d"
        + " generations per run, %d seeds%n", clips, data.calibration().size(), data.validation().size(), population,
        generations, seeds);
    System.out.printf(Locale.ROOT, "%5s %16s %16s %16s %16s%n", "seed", "evolution best", "random best", "evolution HV", "random HV");
    int bestWins = 0;
    int bestTies = 0;
    int volumeWins = 0;
    for (int seed = 1; seed <= seeds; seed++) {
      SearchResult evolution;
      SearchResult random;
      try (InProcessEvaluator evaluator = new InProcessEvaluator(factory, 2, 2)) {
        evolution = SearchRun.run(conf(work, "evolution-" + seed, seed, population, generations, StrategyKind.EVOLUTION),
            space, evaluator, conf);
        random = SearchRun.run(conf(work, "random-" + seed, seed, population, generations, StrategyKind.RANDOM),
            space, evaluator, conf);
      }
      double e = evolution.best().fitness(0.5);
      double r = random.best().fitness(0.5);
      double reference = Math.max(Hypervolume.referenceFor(SearchReport.points(evolution)),
          Hypervolume.referenceFor(SearchReport.points(random)));
      double ev = Hypervolume.of(SearchReport.points(evolution), reference);
      double rv = Hypervolume.of(SearchReport.points(random), reference);
      bestWins += e > r ? 1 : 0;
      bestTies += e == r ? 1 : 0;
      volumeWins += ev > rv ? 1 : 0;
      System.out.printf(Locale.ROOT, "%5d %16.4f %16.4f %16.4f %16.4f%n", seed, e, r, ev, rv);
    }
    System.out.printf(Locale.ROOT, "evolution better best fitness on %d of %d seeds (%d ties); larger hypervolume on %d of %d%n",
        bestWins, seeds, bestTies, volumeWins, seeds);
  }

  static SearchConf conf(Path work, String id, long seed, int population, int generations, StrategyKind kind) {
    String output = work.resolve(id).toUri().toString();
    Map<String, String> values = Map.of("search.output", output, "search.run-id", id, "search.seed", Long.toString(seed),
        "search.population-size", Integer.toString(population), "search.top-k", Integer.toString(Math.max(1, population / 3)),
        "search.mutation.count", Integer.toString(population / 2), "search.crossover.count", Integer.toString(population / 2),
        "search.generations", Integer.toString(generations), "search.strategy", kind.name());
    return SearchConf.from(StrictConfig.builder(SearchConf.KEYS).layer(values, "benchmark").build());
  }
}
