package org.tnas.pipelines.train;

import ai.djl.ndarray.NDManager;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.tnas.formats.shards.ShardDataset;
import org.tnas.search.data.LabelledTensorSet;
import org.tnas.search.models.ModelSpec;
import org.tnas.search.models.ResNetModel;
import org.tnas.formats.fs.HadoopFiles;
import org.tnas.search.training.DjlEngines;
import org.tnas.search.training.EnergyTable;
import org.tnas.search.training.Eda;
import org.tnas.search.training.LayerRecorder;
import org.tnas.search.training.ShardTrainingData;
import org.tnas.search.training.Trainer;
import org.tnas.search.training.TrainingReport;
import org.tnas.search.training.TrainingResult;

/**
 * {@code tnas train}: loads the fold's samples from the shard set, trains the model with the
 * per-epoch seeded augmentations, keeps the best validation epoch, writes checkpoints (resumable),
 * curves.png, epochs.csv, metrics.md and, for the SNN, energy.md (paper section 5.2, with the ANN of
 * the same size counted densely). Runs in the calling JVM (no Spark needed: one model trains on one
 * machine; the study distributes many runs).
 */
public final class TrainJob {
  private TrainJob() {}

  /** What a run produced. */
  public record Outcome(TrainingResult result, EnergyTable energy, List<String> classNames, String output) {}

  /** Runs the job. */
  public static Outcome run(TrainSettings settings, Configuration conf, Consumer<String> progress) {
    Path shards = new Path(settings.shards());
    Path output = new Path(settings.output());
    List<String> classNames = classNames(shards, conf, settings.model().classCount());
    ShardTrainingData data = ShardTrainingData.load(shards, conf, settings.fold(), settings.testSubjects(), settings.representation(),
        Eda.pipeline(settings.edas()), settings.cropDomain(), settings.model().classCount(), settings.training().seed(), settings.limit());
    String split = settings.testSubjects().isEmpty() ? "fold " + settings.fold()
        : "test subjects " + String.join(",", new java.util.TreeSet<>(settings.testSubjects()));
    progress.accept(String.format(Locale.ROOT, "train %s on %s %s: %d training, %d validation samples, EDAs %s (crop domain %s)",
        settings.model().describe(), shards, split, data.trainingSize(), data.validation().size(),
        Eda.format(settings.edas()), settings.cropDomain().label()));
    DjlEngines.pytorch(settings.training().threads());
    try (NDManager manager = NDManager.newBaseManager(DjlEngines.ENGINE_NAME);
        ResNetModel model = new ResNetModel(settings.model(), manager, settings.modelSeed());
        Trainer trainer = new Trainer(model, settings.training(), new Path(output, "checkpoints"), conf, settings.resume(), progress)) {
      TrainingResult result = trainer.train(data);
      TrainingReport.write(result, classNames, output, conf, settings.model().describe() + ", EDAs " + Eda.format(settings.edas()));
      EnergyTable energy = null;
      if (settings.model().kind() == ModelSpec.ModelKind.SNN) {
        energy = energy(trainer, model, settings.model(), data.validation(), manager);
        HadoopFiles.writeAtomically(new Path(output, "energy.md"), conf, energy.markdown().getBytes(StandardCharsets.UTF_8));
      }
      return new Outcome(result, energy, classNames, output.toString());
    }
  }

  /** Records the trained SNN's activity on {@code test} and counts the dense ANN of the same size. */
  public static EnergyTable energy(Trainer trainer, ResNetModel snn, ModelSpec spec, LabelledTensorSet test, NDManager manager) {
    LayerRecorder snnRecorder = new LayerRecorder();
    trainer.evaluate(test, snnRecorder);
    LayerRecorder annRecorder = new LayerRecorder();
    try (ResNetModel ann = new ResNetModel(spec.withKind(ModelSpec.ModelKind.ANN), manager, 0);
        Trainer annCounter = new Trainer(ann, org.tnas.search.training.TrainingConfig.spikingFer(1, 0), null, null, false, line -> { })) {
      annCounter.evaluate(test, annRecorder);
    }
    return EnergyTable.of(snnRecorder, annRecorder);
  }


  /** Class names from the shard set's manifest properties ("classes"), else from the sample labels. */
  static List<String> classNames(Path shards, Configuration conf, int classCount) {
    List<String> names = new ArrayList<>();
    for (int i = 0; i < classCount; i++) {
      names.add(String.valueOf(i));
    }
    try (ShardDataset dataset = ShardDataset.open(shards, conf)) {
      for (String id : dataset.sampleIds()) {
        var record = dataset.entry(id).record();
        if (record.isLabelled() && record.labelIndex() < classCount) {
          names.set(record.labelIndex(), record.labelName());
        }
      }
    }
    return names;
  }
}
