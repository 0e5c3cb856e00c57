package org.tnas.search.space;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;
import org.tnas.formats.errors.ProjectException;

/**
 * The TNAS-ER search space (SEARCH.md section 1): a feed-forward chain of {@code depth} blocks,
 * each {@code conv(kernel) -> batch norm -> ReLU} with a searchable kernel, width and downsampling,
 * followed by a fixed head (global average pooling or flatten, optional hidden linear layers with
 * ReLU, and a final linear layer to {@code classCount} logits). Budgets on parameters and MACs are
 * checked before evaluation ({@link #checkBudget}); the SynOps budget can only be checked after a
 * TTFS evaluation ({@link #isWithinSynapticOperationsBudget}).
 *
 * <p>Immutable, thread-safe and serialisable (safe to ship to Spark executors). Choice lists are
 * stored sorted and without duplicates; {@code Long.MAX_VALUE} budgets mean "unlimited".
 *
 * @param hiddenWidths widths of the hidden linear layers of the head (each followed by ReLU);
 *     empty means a single linear layer from the pooled features to the logits
 */
public record SearchSpace(
    List<Integer> depthChoices,
    List<Integer> kernelChoices,
    List<Integer> widthChoices,
    List<Downsampling> downsamplingChoices,
    int inputChannels,
    int inputHeight,
    int inputWidth,
    int classCount,
    HeadKind headKind,
    List<Integer> hiddenWidths,
    long maxParameters,
    long maxMacs,
    long maxSynapticOperations)
    implements Serializable {

  /** Default depth choices {3, 4, 5, 6}. */
  public static final List<Integer> DEFAULT_DEPTHS = List.of(3, 4, 5, 6);
  /** Default kernel choices {3, 5, 7}. */
  public static final List<Integer> DEFAULT_KERNELS = List.of(3, 5, 7);
  /** Default width choices {8, 16, 24, 32, 48, 64}. */
  public static final List<Integer> DEFAULT_WIDTHS = List.of(8, 16, 24, 32, 48, 64);
  /** Default downsampling choices: all of {@link Downsampling}. */
  public static final List<Downsampling> DEFAULT_DOWNSAMPLINGS = List.of(Downsampling.values());

  public SearchSpace {
    depthChoices = sortedPositive("depthChoices", depthChoices);
    kernelChoices = sortedPositive("kernelChoices", kernelChoices);
    widthChoices = sortedPositive("widthChoices", widthChoices);
    Objects.requireNonNull(downsamplingChoices, "downsamplingChoices is null");
    downsamplingChoices = List.copyOf(new TreeSet<>(downsamplingChoices));
    if (downsamplingChoices.isEmpty()) {
      throw new IllegalArgumentException("Invalid downsamplingChoices: []");
    }
    for (int kernel : kernelChoices) {
      if (kernel % 2 == 0) {
        throw new IllegalArgumentException("Invalid kernelChoices: " + kernelChoices + " (kernels must be odd)");
      }
    }
    positive("inputChannels", inputChannels);
    positive("inputHeight", inputHeight);
    positive("inputWidth", inputWidth);
    if (classCount < 2) {
      throw new IllegalArgumentException("Invalid classCount: " + classCount);
    }
    Objects.requireNonNull(headKind, "headKind is null");
    Objects.requireNonNull(hiddenWidths, "hiddenWidths is null");
    hiddenWidths = List.copyOf(hiddenWidths);
    for (int width : hiddenWidths) {
      positive("hiddenWidths", width);
    }
    positive("maxParameters", maxParameters);
    positive("maxMacs", maxMacs);
    positive("maxSynapticOperations", maxSynapticOperations);
  }

  /**
   * The default space of SEARCH.md for the given input and class count: depths {3,4,5,6}, kernels
   * {3,5,7}, widths {8,...,64}, all downsamplings, a global-average-pool head with one linear
   * layer, no budgets.
   */
  public static SearchSpace defaults(int inputChannels, int inputHeight, int inputWidth, int classCount) {
    return new SearchSpace(
        DEFAULT_DEPTHS,
        DEFAULT_KERNELS,
        DEFAULT_WIDTHS,
        DEFAULT_DOWNSAMPLINGS,
        inputChannels,
        inputHeight,
        inputWidth,
        classCount,
        HeadKind.GLOBAL_AVERAGE_POOL,
        List.of(),
        Long.MAX_VALUE,
        Long.MAX_VALUE,
        Long.MAX_VALUE);
  }

  /** A copy with other depth choices. */
  public SearchSpace withDepthChoices(List<Integer> depths) {
    return new SearchSpace(depths, kernelChoices, widthChoices, downsamplingChoices, inputChannels, inputHeight,
        inputWidth, classCount, headKind, hiddenWidths, maxParameters, maxMacs, maxSynapticOperations);
  }

  /** A copy with other kernel choices. */
  public SearchSpace withKernelChoices(List<Integer> kernels) {
    return new SearchSpace(depthChoices, kernels, widthChoices, downsamplingChoices, inputChannels, inputHeight,
        inputWidth, classCount, headKind, hiddenWidths, maxParameters, maxMacs, maxSynapticOperations);
  }

  /** A copy with other width choices. */
  public SearchSpace withWidthChoices(List<Integer> widths) {
    return new SearchSpace(depthChoices, kernelChoices, widths, downsamplingChoices, inputChannels, inputHeight,
        inputWidth, classCount, headKind, hiddenWidths, maxParameters, maxMacs, maxSynapticOperations);
  }

  /** A copy with other downsampling choices. */
  public SearchSpace withDownsamplingChoices(List<Downsampling> downsamplings) {
    return new SearchSpace(depthChoices, kernelChoices, widthChoices, downsamplings, inputChannels, inputHeight,
        inputWidth, classCount, headKind, hiddenWidths, maxParameters, maxMacs, maxSynapticOperations);
  }

  /** A copy with another head. */
  public SearchSpace withHead(HeadKind kind, List<Integer> hidden) {
    return new SearchSpace(depthChoices, kernelChoices, widthChoices, downsamplingChoices, inputChannels, inputHeight,
        inputWidth, classCount, kind, hidden, maxParameters, maxMacs, maxSynapticOperations);
  }

  /** A copy with other budgets ({@code Long.MAX_VALUE} = unlimited). */
  public SearchSpace withBudgets(long parameters, long macs, long synapticOperations) {
    return new SearchSpace(depthChoices, kernelChoices, widthChoices, downsamplingChoices, inputChannels, inputHeight,
        inputWidth, classCount, headKind, hiddenWidths, parameters, macs, synapticOperations);
  }

  /** The largest depth: every genome of this space carries this many block genes. */
  public int maxDepth() {
    return depthChoices.get(depthChoices.size() - 1);
  }

  /**
   * Checks that every gene of {@code genome} (active or not) is one of this space's choices and
   * that the active subnet keeps a feature map of at least 1x1.
   *
   * @throws ProjectException {@link SearchErrorCode#INVALID_GENOME} with a message
   *     {@code "Invalid genome: ..."} naming the offending gene
   */
  public void validate(Genome genome) {
    Objects.requireNonNull(genome, "genome is null");
    String problem = problemOf(genome);
    if (problem != null) {
      throw new ProjectException(SearchErrorCode.INVALID_GENOME, "Invalid genome: " + problem + " in " + genome.toCompactString());
    }
  }

  /** Whether {@link #validate} would accept the genome. */
  public boolean isValid(Genome genome) {
    return problemOf(Objects.requireNonNull(genome, "genome is null")) == null;
  }

  private String problemOf(Genome genome) {
    if (!depthChoices.contains(genome.depth())) {
      return "depth " + genome.depth() + " is not one of " + depthChoices;
    }
    if (genome.blocks().size() != maxDepth()) {
      return "it has " + genome.blocks().size() + " block genes, the space needs " + maxDepth();
    }
    for (int i = 0; i < genome.blocks().size(); i++) {
      BlockGene block = genome.blocks().get(i);
      if (!kernelChoices.contains(block.kernel())) {
        return "block " + i + " kernel " + block.kernel() + " is not one of " + kernelChoices;
      }
      if (!widthChoices.contains(block.width())) {
        return "block " + i + " width " + block.width() + " is not one of " + widthChoices;
      }
      if (!downsamplingChoices.contains(block.downsampling())) {
        return "block " + i + " downsampling " + block.downsampling() + " is not one of " + downsamplingChoices;
      }
    }
    int height = inputHeight;
    int width = inputWidth;
    for (int i = 0; i < genome.depth(); i++) {
      Downsampling d = genome.blocks().get(i).downsampling();
      int nextHeight = outputSize(height, d);
      int nextWidth = outputSize(width, d);
      if (nextHeight < 1 || nextWidth < 1) {
        return "block " + i + " downsampling " + d + " reduces the " + height + "x" + width + " feature map to "
            + nextHeight + "x" + nextWidth;
      }
      height = nextHeight;
      width = nextWidth;
    }
    return null;
  }

  private static int outputSize(int size, Downsampling downsampling) {
    return switch (downsampling) {
      case NONE -> size;
      case STRIDE2 -> (size - 1) / 2 + 1;
      case MAXPOOL2 -> size / 2;
    };
  }

  /**
   * The concrete shapes of the subnet selected by {@code genome} (validated first).
   *
   * @throws ProjectException {@link SearchErrorCode#INVALID_GENOME} when the genome is outside
   */
  public SubnetPlan plan(Genome genome) {
    validate(genome);
    List<BlockPlan> blocks = new ArrayList<>();
    int channels = inputChannels;
    int height = inputHeight;
    int width = inputWidth;
    for (int i = 0; i < genome.depth(); i++) {
      BlockGene gene = genome.blocks().get(i);
      int stride = gene.downsampling().convolutionStride();
      int padding = gene.kernel() / 2;
      int convHeight = (height + 2 * padding - gene.kernel()) / stride + 1;
      int convWidth = (width + 2 * padding - gene.kernel()) / stride + 1;
      boolean pool = gene.downsampling().usesMaxPool();
      int outHeight = pool ? convHeight / 2 : convHeight;
      int outWidth = pool ? convWidth / 2 : convWidth;
      blocks.add(new BlockPlan(i, channels, gene.width(), gene.kernel(), stride, padding, height, width,
          convHeight, convWidth, pool, outHeight, outWidth));
      channels = gene.width();
      height = outHeight;
      width = outWidth;
    }
    int features = headKind == HeadKind.GLOBAL_AVERAGE_POOL ? channels : channels * height * width;
    List<Integer> linear = new ArrayList<>(hiddenWidths);
    linear.add(classCount);
    return new SubnetPlan(inputChannels, inputHeight, inputWidth, blocks, headKind, features, linear);
  }

  /**
   * Counts parameters and MACs of the genome's subnet and compares them with the budgets. Does not
   * throw for budget violations (they are listed in the result); throws only for invalid genomes.
   */
  public BudgetCheck checkBudget(Genome genome) {
    SubnetPlan plan = plan(genome);
    long parameters = plan.parameters();
    long macs = plan.macs();
    List<String> violations = new ArrayList<>();
    if (parameters > maxParameters) {
      violations.add("parameters " + parameters + " > " + maxParameters);
    }
    if (macs > maxMacs) {
      violations.add("MACs " + macs + " > " + maxMacs);
    }
    return new BudgetCheck(parameters, macs, violations);
  }

  /** Whether a measured (mean per sample) SynOps count respects the SynOps budget. */
  public boolean isWithinSynapticOperationsBudget(double synapticOperationsPerSample) {
    return synapticOperationsPerSample <= maxSynapticOperations;
  }

  private static List<Integer> sortedPositive(String name, List<Integer> values) {
    Objects.requireNonNull(values, name + " is null");
    List<Integer> sorted = List.copyOf(new TreeSet<>(values));
    if (sorted.isEmpty() || sorted.get(0) < 1) {
      throw new IllegalArgumentException("Invalid " + name + ": " + values);
    }
    return sorted;
  }

  private static void positive(String name, long value) {
    if (value < 1) {
      throw new IllegalArgumentException("Invalid " + name + ": " + value);
    }
  }
}
