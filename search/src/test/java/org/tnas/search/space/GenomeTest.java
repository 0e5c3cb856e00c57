package org.tnas.search.space;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.tnas.formats.errors.ProjectException;
import org.tnas.formats.util.Seeds;

class GenomeTest {
  private static final SearchSpace SPACE = SearchSpace.defaults(12, 64, 64, 7);
  private static final String TEXT = "D3:3x16N,5x32S,7x8P,3x8N,5x16N,3x64N";

  @Test
  void canonicalStringRoundTripsAndHashIsSha256OfIt() {
    Genome genome = Genome.parse(TEXT);
    assertThat(genome.depth()).isEqualTo(3);
    assertThat(genome.blocks().get(1)).isEqualTo(new BlockGene(5, 32, Downsampling.STRIDE2));
    assertThat(genome.toCompactString()).isEqualTo(TEXT);
    assertThat(genome.toActiveString()).isEqualTo("D3:3x16N,5x32S,7x8P");
    // expected values computed independently with Python's hashlib.sha256
    assertThat(genome.hash()).isEqualTo("224350e14943ecf25d13d61e3501ebce43388a3da674e4422c845acf8f6b921f");
    assertThat(genome.activeHash()).isEqualTo("92ac2e2315bbc25860e7182e8fda1d019b7cd48adfe9bb9fb107fbdfc94759bc");
    SPACE.validate(genome);
  }

  @Test
  void activeHashIgnoresInactiveGenes() {
    Genome a = Genome.parse(TEXT);
    Genome b = Genome.parse("D3:3x16N,5x32S,7x8P,7x48S,5x16N,3x64N");
    assertThat(a.hash()).isNotEqualTo(b.hash());
    assertThat(a.activeHash()).isEqualTo(b.activeHash());
  }

  @Test
  void parseRejectsMalformedStrings() {
    assertThatThrownBy(() -> Genome.parse("3:3x16N"))
        .isInstanceOf(ProjectException.class)
        .hasMessageStartingWith("Invalid genome string: 3:3x16N (it must start with D<depth>:");
    assertThatThrownBy(() -> Genome.parse("D1:3x16Q"))
        .hasMessage("Invalid genome string: D1:3x16Q (Invalid downsampling code: Q)");
    assertThatThrownBy(() -> Genome.parse("D2:3x16N"))
        .hasMessage("Invalid genome string: D2:3x16N (Invalid depth: 2 (with 1 block genes))");
    assertThatThrownBy(() -> Genome.parse("D1:03x16N"))
        .hasMessage("Invalid genome string: D1:03x16N (it is not in canonical form (expected D1:3x16N))");
  }

  @Test
  void validateNamesTheOffendingGene() {
    assertThatThrownBy(() -> SPACE.validate(Genome.parse("D3:3x16N,9x32S,7x8P,3x8N,5x16N,3x64N")))
        .isInstanceOf(ProjectException.class)
        .satisfies(e -> assertThat(((ProjectException) e).code()).isEqualTo(SearchErrorCode.INVALID_GENOME))
        .hasMessage("Invalid genome: block 1 kernel 9 is not one of [3, 5, 7] in D3:3x16N,9x32S,7x8P,3x8N,5x16N,3x64N");
    assertThatThrownBy(() -> SPACE.validate(Genome.parse("D3:3x16N,5x32S,7x8P,3x8N,5x12N,3x64N")))
        .hasMessageStartingWith("Invalid genome: block 4 width 12 is not one of [8, 16, 24, 32, 48, 64]");
    assertThatThrownBy(() -> SPACE.validate(Genome.parse("D2:3x16N,5x32S,7x8P,3x8N,5x16N,3x64N")))
        .hasMessageStartingWith("Invalid genome: depth 2 is not one of [3, 4, 5, 6]");
    assertThatThrownBy(() -> SPACE.validate(Genome.parse("D3:3x16N,5x32S,7x8P")))
        .hasMessageStartingWith("Invalid genome: it has 3 block genes, the space needs 6");
    SearchSpace noPool = SPACE.withDownsamplingChoices(List.of(Downsampling.NONE, Downsampling.STRIDE2));
    assertThatThrownBy(() -> noPool.validate(Genome.parse(TEXT)))
        .hasMessageStartingWith("Invalid genome: block 2 downsampling MAXPOOL2 is not one of [NONE, STRIDE2]");
    SearchSpace tiny = SearchSpace.defaults(1, 4, 4, 2);
    assertThatThrownBy(() -> tiny.validate(Genome.parse("D3:3x16P,3x16P,3x16P,3x8N,5x16N,3x64N")))
        .hasMessageStartingWith("Invalid genome: block 2 downsampling MAXPOOL2 reduces the 1x1 feature map to 0x0");
    assertThatThrownBy(() -> SPACE.plan(Genome.parse("D3:3x16N,9x32S,7x8P,3x8N,5x16N,3x64N")))
        .hasMessageStartingWith("Invalid genome: block 1 kernel 9");
  }

