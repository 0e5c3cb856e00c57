package org.tnas.search.evaluation;

import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.tnas.search.space.SearchSpace;

/**
 * Creates {@link SupernetScorer}s: the supernet checkpoint on any Hadoop file system, the search
 * space it must match, the evaluation data recipe and the scoring settings. Small, immutable and
 * serialisable (shipped to Spark executors). The loaded data set is shared by all scorers of one
 * JVM (it is immutable); each scorer loads its own supernet (a supernet is not thread-safe).
 *
 * @param checkpoint Hadoop path of the trained supernet ({@code SupernetCheckpoint})
 * @param batchSize inference batch size (at least 2)
 * @param recalibrationBatches batches of calibration data for the batch-norm recalibration
 * @param spikingSamples validation samples simulated as TTFS for SynOps and spikes per neuron
 *     (the first ones in set order; all if larger than the set); also the number of calibration
 *     samples used to measure X(n)
 * @param threads PyTorch intra-op threads per JVM (1 keeps evaluations independent of scheduling)
 */
public record SupernetScorerFactory(String checkpoint, SearchSpace space, EvaluationDataSource data, int batchSize,
    int recalibrationBatches, int spikingSamples, int threads) implements ScorerFactory {
  private static final Map<String, EvaluationData> DATA = new ConcurrentHashMap<>();

  public SupernetScorerFactory {
    Objects.requireNonNull(checkpoint, "checkpoint is null");
    Objects.requireNonNull(space, "space is null");
    Objects.requireNonNull(data, "data is null");
    if (batchSize < 2) {
      throw new IllegalArgumentException("Invalid batchSize: " + batchSize);
    }
    if (recalibrationBatches < 1) {
      throw new IllegalArgumentException("Invalid recalibrationBatches: " + recalibrationBatches);
    }
    if (spikingSamples < 1) {
      throw new IllegalArgumentException("Invalid spikingSamples: " + spikingSamples);
    }
    if (threads < 1) {
      throw new IllegalArgumentException("Invalid threads: " + threads);
    }
  }

  @Override
  public String identity() {
    return String.format(Locale.ROOT, "supernet(checkpoint=%s, space=%s, data=%s, batch=%d, recalibration=%d, "
        + "spiking=%d, threads=%d)", checkpoint, space, data.identity(), batchSize, recalibrationBatches,
        spikingSamples, threads);
  }

  @Override
  public CandidateScorer create() {
    EvaluationData loaded = DATA.computeIfAbsent(data.identity(), key -> data.load());
    return new SupernetScorer(this, loaded);
  }

  /** The subnet's multiply-accumulates per sample (invalid genomes: 1, they fail fast). */
  @Override
  public double estimatedCost(String genome) {
    try {
      return Math.max(1, space.plan(org.tnas.search.space.Genome.parse(genome)).macs());
    } catch (RuntimeException e) {
      return 1;
    }
  }
}
