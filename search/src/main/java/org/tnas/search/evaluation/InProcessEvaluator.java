package org.tnas.search.evaluation;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.tnas.formats.errors.ProjectException;

/**
 * Evaluates candidates on a fixed thread pool of this JVM, each thread with its own pooled scorer
 * ({@link ScorerPool}). For tests, laptops and small runs; results equal those of the Spark
 * evaluator for the same specs. Thread-safe; {@link #close} stops the threads.
 */
public final class InProcessEvaluator extends RetryingEvaluator {
  private final ExecutorService pool;
  private final int threads;

  /**
   * @param threads concurrent evaluations
   * @param maxAttempts attempts per candidate for transient failures (first included)
   */
  public InProcessEvaluator(ScorerFactory factory, int threads, int maxAttempts) {
    super(factory, maxAttempts);
    if (threads < 1) {
      throw new IllegalArgumentException("Invalid threads: " + threads);
    }
    this.threads = threads;
    AtomicInteger counter = new AtomicInteger();
    this.pool = Executors.newFixedThreadPool(threads, runnable -> {
      Thread thread = new Thread(runnable, "tnas-evaluator-" + counter.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    });
  }

  /** Concurrent evaluations. */
  public int threads() {
    return threads;
  }

  @Override
  protected List<EvaluationResult> evaluateAttempt(List<CandidateSpec> specs) {
    List<Future<EvaluationResult>> futures = new ArrayList<>();
    for (CandidateSpec spec : specs) {
      futures.add(pool.submit(() -> CandidateRunner.run(spec, factory(), "in-process-" + Thread.currentThread().getName())));
    }
    List<EvaluationResult> results = new ArrayList<>();
    for (Future<EvaluationResult> future : futures) {
      try {
        results.add(future.get());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new ProjectException(EvaluationErrorCode.EXECUTOR_LOST, "Cannot evaluate candidates: interrupted", e);
      } catch (ExecutionException e) {
        throw new ProjectException(EvaluationErrorCode.INTERNAL_FAILURE,
            "Cannot continue search: evaluation task failed: " + e.getCause(), e.getCause());
      }
    }
    return results;
  }

  @Override
  public void close() {
    pool.shutdownNow();
  }
}
