package org.tnas.search.space;

import org.tnas.formats.errors.ErrorCode;
import org.tnas.formats.errors.ErrorType;

/**
 * Error codes of the search module (genomes, networks, TTFS mapping). Carried by {@link
 * org.tnas.formats.errors.ProjectException}; the type decides whether an evaluation is retried
 * (see SEARCH.md: an invalid network gets the worst fitness and is never retried).
 */
public enum SearchErrorCode implements ErrorCode {
  /** A genome is outside its search space, or its string form cannot be parsed. */
  INVALID_GENOME(ErrorType.USER_ERROR),
  /** A genome exceeds a parameter, MAC or SynOps budget. */
  BUDGET_EXCEEDED(ErrorType.USER_ERROR),
  /** A network description is inconsistent (shapes, array lengths, layer order). */
  INVALID_NETWORK(ErrorType.USER_ERROR),
  /** An input does not have the shape the network expects. */
  SHAPE_MISMATCH(ErrorType.USER_ERROR),
  /** Serialised network bytes are corrupt or truncated. */
  CORRUPT_NETWORK_DATA(ErrorType.USER_ERROR),
  /** A network cannot be mapped to a TTFS spiking network (unsupported layer order...). */
  MAPPING_FAILED(ErrorType.USER_ERROR);

  private final ErrorType type;

  SearchErrorCode(ErrorType type) {
    this.type = type;
  }

  @Override
  public ErrorType type() {
    return type;
  }
}
