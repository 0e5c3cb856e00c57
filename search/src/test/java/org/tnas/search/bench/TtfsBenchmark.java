package org.tnas.search.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.tnas.formats.util.Bench;
import org.tnas.formats.util.Seeds;
import org.tnas.search.net.NetworkWeights;
import org.tnas.search.net.RandomNetworks;
import org.tnas.search.net.ReluNetwork;
import org.tnas.search.space.Genome;
import org.tnas.search.space.SearchSpace;
import org.tnas.search.space.SubnetPlan;
import org.tnas.search.ttfs.TtfsMapper;
import org.tnas.search.ttfs.TtfsNetwork;
import org.tnas.search.ttfs.TtfsResult;
import org.tnas.search.ttfs.TtfsSimulator;

/**
 * Throughput of the event-driven TTFS simulator (SynOps/s on one core) beside the pure-Java ReLU
 * reference forward pass of the same network (MAC/s), measured in the same run, on a mid-size
 * subnet: 2x6 = 12 input channels at 64x64, 4 blocks. Run from the repository root:
 *
 * <pre>
 * mvn -o -q -B -pl search test-compile
 * java -cp "search/target/classes:search/target/test-classes:formats/target/classes" \
 *     org.tnas.search.bench.TtfsBenchmark [samples]
 * </pre>
 */
public final class TtfsBenchmark {
  /** The benchmarked subnet. */
  public static final String GENOME = "D4:3x16N,5x32S,3x48P,3x64S,3x8N,3x8N";

  private TtfsBenchmark() {}

  /** The measured rates. */
  public record Result(Bench.Rate simulator, Bench.Rate relu, double synapticOperationsPerSample,
      long macsPerSample, double spikesPerNeuron, long violations) {}

  public static void main(String[] args) {
    int samples = args.length > 0 ? Integer.parseInt(args[0]) : 16;
    Result result = run(samples);
    System.out.println(Bench.compare(result.simulator(), result.relu(), "op"));
    System.out.printf(Locale.ROOT, "simulator %.2f samples/s, ReLU reference %.2f samples/s%n",
        result.simulator().itemsPerSecond() / result.synapticOperationsPerSample(),
        result.relu().itemsPerSecond() / result.macsPerSample());
  }

  /** Builds the network, maps it and measures both passes over {@code samples} sparse inputs. */
  public static Result run(int samples) {
    SearchSpace space = SearchSpace.defaults(12, 64, 64, 7);
    SubnetPlan plan = space.plan(Genome.parse(GENOME));
    NetworkWeights trained = RandomNetworks.fromPlan(plan, Seeds.random(1));
    SplittableRandom random = Seeds.random(2);
    List<float[]> inputs = new ArrayList<>();
    for (int i = 0; i < samples; i++) {
      // event frames are sparse: 85% of the pixels carry no event
      inputs.add(RandomNetworks.input(random, 12 * 64 * 64, 0.85));
    }
    TtfsNetwork ttfs = TtfsMapper.map(trained, inputs);
    TtfsSimulator simulator = new TtfsSimulator(ttfs);
    ReluNetwork relu = new ReluNetwork(ttfs.reluNetwork());
    long synapticOperations = 0;
    long spikes = 0;
    long neurons = 0;
    long violations = 0;
    for (float[] input : inputs) {
      TtfsResult r = simulator.simulate(input);
      synapticOperations += r.work().synapticOperations();
      spikes += r.work().spikes();
      neurons += r.work().neurons();
      violations += r.work().violations();
    }
    long macs = ttfs.macs();
    System.out.printf(Locale.ROOT, "subnet %s on 12x64x64: %d MACs/sample, %.0f SynOps/sample, %.3f spikes/neuron,"
        + " latency %.2f tau, %d violations%n", GENOME, macs, (double) synapticOperations / samples,
        (double) spikes / neurons, ttfs.latency(), violations);
    Bench.Rate simulated = Bench.measure("TTFS event-driven simulator (SynOps)", 1, 3, () -> {
      long total = 0;
      for (float[] input : inputs) {
        total += simulator.simulate(input).work().synapticOperations();
      }
      return total;
    });
    Bench.Rate reference = Bench.measure("ReLU reference forward pass (MACs)", 1, 3, () -> {
      double sink = 0;
      for (float[] input : inputs) {
        sink += relu.forward(input)[0];
      }
      return sink == Double.MIN_VALUE ? 0 : macs * inputs.size();
    });
    System.out.println(simulated);
    System.out.println(reference);
    return new Result(simulated, reference, (double) synapticOperations / samples, macs,
        (double) spikes / neurons, violations);
  }
}
