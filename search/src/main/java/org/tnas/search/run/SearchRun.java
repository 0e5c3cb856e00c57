package org.tnas.search.run;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.tnas.formats.errors.ProjectException;
import org.tnas.formats.util.Progress;
import org.tnas.search.evaluation.CandidateSpec;
import org.tnas.search.evaluation.EvaluationResult;
import org.tnas.search.evaluation.Evaluator;
import org.tnas.search.evolution.EvolutionConfig;
import org.tnas.search.evolution.NsgaRanking;
import org.tnas.search.evolution.ScoredGenome;
import org.tnas.search.evolution.SearchStrategy;
import org.tnas.formats.fs.HadoopFiles;
import org.tnas.search.results.ResultTable;
import org.tnas.search.space.Genome;
import org.tnas.search.space.SearchSpace;

/**
 * The driver loop of a search run, generation-synchronous: the strategy proposes a generation,
 * the {@link Evaluator} (threads or Spark) scores it and returns results in candidate order, the
 * strategy observes them, and the run is checkpointed atomically ({@value #CHECKPOINT_FILE}: the
 * strategy's population archive and RNG state, every result, the generation summaries and the
 * configuration hash) together with the result table ({@value #RESULTS_FILE}, Arrow IPC, one row
 * per evaluation). A run stopped at any point resumes from its last completed generation and ends
 * exactly as an uninterrupted run; a resume with a changed configuration is refused, naming the
 * settings that differ.
 */
public final class SearchRun {
  /** The run checkpoint file in the output directory. */
  public static final String CHECKPOINT_FILE = "run-checkpoint.bin";
  /** The result table file in the output directory. */
  public static final String RESULTS_FILE = "results.arrow";

  private SearchRun() {}

  /**
   * Runs (or, with {@code conf.resume()}, continues) a search.
   *
   * @param space the search space (its description is part of the configuration hash)
   * @param evaluator scores candidates; its scorer identity is part of the configuration hash
   */
  /**
   * Fails fast, before any expensive preparation, when {@link #run} would refuse to start: a run
   * without resume whose output already holds a run checkpoint.
   *
   * @throws ProjectException OUTPUT_EXISTS
   */
  public static void checkCanStart(SearchConf conf, Configuration hadoop) {
    if (!conf.resume() && exists(new Path(conf.output(), CHECKPOINT_FILE), hadoop)) {
      throw outputExists(conf);
    }
  }

  private static ProjectException outputExists(SearchConf conf) {
    return new ProjectException(SearchRunErrorCode.OUTPUT_EXISTS,
        "Cannot start run " + conf.runId() + ": " + conf.output() + " already holds a run (" + CHECKPOINT_FILE
            + "); continue it with --resume or choose another output");
  }

