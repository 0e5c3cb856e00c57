package org.tnas.pipelines.pipeline;

import java.util.List;
import java.util.Locale;
import org.tnas.search.space.SearchSpace;

/** The search spaces {@code pipeline.space} names. */
public enum SpaceChoice {
  /** Depth 2-4, kernels 3/5, widths 8/16/24: sized for CPU runs and tests. */
  SMALL,
  /** ../shared/docs/SEARCH.md's default: depth 3-6, kernels 3/5/7, widths 8-64. */
  DEFAULT;

  private static final List<Integer> SMALL_DEPTHS = List.of(2, 3, 4);
  private static final List<Integer> SMALL_KERNELS = List.of(3, 5);
  private static final List<Integer> SMALL_WIDTHS = List.of(8, 16, 24);

  /** The name as written in settings ({@code small}, {@code in-process}). */
  @Override
  public String toString() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /** The space for inputs of {@code channels x height x width} and {@code classes} classes. */
  public SearchSpace create(int channels, int height, int width, int classes) {
    SearchSpace defaults = SearchSpace.defaults(channels, height, width, classes);
    if (this == DEFAULT) {
      return defaults;
    }
    return defaults.withDepthChoices(SMALL_DEPTHS).withKernelChoices(SMALL_KERNELS).withWidthChoices(SMALL_WIDTHS);
  }
}
