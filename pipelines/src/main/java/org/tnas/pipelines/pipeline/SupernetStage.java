package org.tnas.pipelines.pipeline;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.tnas.formats.errors.ProjectException;
import org.tnas.formats.fs.HadoopFiles;
import org.tnas.formats.shards.Manifest;
import org.tnas.formats.shards.ShardInfo;
import org.tnas.formats.util.Digests;
import org.tnas.search.data.AugmentedEpochs;
import org.tnas.search.data.TestSplit;
import org.tnas.search.run.SearchRunErrorCode;
import org.tnas.search.space.SearchSpace;
import org.tnas.search.supernet.OptimizerKind;
import org.tnas.search.supernet.SupernetCheckpoint;
import org.tnas.search.supernet.SupernetConfig;
import org.tnas.search.supernet.SupernetTraining;
import org.tnas.search.supernet.TrainingIdentity;
import org.tnas.udfs.core.CropDomain;

/**
 * Stage 3 of {@code tnas pipeline}: the supernet of one run - given ({@code
 * pipeline.supernet.checkpoint}, which must be of the run's search space), kept from an interrupted
 * run ({@value #IDENTITY_FILE} matches what this run would train, and the checkpoint's bytes are the
 * ones recorded), or trained now ({@link SupernetTraining}).
 */
final class SupernetStage {
  /** The file next to supernet.ckpt recording what it was trained on and with (read on resume). */
  static final String IDENTITY_FILE = "supernet.properties";
  /** The checkpoint's file name in the run's directory. */
  static final String CHECKPOINT_FILE = "supernet.ckpt";
  /** The identity's key of the crop domain of the supernet's augmentation. */
  static final String CROP_DOMAIN = "training.crop-domain";

  private SupernetStage() {}

  /**
   * The supernet a run searches with.
   *
   * @param checkpoint its Hadoop path
   * @param probeLossBefore a probe path's validation loss before training (NaN when given)
   * @param probeLossAfter the same after training (NaN when given)
   * @param chanceLoss ln(classes): the loss of a uniform prediction
   * @param training the settings it was trained with (null when given)
   */
  record Result(String checkpoint, double probeLossBefore, double probeLossAfter, double chanceLoss,
      SupernetConfig training) {
    Result {
      Objects.requireNonNull(checkpoint, "checkpoint is null");
    }

    boolean given() {
      return training == null;
    }

    /** The fraction of the probe's initial loss training removed. */
    double lossReduction() {
      return probeLossBefore > 0 ? (probeLossBefore - probeLossAfter) / probeLossBefore : Double.NaN;
    }

    /**
     * A warning when the supernet did not learn: its probe loss fell by less than {@code
     * minimumReduction} of its initial value, or stayed at or above chance; null otherwise.
     */
    String notLearnedWarning(double minimumReduction) {
      if (given() || Double.isNaN(probeLossAfter)) {
        return null;
      }
      if (lossReduction() >= minimumReduction && probeLossAfter < chanceLoss) {
        return null;
      }
      return String.format(Locale.ROOT, "the supernet barely learned: a probe path's validation loss went %.3f -> %.3f "
          + "(%.1f %% lower; chance is %.3f, the threshold pipeline.supernet.min-loss-reduction is %.0f %%). Inherited-weight "
          + "fitness then ranks noise; raise pipeline.supernet.epochs (or, with pipeline.supernet.epochs=0, pipeline.supernet.steps-per-choice) or lower "
          + "pipeline.learning-rate", probeLossBefore, probeLossAfter, 100 * lossReduction(), chanceLoss,
          100 * minimumReduction);
    }
  }

  /** The training settings of the supernet (and, with other epochs, of the final retraining). */
  static SupernetConfig trainingConfig(PipelineSettings settings, FoldInputs inputs) {
    return SupernetConfig.defaults().withEpochs(settings.supernetEpochs(inputs.data().calibration().size(), inputs.space()))
        .withBatchSize(settings.batchSize()).withOptimizer(OptimizerKind.ADAM, settings.learningRate())
        .withSeed(settings.seed()).withThreads(Math.max(1, Runtime.getRuntime().availableProcessors()))
        .withSchedule(settings.training().supernetSchedule()).withSampling(settings.training().sampling())
        .withWeightDecay(settings.training().weightDecay());
  }

