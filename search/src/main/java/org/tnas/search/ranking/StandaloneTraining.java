package org.tnas.search.ranking;

import java.io.Serial;
import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;
import org.tnas.formats.errors.ProjectException;
import org.tnas.formats.util.Seeds;
import org.tnas.search.data.AugmentedEpochs;
import org.tnas.search.data.ShardDataSource;
import org.tnas.search.evaluation.EvaluationData;
import org.tnas.search.evaluation.EvaluationDataSource;
import org.tnas.search.space.Genome;
import org.tnas.search.space.SearchSpace;
import org.tnas.search.supernet.RetrainedSubnet;
import org.tnas.search.supernet.SubnetEvaluation;
import org.tnas.search.supernet.SubnetTrainer;
import org.tnas.search.supernet.SupernetConfig;
import org.tnas.search.supernet.SupernetErrorCode;
import org.tnas.udfs.core.AugmentationPipeline;
import org.tnas.udfs.core.CropDomain;

/**
 * One stand-alone training of a subnet from scratch with the final-model recipe and one training
 * seed, scored on the validation split: the unit of work of a ranking study (one Spark task each).
 * Small and serialisable; {@link #run} loads the data once per JVM (a small LRU of data sets keyed
 * by the source's identity) and trains under a JVM-wide lock, because DJL's PyTorch engine collects
 * gradients for one network per JVM at a time.
 *
 * @param space the search space
 * @param data the recipe of the calibration (training) and validation data
 * @param recipe the final-model training settings; the seed is replaced per training
 * @param augmentation event augmentations applied afresh every epoch, seeded by the training seed
 *     (the empty pipeline: none; needs {@code data} to be a {@link ShardDataSource})
 * @param cropDomain where the Crop and Mirror steps of {@code augmentation} run ({@link AugmentedEpochs})
 * @param lambda the fitness weight of UAR
 * @param threads PyTorch intra-op threads of the training
 */
public record StandaloneTraining(SearchSpace space, EvaluationDataSource data, SupernetConfig recipe,
    AugmentationPipeline augmentation, CropDomain cropDomain, double lambda, int threads) implements Serializable {
  @Serial private static final long serialVersionUID = 2L;
  private static final long SEED_TAG = Seeds.stableHash("standalone-seed");
  private static final int CACHED_DATA_SETS = 2;
  private static final ReentrantLock TRAINING = new ReentrantLock();
  private static final Map<String, EvaluationData> DATA = new LinkedHashMap<>(4, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, EvaluationData> eldest) {
      return size() > CACHED_DATA_SETS;
    }
  };

  public StandaloneTraining {
    Objects.requireNonNull(space, "space is null");
    Objects.requireNonNull(data, "data is null");
    Objects.requireNonNull(recipe, "recipe is null");
    Objects.requireNonNull(augmentation, "augmentation is null");
    Objects.requireNonNull(cropDomain, "cropDomain is null");
    cropDomain.requireOrder(augmentation);
    if (cropDomain.onFrames() && data instanceof ShardDataSource shards) {
      // AugmentedEpochs' own checks (a frame representation), before any training runs
      new AugmentedEpochs(shards, augmentation, 0, cropDomain);
    }
    if (!augmentation.steps().isEmpty() && !(data instanceof ShardDataSource)) {
      throw new IllegalArgumentException("Invalid augmentation: " + augmentation.spec()
          + " (augmenting needs the events of a shard set, the data is " + data.getClass().getSimpleName() + ")");
    }
    if (!(lambda >= 0 && lambda <= 1)) {
      throw new IllegalArgumentException("Invalid lambda: " + lambda);
    }
    if (threads < 1) {
      throw new IllegalArgumentException("Invalid threads: " + threads);
    }
  }

  /** A study with Crop and Mirror on the events ({@link CropDomain#EVENTS}). */
  public StandaloneTraining(SearchSpace space, EvaluationDataSource data, SupernetConfig recipe,
      AugmentationPipeline augmentation, double lambda, int threads) {
    this(space, data, recipe, augmentation, CropDomain.EVENTS, lambda, threads);
  }

  /**
   * One training.
   *
   * @param genome the subnet's compact genome
   * @param subnetIndex its index in the study
   * @param seedIndex the training seed's index
   */
  public record Task(String genome, int subnetIndex, int seedIndex) implements Serializable {
    @Serial private static final long serialVersionUID = 1L;
  }

  /** What one training scored on the validation split. */
  public record Score(String genome, int subnetIndex, int seedIndex, double war, double uar, double fitness,
      double seconds, String executor) implements Serializable {
    @Serial private static final long serialVersionUID = 1L;
  }

  /** The training seed of seed index {@code seedIndex}: derived from the recipe's seed. */
  public long seedFor(int seedIndex) {
    return Seeds.derive(recipe.seed(), SEED_TAG, seedIndex);
  }

  /** Trains and scores {@code task} (blocks while another training of this JVM runs). */
  public Score run(Task task, String executor) {
    long start = System.nanoTime();
    EvaluationData loaded = load();
    TRAINING.lock();
    try {
      RetrainedSubnet trained;
      try {
        long seed = seedFor(task.seedIndex());
        // a clipping source (SEE's protocol) draws a fresh clip every epoch even without augmentation
        AugmentedEpochs augmented = augmentation.steps().isEmpty()
            && !(data instanceof ShardDataSource shards && shards.clip() != null) ? null
            : new AugmentedEpochs((ShardDataSource) data, augmentation, seed, cropDomain);
        trained = SubnetTrainer.retrain(space, Genome.parse(task.genome()), loaded.calibration(), augmented,
            loaded.validation(), recipe.withSeed(seed).withThreads(threads));
      } catch (ProjectException e) {
        if (e.code() != SupernetErrorCode.NON_FINITE_LOSS) {
          throw e;
        }
        // a training that diverged is a result of the study (the subnet is reported and left out), not a failure
        return new Score(task.genome(), task.subnetIndex(), task.seedIndex(), Double.NaN, Double.NaN, Double.NaN,
            (System.nanoTime() - start) / 1e9, executor);
      }
      SubnetEvaluation evaluation = trained.validation();
      double war = evaluation.weightedAverageRecall();
      double uar = evaluation.unweightedAverageRecall();
      return new Score(task.genome(), task.subnetIndex(), task.seedIndex(), war, uar, lambda * uar + (1 - lambda) * war,
          (System.nanoTime() - start) / 1e9, executor);
    } finally {
      TRAINING.unlock();
    }
  }

  private EvaluationData load() {
    synchronized (DATA) {
      return DATA.computeIfAbsent(data.identity(), key -> data.load());
    }
  }
}
