package org.tnas.search.supernet;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.IntFunction;
import org.tnas.formats.errors.ProjectException;
import org.tnas.formats.util.Seeds;
import org.tnas.search.data.LabelledTensorSet;
import org.tnas.search.space.Genome;
import org.tnas.search.training.BatchInputs;
import org.tnas.search.training.DjlEngines;
import org.tnas.search.training.EpochProgress;
import org.tnas.search.training.GradientRecording;
import org.tnas.search.training.TrainingLoop;

/**
 * Trains a {@link Supernet} with single-path uniform sampling (SPOS, Guo et al. 2020): every step
 * draws a genome uniformly from the search space ({@link Genome#random} with a random derived by
 * {@code Seeds} from {@code (seed, epoch, step)}; or strictly fair, {@link FairPathSampler}, with
 * {@link PathSampling#FAIR}), runs a forward and backward pass through that path only and updates
 * only the weights the path read ({@link PathOptimizer}) with the step's learning rate from the
 * config's {@link LearningRateSchedule} over all {@code epochs} epochs. A trainer built with
 * {@link #fixedPath} always uses the same genome: that is plain training of one standalone subnet
 * ({@link SubnetTrainer}).
 *
 * <p>The batches and steps of an epoch are the shared {@link TrainingLoop} (the same loop as {@code
 * training.Trainer}); this class supplies the step's genome, its per-step learning rate, the
 * path-only update and the error of a non-finite loss, and keeps its own state (epochs and steps
 * completed, {@link SupernetCheckpoint}).
 *
 * <p>Memory: each step allocates its arrays in a sub-manager of the supernet's manager that is
 * closed at the end of the step, so training holds no native memory beyond the parameters and the
 * optimiser state. Not thread-safe; DJL's PyTorch engine allows one gradient collector per JVM at
 * a time, so train one supernet at a time per JVM. Lifecycle: create, {@link #train} / {@link
 * #trainEpoch} any number of times, {@link #close} (frees the optimiser state; the supernet stays
 * open).
 */
public final class SupernetTrainer implements AutoCloseable {
  private static final long SAMPLE_TAG = Seeds.stableHash("spos-sample");

  private final Supernet supernet;
  private final SupernetConfig config;
  private final Genome fixedGenome;
  private final PathOptimizer optimizer;
  private final FairPathSampler fairSampler;
  private final TrainingLoop loop;
  private int epochsCompleted;
  private long stepsCompleted;

  private SupernetTrainer(Supernet supernet, SupernetConfig config, Genome fixedGenome) {
    this.supernet = Objects.requireNonNull(supernet, "supernet is null");
    this.config = Objects.requireNonNull(config, "config is null");
    this.fixedGenome = fixedGenome;
    if (fixedGenome != null) {
      supernet.space().validate(fixedGenome);
    }
    DjlEngines.pytorch(config.threads());
    this.optimizer = new PathOptimizer(config, supernet);
    this.fairSampler = fixedGenome == null && config.sampling() == PathSampling.FAIR
        ? new FairPathSampler(supernet.space(), Seeds.derive(config.seed(), SAMPLE_TAG))
        : null;
    this.loop = new TrainingLoop(config.seed(), config.batchSize(), new BatchInputs());
  }

  /** A SPOS trainer: a sampled path per step (uniform or fair, by the config). */
  public static SupernetTrainer singlePath(Supernet supernet, SupernetConfig config) {
    return new SupernetTrainer(supernet, config, null);
  }

  /** A trainer that always trains the path of {@code genome} (validated against the space). */
  public static SupernetTrainer fixedPath(Supernet supernet, SupernetConfig config, Genome genome) {
    return new SupernetTrainer(supernet, config, Objects.requireNonNull(genome, "genome is null"));
  }

  /** The supernet being trained. */
  public Supernet supernet() {
    return supernet;
  }

  /** The configuration. */
  public SupernetConfig config() {
    return config;
  }

  /** Epochs completed so far (restored from checkpoints). */
  public int epochsCompleted() {
    return epochsCompleted;
  }

  /** Optimiser steps completed so far (restored from checkpoints). */
  public long stepsCompleted() {
    return stepsCompleted;
  }

  void restoreProgress(int epochs, long steps) {
    this.epochsCompleted = epochs;
    this.stepsCompleted = steps;
  }

  PathOptimizer optimizer() {
    return optimizer;
  }

  /**
   * The genome trained at {@code (epoch, step)} ({@code step} counts over the whole run):
   * deterministic in the seed; uniform or fair ({@link FairPathSampler}) by the config's sampling.
   */
  public Genome genomeFor(int epoch, long step) {
    if (fixedGenome != null) {
      return fixedGenome;
    }
    return fairSampler != null
        ? fairSampler.genomeFor(step)
        : Genome.random(supernet.space(), Seeds.random(config.seed(), SAMPLE_TAG, epoch, step));
  }

  /**
   * Optimiser steps of one epoch over {@code samples} samples: full batches, and the last partial
   * batch when it has at least 2 samples.
   */
  public static long stepsPerEpoch(int samples, int batchSize) {
    return TrainingLoop.stepsPerEpoch(samples, batchSize);
  }

