package org.tnas.pipelines.pipeline;

import ai.djl.engine.Engine;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.tnas.formats.fs.HadoopFiles;
import org.tnas.formats.shards.Manifest;
import org.tnas.formats.util.Digests;
import org.tnas.search.data.LabelledTensorSet;
import org.tnas.search.evaluation.EvaluationResult;
import org.tnas.search.report.SearchReport;
import org.tnas.search.run.RunRecipe;
import org.tnas.search.run.SearchConf;
import org.tnas.search.supernet.LearningRateSchedule;
import org.tnas.search.supernet.SupernetConfig;
import org.tnas.udfs.core.AugmentationPipeline;
import org.tnas.udfs.core.CropDomain;

/**
 * Stage 7 of {@code tnas pipeline}: {@code <root>/report} - the search report and model card
 * ({@link SearchReport}) with the run's warnings first, the ranking study, and the provenance: data,
 * representation, training and search settings, seeds, software, machine and wall time per stage.
 */
final class ReportStage {
  /** The report's directory in the run's directory. */
  static final String DIRECTORY = "report";
  /** The exported final model. */
  static final String WEIGHTS_FILE = "final-model.weights";

  private ReportStage() {}

  static String write(PipelineSettings settings, PipelineData data, FoldInputs inputs, SupernetStage.Result supernet,
      SearchStage.Result search, RankingStage.Result ranking, FinalStage.Result finalModel, TestPassesStage.Result passes,
      org.tnas.search.run.TtfsStudy.Result ttfs, StageTimes times, String root, Configuration conf) {
    Path report = new Path(root + "/" + DIRECTORY);
    List<String> warnings = warnings(settings, supernet, search, ranking, inputs);
    StringBuilder preface = new StringBuilder();
    for (String warning : warnings) {
      System.err.println("WARNING: " + warning);
      preface.append("> **Warning:** ").append(warning).append(".\n\n");
    }
    String appendix = hardwareSection(settings, finalModel.model())
        + (ttfs == null ? "" : org.tnas.search.run.TtfsStudy.markdown(ttfs) + "\n") + passes.section() + ranking.report() + costSection(settings, search) + provenance(settings, data, inputs, supernet, times, conf);
    SearchReport.write(report, conf, search.search(), search.baseline(), finalModel.model(), data.classNames(),
        settings.groupBy(), finalModel.groups(), preface.toString(), appendix);
    if (finalModel.model() != null) {
      HadoopFiles.writeAtomically(new Path(report, WEIGHTS_FILE), conf, finalModel.model().weights().toBytes());
    }
    SupernetConfig training = supernet.training() == null ? SupernetStage.trainingConfig(settings, inputs) : supernet.training();
    new RunRecipe(data.shards(), inputs.split(), settings.validationFraction(), settings.seed(),
        settings.timeBins(), data.geometry().width(), data.geometry().height(), inputs.space(),
        FinalStage.retraining(training, settings), settings.training().retrainAugmentation(), settings.training().cropDomain(),
        settings.search().lambda())
        .write(new Path(root), conf);
    return report.toString();
  }

  /** What a user must know before trusting the run: the supernet did not learn, fitness near chance, ranking noise. */
  static List<String> warnings(PipelineSettings settings, SupernetStage.Result supernet, SearchStage.Result search,
      RankingStage.Result ranking, FoldInputs inputs) {
    List<String> warnings = new ArrayList<>();
    String notLearned = supernet.notLearnedWarning(settings.minimumLossReduction());
    if (notLearned != null) {
      warnings.add(notLearned);
    }
    double chance = 1.0 / inputs.space().classCount();
    double best = search.search().best().fitness(search.search().lambda());
    if (best < chance + settings.minimumFitnessMargin()) {
      warnings.add(String.format(Locale.ROOT, "the best inherited-weight validation fitness %.3f is within %.2f of chance "
          + "(%.3f for %d classes): the search ranks noise; train the supernet longer (pipeline.supernet.steps-per-choice) "
          + "or check the data", best, settings.minimumFitnessMargin(), chance, inputs.space().classCount()));
    }
    if (ranking.study() != null && (ranking.study().noiseSwampsDifferences() || ranking.study().kendall().lower() <= 0)) {
      warnings.add(ranking.study().verdict());
    }
    return warnings;
  }

