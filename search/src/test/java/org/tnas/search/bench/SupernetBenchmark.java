package org.tnas.search.bench;

import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.tnas.formats.util.Bench;
import org.tnas.search.data.LabelledTensorSet;
import org.tnas.search.data.SyntheticTensors;
import org.tnas.search.net.NetworkWeights;
import org.tnas.search.space.Genome;
import org.tnas.search.space.SearchSpace;
import org.tnas.search.training.DjlEngines;
import org.tnas.search.supernet.PlainDjlNetwork;
import org.tnas.search.supernet.SubnetEvaluator;
import org.tnas.search.supernet.Supernet;
import org.tnas.search.supernet.SupernetConfig;
import org.tnas.search.supernet.SupernetTrainer;
import org.tnas.search.ttfs.TtfsMapper;
import org.tnas.search.ttfs.TtfsNetwork;
import org.tnas.search.ttfs.TtfsResult;
import org.tnas.search.ttfs.TtfsSimulator;

/**
 * Throughput of the DJL supernet: SPOS training (samples/s, a random path per step), fixed-path
 * training of the benchmark subnet, inherited-subnet evaluation (samples/s) and the TTFS simulator
 * on the extracted subnet (SynOps/s and samples/s), each printed beside DJL's plain inference
 * forward pass of the same subnet ({@link PlainDjlNetwork}) measured in the same run. Input 2x6 =
 * 12 channels at 64x64, 7 classes, the default search space of SEARCH.md. All DJL work uses
 * {@code threads} PyTorch threads (default 1, i.e. per core). Run from the repository root:
 *
 * <pre>
 * mvn -o -q -B -pl search test-compile
 * mvn -o -q -B -pl search dependency:build-classpath -Dmdep.outputFile=/tmp/search.cp
 * java -Dai.djl.offline=true -cp "search/target/classes:search/target/test-classes:$(cat /tmp/search.cp)" \
 *     org.tnas.search.bench.SupernetBenchmark [samples] [threads]
 * </pre>
 */
public final class SupernetBenchmark {
  /** The benchmarked subnet (also the path of the fixed-path training and evaluation rows). */
  public static final String GENOME = "D4:3x16N,5x32S,3x48P,3x64S,3x8N,3x8N";

  private SupernetBenchmark() {}

  /** The measured rates in samples per second (the simulator also in SynOps per second). */
  public record Result(Bench.Rate plainForward, Bench.Rate sposTraining, Bench.Rate fixedPathTraining,
      Bench.Rate evaluation, Bench.Rate simulatorSamples, double synapticOperationsPerSample) {}

  public static void main(String[] args) {
    int samples = args.length > 0 ? Integer.parseInt(args[0]) : 256;
    int threads = args.length > 1 ? Integer.parseInt(args[1]) : 1;
    Result r = run(samples, threads);
    System.out.println(line(r.plainForward(), r.plainForward()));
    System.out.println(line(r.sposTraining(), r.plainForward()));
    System.out.println(line(r.fixedPathTraining(), r.plainForward()));
    System.out.println(line(r.evaluation(), r.plainForward()));
    System.out.println(line(r.simulatorSamples(), r.plainForward()));
    System.out.printf(Locale.ROOT, "TTFS simulator: %.2f M SynOps/s on one core (%.0f SynOps/sample)%n",
        r.simulatorSamples().itemsPerSecond() * r.synapticOperationsPerSample() / 1e6, r.synapticOperationsPerSample());
  }

  private static String line(Bench.Rate rate, Bench.Rate baseline) {
    return String.format(Locale.ROOT, "%-52s %10.1f samples/s   %7.3fx of %s", rate.name(), rate.itemsPerSecond(),
        rate.itemsPerSecond() / baseline.itemsPerSecond(), baseline.name());
  }

  /** Trains briefly, extracts the subnet and measures every rate over {@code samples} inputs. */
  public static Result run(int samples, int threads) {
    DjlEngines.pytorch(threads);
    SearchSpace space = SearchSpace.defaults(12, 64, 64, 7);
    Genome genome = Genome.parse(GENOME);
    LabelledTensorSet data = SyntheticTensors.movingDiscs(samples, 12, 64, 64, 7, 0.01, 1);
    SupernetConfig config = SupernetConfig.defaults().withBatchSize(32).withSeed(1).withThreads(threads);
    float[] batch = new float[data.size() * data.inputSize()];
    int[] all = new int[data.size()];
    for (int i = 0; i < all.length; i++) {
      all[i] = i;
    }
    data.copyInputs(all, 0, all.length, batch);
    try (NDManager manager = NDManager.newBaseManager();
        Supernet supernet = Supernet.create(space, manager, 1);
        SupernetTrainer spos = SupernetTrainer.singlePath(supernet, config);
        Supernet single = Supernet.create(space, manager, 2);
        SupernetTrainer fixed = SupernetTrainer.fixedPath(single, config, genome)) {
      System.out.printf(Locale.ROOT, "supernet of %s: %d stored values; %d samples of 12x64x64, batch 32, %d thread(s)%n",
          "SearchSpace.defaults(12, 64, 64, 7)", supernet.storedValues(), samples, threads);
      Bench.Rate sposRate = Bench.measure("supernet SPOS training (random path per step)", 1, 3,
          () -> spos.trainEpoch(data).samples());
      Bench.Rate fixedRate = Bench.measure("fixed-path training of " + GENOME, 1, 3,
          () -> fixed.trainEpoch(data).samples());
      SubnetEvaluator evaluator = new SubnetEvaluator(supernet, 32);
      NetworkWeights weights = evaluator.extract(genome, data, 4, 1);
      Bench.Rate evaluationRate = Bench.measure("inherited subnet evaluation (supernet path)", 1, 3,
          () -> evaluator.evaluate(genome, data).predictions().length);
      try (PlainDjlNetwork plain = new PlainDjlNetwork(weights, manager)) {
        Bench.Rate plainRate = Bench.measure("DJL plain forward of the same subnet", 1, 3, () -> {
          long done = 0;
          for (int from = 0; from < data.size(); from += 32) {
            int count = Math.min(32, data.size() - from);
            float[] part = java.util.Arrays.copyOfRange(batch, from * data.inputSize(), (from + count) * data.inputSize());
            done += plain.forward(part, count).length / 7;
          }
          return done;
        });
        List<float[]> inputs = new ArrayList<>();
        for (int i = 0; i < data.size(); i++) {
          inputs.add(data.input(i));
        }
        TtfsNetwork ttfs = TtfsMapper.map(weights, inputs);
        TtfsSimulator simulator = new TtfsSimulator(ttfs);
        long synapticOperations = 0;
        int simulated = Math.min(32, inputs.size());
        for (int i = 0; i < simulated; i++) {
          TtfsResult result = simulator.simulate(inputs.get(i));
          synapticOperations += result.work().synapticOperations();
        }
        double perSample = (double) synapticOperations / simulated;
        Bench.Rate simulatorRate = Bench.measure("TTFS simulator (one core) on the extracted subnet", 1, 3, () -> {
          for (int i = 0; i < simulated; i++) {
            simulator.simulate(inputs.get(i));
          }
          return simulated;
        });
        return new Result(plainRate, sposRate, fixedRate, evaluationRate, simulatorRate, perSample);
      }
    }
  }
}