  /** The learning rate of step {@code step} of a run of {@code config.epochs()} epochs over {@code samples} samples. */
  public double learningRate(long step, int samples) {
    long total = Math.max(1, config.epochs() * stepsPerEpoch(samples, config.batchSize()));
    return config.schedule().rate(config.learningRate(), step, total);
  }

  /** Runs {@code config.epochs()} more epochs and returns their results. */
  public List<EpochResult> train(LabelledTensorSet data) {
    List<EpochResult> results = new ArrayList<>();
    for (int i = 0; i < config.epochs(); i++) {
      results.add(trainEpoch(data));
    }
    return results;
  }

  /**
   * Runs {@code config.epochs()} more epochs, epoch {@code e} (0-based in this call) on {@code
   * dataOfEpoch.apply(e)}, and reports each on {@code progress} (its wall time includes making the
   * epoch's data, e.g. augmenting it).
   */
  List<EpochResult> train(IntFunction<LabelledTensorSet> dataOfEpoch, EpochProgress progress) {
    List<EpochResult> results = new ArrayList<>();
    for (int e = 0; e < config.epochs(); e++) {
      long start = System.nanoTime();
      EpochResult result = trainEpoch(dataOfEpoch.apply(e));
      double seconds = (System.nanoTime() - start) / 1e9;
      results.add(result);
      progress.report(e, result.firstLearningRate(), result.lastLearningRate(), result.meanLoss(), result.accuracy(), "",
          seconds > 0 ? result.samples() / seconds : 0, seconds);
    }
    return results;
  }

  /**
   * One pass over {@code data} in a seeded order (derived from the seed and the epoch index), run by
   * the shared {@link TrainingLoop}.
   *
   * @throws ProjectException SHAPE_MISMATCH when the data does not fit the space; {@link
   *     SupernetErrorCode#NON_FINITE_LOSS} "Invalid training loss: NaN at epoch e step s for genome
   *     ..." when a loss is not finite (no weight is updated by that step)
   */
  public EpochResult trainEpoch(LabelledTensorSet data) {
    Objects.requireNonNull(data, "data is null");
    data.checkFits(supernet.space());
    DjlEngines.pytorch(config.threads());
    int epoch = epochsCompleted;
    TrainingLoop.EpochTotals totals = loop.runEpoch(data, epoch, stepsCompleted, new LoopTarget(data.size()));
    epochsCompleted++;
    return new EpochResult(epoch, totals.steps(), totals.samples(), totals.meanLoss(), totals.accuracy(),
        totals.firstLearningRate(), totals.lastLearningRate(), totals.seconds());
  }

  /**
   * The supernet in the shared loop, as this trainer stepped before the loop was shared: the genome
   * of step {@code s} of the run is {@link #genomeFor}, the rate {@link #learningRate}{@code (s,
   * samples)} as a float, the update is {@link PathOptimizer} on the path's parameters and regions
   * only, each gradient cleared by {@code gradient.subi(gradient)} after its update, and gradients
   * are recorded with DJL's gradient collector ({@link GradientRecording#ENGINE_COLLECTOR}).
   * {@code stepsCompleted} counts each step once its update is done.
   */
  private final class LoopTarget implements TrainingLoop.Target {
    private final int samples;

    LoopTarget(int samples) {
      this.samples = samples;
    }

    @Override
    public NDManager manager() {
      return supernet.manager();
    }

    @Override
    public GradientRecording recording() {
      return GradientRecording.ENGINE_COLLECTOR;
    }

    @Override
    public TrainingLoop.StepPlan plan(TrainingLoop.StepPosition position) {
      Genome genome = genomeFor(position.epoch(), position.runStep());
      float rate = (float) learningRate(position.runStep(), samples);
      List<Supernet.PathParameter> path = supernet.pathParameters(genome);
      return new TrainingLoop.StepPlan() {
        @Override
        public NDArray forward(NDManager scope, NDArray input) {
          return supernet.forward(input, genome, true);
        }

        @Override
        public double learningRate() {
          return rate;
        }

        @Override
        public void update(NDManager scope) {
          for (Supernet.PathParameter parameter : path) {
            NDArray weight = Supernet.scoped(parameter.parameter(), scope);
            NDArray gradient = weight.getGradient();
            optimizer.update(parameter.parameter().getName(), weight, gradient, parameter.region(), rate, scope);
            gradient.subi(gradient);
          }
          stepsCompleted++;
        }

        @Override
        public ProjectException nonFiniteLoss(float loss) {
          return new ProjectException(SupernetErrorCode.NON_FINITE_LOSS, "Invalid training loss: " + loss
              + " at epoch " + position.epoch() + " step " + position.runStep() + " for genome "
              + genome.toCompactString() + " (learning rate " + rate + ")");
        }
      };
    }
  }

  /** Frees the optimiser state. */
  @Override
  public void close() {
    optimizer.close();
  }
}
