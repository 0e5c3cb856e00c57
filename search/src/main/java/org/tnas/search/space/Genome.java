package org.tnas.search.space;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import org.tnas.formats.errors.ProjectException;
import org.tnas.formats.util.Digests;

/**
 * A candidate architecture: the depth gene and one {@link BlockGene} per block for the space's
 * maximum depth. As in SPOS genome encodings, genes beyond {@code depth} are kept but inactive:
 * they do not change the subnet, but a later mutation of the depth can activate them.
 *
 * <p>Canonical string form ({@link #toCompactString()}, parsed by {@link #parse}): {@code
 * D<depth>:<kernel>x<width><code>,...} with one entry per block gene and the downsampling codes
 * {@code N} (none), {@code S} (stride 2), {@code P} (2x2 max-pool), e.g. {@code D3:3x16N,5x32S,7x8P,3x8N}.
 * {@link #hash()} is the hex SHA-256 of that string (identical on every JVM); {@link
 * #activeHash()} hashes only the active part, so genomes that differ only in inactive genes (the
 * same subnet) share it.
 *
 * <p>Immutable, thread-safe, serialisable. Random operations take an explicit {@link
 * SplittableRandom} (derive it with {@code org.tnas.formats.util.Seeds}).
 */
public record Genome(int depth, List<BlockGene> blocks) implements Serializable {
  private static final int MAX_ATTEMPTS = 1000;

  public Genome {
    Objects.requireNonNull(blocks, "blocks is null");
    blocks = List.copyOf(blocks);
    if (depth < 1 || depth > blocks.size()) {
      throw new IllegalArgumentException("Invalid depth: " + depth + " (with " + blocks.size() + " block genes)");
    }
  }

  /** The active block genes (the first {@code depth}). */
  public List<BlockGene> activeBlocks() {
    return blocks.subList(0, depth);
  }

  /** The canonical compact string with all genes, e.g. {@code D3:3x16N,5x32S,7x8P,3x8N}. */
  public String toCompactString() {
    return "D" + depth + ":" + join(blocks);
  }

  /** The canonical string of the active part only, e.g. {@code D3:3x16N,5x32S,7x8P}. */
  public String toActiveString() {
    return "D" + depth + ":" + join(activeBlocks());
  }

