package org.tnas.pipelines.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.SparkSession;
import org.tnas.formats.samples.SampleRecord;
import org.tnas.formats.shards.Manifest;
import org.tnas.formats.shards.SampleEntry;
import org.tnas.formats.shards.ShardInfo;
import org.tnas.pipelines.pipeline.SpaceChoice;
import org.tnas.pipelines.spark.SparkSessions;
import org.tnas.pipelines.synthesize.SynthesizeJob;
import org.tnas.pipelines.synthesize.SynthesizeSettings;
import org.tnas.search.data.ShardDataSource;
import org.tnas.search.data.TestSplit;
import org.tnas.search.evaluation.EvaluationData;
import org.tnas.search.evaluation.InProcessEvaluator;
import org.tnas.search.evaluation.SupernetScorerFactory;
import org.tnas.search.evolution.Hypervolume;
import org.tnas.search.evolution.StrategyKind;
import org.tnas.search.report.SearchReport;
import org.tnas.search.run.SearchResult;
import org.tnas.search.run.SearchRun;
import org.tnas.search.space.SearchSpace;
import org.tnas.search.supernet.OptimizerKind;
import org.tnas.search.supernet.SupernetConfig;
import org.tnas.search.supernet.SupernetTraining;
import org.tnas.udfs.core.FrameMode;
import org.tnas.udfs.core.FrameRepresentation;

/**
 * Search vs random search at equal budget as a statistic (../shared/docs/SEARCH.md section 4):
 * for each of several supernet seeds (a supernet trained per seed, budget sized like the pipeline's
 * default: steps per block choice) and each of several search seeds, the scalar-fitness evolution
 * and random search run with the same evaluation budget on the same supernet; the paired
 * differences (evolution - random) of the best validation fitness and of the hypervolume of the
 * (WAR, SynOps) front (shared reference per pair) are summarised as a mean with a 95 % percentile
 * bootstrap interval (10,000 resamples of the pairs, seeded), a two-sided sign test and a Wilcoxon
 * signed-rank test (normal approximation with tie correction). Prints the machine (CPU model, ISA,
 * cores, load).
 *
 * <p>Data: {@code synthetic} (the synthetic eye sample, 40 clips per class, subject 9 held out), or
 * the path of a labelled shard set (for example OpenCV's digits rendered by {@code
 * DigitSaccades} and converted with {@code tnas convert --layout generic}), whose test split is a
 * subject-grouped 20 % ({@link TestSplit#chooseSubjects}).
 *
 * <pre>
 * java -cp "pipelines/target/test-classes:pipelines/target/classes:pipelines/target/lib/*" $(cat pipelines/target/classes/tnas-jvm.options) \
 *   org.tnas.pipelines.bench.SearchVsRandomStatistic <synthetic|shards dir> [supernet seeds 2] [search seeds 10] \
 *   [population 12] [generations 5] [steps per choice 60]
 * </pre>
 */
public final class SearchVsRandomStatistic {
  private static final int BOOTSTRAP = 10_000;
  private static final double VALIDATION_FRACTION = 0.3;

  private SearchVsRandomStatistic() {}

