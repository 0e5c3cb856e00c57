package org.tnas.pipelines.pipeline;

import org.tnas.search.space.SearchSpace;

/**
 * TNAS-ER's cost constraints on candidates ({@code pipeline.budget.*}; 0 = none): a candidate over
 * the parameter or MAC budget is illegal and never evaluated; one over the SynOps budget (known only
 * after its TTFS evaluation) is recorded INVALID and never selected.
 *
 * @param parameters the largest number of trainable parameters, or 0
 * @param macs the largest multiply-accumulates per sample of the ReLU net, or 0
 * @param synapticOperations the largest SynOps per sample of the TTFS net, or 0
 */
public record Budgets(long parameters, long macs, long synapticOperations) {
  /** No budget. */
  public static final Budgets NONE = new Budgets(0, 0, 0);

  public Budgets {
    if (parameters < 0 || macs < 0 || synapticOperations < 0) {
      throw new IllegalArgumentException("Invalid budgets: parameters " + parameters + ", MACs " + macs + ", SynOps "
          + synapticOperations + " (expected 0 for none or a positive number)");
    }
  }

  /** {@code space} with these budgets. */
  public SearchSpace applyTo(SearchSpace space) {
    return space.withBudgets(orUnlimited(parameters), orUnlimited(macs), orUnlimited(synapticOperations));
  }

  /** True when no budget is set. */
  public boolean isNone() {
    return equals(NONE);
  }

  private static long orUnlimited(long value) {
    return value == 0 ? Long.MAX_VALUE : value;
  }
}
