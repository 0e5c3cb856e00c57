package org.tnas.search.evaluation;

import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * The per-JVM cache of scorers (a static holder, as Spark executors need): for each factory
 * identity, a pool of idle scorers. A task borrows one (creating it lazily the first time, i.e.
 * once per concurrently running task slot per JVM), uses it alone, and returns it, so the heavy
 * loading (supernet checkpoint, validation shards) happens once per executor slot and is reused
 * across tasks and generations. Thread-safe.
 */
public final class ScorerPool {
  private static final Map<String, ConcurrentLinkedDeque<CandidateScorer>> IDLE = new ConcurrentHashMap<>();
  private static final Map<String, AtomicInteger> CREATED = new ConcurrentHashMap<>();

  private ScorerPool() {}

  /** Runs {@code work} with a scorer of {@code factory} borrowed from this JVM's pool. */
  public static <R> R withScorer(ScorerFactory factory, Function<CandidateScorer, R> work) {
    Objects.requireNonNull(factory, "factory is null");
    Objects.requireNonNull(work, "work is null");
    String key = factory.identity();
    ConcurrentLinkedDeque<CandidateScorer> idle = IDLE.computeIfAbsent(key, k -> new ConcurrentLinkedDeque<>());
    CandidateScorer scorer = idle.pollFirst();
    if (scorer == null) {
      scorer = factory.create();
      CREATED.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
    }
    boolean healthy = false;
    try {
      R result = work.apply(scorer);
      healthy = true;
      return result;
    } finally {
      if (healthy) {
        idle.addFirst(scorer);
      } else {
        // a scorer that threw may be in a bad state (e.g. after an out-of-memory): drop it
        closeQuietly(scorer);
        CREATED.get(key).decrementAndGet();
      }
    }
  }

  /** How many scorers of this identity currently exist in this JVM (for tests and logs). */
  public static int created(String identity) {
    AtomicInteger count = CREATED.get(identity);
    return count == null ? 0 : count.get();
  }

  /** Closes and forgets every idle scorer of this JVM (tests; end of a driver-side run). */
  public static void clear() {
    for (Map.Entry<String, ConcurrentLinkedDeque<CandidateScorer>> entry : IDLE.entrySet()) {
      CandidateScorer scorer;
      while ((scorer = entry.getValue().pollFirst()) != null) {
        closeQuietly(scorer);
        AtomicInteger count = CREATED.get(entry.getKey());
        if (count != null) {
          count.decrementAndGet();
        }
      }
    }
  }

  private static void closeQuietly(CandidateScorer scorer) {
    try {
      scorer.close();
    } catch (RuntimeException e) {
      // closing is best effort; the original outcome is what matters
    }
  }
}