  public static SearchResult run(SearchConf conf, SearchSpace space, Evaluator evaluator, Configuration hadoop) {
    Objects.requireNonNull(conf, "conf is null");
    Objects.requireNonNull(space, "space is null");
    Objects.requireNonNull(evaluator, "evaluator is null");
    Objects.requireNonNull(hadoop, "hadoop is null");
    Map<String, String> configuration = configuration(conf, space, evaluator);
    String hash = hash(configuration);
    Path output = new Path(conf.output());
    Path checkpointPath = new Path(output, CHECKPOINT_FILE);
    EvolutionConfig evolution = conf.evolution();

    SearchStrategy strategy;
    List<EvaluationResult> results = new ArrayList<>();
    List<GenerationSummary> generations = new ArrayList<>();
    int resumedAfter = 0;
    boolean exists = exists(checkpointPath, hadoop);
    if (conf.resume() && exists) {
      RunCheckpoint checkpoint = RunCheckpoint.fromBytes(HadoopFiles.read(checkpointPath, hadoop), checkpointPath.toString());
      if (!checkpoint.configHash().equals(hash)) {
        throw new ProjectException(SearchRunErrorCode.CONFIGURATION_CHANGED,
            "Cannot resume " + conf.output() + ": configuration changed: " + differences(checkpoint.configuration(), configuration));
      }
      strategy = SearchStrategy.restore(checkpoint.strategy(), evolution, space);
      results.addAll(checkpoint.results());
      generations.addAll(checkpoint.generations());
      resumedAfter = checkpoint.strategy().completedGenerations();
    } else if (conf.resume()) {
      throw new ProjectException(SearchRunErrorCode.CONFIGURATION_CHANGED,
          "Cannot resume " + conf.output() + ": no run checkpoint " + checkpointPath + " (start the run without --resume)");
    } else if (exists) {
      throw outputExists(conf);
    } else {
      strategy = SearchStrategy.create(conf.strategy(), evolution, space);
    }

    Progress progress = Progress.onStderr("search " + conf.runId(), "generations", evolution.generations());
    progress.set(strategy.completedGenerations());
    double bestSoFar = generations.isEmpty() ? Double.NEGATIVE_INFINITY
        : generations.get(generations.size() - 1).bestFitnessSoFar();
    while (!strategy.isFinished()) {
      int generation = strategy.completedGenerations();
      List<Genome> proposal = strategy.propose();
      if (proposal.isEmpty()) {
        break;
      }
      long start = System.nanoTime();
      List<CandidateSpec> specs = new ArrayList<>();
      for (int i = 0; i < proposal.size(); i++) {
        specs.add(CandidateSpec.first(conf.runId(), conf.seed(), generation, i, proposal.get(i).toCompactString()));
      }
      List<EvaluationResult> scored = new ArrayList<>(evaluator.evaluate(specs));
      scored.sort(EvaluationResult.ORDER);
      List<ScoredGenome> scores = new ArrayList<>();
      for (EvaluationResult result : scored) {
        scores.add(result.toScoredGenome());
      }
      strategy.observe(scores);
      results.addAll(scored);
      List<Double> fitness = new ArrayList<>();
      for (EvaluationResult result : scored) {
        if (result.isOk()) {
          fitness.add(result.fitness(conf.lambda()));
        }
      }
      fitness.sort(Comparator.naturalOrder());
      double best = fitness.isEmpty() ? Double.NaN : fitness.get(fitness.size() - 1);
      double median = fitness.isEmpty() ? Double.NaN : fitness.size() % 2 == 1 ? fitness.get(fitness.size() / 2)
          : (fitness.get(fitness.size() / 2 - 1) + fitness.get(fitness.size() / 2)) / 2;
      if (!fitness.isEmpty()) {
        bestSoFar = Math.max(bestSoFar, best);
      }
      generations.add(new GenerationSummary(generation, scored.size(), fitness.size(), best, median,
          bestSoFar, (System.nanoTime() - start) / 1e9));
      ResultTable.write(results, conf.lambda(), new Path(output, RESULTS_FILE), hadoop);
      RunCheckpoint checkpoint = new RunCheckpoint(hash, configuration, codeVersion(), strategy.state(), results, generations);
      HadoopFiles.writeAtomically(checkpointPath, hadoop, checkpoint.toBytes());
      progress.set(strategy.completedGenerations());
      System.err.printf(Locale.ROOT, "[search %s] generation %d: %d evaluated, %d valid, best %.4f, median %.4f, best so far %.4f%n",
          conf.runId(), generation, scored.size(), fitness.size(), best, median, bestSoFar);
    }
    progress.finish();
    return result(conf, hash, results, generations, resumedAfter);
  }

