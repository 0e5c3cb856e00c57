package org.tnas.search.supernet;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import org.tnas.formats.util.Seeds;
import org.tnas.search.space.BlockGene;
import org.tnas.search.space.Downsampling;
import org.tnas.search.space.Genome;
import org.tnas.search.space.SearchSpace;

/**
 * Strictly fair path sampling (Chu et al., FairNAS) for SPOS training. Steps are grouped in groups
 * of {@link #groupSize()} = the least common multiple of the choice counts of every gene (depth,
 * kernel, width, downsampling). For each gene, a group's sequence of values is {@code groupSize / k}
 * seeded random permutations of its {@code k} choices one after another, so within a group every
 * choice of every gene is drawn equally often and step {@code j} of the group takes the {@code j}-th
 * value of every gene's sequence. Blocks beyond a step's depth are not trained in that step, so a
 * deep block's choices are balanced among the steps that reach it only up to that effect.
 *
 * <p>A combination that the space rejects ({@link SearchSpace#isValid}, e.g. too many
 * downsamplings for the input) is replaced by a uniformly drawn legal genome from a random derived
 * from the same step, which keeps determinism but not strict fairness for that step. Deterministic
 * in {@code (seed, step)}; not thread-safe (it caches the current group).
 */
public final class FairPathSampler {
  private static final long SEQUENCE_TAG = Seeds.stableHash("fair-sequence");
  private static final long FALLBACK_TAG = Seeds.stableHash("fair-fallback");

  private final SearchSpace space;
  private final long seed;
  private final int groupSize;
  private long cachedGroup = -1;
  private List<Genome> cached = List.of();

  public FairPathSampler(SearchSpace space, long seed) {
    this.space = Objects.requireNonNull(space, "space is null");
    this.seed = seed;
    int size = space.depthChoices().size();
    size = lcm(size, space.kernelChoices().size());
    size = lcm(size, space.widthChoices().size());
    size = lcm(size, space.downsamplingChoices().size());
    this.groupSize = size;
  }

  /** Steps per group: the least common multiple of the genes' choice counts. */
  public int groupSize() {
    return groupSize;
  }

  /** The genome of optimiser step {@code step} (0-based over the whole run). */
  public Genome genomeFor(long step) {
    if (step < 0) {
      throw new IllegalArgumentException("Invalid step: " + step);
    }
    long group = step / groupSize;
    if (group != cachedGroup) {
      cached = group(group);
      cachedGroup = group;
    }
    return cached.get((int) (step % groupSize));
  }

  private List<Genome> group(long group) {
    int gene = 0;
    int[] depths = sequence(space.depthChoices().size(), group, gene++);
    int blocks = space.maxDepth();
    int[][] kernels = new int[blocks][];
    int[][] widths = new int[blocks][];
    int[][] downsamplings = new int[blocks][];
    for (int b = 0; b < blocks; b++) {
      kernels[b] = sequence(space.kernelChoices().size(), group, gene++);
      widths[b] = sequence(space.widthChoices().size(), group, gene++);
      downsamplings[b] = sequence(space.downsamplingChoices().size(), group, gene++);
    }
    List<Genome> genomes = new ArrayList<>(groupSize);
    for (int j = 0; j < groupSize; j++) {
      List<BlockGene> genes = new ArrayList<>(blocks);
      for (int b = 0; b < blocks; b++) {
        Downsampling downsampling = space.downsamplingChoices().get(downsamplings[b][j]);
        genes.add(new BlockGene(space.kernelChoices().get(kernels[b][j]), space.widthChoices().get(widths[b][j]),
            downsampling));
      }
      Genome genome = new Genome(space.depthChoices().get(depths[j]), genes);
      if (!space.isValid(genome)) {
        genome = Genome.random(space, Seeds.random(seed, FALLBACK_TAG, group, j));
      }
      genomes.add(genome);
    }
    return genomes;
  }

  /** {@code groupSize / choices} seeded permutations of {@code 0..choices-1}, one after another. */
  private int[] sequence(int choices, long group, int gene) {
    SplittableRandom random = Seeds.random(seed, SEQUENCE_TAG, group, gene);
    int[] values = new int[groupSize];
    for (int start = 0; start < groupSize; start += choices) {
      for (int i = 0; i < choices; i++) {
        values[start + i] = i;
      }
      for (int i = choices - 1; i > 0; i--) {
        int k = random.nextInt(i + 1);
        int swap = values[start + i];
        values[start + i] = values[start + k];
        values[start + k] = swap;
      }
    }
    return values;
  }

  private static int lcm(int a, int b) {
    int x = a;
    int y = b;
    while (y != 0) {
      int t = x % y;
      x = y;
      y = t;
    }
    return a / x * b;
  }
}
