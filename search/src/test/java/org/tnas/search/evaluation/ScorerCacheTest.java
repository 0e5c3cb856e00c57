package org.tnas.search.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tnas.search.space.Genome;
import org.tnas.search.space.SearchSpace;

/**
 * The executor caches: scorers and data are keyed by content (a checkpoint copied to another path
 * and the same data under another recipe are reused), and both are bounded, the least recently
 * used key evicted and its scorers closed.
 */
class ScorerCacheTest {
  private String previousCapacity;

  @BeforeEach
  void rememberCapacity() {
    previousCapacity = System.getProperty(ScorerPool.CAPACITY_PROPERTY);
    ScorerPool.clear();
  }

  @AfterEach
  void restoreCapacity() {
    ScorerPool.clear();
    if (previousCapacity == null) {
      System.clearProperty(ScorerPool.CAPACITY_PROPERTY);
    } else {
      System.setProperty(ScorerPool.CAPACITY_PROPERTY, previousCapacity);
    }
  }

  /** The same data under another name (as shards copied to another directory would be). */
  record RenamedData(String name, EvaluationDataSource inner) implements EvaluationDataSource {
    @Override
    public String identity() {
      return name;
    }

    @Override
    public EvaluationData load() {
      return inner.load();
    }
  }

  @Test
  void aCheckpointAndDataWithTheSameContentAtAnotherPathReuseTheLoadedScorer(@TempDir Path directory) throws Exception {
    String original = SupernetScorerTest.trainCheckpoint(directory);
    Path copy = directory.resolve("elsewhere").resolve("copy.ckpt");
    Files.createDirectories(copy.getParent());
    Files.copy(Path.of(java.net.URI.create(original)), copy);
    SupernetScorerFactory first = SupernetScorerTest.factory(original);
    SupernetScorerFactory moved = new SupernetScorerFactory(copy.toUri().toString(), SupernetScorerTest.SPACE,
        new RenamedData("shards(/another/path)", SupernetScorerTest.DATA), 32, 2, 12, 1);
    assertThat(moved.identity()).isNotEqualTo(first.identity());

    assertThat(moved.cacheKey()).isEqualTo(first.cacheKey());
    assertThat(moved.loadData()).isSameAs(first.loadData());
    Genome genome = Genome.random(SupernetScorerTest.SPACE, org.tnas.formats.util.Seeds.random(3, 0));
    CandidateSpec spec = CandidateSpec.first("cache", 1, 0, 0, genome.toCompactString());
    AtomicReference<CandidateScorer> used = new AtomicReference<>();
    CandidateScore score = ScorerPool.withScorer(first, scorer -> {
      used.set(scorer);
      return scorer.score(genome, spec);
    });
    CandidateScore again = ScorerPool.withScorer(moved, scorer -> {
      assertThat(scorer).isSameAs(used.get());
      return scorer.score(genome, spec);
    });
    assertThat(again).isEqualTo(score);
    assertThat(ScorerPool.created(moved)).isEqualTo(1);
    assertThat(ScorerPool.keys()).hasSize(1);

    // other content at the same path is another key
    Files.write(copy, new byte[] {1, 2, 3});
    assertThat(moved.identity()).isEqualTo(new SupernetScorerFactory(copy.toUri().toString(), SupernetScorerTest.SPACE,
        new RenamedData("shards(/another/path)", SupernetScorerTest.DATA), 32, 2, 12, 1).identity());
    assertThat(moved.cacheKey()).isNotEqualTo(first.cacheKey());
  }

  @Test
  void theDataCacheIsBoundedAndKeepsOneCopyOfEqualContent() {
    System.setProperty(ScorerPool.CAPACITY_PROPERTY, "1");
    SupernetScorerFactory first = SupernetScorerTest.factory("unused");
    SupernetScorerFactory otherData = new SupernetScorerFactory("unused", SupernetScorerTest.SPACE,
        new SyntheticDataSource(150, 4, 16, 16, 3, 0.01, 12, 0.6), 32, 2, 12, 1);
    EvaluationData loaded = first.loadData();
    assertThat(first.loadData()).isSameAs(loaded);
    assertThat(otherData.loadData()).isNotSameAs(loaded);
    assertThat(SupernetScorerFactory.cachedDataSets()).isEqualTo(1);
    // evicted: loaded again, equal content but a new copy
    EvaluationData reloaded = first.loadData();
    assertThat(reloaded).isNotSameAs(loaded);
    assertThat(SupernetScorerFactory.digest(reloaded)).isEqualTo(SupernetScorerFactory.digest(loaded));
    assertThat(SupernetScorerFactory.cachedDataSets()).isEqualTo(1);
  }

  /** A scorer that only records whether it was closed. */
  static final class RecordingScorer implements CandidateScorer {
    boolean closed;

    @Override
    public SearchSpace space() {
      return SupernetScorerTest.SPACE;
    }

    @Override
    public CandidateScore score(Genome genome, CandidateSpec spec) {
      throw new UnsupportedOperationException("not used");
    }

    @Override
    public void close() {
      closed = true;
    }
  }

  /** A factory whose scorers are {@link RecordingScorer}s under a given key. */
  record RecordingFactory(String key, List<RecordingScorer> created) implements ScorerFactory {
    @Override
    public String identity() {
      return key;
    }

    @Override
    public CandidateScorer create() {
      RecordingScorer scorer = new RecordingScorer();
      created.add(scorer);
      return scorer;
    }
  }

  @Test
  void theLeastRecentlyUsedKeyIsEvictedBeyondTheBoundAndItsScorersClosed() {
    System.setProperty(ScorerPool.CAPACITY_PROPERTY, "2");
    List<RecordingScorer> created = new ArrayList<>();
    RecordingFactory fold0 = new RecordingFactory("fold-0", created);
    RecordingFactory fold1 = new RecordingFactory("fold-1", created);
    RecordingFactory fold2 = new RecordingFactory("fold-2", created);
    ScorerPool.withScorer(fold0, scorer -> scorer);
    ScorerPool.withScorer(fold1, scorer -> scorer);
    ScorerPool.withScorer(fold0, scorer -> scorer); // fold-0 used again: fold-1 is now the eldest
    assertThat(created).hasSize(2);
    ScorerPool.withScorer(fold2, scorer -> scorer);
    assertThat(ScorerPool.keys()).containsExactly("fold-0", "fold-2");
    assertThat(created.get(1).closed).as("fold-1's scorer").isTrue();
    assertThat(created.get(0).closed).as("fold-0's scorer").isFalse();
    assertThat(ScorerPool.created(fold1)).isZero();

    // a scorer borrowed while its key is evicted is closed when it comes back, not pooled
    ScorerPool.withScorer(fold0, borrowed -> {
      ScorerPool.withScorer(fold1, scorer -> scorer);
      ScorerPool.withScorer(fold2, scorer -> scorer);
      assertThat(ScorerPool.keys()).containsExactly("fold-1", "fold-2");
      assertThat(((RecordingScorer) borrowed).closed).isFalse();
      return borrowed;
    });
    assertThat(created.get(0).closed).isTrue();
    assertThat(ScorerPool.created(fold0)).isZero();
    assertThat(created.stream().filter(scorer -> !scorer.closed).count()).isEqualTo(2);
  }

  @Test
  void anInvalidBoundIsRefusedWithItsValue() {
    System.setProperty(ScorerPool.CAPACITY_PROPERTY, "0");
    assertThatThrownBy(ScorerPool::capacity).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Invalid tnas.scoring.cache-entries: 0 (expected a positive integer)");
  }
}
