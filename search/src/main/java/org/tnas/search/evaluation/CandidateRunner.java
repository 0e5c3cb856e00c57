package org.tnas.search.evaluation;

import java.util.Locale;
import java.util.Objects;
import org.tnas.formats.errors.ErrorType;
import org.tnas.formats.errors.ProjectException;
import org.tnas.search.space.Genome;
import org.tnas.search.space.SearchErrorCode;

/**
 * Runs one {@link CandidateSpec} on this JVM with a pooled scorer and turns every outcome into an
 * {@link EvaluationResult}, never an exception: exceptions are caught inside the task (SEARCH.md:
 * Spark's blind task retries would multiply wall time) and classified:
 *
 * <ul>
 *   <li>{@code ProjectException} of type USER_ERROR (invalid genome, budget exceeded, NaN loss,
 *       shape or mapping error), or a mean SynOps above the space's SynOps budget: INVALID;
 *   <li>{@code OutOfMemoryError}, or a {@code ProjectException} of type INSUFFICIENT_RESOURCES or
 *       EXTERNAL: FAILED with that type (the driver retries it a bounded number of times);
 *   <li>anything else: FAILED with INTERNAL_ERROR (the driver stops the run).
 * </ul>
 *
 * Stateless and thread-safe.
 */
public final class CandidateRunner {
  private CandidateRunner() {}

  /** Evaluates {@code spec} with a scorer of {@code factory} from this JVM's {@link ScorerPool}. */
  public static EvaluationResult run(CandidateSpec spec, ScorerFactory factory, String executorId) {
    Objects.requireNonNull(spec, "spec is null");
    Objects.requireNonNull(factory, "factory is null");
    long start = System.nanoTime();
    String hash = "";
    try {
      Genome genome = Genome.parse(spec.genome());
      String genomeHash = genome.hash();
      hash = genomeHash;
      return ScorerPool.withScorer(factory, scorer -> {
        try {
          scorer.space().validate(genome);
          if (!scorer.space().checkBudget(genome).isWithinBudget()) {
            throw new ProjectException(SearchErrorCode.BUDGET_EXCEEDED, "Invalid candidate: " + spec.genome()
                + " exceeds " + scorer.space().checkBudget(genome).violations());
          }
          CandidateScore score = scorer.score(genome, spec);
          if (!scorer.space().isWithinSynapticOperationsBudget(score.synapticOperations())) {
            EvaluationResult measured = EvaluationResult.ok(spec, genomeHash, score, seconds(start), executorId);
            return new EvaluationResult(measured.runId(), measured.generation(), measured.candidateIndex(),
                measured.genome(), genomeHash, measured.seed(), EvaluationStatus.INVALID,
                ErrorType.USER_ERROR.name(), String.format(Locale.ROOT, "Invalid candidate: SynOps %.1f > budget %d",
                    score.synapticOperations(), scorer.space().maxSynapticOperations()),
                measured.war(), measured.uar(), measured.perClassRecall(), measured.synapticOperations(),
                measured.macs(), measured.parameters(), measured.spikesPerNeuron(), measured.wallTimeSeconds(),
                executorId, spec.attempt(), measured.reluTwin());
          }
          return EvaluationResult.ok(spec, genomeHash, score, seconds(start), executorId);
        } catch (ProjectException e) {
          if (e.type() == ErrorType.USER_ERROR) {
            return EvaluationResult.failure(spec, genomeHash, EvaluationStatus.INVALID, e.type().name(),
                message(e), seconds(start), executorId);
          }
          throw e;
        }
      });
    } catch (ProjectException e) {
      EvaluationStatus status = e.type() == ErrorType.USER_ERROR ? EvaluationStatus.INVALID : EvaluationStatus.FAILED;
      return EvaluationResult.failure(spec, hash, status, e.type().name(), message(e), seconds(start), executorId);
    } catch (OutOfMemoryError e) {
      return EvaluationResult.failure(spec, hash, EvaluationStatus.FAILED, ErrorType.INSUFFICIENT_RESOURCES.name(),
          "Cannot evaluate candidate: out of memory: " + e.getMessage(), seconds(start), executorId);
    } catch (RuntimeException | Error e) {
      if (isNativeOutOfMemory(e)) {
        return EvaluationResult.failure(spec, hash, EvaluationStatus.FAILED, ErrorType.INSUFFICIENT_RESOURCES.name(),
            "Cannot evaluate candidate: out of native memory: " + e.getMessage(), seconds(start), executorId);
      }
      return EvaluationResult.failure(spec, hash, EvaluationStatus.FAILED, ErrorType.INTERNAL_ERROR.name(),
          e.getClass().getName() + ": " + e.getMessage(), seconds(start), executorId);
    }
  }

  private static boolean isNativeOutOfMemory(Throwable e) {
    String text = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
    return text.contains("out of memory") || text.contains("std::bad_alloc") || text.contains("cannot allocate memory");
  }

  private static String message(Throwable e) {
    return e.getMessage() == null ? e.getClass().getName() : e.getMessage();
  }

  private static double seconds(long start) {
    return (System.nanoTime() - start) / 1e9;
  }
}
