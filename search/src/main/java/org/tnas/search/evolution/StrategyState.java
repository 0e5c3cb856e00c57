package org.tnas.search.evolution;

import java.io.Serializable;
import java.util.List;
import java.util.Objects;

/**
 * Everything a search strategy needs to continue exactly: its kind, the completed generations, the
 * raw RNG state and every scored candidate so far (the seen-genome set and the parents are derived
 * from them). Immutable and serialisable; saved in every run checkpoint.
 */
public record StrategyState(StrategyKind kind, int completedGenerations, long randomState, List<ScoredGenome> archive)
    implements Serializable {
  public StrategyState {
    Objects.requireNonNull(kind, "kind is null");
    archive = List.copyOf(Objects.requireNonNull(archive, "archive is null"));
    if (completedGenerations < 0) {
      throw new IllegalArgumentException("Invalid completedGenerations: " + completedGenerations);
    }
  }
}
