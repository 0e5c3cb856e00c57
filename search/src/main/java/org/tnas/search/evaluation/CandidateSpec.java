package org.tnas.search.evaluation;

import java.io.Serializable;
import java.util.Comparator;
import java.util.Locale;
import java.util.Objects;
import org.tnas.formats.util.Seeds;

/**
 * The small, serialisable description of one evaluation shipped to a worker: which run, generation
 * and candidate, the genome's compact string, its seed and the attempt number. Immutable.
 *
 * @param seed derived from (run seed, generation, candidate index) by {@link #seedFor}
 * @param attempt 1 for the first try, incremented by each retry of a transient failure
 */
public record CandidateSpec(String runId, int generation, int candidateIndex, String genome, long seed, int attempt)
    implements Serializable {
  /** Candidate order: generation, then candidate index. */
  public static final Comparator<CandidateSpec> ORDER =
      Comparator.comparingInt(CandidateSpec::generation).thenComparingInt(CandidateSpec::candidateIndex);

  public CandidateSpec {
    Objects.requireNonNull(runId, "runId is null");
    Objects.requireNonNull(genome, "genome is null");
    if (generation < 0 || generation > 9999) {
      throw new IllegalArgumentException("Invalid generation: " + generation);
    }
    if (candidateIndex < 0 || candidateIndex > 99999) {
      throw new IllegalArgumentException("Invalid candidateIndex: " + candidateIndex);
    }
    if (attempt < 1) {
      throw new IllegalArgumentException("Invalid attempt: " + attempt);
    }
  }

  /** The first attempt of a candidate, seed derived from its identity. */
  public static CandidateSpec first(String runId, long runSeed, int generation, int candidateIndex, String genome) {
    return new CandidateSpec(runId, generation, candidateIndex, genome, seedFor(runSeed, generation, candidateIndex), 1);
  }

  /** {@code Seeds.derive(runSeed, "candidate", generation, candidateIndex)}. */
  public static long seedFor(long runSeed, int generation, int candidateIndex) {
    return Seeds.derive(runSeed, "candidate", generation, candidateIndex);
  }

  /** The candidate id, e.g. {@code g0003-c00012}: sorts like (generation, index). */
  public String candidateId() {
    return candidateId(generation, candidateIndex);
  }

  /** The candidate id of a (generation, index) pair. */
  public static String candidateId(int generation, int candidateIndex) {
    return String.format(Locale.ROOT, "g%04d-c%05d", generation, candidateIndex);
  }

  /** The same candidate, next attempt. */
  public CandidateSpec nextAttempt() {
    return new CandidateSpec(runId, generation, candidateIndex, genome, seed, attempt + 1);
  }
}
