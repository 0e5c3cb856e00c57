package org.tnas.search.evaluation;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.tnas.formats.errors.ErrorType;
import org.tnas.formats.errors.ProjectException;

/**
 * The retry and stop policy shared by every {@link Evaluator}: subclasses run one attempt of a
 * batch of specs ({@link #evaluateAttempt}); this class retries transient failures
 * (INSUFFICIENT_RESOURCES, EXTERNAL) up to {@code maxAttempts} in total, stops on internal errors,
 * and orders the final results by candidate id.
 */
public abstract class RetryingEvaluator implements Evaluator {
  private final ScorerFactory factory;
  private final int maxAttempts;

  protected RetryingEvaluator(ScorerFactory factory, int maxAttempts) {
    this.factory = Objects.requireNonNull(factory, "factory is null");
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("Invalid maxAttempts: " + maxAttempts);
    }
    this.maxAttempts = maxAttempts;
  }

  /** The scorer factory shipped to the workers. */
  public ScorerFactory factory() {
    return factory;
  }

  /** Attempts per candidate, the first included. */
  public int maxAttempts() {
    return maxAttempts;
  }

  @Override
  public String scorerIdentity() {
    return factory.identity();
  }

  /** Runs one attempt of every spec; returns one result per spec in any order. */
  protected abstract List<EvaluationResult> evaluateAttempt(List<CandidateSpec> specs);

  @Override
  public final List<EvaluationResult> evaluate(List<CandidateSpec> specs) {
    Objects.requireNonNull(specs, "specs is null");
    Map<String, EvaluationResult> finals = new LinkedHashMap<>();
    List<CandidateSpec> todo = new ArrayList<>(specs);
    while (!todo.isEmpty()) {
      List<EvaluationResult> results = evaluateAttempt(todo);
      Map<String, CandidateSpec> byId = new LinkedHashMap<>();
      for (CandidateSpec spec : todo) {
        byId.put(spec.candidateId(), spec);
      }
      List<CandidateSpec> retry = new ArrayList<>();
      for (EvaluationResult result : results) {
        CandidateSpec spec = byId.remove(result.candidateId());
        if (spec == null) {
          throw new ProjectException(EvaluationErrorCode.INTERNAL_FAILURE, "Cannot continue search: unexpected result for "
              + result.candidateId() + " (duplicate or unknown candidate)");
        }
        if (result.status() == EvaluationStatus.FAILED) {
          if (ErrorType.INTERNAL_ERROR.name().equals(result.errorType()) || result.errorType().isEmpty()) {
            throw new ProjectException(EvaluationErrorCode.INTERNAL_FAILURE, "Cannot continue search: internal error "
                + "evaluating candidate " + result.candidateId() + " (" + result.genome() + ") on executor "
                + result.executorId() + ": " + result.errorMessage());
          }
          if (spec.attempt() >= maxAttempts) {
            throw new ProjectException(EvaluationErrorCode.RETRIES_EXHAUSTED, "Cannot evaluate candidate "
                + result.candidateId() + " (" + result.genome() + "): " + result.errorType() + " failure in all "
                + maxAttempts + " attempts, last: " + result.errorMessage());
          }
          retry.add(spec.nextAttempt());
        } else {
          finals.put(result.candidateId(), result);
        }
      }
      if (!byId.isEmpty()) {
        throw new ProjectException(EvaluationErrorCode.INTERNAL_FAILURE, "Cannot continue search: no result for "
            + byId.keySet());
      }
      todo = retry;
    }
    List<EvaluationResult> ordered = new ArrayList<>(finals.values());
    ordered.sort(EvaluationResult.ORDER);
    return List.copyOf(ordered);
  }
}
