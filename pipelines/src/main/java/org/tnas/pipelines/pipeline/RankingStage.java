package org.tnas.pipelines.pipeline;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;
import org.tnas.formats.fs.HadoopFiles;
import org.tnas.formats.util.Seeds;
import org.tnas.search.evaluation.CandidateSpec;
import org.tnas.search.evaluation.EvaluationResult;
import org.tnas.search.evaluation.Evaluator;
import org.tnas.search.evaluation.InProcessEvaluator;
import org.tnas.search.evaluation.SupernetScorerFactory;
import org.tnas.search.ranking.RankingStudy;
import org.tnas.search.ranking.StandaloneTraining;
import org.tnas.search.report.Chart;
import org.tnas.search.run.SearchConf;
import org.tnas.search.space.Genome;
import org.tnas.search.space.SearchSpace;
import org.tnas.search.spark.SparkEvaluator;
import org.tnas.search.spark.SparkStandaloneTraining;
import org.tnas.search.supernet.SupernetConfig;

/**
 * Stage 5 of {@code tnas pipeline} (and {@code tnas ranking}): can the search be trusted? Takes
 * {@code pipeline.ranking.subnets} subnets - the best distinct ones of the search and random legal
 * ones - scores the random ones with inherited weights as the search did, trains every one
 * stand-alone with the final-model recipe and {@code pipeline.ranking.seeds} seeds (one Spark task
 * per subnet and seed), and writes {@code ranking.csv}, {@code ranking.png} and a model-card
 * section ({@link RankingStudy}).
 */
final class RankingStage {
  /** The per-subnet table. */
  static final String TABLE = "ranking.csv";
  /** The study's own Markdown report ({@code tnas ranking}; the pipeline puts it in the model card). */
  static final String CARD = "ranking.md";
  /** The scatter plot of inherited vs stand-alone fitness. */
  static final String CHART = "ranking.png";
  static final String SEARCH_TOP = "search-top";
  static final String RANDOM = "random";
  private static final long RANDOM_TAG = Seeds.stableHash("ranking-random-subnets");
  private static final int RANDOM_DRAWS_PER_SUBNET = 1000;
  private static final int CHART_WIDTH = 900;
  private static final int CHART_HEIGHT = 560;

  private RankingStage() {}

  /**
   * @param study the study, or null when switched off ({@code pipeline.ranking.subnets=0})
   * @param report its model-card section (empty when off)
   */
  record Result(RankingStudy study, String report) {
    static final Result OFF = new Result(null, "");
  }

  static Result run(PipelineSettings settings, SparkSession spark, FoldInputs inputs, SupernetStage.Result supernet,
      SearchStage.Result search, SearchConf searchConf, String root) {
    if (settings.rankingSubnets() == 0) {
      return Result.OFF;
    }
    SupernetConfig recipe = FinalStage.retraining(supernet.training() == null
        ? SupernetStage.trainingConfig(settings, inputs) : supernet.training(), settings);
    return run(settings, spark, inputs, supernet.checkpoint(), search.search().validResults(), searchConf, recipe,
        new Path(root + "/" + ReportStage.DIRECTORY), spark.sparkContext().hadoopConfiguration());
  }