  private static String join(List<BlockGene> genes) {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < genes.size(); i++) {
      if (i > 0) {
        text.append(',');
      }
      text.append(genes.get(i).toCompactString());
    }
    return text.toString();
  }

  /** Hex SHA-256 of {@link #toCompactString()}. */
  public String hash() {
    return Digests.sha256Hex(toCompactString());
  }

  /** Hex SHA-256 of {@link #toActiveString()}: equal for genomes that select the same subnet. */
  public String activeHash() {
    return Digests.sha256Hex(toActiveString());
  }

  @Override
  public String toString() {
    return toCompactString();
  }

  /**
   * Parses the canonical string form.
   *
   * @throws ProjectException {@link SearchErrorCode#INVALID_GENOME}, message {@code "Invalid genome
   *     string: ..."}
   */
  public static Genome parse(String text) {
    Objects.requireNonNull(text, "text is null");
    try {
      if (!text.startsWith("D")) {
        throw new IllegalArgumentException("it must start with D<depth>:");
      }
      int colon = text.indexOf(':');
      if (colon < 0) {
        throw new IllegalArgumentException("missing ':' after the depth");
      }
      int depth = Integer.parseInt(text.substring(1, colon));
      List<BlockGene> genes = new ArrayList<>();
      for (String part : text.substring(colon + 1).split(",", -1)) {
        int x = part.indexOf('x');
        if (x < 1 || part.length() < x + 3) {
          throw new IllegalArgumentException("block gene '" + part + "' is not <kernel>x<width><N|S|P>");
        }
        int kernel = Integer.parseInt(part.substring(0, x));
        int width = Integer.parseInt(part.substring(x + 1, part.length() - 1));
        Downsampling downsampling = Downsampling.fromCode(part.charAt(part.length() - 1));
        genes.add(new BlockGene(kernel, width, downsampling));
      }
      Genome genome = new Genome(depth, genes);
      if (!genome.toCompactString().equals(text)) {
        throw new IllegalArgumentException("it is not in canonical form (expected " + genome.toCompactString() + ")");
      }
      return genome;
    } catch (IllegalArgumentException e) {
      throw new ProjectException(SearchErrorCode.INVALID_GENOME, "Invalid genome string: " + text + " (" + e.getMessage() + ")", e);
    }
  }

  /**
   * A uniformly random genome of {@code space}: every gene drawn uniformly from its choices,
   * redrawn (deterministically, from {@code random}) while the subnet would shrink the feature map
   * below 1x1.
   *
   * @throws ProjectException {@link SearchErrorCode#INVALID_GENOME} if no valid genome was found
   *     after many attempts (the space's input is too small for its downsamplings)
   */
  public static Genome random(SearchSpace space, SplittableRandom random) {
    Objects.requireNonNull(space, "space is null");
    Objects.requireNonNull(random, "random is null");
    for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      int depth = pick(space.depthChoices(), random);
      List<BlockGene> genes = new ArrayList<>();
      for (int i = 0; i < space.maxDepth(); i++) {
        genes.add(randomBlock(space, random));
      }
      Genome genome = new Genome(depth, genes);
      if (space.isValid(genome)) {
        return genome;
      }
    }
    throw new ProjectException(SearchErrorCode.INVALID_GENOME,
        "Cannot sample genome: no valid genome found in " + MAX_ATTEMPTS + " attempts for input "
            + space.inputHeight() + "x" + space.inputWidth());
  }

  private static BlockGene randomBlock(SearchSpace space, SplittableRandom random) {
    return new BlockGene(pick(space.kernelChoices(), random), pick(space.widthChoices(), random),
        pick(space.downsamplingChoices(), random));
  }

  private static <T> T pick(List<T> choices, SplittableRandom random) {
    return choices.get(random.nextInt(choices.size()));
  }

  /**
   * SPOS-style mutation: each gene (the depth, and each block's kernel, width and downsampling) is
   * independently redrawn uniformly from its choices with probability {@code probability} (the
   * redrawn value may equal the old one). Mutants that would be invalid in {@code space} are
   * redrawn; after many failures this genome itself is returned.
   */
  public Genome mutate(SearchSpace space, SplittableRandom random, double probability) {
    Objects.requireNonNull(space, "space is null");
    Objects.requireNonNull(random, "random is null");
    if (!(probability >= 0 && probability <= 1)) {
      throw new IllegalArgumentException("Invalid probability: " + probability);
    }
    space.validate(this);
    for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      int newDepth = random.nextDouble() < probability ? pick(space.depthChoices(), random) : depth;
      List<BlockGene> genes = new ArrayList<>();
      for (BlockGene gene : blocks) {
        int kernel = random.nextDouble() < probability ? pick(space.kernelChoices(), random) : gene.kernel();
        int width = random.nextDouble() < probability ? pick(space.widthChoices(), random) : gene.width();
        Downsampling d = random.nextDouble() < probability ? pick(space.downsamplingChoices(), random) : gene.downsampling();
        genes.add(new BlockGene(kernel, width, d));
      }
      Genome mutant = new Genome(newDepth, genes);
      if (space.isValid(mutant)) {
        return mutant;
      }
    }
    return this;
  }

  /**
   * Uniform crossover: the depth and each block gene (kernel, width, downsampling together) come
   * from either parent with probability 1/2. Invalid children are redrawn; after many failures
   * this genome is returned.
   */
  public Genome crossover(Genome other, SearchSpace space, SplittableRandom random) {
    Objects.requireNonNull(other, "other is null");
    Objects.requireNonNull(space, "space is null");
    Objects.requireNonNull(random, "random is null");
    space.validate(this);
    space.validate(other);
    for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      int newDepth = random.nextBoolean() ? depth : other.depth;
      List<BlockGene> genes = new ArrayList<>();
      for (int i = 0; i < blocks.size(); i++) {
        genes.add(random.nextBoolean() ? blocks.get(i) : other.blocks.get(i));
      }
      Genome child = new Genome(newDepth, genes);
      if (space.isValid(child)) {
        return child;
      }
    }
    return this;
  }
}