  @Test
  void blockGenesRejectEvenKernels() {
    assertThatThrownBy(() -> new BlockGene(4, 8, Downsampling.NONE))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Invalid kernel: 4 (must be odd and positive)");
    assertThatThrownBy(() -> new BlockGene(3, 8, null)).hasMessage("downsampling is null");
  }

  @Test
  void randomGenomesAreValidDeterministicAndVaried() {
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 200; i++) {
      Genome genome = Genome.random(SPACE, Seeds.random(42, i));
      SPACE.validate(genome);
      assertThat(Genome.random(SPACE, Seeds.random(42, i))).isEqualTo(genome);
      seen.add(genome.hash());
    }
    assertThat(seen).hasSizeGreaterThan(190);
    // a small input forces redraws but every result stays valid
    SearchSpace tiny = SearchSpace.defaults(1, 4, 4, 2);
    for (int i = 0; i < 50; i++) {
      tiny.validate(Genome.random(tiny, Seeds.random(7, i)));
    }
  }

  @Test
  void mutationRespectsProbabilityAndSpace() {
    Genome parent = Genome.parse(TEXT);
    assertThat(parent.mutate(SPACE, new SplittableRandom(1), 0.0)).isEqualTo(parent);
    int changed = 0;
    for (int i = 0; i < 100; i++) {
      Genome mutant = parent.mutate(SPACE, Seeds.random(3, i), 1.0);
      SPACE.validate(mutant);
      if (!mutant.equals(parent)) {
        changed++;
      }
    }
    assertThat(changed).isGreaterThan(95);
    assertThatThrownBy(() -> parent.mutate(SPACE, new SplittableRandom(1), 1.5)).hasMessage("Invalid probability: 1.5");
  }

  @Test
  void crossoverTakesEveryGeneFromAParent() {
    Genome a = Genome.parse(TEXT);
    Genome b = Genome.parse("D6:7x64S,3x8N,5x24N,7x48P,3x32S,5x16N");
    boolean sawMix = false;
    for (int i = 0; i < 50; i++) {
      Genome child = a.crossover(b, SPACE, Seeds.random(5, i));
      SPACE.validate(child);
      assertThat(child.depth()).isIn(3, 6);
      int fromA = 0;
      for (int g = 0; g < 6; g++) {
        assertThat(child.blocks().get(g)).isIn(a.blocks().get(g), b.blocks().get(g));
        fromA += child.blocks().get(g).equals(a.blocks().get(g)) ? 1 : 0;
      }
      sawMix |= fromA > 0 && fromA < 6;
    }
    assertThat(sawMix).isTrue();
  }

  @Test
  void genomeIsJavaSerialisable() throws Exception {
    Genome genome = Genome.parse(TEXT);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(genome);
      out.writeObject(SPACE);
    }
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      assertThat(in.readObject()).isEqualTo(genome);
      assertThat(in.readObject()).isEqualTo(SPACE);
    }
  }
}