  static Result run(PipelineSettings settings, PipelineData data, FoldInputs inputs, String root, Configuration conf) {
    SearchSpace space = inputs.space();
    double chance = Math.log(space.classCount());
    if (!settings.supernet().isEmpty()) {
      String checkpoint = settings.supernet();
      SearchSpace stored = SupernetCheckpoint.readSpace(new Path(checkpoint), conf);
      if (!SupernetCheckpoint.withoutBudgets(stored).equals(SupernetCheckpoint.withoutBudgets(space))) {
        throw new ProjectException(PipelineErrorCode.SUPERNET_MISMATCH, "Cannot search with supernet " + checkpoint
            + ": its search space " + stored + " differs from the one of the data and settings " + space);
      }
      return new Result(checkpoint, Double.NaN, Double.NaN, chance, null);
    }
    SupernetConfig training = trainingConfig(settings, inputs);
    Path checkpoint = new Path(root + "/" + CHECKPOINT_FILE);
    Path identityFile = new Path(root + "/" + IDENTITY_FILE);
    TrainingIdentity identity = identity(space, training, data.manifest(), settings, inputs.split());
    if (settings.search().resume() && HadoopFiles.exists(checkpoint, conf) && HadoopFiles.exists(identityFile, conf)) {
      // a resumed run keeps the supernet it trained before (same data, space and training settings)
      TrainingIdentity stored = recorded(TrainingIdentity.read(identityFile, conf));
      List<String> changed = identity.changesFrom(stored);
      if (!changed.isEmpty()) {
        throw new ProjectException(SearchRunErrorCode.CONFIGURATION_CHANGED, "Cannot resume " + root
            + ": the supernet was trained with other settings or data (" + String.join("; ", changed)
            + "); start a new run in another output");
      }
      String recorded = stored.get(TrainingIdentity.CHECKPOINT_DIGEST);
      String actual = Digests.sha256Hex(HadoopFiles.read(checkpoint, conf));
      if (recorded != null && !recorded.equals(actual)) {
        throw new ProjectException(SearchRunErrorCode.CONFIGURATION_CHANGED, "Cannot resume " + root + ": " + checkpoint
            + " is not the supernet this run trained (SHA-256 " + actual + ", recorded " + recorded
            + "); start a new run in another output");
      }
      return new Result(checkpoint.toString(), stored.number(TrainingIdentity.PROBE_LOSS_BEFORE),
          stored.number(TrainingIdentity.PROBE_LOSS_AFTER), chance, training);
    }
    SupernetTraining.Outcome outcome = SupernetTraining.train(space, inputs.data().calibration(),
        inputs.data().validation(), new AugmentedEpochs(inputs.source(), settings.supernetAugmentation(), settings.seed(),
            settings.training().cropDomain()),
        training, checkpoint, conf);
    identity.with(TrainingIdentity.PROBE_LOSS_BEFORE, Double.toString(outcome.probeLossBefore()))
        .with(TrainingIdentity.PROBE_LOSS_AFTER, Double.toString(outcome.probeLossAfter()))
        .with(TrainingIdentity.CHECKPOINT_DIGEST, Digests.sha256Hex(HadoopFiles.read(checkpoint, conf)))
        .write(identityFile, conf);
    return new Result(checkpoint.toString(), outcome.probeLossBefore(), outcome.probeLossAfter(), chance, training);
  }

  /**
   * A stored identity as this build compares it: one written before {@value #CROP_DOMAIN} was
   * recorded gets {@code events}, the only crop domain of the supernets trained then, so such a run
   * still resumes in that domain (and is refused in the other).
   */
  static TrainingIdentity recorded(TrainingIdentity stored) {
    return stored.get(CROP_DOMAIN) != null ? stored : stored.with(CROP_DOMAIN, CropDomain.EVENTS.label());
  }

  /**
   * What determines the trained supernet: data (shard digests), inputs, split, space and training
   * settings (with the augmentation's crop domain).
   */
  static TrainingIdentity identity(SearchSpace space, SupernetConfig training, Manifest manifest,
      PipelineSettings settings, TestSplit split) {
    StringBuilder digests = new StringBuilder();
    for (ShardInfo shard : manifest.shards()) {
      digests.append(shard.sha256()).append(',');
    }
    Map<String, String> values = new TreeMap<>();
    values.put("data.shards", Digests.sha256Hex(digests.toString()));
    values.put("data.time-bins", Integer.toString(settings.timeBins()));
    values.put("data.fold", Integer.toString(split.fold()));
    if (split.isBySubject()) {
      values.put("data.test-subjects", String.join(",", split.subjects()));
    }
    values.put("data.validation-fraction", Double.toString(settings.validationFraction()));
    values.put("space", SupernetCheckpoint.spaceHash(SupernetCheckpoint.withoutBudgets(space)));
    values.put("training.epochs", Integer.toString(training.epochs()));
    values.put("training.batch-size", Integer.toString(training.batchSize()));
    values.put("training.optimizer", training.optimizer() + " lr=" + training.learningRate() + " momentum="
        + training.momentum() + " decay=" + training.weightDecay());
    values.put("training.seed", Long.toString(training.seed()));
    values.put("training.schedule", training.schedule().name());
    values.put("training.sampling", training.sampling().name());
    values.put("training.augmentation", settings.supernetAugmentation().spec());
    values.put(CROP_DOMAIN, settings.training().cropDomain().label());
    return TrainingIdentity.of(values);
  }
}