  public static void main(String[] args) throws Exception {
    String dataArg = args.length > 0 ? args[0] : "synthetic";
    int supernetSeeds = args.length > 1 ? Integer.parseInt(args[1]) : 2;
    int searchSeeds = args.length > 2 ? Integer.parseInt(args[2]) : 10;
    int population = args.length > 3 ? Integer.parseInt(args[3]) : 12;
    int generations = args.length > 4 ? Integer.parseInt(args[4]) : 5;
    int stepsPerChoice = args.length > 5 ? Integer.parseInt(args[5]) : 60;
    Path work = Files.createTempDirectory("search-vs-random-statistic");
    Configuration conf = new Configuration();
    String shards;
    if (dataArg.equals("synthetic")) {
      shards = work.resolve("shards").toUri().toString();
      SparkSession spark = SparkSessions.getOrCreate("search-vs-random", "local[2]", Map.of());
      try {
        SynthesizeJob.run(new SynthesizeSettings(shards, "eye", 40, 30, 64, 48, "spiking-fer", 1, 16, 64L << 20, true), spark);
      } finally {
        spark.stop();
      }
    } else {
      shards = Path.of(dataArg).toUri().toString();
    }
    Manifest manifest = Manifest.read(new org.apache.hadoop.fs.Path(shards), conf);
    List<SampleRecord> records = new ArrayList<>();
    int classes = 0;
    int width = 0;
    int height = 0;
    for (ShardInfo shard : manifest.shards()) {
      for (SampleEntry entry : shard.samples()) {
        records.add(entry.record());
        classes = Math.max(classes, entry.record().labelIndex() + 1);
        width = entry.geometry().width();
        height = entry.geometry().height();
      }
    }
    TestSplit split = dataArg.equals("synthetic") ? TestSplit.ofFold(9)
        : TestSplit.ofSubjects(TestSplit.chooseSubjects(records, 0.2, 1));
    FrameRepresentation frames = FrameRepresentation.timeBins(6, FrameMode.BINARY, width, height);
    ShardDataSource source = new ShardDataSource(shards, frames, classes, split, VALIDATION_FRACTION, 1, Map.of());
    EvaluationData data = source.load();
    SearchSpace space = SpaceChoice.SMALL.create(frames.channels(), frames.height(), frames.width(), classes);
    int batch = 16;
    long choices = (long) space.kernelChoices().size() * space.widthChoices().size() * space.downsamplingChoices().size();
    int epochs = (int) Math.max(10, (stepsPerChoice * choices + data.calibration().size() / batch - 1)
        / Math.max(1, data.calibration().size() / batch));
    System.out.printf(Locale.ROOT, "SearchVsRandomStatistic: data %s (%d classes, %dx%d, test %s), train %d, validation %d;"
        + " %d supernet seeds x %d search seeds, population %d x %d generations, supernet %d epochs (%d steps per choice)%n",
        dataArg, classes, width, height, split.describe(), data.calibration().size(), data.validation().size(),
        supernetSeeds, searchSeeds, population, generations, epochs, stepsPerChoice);
    System.out.println("machine: " + machine());
    System.out.printf(Locale.ROOT, "%8s %6s %12s %12s %10s | %10s %10s %10s%n", "supernet", "search", "evolution", "random",
        "diff", "evo HV", "random HV", "diff");
    List<double[]> pairs = new ArrayList<>();
    for (int s = 1; s <= supernetSeeds; s++) {
      String checkpoint = work.resolve("supernet-" + s + ".ckpt").toUri().toString();
      SupernetConfig training = SupernetConfig.defaults().withEpochs(epochs).withBatchSize(batch)
          .withOptimizer(OptimizerKind.ADAM, 0.005).withSeed(s).withThreads(2);
      SupernetTraining.Outcome trained = SupernetTraining.train(space, data.calibration(), data.validation(), training,
          new org.apache.hadoop.fs.Path(checkpoint), conf);
      System.out.printf(Locale.ROOT, "supernet seed %d: probe validation loss %.3f -> %.3f (chance %.3f), %d steps, %.0f s%n",
          s, trained.probeLossBefore(), trained.probeLossAfter(), trained.chanceLoss(), trained.steps(), trained.seconds());
      SupernetScorerFactory factory = new SupernetScorerFactory(checkpoint, space, source, 32, 8, 32, 1);
      for (int seed = 1; seed <= searchSeeds; seed++) {
        SearchResult evolution;
        SearchResult random;
        try (InProcessEvaluator evaluator = new InProcessEvaluator(factory, 2, 2)) {
          evolution = SearchRun.run(SearchVsRandomBenchmark.conf(work, "evo-" + s + "-" + seed, seed, population, generations,
              StrategyKind.EVOLUTION, "scalar"), space, evaluator, conf);
          random = SearchRun.run(SearchVsRandomBenchmark.conf(work, "random-" + s + "-" + seed, seed, population, generations,
              StrategyKind.RANDOM, "scalar"), space, evaluator, conf);
        }
        double reference = Math.max(Hypervolume.referenceFor(SearchReport.points(evolution)),
            Hypervolume.referenceFor(SearchReport.points(random)));
        double[] pair = {evolution.best().fitness(0.5), random.best().fitness(0.5),
            Hypervolume.of(SearchReport.points(evolution), reference), Hypervolume.of(SearchReport.points(random), reference)};
        pairs.add(pair);
        System.out.printf(Locale.ROOT, "%8d %6d %12.4f %12.4f %+10.4f | %10.4f %10.4f %+10.4f%n", s, seed, pair[0], pair[1],
            pair[0] - pair[1], pair[2], pair[3], pair[2] - pair[3]);
      }
    }
    summarise("best validation fitness", pairs, 0, 1);
    summarise("hypervolume (WAR x SynOps)", pairs, 2, 3);
  }

  static void summarise(String name, List<double[]> pairs, int a, int b) {
    double[] differences = new double[pairs.size()];
    for (int i = 0; i < differences.length; i++) {
      differences[i] = pairs.get(i)[a] - pairs.get(i)[b];
    }
    double[] interval = PairedStatistics.bootstrapMeanInterval(differences, BOOTSTRAP, 0.95, 1);
    long wins = Arrays.stream(differences).filter(d -> d > 0).count();
    long losses = Arrays.stream(differences).filter(d -> d < 0).count();
    System.out.printf(Locale.ROOT, "%s, evolution - random over %d pairs: mean %+.4f, 95%% bootstrap interval [%+.4f, %+.4f];"
        + " evolution ahead on %d, behind on %d, tied on %d; sign test p = %.4f; Wilcoxon signed-rank p = %.4f%n", name,
        differences.length, PairedStatistics.mean(differences), interval[0], interval[1], wins, losses,
        differences.length - wins - losses, PairedStatistics.signTestP(wins, losses),
        PairedStatistics.wilcoxonP(differences));
  }

  /** CPU model, ISA level, cores and load of this machine. */
  static String machine() {
    String model = "unknown";
    String isa = "unknown ISA";
    try {
      for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
        if (line.startsWith("model name") && model.equals("unknown")) {
          model = line.substring(line.indexOf(':') + 1).strip();
        }
        if (line.startsWith("flags") && isa.equals("unknown ISA")) {
          isa = line.contains(" avx512f") ? "AVX-512" : line.contains(" avx2") ? "AVX2" : "pre-AVX2";
        }
      }
    } catch (java.io.IOException e) {
      // not Linux
    }
    return String.format(Locale.ROOT, "%s, %s, %d cores, load average %.2f", model, isa,
        Runtime.getRuntime().availableProcessors(),
        java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
  }
}
