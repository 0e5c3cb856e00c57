package org.tnas.search.space;

import java.io.Serializable;
import java.util.List;
import java.util.Objects;

/**
 * The outcome of {@link SearchSpace#checkBudget(Genome)}: the counted parameters and MACs and the
 * list of violated budgets (empty when the genome is legal). Immutable and serialisable.
 */
public record BudgetCheck(long parameters, long macs, List<String> violations) implements Serializable {
  public BudgetCheck {
    violations = List.copyOf(Objects.requireNonNull(violations, "violations is null"));
  }

  /** Whether no budget is violated. */
  public boolean isWithinBudget() {
    return violations.isEmpty();
  }
}
