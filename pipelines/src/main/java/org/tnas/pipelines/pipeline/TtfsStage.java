package org.tnas.pipelines.pipeline;

import ai.djl.ndarray.NDManager;
import java.util.List;
import java.util.Objects;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.tnas.formats.fs.HadoopFiles;
import org.tnas.search.data.AugmentedEpochs;
import org.tnas.search.data.LabelledTensorSet;
import org.tnas.search.evaluation.EvaluationData;
import org.tnas.search.net.NetworkWeights;
import org.tnas.search.results.ResultTable;
import org.tnas.search.run.RunRecipe;
import org.tnas.search.run.SearchRun;
import org.tnas.search.run.TtfsFineTuning;
import org.tnas.search.run.TtfsStudy;
import org.tnas.search.space.Genome;
import org.tnas.search.space.SearchSpace;
import org.tnas.search.training.DjlEngines;
import org.tnas.search.supernet.SubnetEvaluator;
import org.tnas.search.supernet.Supernet;
import org.tnas.search.supernet.SupernetCheckpoint;
import org.tnas.search.supernet.SupernetConfig;
import org.tnas.search.training.TrainingConfig;
import org.tnas.search.ttfs.HardwareConstraints;

/**
 * Stage 7 of {@code tnas pipeline} (and {@code tnas ttfs} on an existing run folder): the final
 * model's TTFS net under the {@code ttfs.*} hardware constraints ({@link TtfsStudy}): fine-tuned
 * when the constraints are not exact, the retraining strategies compared ({@code
 * pipeline.ttfs.strategies}) and the constraint sweep ({@code pipeline.ttfs.sweep}). Writes
 * {@code report/ttfs.md}, {@code ttfs-strategies.csv/png} and {@code ttfs-sweep.csv/png}. Runs on the
 * driver (one training at a time).
 */
public final class TtfsStage {
  private TtfsStage() {}

  /** What the stage needs besides its options. */
  private record Source(NetworkWeights retrained, LabelledTensorSet train, LabelledTensorSet validation,
      LabelledTensorSet test, AugmentedEpochs augmented, SearchSpace space, Genome genome, String supernet,
      SupernetConfig retraining, int recalibrationBatches) {}

  /** The stage inside the pipeline; null when it has nothing to do or there is no final model. */
  static TtfsStudy.Result run(PipelineSettings settings, FoldInputs inputs, org.tnas.search.run.FinalModel model,
      String supernetCheckpoint, SupernetConfig retraining, Path report, Configuration conf) {
    HardwareConstraints constraints = settings.search().hardware();
    if (model == null || inputs.test() == null || !settings.ttfs().active(constraints.exact())) {
      return null;
    }
    AugmentedEpochs augmented = settings.training().retrainAugmentation().steps().isEmpty() ? null
        : new AugmentedEpochs(inputs.source(), settings.training().retrainAugmentation(), settings.seed(),
            settings.training().cropDomain());
    Source source = new Source(model.weights(), inputs.data().calibration(), inputs.data().validation(), inputs.test(),
        augmented, inputs.space(), Genome.parse(model.genome()), supernetCheckpoint, retraining,
        settings.search().recalibrationBatches());
    return study(source, constraints, settings.ttfs(), report, conf);
  }

