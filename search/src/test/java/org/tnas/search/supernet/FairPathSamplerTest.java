package org.tnas.search.supernet;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tnas.search.space.BlockGene;
import org.tnas.search.space.Genome;
import org.tnas.search.space.SearchSpace;

class FairPathSamplerTest {
  /** Depth 2-4 (3 choices), kernels 3/5 (2), widths 8/16/24 (3), 3 downsamplings: groups of 6 steps. */
  static final SearchSpace SPACE = SearchSpace.defaults(12, 64, 64, 4)
      .withDepthChoices(List.of(2, 3, 4))
      .withKernelChoices(List.of(3, 5))
      .withWidthChoices(List.of(8, 16, 24));

  @Test
  void withinEveryGroupEachChoiceOfEachGeneIsTrainedEquallyOften() {
    FairPathSampler sampler = new FairPathSampler(SPACE, 7);
    assertThat(SPACE.downsamplingChoices()).hasSize(3);
    assertThat(sampler.groupSize()).isEqualTo(6);
    for (int group = 0; group < 20; group++) {
      Map<String, Integer> counts = new HashMap<>();
      for (int j = 0; j < sampler.groupSize(); j++) {
        Genome genome = sampler.genomeFor((long) group * sampler.groupSize() + j);
        assertThat(SPACE.isValid(genome)).isTrue();
        counts.merge("depth " + genome.depth(), 1, Integer::sum);
        for (int b = 0; b < genome.blocks().size(); b++) {
          BlockGene gene = genome.blocks().get(b);
          counts.merge(b + " kernel " + gene.kernel(), 1, Integer::sum);
          counts.merge(b + " width " + gene.width(), 1, Integer::sum);
          counts.merge(b + " downsampling " + gene.downsampling(), 1, Integer::sum);
        }
      }
      for (int depth : SPACE.depthChoices()) {
        assertThat(counts.get("depth " + depth)).as("group %d depth %d", group, depth).isEqualTo(2);
      }
      for (int b = 0; b < SPACE.maxDepth(); b++) {
        for (int kernel : SPACE.kernelChoices()) {
          assertThat(counts.get(b + " kernel " + kernel)).isEqualTo(3);
        }
        for (int width : SPACE.widthChoices()) {
          assertThat(counts.get(b + " width " + width)).isEqualTo(2);
        }
        for (var downsampling : SPACE.downsamplingChoices()) {
          assertThat(counts.get(b + " downsampling " + downsampling)).isEqualTo(2);
        }
      }
    }
  }

  @Test
  void theSequenceIsDeterministicInTheSeedAndDiffersBetweenSeedsAndGroups() {
    List<Genome> first = sequence(new FairPathSampler(SPACE, 7), 0, 60);
    // asked in another order (a resumed run starts in the middle): the same genomes
    FairPathSampler again = new FairPathSampler(SPACE, 7);
    List<Genome> tail = sequence(again, 30, 60);
    List<Genome> head = sequence(again, 0, 30);
    List<Genome> joined = new ArrayList<>(head);
    joined.addAll(tail);
    assertThat(joined).isEqualTo(first);
    assertThat(sequence(new FairPathSampler(SPACE, 8), 0, 60)).isNotEqualTo(first);
    assertThat(first.subList(0, 6)).isNotEqualTo(first.subList(6, 12));
  }

  @Test
  void anIllegalCombinationIsReplacedByALegalGenome() {
    // 16 x 16 input: four stride-2 or pooling blocks would leave less than one pixel
    SearchSpace small = SearchSpace.defaults(12, 16, 16, 4).withDepthChoices(List.of(4)).withKernelChoices(List.of(3))
        .withWidthChoices(List.of(8));
    FairPathSampler sampler = new FairPathSampler(small, 3);
    for (Genome genome : sequence(sampler, 0, 120)) {
      assertThat(small.isValid(genome)).as(genome.toCompactString()).isTrue();
    }
  }

  private static List<Genome> sequence(FairPathSampler sampler, long from, long to) {
    List<Genome> genomes = new ArrayList<>();
    for (long step = from; step < to; step++) {
      genomes.add(sampler.genomeFor(step));
    }
    return genomes;
  }
}
