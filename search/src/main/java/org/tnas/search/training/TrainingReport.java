package org.tnas.search.training;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.tnas.search.report.Chart;
import org.tnas.formats.fs.HadoopFiles;

/** Writes a training run's curves (PNG), epoch table (CSV) and metrics (Markdown) to any Hadoop FS. Stateless. */
public final class TrainingReport {
  private TrainingReport() {}

  /** The training-curve chart: training loss, training accuracy and validation WAR/UAR per epoch. */
  public static byte[] curvesPng(TrainingResult result, String title) {
    List<EpochRecord> epochs = result.epochs();
    double[] x = new double[epochs.size()];
    double[] loss = new double[x.length];
    double[] train = new double[x.length];
    double[] war = new double[x.length];
    double[] uar = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      EpochRecord r = epochs.get(i);
      x[i] = r.epoch() + 1;
      loss[i] = r.trainingLoss();
      train[i] = r.trainingAccuracy();
      war[i] = r.validationWar();
      uar[i] = r.validationUar();
    }
    return new Chart(title, "epoch", "loss / accuracy")
        .add(new Chart.Series("training loss", x, loss, true, true))
        .add(new Chart.Series("training accuracy", x, train, true, true))
        .add(new Chart.Series("validation WAR", x, war, true, true))
        .add(new Chart.Series("validation UAR", x, uar, true, true))
        .png(900, 500);
  }

  /** One CSV line per epoch. */
  public static String epochsCsv(TrainingResult result) {
    StringBuilder text = new StringBuilder(
        "epoch,learning_rate,training_loss,training_accuracy,validation_loss,validation_war,validation_uar,samples,seconds\n");
    for (EpochRecord r : result.epochs()) {
      text.append(String.format(Locale.ROOT, "%d,%s,%s,%s,%s,%s,%s,%d,%.3f%n", r.epoch() + 1, r.learningRate(), r.trainingLoss(),
          r.trainingAccuracy(), r.validationLoss(), r.validationWar(), r.validationUar(), r.samples(), r.seconds()));
    }
    return text.toString();
  }

  /** Metrics of the best epoch as Markdown (WAR, UAR, per-class recall). */
  public static String metricsMarkdown(TrainingResult result, List<String> classNames) {
    StringBuilder text = new StringBuilder();
    EpochRecord best = result.best();
    text.append(String.format(Locale.ROOT, "model: %s%n%nbest epoch %d of %d: validation WAR %.2f %%, UAR %.2f %%"
        + " (chance %.2f %%)%n%n", result.model(), best.epoch() + 1, result.epochs().size(), 100 * result.bestMetrics().war(),
        100 * result.bestMetrics().uar(), 100.0 / result.bestMetrics().classCount()));
    text.append("| class | recall | support |\n|---|---:|---:|\n");
    double[] recall = result.bestMetrics().perClassRecall();
    for (int c = 0; c < recall.length; c++) {
      String name = c < classNames.size() ? classNames.get(c) : String.valueOf(c);
      text.append(String.format(Locale.ROOT, "| %s | %.2f %% | %d |%n", name, 100 * recall[c], result.bestMetrics().support(c)));
    }
    return text.toString();
  }

  /** Writes curves.png, epochs.csv and metrics.md (each via temporary file + rename) into {@code directory}. */
  public static void write(TrainingResult result, List<String> classNames, Path directory, Configuration conf, String title) {
    HadoopFiles.writeAtomically(new Path(directory, "curves.png"), conf, curvesPng(result, title));
    HadoopFiles.writeAtomically(new Path(directory, "epochs.csv"), conf, epochsCsv(result).getBytes(StandardCharsets.UTF_8));
    HadoopFiles.writeAtomically(new Path(directory, "metrics.md"), conf,
        metricsMarkdown(result, classNames).getBytes(StandardCharsets.UTF_8));
  }
}
