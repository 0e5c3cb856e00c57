package org.tnas.search.training;

import ai.djl.ndarray.NDArray;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Accumulates, per synaptic layer (convolution or linear) of a model, the operations of one dense
 * pass ({@code k^2 * O^2 * Cin * Cout} for a convolution with {@code O x O} outputs, {@code Cin *
 * Cout} for a linear layer, per sample and per time step) and the activity of its input: the sum of
 * the input values over all time steps divided by the number of input neurons of one sample. For a
 * binary spiking input this is the spike rate {@code Rs} of Spiking-FER's energy estimate (spikes
 * over all T steps per neuron); for sums of spikes (SEW ADD connections) a value of 2 counts as two
 * spikes. Layers whose input is not made of spikes are flagged. Not thread safe.
 */
public final class LayerRecorder {
  /** One synaptic layer. */
  public static final class Layer {
    private final String name;
    private final String kind;
    private final double operationsPerStep;
    private final long inputNeurons;
    private final boolean spikingInput;
    private double inputSum;
    private long samples;

    Layer(String name, String kind, double operationsPerStep, long inputNeurons, boolean spikingInput) {
      this.name = name;
      this.kind = kind;
      this.operationsPerStep = operationsPerStep;
      this.inputNeurons = inputNeurons;
      this.spikingInput = spikingInput;
    }

    public String name() {
      return name;
    }

    /** {@code conv kxk/s} or {@code linear}. */
    public String kind() {
      return kind;
    }

    /** Multiply-accumulates of one dense pass of one sample at one time step (FLOPs_ANN of the paper). */
    public double operationsPerStep() {
      return operationsPerStep;
    }

    /** Input neurons of one sample at one time step. */
    public long inputNeurons() {
      return inputNeurons;
    }

    /** Whether the layer's input is made of spikes (binary frames or IF outputs). */
    public boolean spikingInput() {
      return spikingInput;
    }

    /** Samples recorded. */
    public long samples() {
      return samples;
    }

    /** Input activity per neuron and sample, summed over the time steps (the paper's Rs). */
    public double inputRate() {
      return samples == 0 ? 0 : inputSum / ((double) samples * inputNeurons);
    }
  }

  private final Map<String, Layer> layers = new LinkedHashMap<>();

  /**
   * Records one layer application on {@code input} (all time steps of {@code samples} samples).
   * Reads the input sum (a device synchronisation): use for evaluation only.
   */
  public void record(String name, String kind, NDArray input, long samples, double operationsPerStep, boolean spikingInput) {
    long[] shape = input.getShape().getShape();
    long perStep = 1;
    for (int i = 1; i < shape.length; i++) {
      perStep *= shape[i];
    }
    final long neurons = perStep;
    Layer layer = layers.computeIfAbsent(name, key -> new Layer(key, kind, operationsPerStep, neurons, spikingInput));
    layer.inputSum += input.sum().getFloat();
    layer.samples += samples;
  }

  /** The layers in the order of their first application. */
  public List<Layer> layers() {
    return new ArrayList<>(layers.values());
  }
}
