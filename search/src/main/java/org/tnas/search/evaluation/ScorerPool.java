package org.tnas.search.evaluation;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * The per-JVM cache of scorers (a static holder, as Spark executors need), keyed by {@link
 * ScorerFactory#cacheKey()} (for a supernet: the checkpoint's and the data's content digests and the
 * scoring settings, not their paths) and bounded to {@link #capacity()} keys, least recently used
 * evicted first. Each key holds a pool of idle scorers: a task borrows one (creating it lazily the
 * first time, i.e. once per concurrently running task slot per JVM), uses it alone, and returns it,
 * so the heavy loading (supernet checkpoint, validation shards) happens once per executor slot and
 * is reused across tasks and generations. An evicted key's idle scorers are closed at once, its
 * borrowed ones when they come back; so a 10-fold run keeps at most {@link #capacity()} supernets per
 * executor. Thread-safe.
 */
public final class ScorerPool {
  /** System property bounding the distinct scorer keys (supernets) kept per JVM. */
  public static final String CAPACITY_PROPERTY = "tnas.scoring.cache-entries";
  /** The default bound: the current supernet and the previous one. */
  public static final int CAPACITY_DEFAULT = 2;

  private static final Object LOCK = new Object();
  /** Access-ordered: the least recently used key first. Guarded by LOCK. */
  private static final LinkedHashMap<String, Entry> ENTRIES = new LinkedHashMap<>(16, 0.75f, true);

  private static final class Entry {
    final Deque<CandidateScorer> idle = new ArrayDeque<>();
    int created;
    boolean evicted;
  }

  private ScorerPool() {}

  /**
   * The bound on distinct keys: the system property {@value #CAPACITY_PROPERTY}, else {@value
   * #CAPACITY_DEFAULT}.
   *
   * @throws IllegalArgumentException "Invalid tnas.scoring.cache-entries: ..." when not a positive integer
   */
  public static int capacity() {
    String value = System.getProperty(CAPACITY_PROPERTY);
    if (value == null || value.isBlank()) {
      return CAPACITY_DEFAULT;
    }
    try {
      int capacity = Integer.parseInt(value.trim());
      if (capacity >= 1) {
        return capacity;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException("Invalid " + CAPACITY_PROPERTY + ": " + value + " (expected a positive integer)");
  }

  /** Runs {@code work} with a scorer of {@code factory} borrowed from this JVM's pool. */
  public static <R> R withScorer(ScorerFactory factory, Function<CandidateScorer, R> work) {
    Objects.requireNonNull(factory, "factory is null");
    Objects.requireNonNull(work, "work is null");
    String key = factory.cacheKey();
    int capacity = capacity();
    Entry entry;
    CandidateScorer scorer;
    List<CandidateScorer> evicted = new ArrayList<>();
    synchronized (LOCK) {
      entry = ENTRIES.get(key);
      if (entry == null) {
        entry = new Entry();
        ENTRIES.put(key, entry);
      }
      scorer = entry.idle.pollFirst();
      if (scorer == null) {
        entry.created++;
      }
      evictBeyond(capacity, evicted);
    }
    closeAll(evicted);
    if (scorer == null) {
      try {
        scorer = factory.create();
      } catch (RuntimeException | Error e) {
        synchronized (LOCK) {
          entry.created--;
        }
        throw e;
      }
    }
    boolean healthy = false;
    try {
      R result = work.apply(scorer);
      healthy = true;
      return result;
    } finally {
      boolean keep;
      synchronized (LOCK) {
        keep = healthy && !entry.evicted;
        if (keep) {
          entry.idle.addFirst(scorer);
        } else {
          entry.created--;
        }
      }
      if (!keep) {
        // evicted meanwhile, or a scorer that threw may be in a bad state (e.g. after an out-of-memory)
        closeQuietly(scorer);
      }
    }
  }

  /** Evicts the least recently used keys beyond {@code capacity}; their idle scorers go to {@code closing}. */
  private static void evictBeyond(int capacity, List<CandidateScorer> closing) {
    Iterator<Map.Entry<String, Entry>> eldest = ENTRIES.entrySet().iterator();
    while (ENTRIES.size() > capacity && eldest.hasNext()) {
      Entry entry = eldest.next().getValue();
      entry.evicted = true;
      entry.created -= entry.idle.size();
      closing.addAll(entry.idle);
      entry.idle.clear();
      eldest.remove();
    }
  }

  /** How many scorers of {@code factory}'s cache key currently exist in this JVM (tests and logs). */
  public static int created(ScorerFactory factory) {
    return created(factory.cacheKey());
  }

  /** How many scorers of this cache key currently exist in this JVM (tests and logs). */
  public static int created(String cacheKey) {
    synchronized (LOCK) {
      Entry entry = ENTRIES.get(cacheKey);
      return entry == null ? 0 : entry.created;
    }
  }

  /** The cache keys held now, least recently used first (tests and logs). */
  public static List<String> keys() {
    synchronized (LOCK) {
      return List.copyOf(ENTRIES.keySet());
    }
  }

  /** Closes and forgets every idle scorer of this JVM (tests; end of a driver-side run). */
  public static void clear() {
    List<CandidateScorer> closing = new ArrayList<>();
    synchronized (LOCK) {
      evictBeyond(0, closing);
    }
    closeAll(closing);
  }

  private static void closeAll(List<CandidateScorer> scorers) {
    for (CandidateScorer scorer : scorers) {
      closeQuietly(scorer);
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
