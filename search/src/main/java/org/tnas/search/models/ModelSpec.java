package org.tnas.search.models;

import java.io.Serializable;
import java.util.Locale;
import java.util.Objects;

/**
 * Which network to build and at what size. The defaults are the paper's exact networks (section 3
 * of SPIKING_FER.md): widths 64/128/256/512 ({@code widthMultiplier = 1}), two BasicBlocks per stage
 * ({@code blocksPerStage = 2}, ResNet-18), T = 6 time steps, 128x128 inputs, 6 classes. CPU-sized
 * runs scale the widths ({@code round(64 * m)} base channels, at least 1) and use fewer blocks.
 * Immutable, serialisable (safe to ship to Spark executors).
 *
 * @param kind SNN (Spiking-FER's SEW-ResNet) or ANN (ResNet on the 2T stacked frame channels)
 * @param widthMultiplier scales every width; 1 = the paper's
 * @param blocksPerStage BasicBlocks in each of the 4 stages; 2 = ResNet-18
 * @param timeSteps T (the input has 2T channels for both kinds)
 * @param inputSize input height = width
 * @param classCount number of classes
 * @param dropout dropout of the SNN accumulator's hidden linear layer (paper 0.5)
 */
public record ModelSpec(ModelKind kind, double widthMultiplier, int blocksPerStage, int timeSteps, int inputSize,
    int classCount, double dropout) implements Serializable {
  private static final long serialVersionUID = 1L;

  /** The two networks of the paper. */
  public enum ModelKind {
    /** Spiking-FER's SNN: multi-step SEW-ResNet (ADD) with IF neurons and the output accumulator. */
    SNN,
    /** The conventional baseline: ResNet with conv1 from 2T channels and a bias-free classifier. */
    ANN;

    /** Parses {@code snn} / {@code ann} (any case). */
    public static ModelKind parse(String text) {
      Objects.requireNonNull(text, "text is null");
      return switch (text.trim().toLowerCase(Locale.ROOT)) {
        case "snn" -> SNN;
        case "ann" -> ANN;
        default -> throw new IllegalArgumentException("Invalid model: " + text + " (expected snn or ann)");
      };
    }
  }

  public ModelSpec {
    Objects.requireNonNull(kind, "kind is null");
    if (!(widthMultiplier > 0 && widthMultiplier <= 8)) {
      throw new IllegalArgumentException("Invalid width multiplier: " + widthMultiplier + " (expected (0, 8])");
    }
    if (blocksPerStage < 1 || blocksPerStage > 16) {
      throw new IllegalArgumentException("Invalid blocks per stage: " + blocksPerStage + " (expected 1..16)");
    }
    if (timeSteps < 1 || timeSteps > 64) {
      throw new IllegalArgumentException("Invalid time steps: " + timeSteps + " (expected 1..64)");
    }
    if (inputSize < 8) {
      throw new IllegalArgumentException("Invalid input size: " + inputSize + " (expected at least 8)");
    }
    if (classCount < 2) {
      throw new IllegalArgumentException("Invalid class count: " + classCount);
    }
    if (!(dropout >= 0 && dropout < 1)) {
      throw new IllegalArgumentException("Invalid dropout: " + dropout + " (expected [0, 1))");
    }
  }

  /** The paper's network of {@code kind} for {@code classCount} classes. */
  public static ModelSpec paper(ModelKind kind, int classCount) {
    return new ModelSpec(kind, 1, 2, 6, 128, classCount, 0.5);
  }

  /** A copy with another kind. */
  public ModelSpec withKind(ModelKind newKind) {
    return new ModelSpec(newKind, widthMultiplier, blocksPerStage, timeSteps, inputSize, classCount, dropout);
  }

  /** Base width {@code round(64 * widthMultiplier)}, at least 1. */
  public int baseWidth() {
    return Math.max(1, (int) Math.round(64 * widthMultiplier));
  }

  /** Width of stage {@code s} (0..3): {@code baseWidth * 2^s}. */
  public int stageWidth(int stage) {
    return baseWidth() << stage;
  }

  /** Input channels 2T. */
  public int inputChannels() {
    return 2 * timeSteps;
  }

  /** A compact textual form, e.g. {@code snn w0.25 b1 T6 64px}. */
  public String describe() {
    return String.format(Locale.ROOT, "%s w%s b%d T%d %dpx", kind.name().toLowerCase(Locale.ROOT),
        stripZeros(widthMultiplier), blocksPerStage, timeSteps, inputSize);
  }

  private static String stripZeros(double value) {
    return value == Math.rint(value) ? String.valueOf((long) value) : String.valueOf(value);
  }
}
