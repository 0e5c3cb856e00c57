package org.tnas.search.run;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.tnas.formats.config.ConfigKey;
import org.tnas.formats.config.StrictConfig;
import org.tnas.search.evaluation.ScoreDomain;
import org.tnas.search.evolution.EvolutionConfig;
import org.tnas.search.evolution.FitnessMode;
import org.tnas.search.evolution.StrategyKind;
import org.tnas.search.ttfs.HardwareConstraints;

/**
 * The typed configuration of a search run ({@code tnas search}). Built from a {@link StrictConfig}
 * over {@link #KEYS} (precedence CLI &gt; {@code --conf} &gt; file &gt; defaults; unknown keys
 * fail at start-up). Immutable and serialisable-free: it stays on the driver.
 *
 * <p>The run's configuration hash covers everything that changes results (run id, strategy,
 * evolution settings, the search space and the scorer identity) but not how the run executes
 * (output, resume, threads, attempts, candidates per task), so a stopped run may be resumed on a
 * different cluster.
 */
public record SearchConf(
    String runId,
    String output,
    long seed,
    StrategyKind strategy,
    FitnessMode mode,
    int populationSize,
    int topK,
    int mutationCount,
    int crossoverCount,
    double mutationProbability,
    int generations,
    double lambda,
    int maxEvaluations,
    int maxAttempts,
    int candidatesPerTask,
    int threads,
    boolean resume,
    String supernetCheckpoint,
    int scoringBatchSize,
    int recalibrationBatches,
    int spikingSamples,
    ScoreDomain score,
    HardwareConstraints hardware) {

  public static final ConfigKey<String> RUN_ID = ConfigKey.string("search.run-id", "search", "run identifier written into every result row");
  public static final ConfigKey<String> OUTPUT = ConfigKey.string("search.output", null, "output directory (any Hadoop file system): checkpoints, results, report");
  public static final ConfigKey<Long> SEED = ConfigKey.longInteger("search.seed", 1L, Long.MIN_VALUE, Long.MAX_VALUE, "run seed; every random choice derives from it");
  public static final ConfigKey<StrategyKind> STRATEGY = new ConfigKey<>("search.strategy", StrategyKind.EVOLUTION,
      value -> enumValue(StrategyKind.class, "search.strategy", value), "evolution or random (equal-budget baseline)");
  public static final ConfigKey<FitnessMode> MODE = new ConfigKey<>("search.mode", FitnessMode.SCALAR,
      value -> enumValue(FitnessMode.class, "search.mode", value), "scalar (lambda*UAR+(1-lambda)*WAR) or pareto (NSGA-II on WAR, UAR, -SynOps)");
  public static final ConfigKey<Integer> POPULATION_SIZE = ConfigKey.integer("search.population-size", 50, 1, 100_000, "candidates per generation");
  public static final ConfigKey<Integer> TOP_K = ConfigKey.integer("search.top-k", 10, 1, 100_000, "parents kept from all evaluations so far");
  public static final ConfigKey<Integer> MUTATION_COUNT = ConfigKey.integer("search.mutation.count", 25, 0, 100_000, "mutants per generation");
  public static final ConfigKey<Integer> CROSSOVER_COUNT = ConfigKey.integer("search.crossover.count", 25, 0, 100_000, "crossover children per generation");
  public static final ConfigKey<Double> MUTATION_PROBABILITY = ConfigKey.decimal("search.mutation.probability", 0.1, 0, 1, "probability that a mutation redraws each gene");
  public static final ConfigKey<Integer> GENERATIONS = ConfigKey.integer("search.generations", 20, 1, 9_999, "generations");
  public static final ConfigKey<Double> LAMBDA = ConfigKey.decimal("search.fitness.lambda", 0.5, 0, 1, "weight of UAR in the scalar fitness");
  public static final ConfigKey<Integer> MAX_EVALUATIONS = ConfigKey.integer("search.max-evaluations", 0, 0, Integer.MAX_VALUE, "evaluation budget, 0 = population-size x generations");
  public static final ConfigKey<Integer> MAX_ATTEMPTS = ConfigKey.integer("search.evaluation.max-attempts", 3, 1, 100, "attempts per candidate for lost executors / out of memory");
  public static final ConfigKey<Integer> CANDIDATES_PER_TASK = ConfigKey.integer("search.evaluation.candidates-per-task", 1, 1, 10_000, "candidates per Spark task");
  public static final ConfigKey<Integer> THREADS = ConfigKey.integer("search.evaluation.threads", 2, 1, 1_024, "threads of the in-process evaluator");
  public static final ConfigKey<Boolean> RESUME = ConfigKey.bool("search.resume", false, "continue a stopped run from its last checkpoint");
  public static final ConfigKey<String> SUPERNET_CHECKPOINT = ConfigKey.string("search.supernet.checkpoint", "", "trained supernet checkpoint (Hadoop path)");
  public static final ConfigKey<Integer> SCORING_BATCH_SIZE = ConfigKey.integer("search.scoring.batch-size", 32, 2, 100_000, "inference batch size when scoring");
  public static final ConfigKey<Integer> RECALIBRATION_BATCHES = ConfigKey.integer("search.scoring.recalibration-batches", 8, 1, 100_000, "batches to recompute a path's batch-norm statistics");
  public static final ConfigKey<Integer> SPIKING_SAMPLES = ConfigKey.integer("search.scoring.spiking-samples", 64, 1, 10_000_000, "validation samples simulated as TTFS for SynOps");

  public static final ConfigKey<ScoreDomain> SCORE = new ConfigKey<>("search.scoring.score", ScoreDomain.RELU,
      value -> enumValue(ScoreDomain.class, "search.scoring.score", value),
      "what scores a candidate: relu (its ReLU twin on the validation split; the exact TTFS net gives the same predictions) or ttfs (its TTFS net under the ttfs.* hardware constraints, simulated on the validation split)");
  public static final ConfigKey<Integer> TIME_BITS = ConfigKey.integer("ttfs.time-bits", 0, 0, 30, "spike-time resolution in bits within each layer's window (2..30); 0: exact");
  public static final ConfigKey<Integer> WEIGHT_BITS = ConfigKey.integer("ttfs.weight-bits", 0, 0, 32, "weight bits, per-layer symmetric uniform quantisation (2..32); 0: exact");
  public static final ConfigKey<Double> MAX_LATENCY = ConfigKey.decimal("ttfs.max-latency", 0.0, 0.0, 1e12, "latency budget: largest read-out time t_min(N) in tau_c units (above 1); longer windows are shrunk in proportion; 0: unbounded");
  public static final ConfigKey<Double> TAU_MILLIS = ConfigKey.decimal("ttfs.tau-ms", HardwareConstraints.DEFAULT_TAU_MILLIS, 1e-12, 1e12, "the hardware's time constant tau_c in milliseconds (latency in ms = latency in tau_c x this)");
  public static final ConfigKey<Double> SYNOP_PICOJOULES = ConfigKey.decimal("ttfs.energy.synop-pj", HardwareConstraints.NONE.synOpPicojoules(), 0.0, 1e12, "energy per synaptic operation in pJ (default: a 32-bit float add on 45 nm, Horowitz 2014)");
  public static final ConfigKey<Double> SPIKE_PICOJOULES = ConfigKey.decimal("ttfs.energy.spike-pj", 0.0, 0.0, 1e12, "energy per emitted spike (hidden and input) in pJ (the 45 nm table has no figure; 0 by default)");

  /** Every declared key, in documentation order. */
  public static final List<ConfigKey<?>> KEYS = List.of(RUN_ID, OUTPUT, SEED, STRATEGY, MODE, POPULATION_SIZE, TOP_K,
      MUTATION_COUNT, CROSSOVER_COUNT, MUTATION_PROBABILITY, GENERATIONS, LAMBDA, MAX_EVALUATIONS, MAX_ATTEMPTS,
      CANDIDATES_PER_TASK, THREADS, RESUME, SUPERNET_CHECKPOINT, SCORING_BATCH_SIZE, RECALIBRATION_BATCHES,
      SPIKING_SAMPLES, SCORE, TIME_BITS, WEIGHT_BITS, MAX_LATENCY, TAU_MILLIS, SYNOP_PICOJOULES, SPIKE_PICOJOULES);

  public SearchConf {
    Objects.requireNonNull(runId, "runId is null");
    Objects.requireNonNull(output, "output is null");
    Objects.requireNonNull(strategy, "strategy is null");
    Objects.requireNonNull(mode, "mode is null");
    Objects.requireNonNull(supernetCheckpoint, "supernetCheckpoint is null");
    Objects.requireNonNull(score, "score is null");
    Objects.requireNonNull(hardware, "hardware is null");
    if (runId.isBlank()) {
      throw new IllegalArgumentException("Invalid runId: '" + runId + "'");
    }
    // validates the evolution settings together (top-k <= population, ...)
    new EvolutionConfig(populationSize, topK, mutationCount, crossoverCount, mutationProbability, generations, lambda,
        mode, seed, maxEvaluations);
  }

  /** Reads every key from a strict configuration (defaults for unset keys). */
  public static SearchConf from(StrictConfig config) {
    Objects.requireNonNull(config, "config is null");
    return new SearchConf(config.get(RUN_ID), config.get(OUTPUT), config.get(SEED), config.get(STRATEGY),
        config.get(MODE), config.get(POPULATION_SIZE), config.get(TOP_K), config.get(MUTATION_COUNT),
        config.get(CROSSOVER_COUNT), config.get(MUTATION_PROBABILITY), config.get(GENERATIONS), config.get(LAMBDA),
        config.get(MAX_EVALUATIONS), config.get(MAX_ATTEMPTS), config.get(CANDIDATES_PER_TASK), config.get(THREADS),
        config.get(RESUME), config.get(SUPERNET_CHECKPOINT), config.get(SCORING_BATCH_SIZE),
        config.get(RECALIBRATION_BATCHES), config.get(SPIKING_SAMPLES), config.get(SCORE), hardware(config));
  }

  /** The hardware constraints of the {@code ttfs.*} keys (validated together). */
  public static HardwareConstraints hardware(StrictConfig config) {
    try {
      return new HardwareConstraints(config.get(TIME_BITS), config.get(WEIGHT_BITS), config.get(MAX_LATENCY),
          config.get(TAU_MILLIS), config.get(SYNOP_PICOJOULES), config.get(SPIKE_PICOJOULES));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(e.getMessage() + " (ttfs.* keys)", e);
    }
  }

  /** The defaults with the given output directory. */
  public static SearchConf defaults(String output) {
    return from(StrictConfig.builder(KEYS).options(java.util.Map.of(OUTPUT.name(), output)).build());
  }

  /** The evolution settings. */
  public EvolutionConfig evolution() {
    return new EvolutionConfig(populationSize, topK, mutationCount, crossoverCount, mutationProbability, generations,
        lambda, mode, seed, maxEvaluations);
  }

  /** A copy with other evolution settings (tests, baselines). */
  public SearchConf withEvolution(EvolutionConfig e) {
    return new SearchConf(runId, output, e.seed(), strategy, e.mode(), e.populationSize(), e.topK(), e.mutationCount(),
        e.crossoverCount(), e.mutationProbability(), e.generations(), e.lambda(), e.maxEvaluations(), maxAttempts,
        candidatesPerTask, threads, resume, supernetCheckpoint, scoringBatchSize, recalibrationBatches, spikingSamples, score, hardware);
  }

  /** A copy with another run id, output and strategy (e.g. the random baseline next to the search). */
  public SearchConf withRun(String id, String directory, StrategyKind kind) {
    return new SearchConf(id, directory, seed, kind, mode, populationSize, topK, mutationCount, crossoverCount,
        mutationProbability, generations, lambda, maxEvaluations, maxAttempts, candidatesPerTask, threads, resume,
        supernetCheckpoint, scoringBatchSize, recalibrationBatches, spikingSamples, score, hardware);
  }

  /** A copy scored in {@code domain} ({@code search.scoring.score}), e.g. the two runs of {@code tnas score-compare}. */
  public SearchConf withScore(ScoreDomain domain) {
    return new SearchConf(runId, output, seed, strategy, mode, populationSize, topK, mutationCount, crossoverCount,
        mutationProbability, generations, lambda, maxEvaluations, maxAttempts, candidatesPerTask, threads, resume,
        supernetCheckpoint, scoringBatchSize, recalibrationBatches, spikingSamples, domain, hardware);
  }

  /** A copy with the resume flag set. */
  public SearchConf withResume(boolean value) {
    return new SearchConf(runId, output, seed, strategy, mode, populationSize, topK, mutationCount, crossoverCount,
        mutationProbability, generations, lambda, maxEvaluations, maxAttempts, candidatesPerTask, threads, value,
        supernetCheckpoint, scoringBatchSize, recalibrationBatches, spikingSamples, score, hardware);
  }

  private static <E extends Enum<E>> E enumValue(Class<E> type, String key, String value) {
    try {
      return Enum.valueOf(type, value.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("Invalid " + key + ": " + value + " (expected one of "
          + java.util.Arrays.toString(type.getEnumConstants()).toLowerCase(Locale.ROOT) + ")", e);
    }
  }
}