  /** The study of the best of {@code searched} (a search's valid results) plus random subnets, written into {@code report}. */
  static Result run(PipelineSettings settings, SparkSession spark, FoldInputs inputs, String checkpoint,
      List<EvaluationResult> searched, SearchConf searchConf, SupernetConfig recipe, Path report, Configuration conf) {
    SearchSpace space = inputs.space();
    double lambda = searchConf.lambda();
    // the search's best distinct subnets with their inherited fitness
    Map<String, Double> inherited = new TreeMap<>();
    List<String> genomes = new ArrayList<>();
    List<String> origins = new ArrayList<>();
    int top = (int) Math.round(settings.rankingSubnets() * settings.rankingTopFraction());
    {
      List<EvaluationResult> valid = new ArrayList<>(searched.stream().filter(EvaluationResult::isOk).toList());
      valid.sort(Comparator.comparingDouble((EvaluationResult r) -> -r.fitness(lambda))
          .thenComparing(EvaluationResult::genome));
      for (EvaluationResult result : valid) {
        if (genomes.size() >= top) {
          break;
        }
        if (!inherited.containsKey(result.genome())) {
          inherited.put(result.genome(), result.fitness(lambda));
          genomes.add(result.genome());
          origins.add(SEARCH_TOP);
        }
      }
    }
    // random legal subnets, scored with inherited weights as the search scores its candidates
    Set<String> randomGenomes = new LinkedHashSet<>();
    SplittableRandom random = Seeds.random(settings.seed(), RANDOM_TAG);
    int wanted = settings.rankingSubnets() - genomes.size();
    for (int draw = 0; randomGenomes.size() < wanted && draw < RANDOM_DRAWS_PER_SUBNET * settings.rankingSubnets(); draw++) {
      Genome genome = Genome.random(space, random);
      String text = genome.toCompactString();
      if (space.isValid(genome) && space.checkBudget(genome).isWithinBudget() && !inherited.containsKey(text)) {
        randomGenomes.add(text);
      }
    }
    List<CandidateSpec> specs = new ArrayList<>();
    int index = 0;
    for (String genome : randomGenomes) {
      specs.add(CandidateSpec.first(searchConf.runId() + "-ranking", settings.seed(), 0, index++, genome));
    }
    SupernetScorerFactory factory = SearchStage.scorers(settings, inputs, checkpoint, searchConf);
    try (Evaluator evaluator = settings.evaluator() == EvaluatorKind.SPARK
        ? new SparkEvaluator(spark, factory, searchConf.candidatesPerTask(), searchConf.maxAttempts())
        : new InProcessEvaluator(factory, searchConf.threads(), searchConf.maxAttempts())) {
      for (EvaluationResult result : evaluator.evaluate(specs)) {
        if (result.isOk()) {
          inherited.put(result.genome(), result.fitness(lambda));
          genomes.add(result.genome());
          origins.add(RANDOM);
        }
      }
    }
    // stand-alone trainings: one task per (subnet, seed), the most expensive subnets first
    StandaloneTraining training = new StandaloneTraining(space, inputs.source(), recipe,
        settings.training().retrainAugmentation(), settings.training().cropDomain(), lambda,
        settings.evaluator() == EvaluatorKind.SPARK ? 1 : Math.max(1, Runtime.getRuntime().availableProcessors()));
    List<StandaloneTraining.Task> tasks = new ArrayList<>();
    for (int s = 0; s < genomes.size(); s++) {
      for (int seed = 0; seed < settings.rankingSeeds(); seed++) {
        tasks.add(new StandaloneTraining.Task(genomes.get(s), s, seed));
      }
    }
    tasks.sort(Comparator.comparingDouble((StandaloneTraining.Task t) -> -factory.estimatedCost(t.genome()))
        .thenComparingInt(StandaloneTraining.Task::subnetIndex).thenComparingInt(StandaloneTraining.Task::seedIndex));
    List<StandaloneTraining.Score> scores = settings.evaluator() == EvaluatorKind.SPARK
        ? SparkStandaloneTraining.run(spark, training, tasks)
        : SparkStandaloneTraining.runInProcess(training, tasks);
    List<RankingStudy.Subnet> subnets = new ArrayList<>();
    List<String> diverged = new ArrayList<>();
    for (int s = 0; s < genomes.size(); s++) {
      double[] standalone = new double[settings.rankingSeeds()];
      for (StandaloneTraining.Score score : scores) {
        if (score.subnetIndex() == s) {
          standalone[score.seedIndex()] = score.fitness();
        }
      }
      if (java.util.Arrays.stream(standalone).anyMatch(Double::isNaN)) {
        diverged.add(genomes.get(s));
        continue;
      }
      subnets.add(new RankingStudy.Subnet(genomes.get(s), origins.get(s), inherited.get(genomes.get(s)), standalone));
    }
    if (!diverged.isEmpty()) {
      System.err.println("ranking: left out " + diverged.size() + " subnet(s) whose stand-alone training diverged (NaN loss): "
          + String.join(" ", diverged));
    }
    if (subnets.size() < 3) {
      System.err.println("ranking: fewer than 3 subnets trained without diverging; no rank correlation");
      return Result.OFF;
    }
    RankingStudy study = RankingStudy.of(subnets, inputs.data().validation().size(), settings.seed());
    HadoopFiles.writeAtomically(new Path(report, TABLE), conf, study.csv().getBytes(StandardCharsets.UTF_8));
    HadoopFiles.writeAtomically(new Path(report, CHART), conf, chart(study).png(CHART_WIDTH, CHART_HEIGHT));
    System.err.println("ranking: " + study.verdict());
    String note = diverged.isEmpty() ? "" : "Left out: " + diverged.size() + " subnet(s) whose stand-alone training "
        + "diverged (NaN loss): `" + String.join("`, `", diverged) + "`.\n\n";
    return new Result(study, study.markdown(CHART) + note);
  }

  /** Inherited fitness (x) against the seed-mean stand-alone fitness (y) with one-sd whiskers. */
  static Chart chart(RankingStudy study) {
    Chart chart = new Chart(String.format(Locale.ROOT, "Supernet ranking: Kendall tau %.2f (95%% CI %.2f to %.2f)",
        study.kendall().value(), study.kendall().lower(), study.kendall().upper()),
        "inherited-weight validation fitness", "stand-alone validation fitness (mean +- sd over seeds)");
    for (String origin : List.of(SEARCH_TOP, RANDOM)) {
      List<RankingStudy.Subnet> group = study.subnets().stream().filter(s -> s.origin().equals(origin)).toList();
      if (group.isEmpty()) {
        continue;
      }
      double[] x = new double[group.size()];
      double[] y = new double[group.size()];
      double[] errors = new double[group.size()];
      for (int i = 0; i < group.size(); i++) {
        x[i] = group.get(i).inherited();
        y[i] = group.get(i).mean();
        errors[i] = group.get(i).sd();
      }
      chart.add(new Chart.Series(origin.equals(SEARCH_TOP) ? "top of the search" : "random legal subnets", x, y, false,
          true, 0, errors));
    }
    return chart;
  }
}