  /**
   * The budgets and where the search's winner sits among the valid candidates on (validation WAR,
   * SynOps): how many candidates dominate it (at least as accurate with at most as many SynOps, one
   * strictly better), 0 meaning it is on the Pareto front of {@code pareto-front.png}.
   */
  /**
   * The final TTFS net's latency in ms and energy per inference under the {@code ttfs.*} time
   * constant and energy model (of the exact net; the constrained one is in the TTFS section).
   */
  static String hardwareSection(PipelineSettings settings, org.tnas.search.run.FinalModel model) {
    if (model == null) {
      return "";
    }
    org.tnas.search.ttfs.HardwareConstraints hardware = settings.search().hardware();
    return String.format(Locale.ROOT, "## Latency and energy on hardware%n%n| | |%n|---|---|%n"
        + "| latency | %.3f tau_c = %.3f ms at tau_c = %s ms (`ttfs.tau-ms`) |%n"
        + "| energy per inference | %.2f nJ (%s pJ per SynOp, %s pJ per spike: `ttfs.energy.*`) |%n"
        + "| hardware constraints | %s (`ttfs.*`) |%n%n",
        model.latency(), model.latency() * hardware.tauMillis(), hardware.tauMillis(),
        hardware.picojoulesPerInference(model.spiking().work()) / 1000, hardware.synOpPicojoules(),
        hardware.spikePicojoules(), hardware.describe());
  }

  static String costSection(PipelineSettings settings, SearchStage.Result search) {
    EvaluationResult best = search.search().best();
    int dominating = 0;
    int invalid = 0;
    for (EvaluationResult result : search.search().results()) {
      if (!result.isOk()) {
        invalid++;
        continue;
      }
      boolean noWorse = result.war() >= best.war() && result.synapticOperations() <= best.synapticOperations();
      boolean better = result.war() > best.war() || result.synapticOperations() < best.synapticOperations();
      dominating += noWorse && better ? 1 : 0;
    }
    Budgets budgets = settings.budgets();
    StringBuilder md = new StringBuilder("## Cost: budgets and the winner on the accuracy-SynOps front\n\n");
    md.append(budgets.isNone() ? "No budget was set (pipeline.budget.*)." : String.format(Locale.ROOT,
        "Budgets: parameters %s, MACs %s, SynOps %s per sample (0 = none); %d candidates were recorded INVALID.",
        budgets.parameters(), budgets.macs(), budgets.synapticOperations(), invalid));
    md.append(String.format(Locale.ROOT, " The search's winner (validation WAR %.4f, %.0f SynOps) is %s.%n%n", best.war(),
        best.synapticOperations(), dominating == 0 ? "on the Pareto front of the valid candidates (pareto-front.png)"
            : "dominated by " + dominating + " valid candidate(s) on (WAR, SynOps): the scalar fitness also weighs UAR"));
    return md.toString();
  }

