package org.tnas.search.supernet;

import java.util.List;
import java.util.Objects;

/**
 * The result of evaluating one subnet on a labelled set, sample order as in the set.
 *
 * @param genomeString the genome's compact string
 * @param meanLoss mean cross-entropy
 * @param logits one logit vector per sample
 * @param predictions argmax of each logit vector (first index on ties)
 * @param labels the true labels
 * @param weightedAverageRecall WAR: correct / total (plain accuracy)
 * @param unweightedAverageRecall UAR: mean over the classes present of their recall
 * @param absentClasses classes with no sample in the set (left out of UAR, reported here)
 */
public record SubnetEvaluation(
    String genomeString,
    double meanLoss,
    float[][] logits,
    int[] predictions,
    int[] labels,
    double weightedAverageRecall,
    double unweightedAverageRecall,
    List<Integer> absentClasses) {

  public SubnetEvaluation {
    Objects.requireNonNull(genomeString, "genomeString is null");
    Objects.requireNonNull(logits, "logits is null");
    Objects.requireNonNull(predictions, "predictions is null");
    Objects.requireNonNull(labels, "labels is null");
    absentClasses = List.copyOf(Objects.requireNonNull(absentClasses, "absentClasses is null"));
  }

  /** Computes WAR and UAR from predictions and labels for {@code classCount} classes. */
  static SubnetEvaluation of(String genome, double meanLoss, float[][] logits, int[] predictions, int[] labels,
      int classCount) {
    int[] total = new int[classCount];
    int[] correct = new int[classCount];
    int allCorrect = 0;
    for (int i = 0; i < labels.length; i++) {
      total[labels[i]]++;
      if (predictions[i] == labels[i]) {
        correct[labels[i]]++;
        allCorrect++;
      }
    }
    double recallSum = 0;
    int present = 0;
    List<Integer> absent = new java.util.ArrayList<>();
    for (int c = 0; c < classCount; c++) {
      if (total[c] == 0) {
        absent.add(c);
      } else {
        recallSum += (double) correct[c] / total[c];
        present++;
      }
    }
    double war = labels.length == 0 ? Double.NaN : (double) allCorrect / labels.length;
    double uar = present == 0 ? Double.NaN : recallSum / present;
    return new SubnetEvaluation(genome, meanLoss, logits, predictions, labels, war, uar, absent);
  }
}