  /** The result of a finished (or checkpointed) run from its rows. */
  static SearchResult result(SearchConf conf, String hash, List<EvaluationResult> results, List<GenerationSummary> generations,
      int resumedAfter) {
    EvaluationResult best = null;
    List<EvaluationResult> valid = new ArrayList<>();
    for (EvaluationResult result : results) {
      if (result.isOk()) {
        valid.add(result);
        if (best == null || result.fitness(conf.lambda()) > best.fitness(conf.lambda())) {
          best = result;
        }
      }
    }
    double[][] objectives = new double[valid.size()][];
    for (int i = 0; i < valid.size(); i++) {
      objectives[i] = valid.get(i).toScoredGenome().objectives();
    }
    int[] ranks = NsgaRanking.ranks(objectives);
    List<EvaluationResult> front = new ArrayList<>();
    for (int i = 0; i < valid.size(); i++) {
      if (ranks[i] == 0) {
        front.add(valid.get(i));
      }
    }
    return new SearchResult(conf.runId(), hash, conf.strategy(), conf.lambda(), results, generations, best, front,
        conf.output(), resumedAfter);
  }

  /**
   * Everything that changes results, as readable key/value pairs: the run id, strategy, evolution
   * settings, the search space and the scorer identity (not the output, resume flag, threads,
   * attempts or candidates per task: a stopped run may resume on another cluster). A TTFS-scored run
   * also names its score domain and the {@code ttfs.*} constraints that change a score (so a refused
   * resume names them); a ReLU-scored run adds nothing, so its hash is the one of runs made before
   * the score domain existed.
   */
  static Map<String, String> configuration(SearchConf conf, SearchSpace space, Evaluator evaluator) {
    Map<String, String> configuration = new TreeMap<>();
    configuration.put("search.run-id", conf.runId());
    configuration.put("search.seed", Long.toString(conf.seed()));
    configuration.put("search.strategy", conf.strategy().name());
    configuration.put("search.mode", conf.mode().name());
    configuration.put("search.population-size", Integer.toString(conf.populationSize()));
    configuration.put("search.top-k", Integer.toString(conf.topK()));
    configuration.put("search.mutation.count", Integer.toString(conf.mutationCount()));
    configuration.put("search.crossover.count", Integer.toString(conf.crossoverCount()));
    configuration.put("search.mutation.probability", Double.toString(conf.mutationProbability()));
    configuration.put("search.generations", Integer.toString(conf.generations()));
    configuration.put("search.fitness.lambda", Double.toString(conf.lambda()));
    configuration.put("search.max-evaluations", Integer.toString(conf.maxEvaluations()));
    configuration.put("search-space", space.toString());
    configuration.put("scorer", evaluator.scorerIdentity());
    if (conf.score() != org.tnas.search.evaluation.ScoreDomain.RELU) {
      configuration.put(SearchConf.SCORE.name(), conf.score().name());
      configuration.put(SearchConf.TIME_BITS.name(), Integer.toString(conf.hardware().timeBits()));
      configuration.put(SearchConf.WEIGHT_BITS.name(), Integer.toString(conf.hardware().weightBits()));
      configuration.put(SearchConf.MAX_LATENCY.name(), Double.toString(conf.hardware().maxLatency()));
    }
    return configuration;
  }

  static String hash(Map<String, String> configuration) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      configuration.forEach((key, value) -> {
        digest.update(key.getBytes(StandardCharsets.UTF_8));
        digest.update((byte) 0);
        digest.update(value.getBytes(StandardCharsets.UTF_8));
        digest.update((byte) 0);
      });
      return HexFormat.of().formatHex(digest.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available", e);
    }
  }

  static String differences(Map<String, String> before, Map<String, String> now) {
    List<String> changes = new ArrayList<>();
    TreeMap<String, String> keys = new TreeMap<>(before);
    keys.putAll(now);
    for (String key : keys.keySet()) {
      String was = before.get(key);
      String is = now.get(key);
      if (!Objects.equals(was, is)) {
        changes.add(key + " was " + was + ", now " + is);
      }
    }
    return String.join("; ", changes);
  }

  private static boolean exists(Path path, Configuration hadoop) {
    try {
      FileSystem fs = path.getFileSystem(hadoop);
      return fs.exists(path);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException("Cannot check " + path + ": " + e.getMessage(), e);
    }
  }

  private static String codeVersion() {
    String version = SearchRun.class.getPackage().getImplementationVersion();
    return version == null ? "development" : version;
  }
}
