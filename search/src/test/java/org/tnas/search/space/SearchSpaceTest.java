package org.tnas.search.space;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class SearchSpaceTest {
  private static final SearchSpace SMALL = SearchSpace.defaults(2, 8, 8, 3)
      .withDepthChoices(List.of(2, 3))
      .withWidthChoices(List.of(4, 8));

  @Test
  void defaultsFollowSearchMd() {
    SearchSpace space = SearchSpace.defaults(12, 64, 64, 7);
    assertThat(space.depthChoices()).containsExactly(3, 4, 5, 6);
    assertThat(space.kernelChoices()).containsExactly(3, 5, 7);
    assertThat(space.widthChoices()).containsExactly(8, 16, 24, 32, 48, 64);
    assertThat(space.downsamplingChoices()).containsExactly(Downsampling.NONE, Downsampling.STRIDE2, Downsampling.MAXPOOL2);
    assertThat(space.headKind()).isEqualTo(HeadKind.GLOBAL_AVERAGE_POOL);
    assertThat(space.hiddenWidths()).isEmpty();
    assertThat(space.maxDepth()).isEqualTo(6);
    assertThat(space.maxParameters()).isEqualTo(Long.MAX_VALUE);
  }

  @Test
  void parametersAndMacsByHandWithGlobalAveragePool() {
    Genome genome = Genome.parse("D2:3x4N,5x8S,3x4P");
    SubnetPlan plan = SMALL.plan(genome);
    // block 0: conv 3x3 2->4, stride 1, pad 1, 8x8 -> 8x8: 9*2*4 weights + 2*4 BN = 80 params,
    // 9*2*4*64 = 4608 MACs
    BlockPlan b0 = plan.blocks().get(0);
    assertThat(b0.parameters()).isEqualTo(80);
    assertThat(b0.macs()).isEqualTo(4608);
    assertThat(b0.outputHeight()).isEqualTo(8);
    // block 1: conv 5x5 4->8 stride 2 pad 2: (8+4-5)/2+1 = 4 -> 4x4: 800 + 16 = 816 params,
    // 25*4*8*16 = 12800 MACs
    BlockPlan b1 = plan.blocks().get(1);
    assertThat(b1.stride()).isEqualTo(2);
    assertThat(b1.padding()).isEqualTo(2);
    assertThat(b1.convolutionHeight()).isEqualTo(4);
    assertThat(b1.parameters()).isEqualTo(816);
    assertThat(b1.macs()).isEqualTo(12800);
    // head: GAP -> linear 8->3 = 24 + 3 params, 24 MACs
    assertThat(plan.headInputFeatures()).isEqualTo(8);
    assertThat(plan.parameters()).isEqualTo(80 + 816 + 27);
    assertThat(plan.macs()).isEqualTo(4608 + 12800 + 24);
    assertThat(plan.firstLayerMacs()).isEqualTo(4608);
    assertThat(plan.blocks()).hasSize(2);
  }

  @Test
  void parametersAndMacsByHandWithFlattenAndHiddenLayer() {
    SearchSpace space = SMALL.withHead(HeadKind.FLATTEN, List.of(5));
    SubnetPlan plan = space.plan(Genome.parse("D2:3x4N,5x8S,3x4P"));
    // flatten 8x4x4 = 128 -> 5 (640 + 5) -> 3 (15 + 3)
    assertThat(plan.headInputFeatures()).isEqualTo(128);
    assertThat(plan.linearWidths()).containsExactly(5, 3);
    assertThat(plan.parameters()).isEqualTo(80 + 816 + 645 + 18);
    assertThat(plan.macs()).isEqualTo(4608 + 12800 + 640 + 15);
  }

  @Test
  void maxPoolHalvesAfterTheConvolution() {
    SubnetPlan plan = SMALL.plan(Genome.parse("D3:3x4P,3x8N,5x8S"));
    // 8x8 -conv-> 8x8 -pool-> 4x4 -conv 3x3 4->8-> 4x4 (9*4*8*16 = 4608 MACs) -conv 5x5 s2-> 2x2
    assertThat(plan.blocks().get(0).convolutionHeight()).isEqualTo(8);
    assertThat(plan.blocks().get(0).outputHeight()).isEqualTo(4);
    assertThat(plan.blocks().get(1).macs()).isEqualTo(4608);
    assertThat(plan.blocks().get(2).convolutionHeight()).isEqualTo(2);
    assertThat(plan.blocks().get(2).macs()).isEqualTo(25L * 8 * 8 * 4);
  }

  @Test
  void budgetCheckListsViolations() {
    Genome genome = Genome.parse("D2:3x4N,5x8S,3x4P");
    assertThat(SMALL.checkBudget(genome).isWithinBudget()).isTrue();
    BudgetCheck check = SMALL.withBudgets(900, 10_000, 5).checkBudget(genome);
    assertThat(check.parameters()).isEqualTo(923);
    assertThat(check.macs()).isEqualTo(17432);
    assertThat(check.isWithinBudget()).isFalse();
    assertThat(check.violations()).containsExactly("parameters 923 > 900", "MACs 17432 > 10000");
    assertThat(SMALL.withBudgets(900, 10_000, 5).isWithinSynapticOperationsBudget(5.0)).isTrue();
    assertThat(SMALL.withBudgets(900, 10_000, 5).isWithinSynapticOperationsBudget(5.5)).isFalse();
  }

  @Test
  void constructorRejectsBadChoices() {
    assertThatThrownBy(() -> SMALL.withKernelChoices(List.of(3, 4)))
        .hasMessage("Invalid kernelChoices: [3, 4] (kernels must be odd)");
    assertThatThrownBy(() -> SMALL.withDepthChoices(List.of()))
        .hasMessage("Invalid depthChoices: []");
    assertThatThrownBy(() -> SearchSpace.defaults(0, 8, 8, 3)).hasMessage("Invalid inputChannels: 0");
    assertThatThrownBy(() -> SearchSpace.defaults(1, 8, 8, 1)).hasMessage("Invalid classCount: 1");
    assertThatThrownBy(() -> SMALL.withBudgets(0, 1, 1)).hasMessage("Invalid maxParameters: 0");
    assertThatThrownBy(() -> SMALL.withHead(null, List.of())).hasMessage("headKind is null");
  }
}
