package org.tnas.search.evaluation;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.tnas.formats.errors.ProjectException;
import org.tnas.search.data.LabelledTensorSet;
import org.tnas.search.evaluation.ScoreDomain;
import org.tnas.search.space.SearchSpace;
import org.tnas.search.supernet.SupernetErrorCode;
import org.tnas.search.ttfs.HardwareConstraints;

/**
 * Creates {@link SupernetScorer}s: the supernet checkpoint on any Hadoop file system, the search
 * space it must match, the evaluation data recipe and the scoring settings. Small, immutable and
 * serialisable (shipped to Spark executors).
 *
 * <p>Caches of a JVM, keyed by content, not by path: the loaded data set is shared by all scorers
 * of one JVM (it is immutable) and cached under the SHA-256 of its tensors, labels and sample ids,
 * at most {@link ScorerPool#capacity()} data sets, least recently used evicted first; {@link
 * #cacheKey()} names the checkpoint by the SHA-256 of its bytes (computed once per path, length and
 * modification time) and the data by its digest, so {@link ScorerPool} reuses a supernet copied to
 * another path and keeps a bounded number of them. Each scorer loads its own supernet (a supernet
 * is not thread-safe).
 *
 * @param checkpoint Hadoop path of the trained supernet ({@code SupernetCheckpoint})
 * @param batchSize inference batch size (at least 2)
 * @param recalibrationBatches batches of calibration data for the batch-norm recalibration
 * @param spikingSamples validation samples simulated as TTFS for SynOps and spikes per neuron
 *     (the first ones in set order; all if larger than the set); also the number of calibration
 *     samples used to measure X(n)
 * @param threads PyTorch intra-op threads of the scoring thread, set before every candidate (the
 *     scores depend on it: 1 keeps them independent of the machine's cores)
 * @param score what scores a candidate ({@code search.scoring.score}): its ReLU twin, or its TTFS
 *     net under {@code hardware} simulated on the whole validation split (see {@link SupernetScorer})
 * @param hardware the TTFS net's constraints ({@code ttfs.*}); used only when {@code score} is TTFS
 */