  static String provenance(PipelineSettings settings, PipelineData data, FoldInputs inputs, SupernetStage.Result supernet,
      StageTimes times, Configuration conf) {
    StringBuilder md = new StringBuilder("## Provenance\n\n| item | value |\n|---|---|\n");
    Path manifest = new Path(data.shards(), Manifest.FILE_NAME);
    row(md, "dataset", data.shards() + " (manifest SHA-256 " + Digests.sha256Hex(HadoopFiles.read(manifest, conf)) + ")");
    row(md, "classes", String.join(", ", data.classNames()));
    row(md, "test split", inputs.split().describe());
    row(md, "samples per class: train", counts(inputs.data().calibration()));
    row(md, "samples per class: validation", counts(inputs.data().validation()));
    row(md, "samples per class: test", inputs.test() == null ? "none" : counts(inputs.test()));
    row(md, "representation", inputs.representation().toString());
    row(md, "test protocol", inputs.protocol().clip() == null ? inputs.protocol().passes() + " pass(es) over whole clips"
        : String.format(Locale.ROOT, "%d passes, clip %s (%s); test-pass seed %d", inputs.protocol().passes(),
            inputs.protocol().clip().spec(), inputs.protocol().origin(), inputs.testSeed()));
    SupernetConfig training = supernet.training();
    if (training == null) {
      row(md, "supernet", supernet.checkpoint() + " (given)");
    } else {
      row(md, "supernet training", String.format(Locale.ROOT, "%d epochs (%s), batch %d, %s learning rate %s (%s), "
          + "momentum %s, weight decay %s, %s path sampling, seed %d, augmentation per epoch: %s; probe validation loss "
          + "%.3f -> %.3f (chance %.3f)", training.epochs(),
          settings.supernetEpochsSource(), training.batchSize(), training.optimizer(), training.learningRate(),
          schedule(training.schedule()), training.momentum(), training.weightDecay(),
          training.sampling().name().toLowerCase(Locale.ROOT), training.seed(), spec(settings.supernetAugmentation(), settings.training().cropDomain()),
          supernet.probeLossBefore(),
          supernet.probeLossAfter(), supernet.chanceLoss()));
    }
    {
      SupernetConfig retraining = FinalStage.retraining(training != null ? training
          : SupernetStage.trainingConfig(settings, inputs), settings);
      row(md, "final-model retraining", String.format(Locale.ROOT, "%d epochs, batch %d, %s learning rate %s (%s), weight "
          + "decay %s, augmentation per epoch: %s, batch-norm statistics recomputed on the training split",
          retraining.epochs(), retraining.batchSize(), retraining.optimizer(), retraining.learningRate(),
          schedule(retraining.schedule()), retraining.weightDecay(), spec(settings.training().retrainAugmentation(), settings.training().cropDomain())));
    }
    SearchConf search = settings.search();
    row(md, "search", String.format(Locale.ROOT, "%s, %s fitness (lambda %s), population %d, top-k %d, %d mutations, %d "
        + "crossovers, mutation probability %s, %d generations, search seed %d, pipeline seed %d", search.strategy(),
        search.mode(), search.lambda(), search.populationSize(), search.topK(), search.mutationCount(),
        search.crossoverCount(), search.mutationProbability(), search.generations(), search.seed(), settings.seed()));
    row(md, "scoring", String.format(Locale.ROOT, "batch %d, %d batch-norm recalibration batches, %d samples simulated as "
        + "TTFS, evaluator %s%s", search.scoringBatchSize(), search.recalibrationBatches(), search.spikingSamples(),
        settings.evaluator(), search.score() == org.tnas.search.evaluation.ScoreDomain.TTFS
            ? "; candidates scored by their TTFS net (" + search.hardware().describe() + ") on the whole validation split"
            : ""));
    row(md, "software", "Java " + System.getProperty("java.version") + ", Spark " + org.apache.spark.package$.MODULE$
        .SPARK_VERSION() + ", DJL " + Engine.getDjlVersion() + ", PyTorch "
        + Engine.getEngine("PyTorch").getVersion());
    row(md, "machine", machine());
    StringBuilder stages = new StringBuilder();
    for (Map.Entry<String, Double> entry : times.ordered().entrySet()) {
      stages.append(stages.length() == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%s %.1f s", entry.getKey(),
          entry.getValue()));
    }
    row(md, "wall time per stage", stages.toString());
    return md.append('\n').toString();
  }

  /** CPU model, cores and load average of the driver's machine. */
  static String machine() {
    String model = "unknown CPU";
    try {
      for (String line : Files.readAllLines(java.nio.file.Path.of("/proc/cpuinfo"), StandardCharsets.UTF_8)) {
        if (line.startsWith("model name")) {
          model = line.substring(line.indexOf(':') + 1).strip();
          break;
        }
      }
    } catch (java.io.IOException | RuntimeException e) {
      // not Linux: the model stays unknown
    }
    String load = "";
    try {
      load = ", load " + Files.readString(java.nio.file.Path.of("/proc/loadavg")).strip().split(" ")[0];
    } catch (java.io.IOException | RuntimeException e) {
      // not Linux
    }
    return model + ", " + Runtime.getRuntime().availableProcessors() + " cores" + load + " (driver)";
  }

  private static String counts(LabelledTensorSet set) {
    return set.size() + " " + Arrays.toString(set.classCounts());
  }

  private static void row(StringBuilder md, String name, String value) {
    md.append("| ").append(name).append(" | ").append(value.replace("|", "\\|")).append(" |\n");
  }

  private static String schedule(LearningRateSchedule schedule) {
    return schedule == LearningRateSchedule.COSINE ? "cosine-annealed to 0" : "constant";
  }

  /** The augmentation for the model card; with crop and mirror on the frames ({@code pipeline.crop-domain=frames}) it says so. */
  private static String spec(AugmentationPipeline augmentation, CropDomain domain) {
    String where = switch (domain) {
      case EVENTS -> "";
      case FRAMES -> " (crop and mirror on the binned frames)";
      case FRAMES_BINNED -> " (crop and mirror on the binned frames, the crop binned at the input size)";
    };
    return augmentation.steps().isEmpty() ? "none" : augmentation.spec() + where;
  }
}
