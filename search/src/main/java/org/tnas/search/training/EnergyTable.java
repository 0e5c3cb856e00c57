package org.tnas.search.training;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.tnas.search.metrics.EnergyModel;

/**
 * Spiking-FER's energy estimate (paper section 5.2, Horowitz 45 nm: a multiply-accumulate 4.6 pJ,
 * an accumulate 0.9 pJ) from the layer activity recorded on the test samples.
 *
 * <p>Per synaptic layer l: {@code FLOPs_ANN(l) = k^2 * O^2 * Cin * Cout} (convolution) or {@code
 * Cin * Cout} (linear); {@code Rs(l)} = input spikes of l over all T steps per input neuron and
 * sample; {@code FLOPs_SNN(l) = FLOPs_ANN(l) * Rs(l)}. Layers whose input is spikes count as
 * accumulates in E_SNN: the stem (binary event frames), every block convolution (IF outputs or
 * their ADD sums, a 2 counting as two spikes) and the accumulator's hidden Linear (its input is the
 * per-step average pool of spikes, so Rs is the pooled activity). The final classifier reads the
 * integrated membrane (real values) once per sample: it counts as multiply-accumulates in E_SNN.
 * E_ANN is the dense count of the ANN's layers times 4.6 pJ. Immutable.
 */
public record EnergyTable(List<Row> snnRows, List<Row> annRows, long samples) {
  /** One layer. {@code spikingOperations} is FLOPs_SNN (NaN for a non-spiking layer). */
  public record Row(String layer, String kind, double denseOperations, double spikeRate, boolean spikingInput,
      double operations, double picojoules) {}

  public EnergyTable {
    snnRows = List.copyOf(Objects.requireNonNull(snnRows, "snnRows is null"));
    annRows = List.copyOf(Objects.requireNonNull(annRows, "annRows is null"));
  }

  /** The table from the recorders of the SNN and the ANN run over the same test samples. */
  public static EnergyTable of(LayerRecorder snn, LayerRecorder ann) {
    List<Row> snnRows = new ArrayList<>();
    long samples = 0;
    for (LayerRecorder.Layer layer : snn.layers()) {
      samples = Math.max(samples, layer.samples());
      if (layer.spikingInput()) {
        double operations = layer.operationsPerStep() * layer.inputRate();
        snnRows.add(new Row(layer.name(), layer.kind(), layer.operationsPerStep(), layer.inputRate(), true, operations,
            EnergyModel.snnPicojoules(operations)));
      } else {
        snnRows.add(new Row(layer.name(), layer.kind(), layer.operationsPerStep(), Double.NaN, false,
            layer.operationsPerStep(), EnergyModel.annPicojoules(layer.operationsPerStep())));
      }
    }
    List<Row> annRows = new ArrayList<>();
    for (LayerRecorder.Layer layer : ann.layers()) {
      annRows.add(new Row(layer.name(), layer.kind(), layer.operationsPerStep(), Double.NaN, false, layer.operationsPerStep(),
          EnergyModel.annPicojoules(layer.operationsPerStep())));
    }
    return new EnergyTable(snnRows, annRows, samples);
  }

  /** E_SNN per sample in picojoules. */
  public double snnPicojoules() {
    return snnRows.stream().mapToDouble(Row::picojoules).sum();
  }

  /** E_ANN per sample in picojoules. */
  public double annPicojoules() {
    return annRows.stream().mapToDouble(Row::picojoules).sum();
  }

  /** E_ANN / E_SNN. */
  public double ratio() {
    return annPicojoules() / snnPicojoules();
  }

  /** A Markdown report: per-layer table of the SNN, totals like the paper's Table 3. */
  public String markdown() {
    StringBuilder text = new StringBuilder();
    text.append("| layer | kind | FLOPs_ANN (per step) | Rs (spikes per neuron over T) | input | FLOPs_SNN | energy (nJ) |\n");
    text.append("|---|---|---:|---:|---|---:|---:|\n");
    for (Row row : snnRows) {
      text.append(String.format(Locale.ROOT, "| %s | %s | %.4g | %s | %s | %.4g | %.4f |%n", row.layer(), row.kind(),
          row.denseOperations(), row.spikingInput() ? String.format(Locale.ROOT, "%.4f", row.spikeRate()) : "-",
          row.spikingInput() ? "spikes (AC, 0.9 pJ)" : "real values (MAC, 4.6 pJ)", row.operations(), row.picojoules() / 1e3));
    }
    text.append('\n');
    text.append("| model | operations per sample | energy per sample | energy over the ").append(samples)
        .append(" test samples |\n|---|---:|---:|---:|\n");
    double annOps = annRows.stream().mapToDouble(Row::operations).sum();
    double snnOps = snnRows.stream().mapToDouble(Row::operations).sum();
    text.append(String.format(Locale.ROOT, "| ANN | %.4g MAC | %.4f uJ | %.4f mJ |%n", annOps, annPicojoules() / 1e6,
        annPicojoules() * samples / 1e9));
    text.append(String.format(Locale.ROOT, "| SNN | %.4g (AC + MAC) | %.4f uJ | %.4f mJ |%n", snnOps, snnPicojoules() / 1e6,
        snnPicojoules() * samples / 1e9));
    text.append(String.format(Locale.ROOT, "%nE_ANN / E_SNN = %.2f%n", ratio()));
    return text.toString();
  }
}