public record SupernetScorerFactory(String checkpoint, SearchSpace space, EvaluationDataSource data, int batchSize,
    int recalibrationBatches, int spikingSamples, int threads, ScoreDomain score, HardwareConstraints hardware)
    implements ScorerFactory {
  private static final Object LOCK = new Object();
  /** Content digest to data, access-ordered. Guarded by LOCK. */
  private static final LinkedHashMap<String, EvaluationData> DATA = new LinkedHashMap<>(16, 0.75f, true);
  /** Recipe identity to content digest (small strings). Guarded by LOCK. */
  private static final Map<String, String> DATA_DIGESTS = bounded(256);
  /** Checkpoint path, length and modification time to content digest. Guarded by LOCK. */
  private static final Map<String, String> CHECKPOINT_DIGESTS = bounded(256);

  public SupernetScorerFactory {
    Objects.requireNonNull(checkpoint, "checkpoint is null");
    Objects.requireNonNull(space, "space is null");
    Objects.requireNonNull(data, "data is null");
    if (batchSize < 2) {
      throw new IllegalArgumentException("Invalid batchSize: " + batchSize);
    }
    if (recalibrationBatches < 1) {
      throw new IllegalArgumentException("Invalid recalibrationBatches: " + recalibrationBatches);
    }
    if (spikingSamples < 1) {
      throw new IllegalArgumentException("Invalid spikingSamples: " + spikingSamples);
    }
    if (threads < 1) {
      throw new IllegalArgumentException("Invalid threads: " + threads);
    }
    Objects.requireNonNull(score, "score is null");
    Objects.requireNonNull(hardware, "hardware is null");
  }

  /** A factory whose candidates are scored by their ReLU twin (the default). */
  public SupernetScorerFactory(String checkpoint, SearchSpace space, EvaluationDataSource data, int batchSize,
      int recalibrationBatches, int spikingSamples, int threads) {
    this(checkpoint, space, data, batchSize, recalibrationBatches, spikingSamples, threads, ScoreDomain.RELU,
        HardwareConstraints.NONE);
  }

  /** A copy whose candidates are scored in {@code domain} under {@code constraints}. */
  public SupernetScorerFactory withScore(ScoreDomain domain, HardwareConstraints constraints) {
    return new SupernetScorerFactory(checkpoint, space, data, batchSize, recalibrationBatches, spikingSamples, threads,
        domain, constraints);
  }

  /**
   * {@inheritDoc} A ReLU-scored factory names what it did before the score domain existed (so the
   * checkpoints of such runs still resume); a TTFS-scored one adds the domain and the constraints
   * that change a score (spike-time bits, weight bits, latency budget; not the time constant or the
   * energy costs, which change no column of the result table).
   */
  @Override
  public String identity() {
    return String.format(Locale.ROOT, "supernet(checkpoint=%s, space=%s, data=%s, batch=%d, recalibration=%d, "
        + "spiking=%d, threads=%d%s)", checkpoint, space, data.identity(), batchSize, recalibrationBatches,
        spikingSamples, threads, scoreIdentity());
  }

  /** "" for the ReLU twin, else {@code , score=ttfs(time-bits=.., weight-bits=.., max-latency=..)}. */
  private String scoreIdentity() {
    if (score == ScoreDomain.RELU) {
      return "";
    }
    return String.format(Locale.ROOT, ", score=ttfs(time-bits=%d, weight-bits=%d, max-latency=%s)",
        hardware.timeBits(), hardware.weightBits(), Double.toString(hardware.maxLatency()));
  }

  /**
   * The content key: the checkpoint's SHA-256 (not its path), the space, the data's content digest
   * (loads the data into this JVM's cache on first use) and the scoring settings.
   *
   * @throws ProjectException CHECKPOINT_IO "Cannot read supernet checkpoint: ..." when the
   *     checkpoint cannot be read
   */
  @Override
  public String cacheKey() {
    String dataDigest;
    synchronized (LOCK) {
      dataDigest = DATA_DIGESTS.get(data.identity());
    }
    if (dataDigest == null) {
      loadData();
      synchronized (LOCK) {
        dataDigest = DATA_DIGESTS.get(data.identity());
      }
    }
    return String.format(Locale.ROOT, "supernet(checkpoint-sha256=%s, space=%s, data-sha256=%s, batch=%d, "
        + "recalibration=%d, spiking=%d, threads=%d%s)", checkpointDigest(checkpoint), space, dataDigest, batchSize,
        recalibrationBatches, spikingSamples, threads, scoreIdentity());
  }

  @Override
  public CandidateScorer create() {
    return new SupernetScorer(this, loadData());
  }

  /** The evaluation data from this JVM's content-keyed cache, loaded on a miss. */
  EvaluationData loadData() {
    synchronized (LOCK) {
      // under the lock: concurrent task slots wait for one load instead of loading the same data twice
      String digest = DATA_DIGESTS.get(data.identity());
      EvaluationData cached = digest == null ? null : DATA.get(digest);
      if (cached != null) {
        return cached;
      }
      EvaluationData loaded = data.load();
      digest = digest(loaded);
      DATA_DIGESTS.put(data.identity(), digest);
      EvaluationData same = DATA.get(digest);
      if (same != null) {
        return same; // the same content from another path or recipe: keep one copy
      }
      DATA.put(digest, loaded);
      int capacity = ScorerPool.capacity();
      Iterator<String> eldest = DATA.keySet().iterator();
      while (DATA.size() > capacity && eldest.hasNext()) {
        eldest.next();
        eldest.remove();
      }
      return loaded;
    }
  }

  /** How many data sets this JVM caches now (tests and logs). */
  public static int cachedDataSets() {
    synchronized (LOCK) {
      return DATA.size();
    }
  }

  /**
   * The SHA-256 (hex) of the file at {@code path}, computed once per path, length and modification
   * time in this JVM.
   */
  static String checkpointDigest(String path) {
    try {
      Path file = new Path(path);
      FileSystem fs = file.getFileSystem(new Configuration());
      FileStatus status = fs.getFileStatus(file);
      String key = status.getPath() + "|" + status.getLen() + "|" + status.getModificationTime();
      synchronized (LOCK) {
        String known = CHECKPOINT_DIGESTS.get(key);
        if (known != null) {
          return known;
        }
      }
      MessageDigest sha = sha256();
      try (InputStream in = fs.open(file)) {
        byte[] buffer = new byte[1 << 16];
        int read;
        while ((read = in.read(buffer)) > 0) {
          sha.update(buffer, 0, read);
        }
      }
      String digest = hex(sha.digest());
      synchronized (LOCK) {
        CHECKPOINT_DIGESTS.put(key, digest);
      }
      return digest;
    } catch (IOException | IllegalArgumentException e) {
      throw new ProjectException(SupernetErrorCode.CHECKPOINT_IO, "Cannot read supernet checkpoint: " + path + ": "
          + e.getMessage(), e);
    }
  }

  /** SHA-256 (hex) of both sets' shapes, sample ids, labels and input values. */
  static String digest(EvaluationData data) {
    MessageDigest sha = sha256();
    update(sha, data.calibration());
    update(sha, data.validation());
    return hex(sha.digest());
  }

  private static void update(MessageDigest sha, LabelledTensorSet set) {
    ByteBuffer header = ByteBuffer.allocate(5 * Integer.BYTES);
    header.putInt(set.size()).putInt(set.channels()).putInt(set.height()).putInt(set.width()).putInt(set.classCount());
    sha.update(header.array());
    ByteBuffer values = ByteBuffer.allocate(set.inputSize() * Float.BYTES + Integer.BYTES);
    for (int i = 0; i < set.size(); i++) {
      byte[] id = set.sampleId(i).getBytes(StandardCharsets.UTF_8);
      sha.update(ByteBuffer.allocate(Integer.BYTES).putInt(id.length).array());
      sha.update(id);
      values.clear();
      values.putInt(set.label(i));
      for (float value : set.input(i)) {
        values.putFloat(value);
      }
      sha.update(values.array(), 0, values.position());
    }
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("Cannot compute SHA-256: " + e.getMessage(), e);
    }
  }

  private static String hex(byte[] bytes) {
    StringBuilder text = new StringBuilder(bytes.length * 2);
    for (byte b : bytes) {
      text.append(Character.forDigit((b >> 4) & 0xf, 16)).append(Character.forDigit(b & 0xf, 16));
    }
    return text.toString();
  }

  private static <K, V> Map<K, V> bounded(int entries) {
    return new LinkedHashMap<>(16, 0.75f, true) {
      private static final long serialVersionUID = 1L;

      @Override
      protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
        return size() > entries;
      }
    };
  }

  /** The subnet's multiply-accumulates per sample (invalid genomes: 1, they fail fast). */
  @Override
  public double estimatedCost(String genome) {
    try {
      return Math.max(1, space.plan(org.tnas.search.space.Genome.parse(genome)).macs());
    } catch (RuntimeException e) {
      return 1;
    }
  }
}
