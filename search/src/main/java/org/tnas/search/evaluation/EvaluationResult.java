package org.tnas.search.evaluation;

import java.io.Serializable;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import org.tnas.search.evolution.ScoredGenome;

/**
 * One row of the results table (SEARCH.md section 2): one evaluation of one candidate. Immutable and
 * serialisable (it is what Spark tasks return to the driver).
 *
 * <p>Deterministic columns: everything except {@code wallTimeSeconds}, {@code executorId} and
 * {@code attempt}, which describe where and how often the evaluation ran; {@link
 * #withoutRunEnvironment()} clears them for comparisons between runs.
 *
 * @param errorType the {@code ErrorType} name of a failure, or "" when OK
 * @param errorMessage the failure's message, or ""
 * @param war WAR on the validation split of the net that scores ({@code search.scoring.score}: the
 *     ReLU twin, or the TTFS net under the run's hardware constraints)
 * @param synapticOperations mean SynOps per sample (NaN unless OK or SynOps-budget INVALID)
 * @param perClassRecall recall per class (empty unless measured)
 * @param reluTwin the ReLU twin's WAR and UAR (equal to {@code war} and {@code uar} in a
 *     ReLU-scored run; NaN unless measured). {@code null} is read as {@code (war, uar)}: rows
 *     deserialised from run checkpoints written before this column existed, all of ReLU-scored runs
 */
public record EvaluationResult(
    String runId,
    int generation,
    int candidateIndex,
    String genome,
    String genomeHash,
    long seed,
    EvaluationStatus status,
    String errorType,
    String errorMessage,
    double war,
    double uar,
    List<Double> perClassRecall,
    double synapticOperations,
    long macs,
    long parameters,
    double spikesPerNeuron,
    double wallTimeSeconds,
    String executorId,
    int attempt,
    ReluTwin reluTwin)
    implements Serializable {
  /** Candidate order: generation, then candidate index. */
  public static final Comparator<EvaluationResult> ORDER =
      Comparator.comparingInt(EvaluationResult::generation).thenComparingInt(EvaluationResult::candidateIndex);

  public EvaluationResult {
    Objects.requireNonNull(runId, "runId is null");
    Objects.requireNonNull(genome, "genome is null");
    Objects.requireNonNull(genomeHash, "genomeHash is null");
    Objects.requireNonNull(status, "status is null");
    Objects.requireNonNull(errorType, "errorType is null");
    Objects.requireNonNull(errorMessage, "errorMessage is null");
    perClassRecall = List.copyOf(Objects.requireNonNull(perClassRecall, "perClassRecall is null"));
    Objects.requireNonNull(executorId, "executorId is null");
    if (status == EvaluationStatus.OK && !errorType.isEmpty()) {
      throw new IllegalArgumentException("Invalid errorType: " + errorType + " for an OK result");
    }
    if (reluTwin == null) {
      reluTwin = new ReluTwin(war, uar);
    }
  }

  /** A row of a ReLU-scored run: the ReLU twin's scores are {@code war} and {@code uar}. */
  public EvaluationResult(String runId, int generation, int candidateIndex, String genome, String genomeHash, long seed,
      EvaluationStatus status, String errorType, String errorMessage, double war, double uar,
      List<Double> perClassRecall, double synapticOperations, long macs, long parameters, double spikesPerNeuron,
      double wallTimeSeconds, String executorId, int attempt) {
    this(runId, generation, candidateIndex, genome, genomeHash, seed, status, errorType, errorMessage, war, uar,
        perClassRecall, synapticOperations, macs, parameters, spikesPerNeuron, wallTimeSeconds, executorId, attempt,
        new ReluTwin(war, uar));
  }

  /**
   * The ReLU twin's validation WAR and UAR, kept beside the score of a TTFS-scored run so that both
   * domains can be compared on one scale. Immutable and serialisable.
   */
  public record ReluTwin(double war, double uar) implements Serializable {}

  /** A successful evaluation. */
  public static EvaluationResult ok(CandidateSpec spec, String genomeHash, CandidateScore score, double wallTime,
      String executorId) {
    return new EvaluationResult(spec.runId(), spec.generation(), spec.candidateIndex(), spec.genome(), genomeHash,
        spec.seed(), EvaluationStatus.OK, "", "", score.war(), score.uar(), score.perClassRecall(),
        score.synapticOperations(), score.macs(), score.parameters(), score.spikesPerNeuron(), wallTime, executorId,
        spec.attempt(), new ReluTwin(score.reluWar(), score.reluUar()));
  }

  /** An INVALID or FAILED evaluation without measurements. */
  public static EvaluationResult failure(CandidateSpec spec, String genomeHash, EvaluationStatus status,
      String errorType, String message, double wallTime, String executorId) {
    if (status == EvaluationStatus.OK) {
      throw new IllegalArgumentException("Invalid status: OK for a failure");
    }
    return new EvaluationResult(spec.runId(), spec.generation(), spec.candidateIndex(), spec.genome(), genomeHash,
        spec.seed(), status, errorType, message, Double.NaN, Double.NaN, List.of(), Double.NaN, 0, 0, Double.NaN,
        wallTime, executorId, spec.attempt());
  }

  /** The candidate id, e.g. {@code g0003-c00012}. */
  public String candidateId() {
    return CandidateSpec.candidateId(generation, candidateIndex);
  }

  /** Whether the candidate was scored. */
  public boolean isOk() {
    return status == EvaluationStatus.OK;
  }

  /** {@code lambda * UAR + (1 - lambda) * WAR}, NaN unless OK. */
  public double fitness(double lambda) {
    return isOk() ? lambda * uar + (1 - lambda) * war : Double.NaN;
  }

  /** The ReLU twin's fitness {@code lambda * UAR + (1 - lambda) * WAR}, NaN unless OK. */
  public double reluFitness(double lambda) {
    return isOk() ? lambda * reluTwin.uar() + (1 - lambda) * reluTwin.war() : Double.NaN;
  }

  /** What the search strategy sees of this evaluation. */
  public ScoredGenome toScoredGenome() {
    return new ScoredGenome(generation, candidateIndex, genome, isOk() ? war : Double.NaN, isOk() ? uar : Double.NaN,
        isOk() ? synapticOperations : Double.NaN, isOk());
  }

  /** This row with wall time 0, executor id "" and attempt 1: the part that must not depend on the cluster. */
  public EvaluationResult withoutRunEnvironment() {
    return new EvaluationResult(runId, generation, candidateIndex, genome, genomeHash, seed, status, errorType,
        errorMessage, war, uar, perClassRecall, synapticOperations, macs, parameters, spikesPerNeuron, 0, "", 1, reluTwin);
  }
}