  /**
   * {@code tnas ttfs}: the stage on an existing pipeline run folder: its recipe ({@value
   * RunRecipe#FILE_NAME}), its final model ({@code report/final-model.weights}), the supernet {@code
   * supernet} (empty: {@code <run>/supernet.ckpt} when present) for the inherited-weights strategy, and
   * the winner {@code genome} (empty: the best row of {@code <run>/search/results.arrow} by the run's
   * fitness). Writes into {@code output}.
   */
  public static TtfsStudy.Result forRunFolder(Path run, String genome, String supernet, HardwareConstraints constraints,
      TtfsOptions options, Path output, Configuration conf) {
    Objects.requireNonNull(run, "run is null");
    RunRecipe recipe = RunRecipe.read(run, conf);
    Path weightsPath = new Path(new Path(run, ReportStage.DIRECTORY), ReportStage.WEIGHTS_FILE);
    NetworkWeights retrained;
    try {
      retrained = NetworkWeights.fromBytes(HadoopFiles.read(weightsPath, conf));
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("Cannot read the final model of " + run + ": " + weightsPath + " (" + e.getMessage()
          + "); run tnas pipeline with pipeline.final-model=true first", e);
    }
    String chosen = genome.isEmpty() ? bestGenome(run, recipe.lambda(), conf) : genome;
    String checkpoint = supernet;
    if (checkpoint.isEmpty()) {
      Path candidate = new Path(run, SupernetStage.CHECKPOINT_FILE);
      checkpoint = HadoopFiles.exists(candidate, conf) ? candidate.toString() : "";
    }
    EvaluationData data = recipe.dataSource().load();
    LabelledTensorSet test = recipe.test(conf);
    if (test == null) {
      throw new IllegalArgumentException("Cannot run the TTFS stage on " + run + ": its test split has no sample");
    }
    AugmentedEpochs augmented = recipe.retrainAugmentation().steps().isEmpty() ? null
        : recipe.augmentedEpochs(recipe.retraining().seed());
    Source source = new Source(retrained, data.calibration(), data.validation(), test, augmented, recipe.space(),
        Genome.parse(chosen), checkpoint, recipe.retraining(), recipe.retraining().recalibrationBatches());
    return study(source, constraints, options, output, conf);
  }

  private static TtfsStudy.Result study(Source source, HardwareConstraints constraints, TtfsOptions options, Path report,
      Configuration conf) {
    SupernetConfig r = source.retraining();
    TrainingConfig fineTune = new TrainingConfig(Math.max(1, options.fineTuneEpochs()), r.batchSize(),
        options.fineTuneLearningRate(), 0.9, r.weightDecay(), TrainingConfig.Schedule.COSINE, r.seed(), r.threads());
    TrainingConfig scratch = new TrainingConfig(r.epochs(), r.batchSize(), options.scratchLearningRate(), 0.9,
        r.weightDecay(), TrainingConfig.Schedule.COSINE, r.seed(), r.threads());
    NetworkWeights inherited = options.strategies() && !source.supernet().isEmpty() ? inherited(source, conf) : null;
    TtfsStudy.Rows rows = options.strategies() ? TtfsStudy.Rows.ALL
        : !constraints.exact() && options.fineTuneEpochs() > 0 ? TtfsStudy.Rows.FINE_TUNE : TtfsStudy.Rows.NONE;
    TtfsStudy.Inputs inputs = new TtfsStudy.Inputs(source.retrained(), inherited, source.train(),
        TtfsFineTuning.data(source.train(), source.augmented(), source.validation()), source.test(), fineTune, scratch);
    TtfsStudy.Result result = TtfsStudy.run(inputs, constraints, rows, options.sweepBits(), options.fineTuneSeeds(),
        null);
    TtfsStudy.write(result, report, conf);
    return result;
  }

  /** The supernet's weights of the chosen genome, batch norm recalibrated on the training samples. */
  private static NetworkWeights inherited(Source source, Configuration conf) {
    DjlEngines.pytorch(source.retraining().threads());
    try (NDManager manager = NDManager.newBaseManager();
        Supernet supernet = SupernetCheckpoint.load(new Path(source.supernet()), conf, source.space(), manager)) {
      return new SubnetEvaluator(supernet, source.retraining().batchSize()).extract(source.genome(), source.train(),
          source.recalibrationBatches(), source.retraining().seed());
    }
  }

  private static String bestGenome(Path run, double lambda, Configuration conf) {
    Path results = new Path(new Path(run, "search"), SearchRun.RESULTS_FILE);
    List<org.tnas.search.evaluation.EvaluationResult> rows = ResultTable.read(results, conf);
    String best = null;
    double bestFitness = Double.NEGATIVE_INFINITY;
    for (org.tnas.search.evaluation.EvaluationResult row : rows) {
      if (row.isOk()) {
        double fitness = row.fitness(lambda);
        if (fitness > bestFitness) {
          bestFitness = fitness;
          best = row.genome();
        }
      }
    }
    if (best == null) {
      throw new IllegalArgumentException("Cannot choose the winner of " + run + ": " + results + " has no scored candidate;"
          + " pass --genome");
    }
    return best;
  }
}
