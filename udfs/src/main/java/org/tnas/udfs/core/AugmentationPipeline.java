package org.tnas.udfs.core;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.stream.Collectors;
import org.tnas.formats.events.EventBatch;
import org.tnas.formats.events.SensorGeometry;
import org.tnas.formats.util.Seeds;

/**
 * An ordered list of augmentations, each applied with its own probability. Step {@code i} of
 * sample {@code sampleId} in epoch {@code epoch} draws everything from {@code Seeds.derive(runSeed,
 * sampleId, epoch, i)}: first whether it fires ({@code U[0, 1) < probability}), then the seed of the
 * augmentation. The result therefore depends only on (events, geometry, run seed, sample id, epoch),
 * never on thread, task or call order: the same inputs give the same events locally and on Spark.
 *
 * <p>The input is validated once ({@link EventChecks#validate}) even when no step fires; the
 * {@link BuiltInAugmentation}s then work on {@link ValidEvents} without checking again (their
 * outputs are valid by construction); the output of any other {@link Augmentation} is checked
 * right after it. The input is never
 * modified; the result is always a new batch that shares no array with the input (intermediate
 * results may share columns with each other, see the package documentation). Steps that change the geometry ({@link
 * Augmentations.CenterCrop}, {@link Augmentations.Downsample}) are allowed; {@link
 * #outputGeometry} gives the final geometry. Unlike Tonic's Compose, an empty intermediate result
 * does not stop the pipeline (every kernel accepts empty input). Immutable, serialisable (safe to
 * ship to Spark executors) and thread safe.
 */
public record AugmentationPipeline(List<Step> steps) implements java.io.Serializable {

  /** One augmentation and the probability that it is applied to a given sample in a given epoch. */
  public record Step(Augmentation augmentation, double probability) implements java.io.Serializable {
    public Step {
      Objects.requireNonNull(augmentation, "augmentation is null");
      NoiseKernels.requireProbability(probability);
    }

    /** The spec form {@code name(...)@probability} (without {@code @1.0} when always applied). */
    public String spec() {
      return augmentation.spec() + (probability == 1 ? "" : "@" + probability);
    }
  }

  public AugmentationPipeline {
    steps = List.copyOf(Objects.requireNonNull(steps, "steps is null"));
  }

  /** No augmentation (a validated copy). */
  public static AugmentationPipeline empty() {
    return new AugmentationPipeline(List.of());
  }

  /** Parses the textual form, see {@link AugmentationSpecs#parse}. */
  public static AugmentationPipeline parse(String spec) {
    return AugmentationSpecs.parse(spec);
  }

  /**
   * The Spiking-FER training augmentations in the order of its DVSTransform: HFlip (p 0.5),
   * background noise severity 5 (p 0.5), Reverse (p 0.2), PolFlip of single events with
   * probability 0.2, EventDrop, Crop (random scale, always), Mirror of a random half (p 0.5).
   */
  public static AugmentationPipeline spikingFer() {
    return new AugmentationPipeline(List.of(
        new Step(new Augmentations.HorizontalFlip(), 0.5),
        new Step(Augmentations.BackgroundNoise.severity(5), 0.5),
        new Step(new Augmentations.TimeReversal(true), 0.2),
        new Step(new Augmentations.PolarityFlip(0.2), 1),
        new Step(Augmentations.EventDrop.defaults(), 1),
        new Step(Augmentations.Crop.defaults(), 1),
        new Step(new Augmentations.Mirror(Augmentations.MirrorSide.RANDOM), 0.5)));
  }

  /** A copy with one more step at the end. */
  public AugmentationPipeline with(Augmentation augmentation, double probability) {
    List<Step> more = new ArrayList<>(steps);
    more.add(new Step(augmentation, probability));
    return new AugmentationPipeline(more);
  }

  /** Augmented events and the geometry they are on. */
  public record Augmented(EventBatch events, SensorGeometry geometry) {
    public Augmented {
      Objects.requireNonNull(events, "events is null");
      Objects.requireNonNull(geometry, "geometry is null");
    }
  }

  /**
   * Applies the steps in order.
   *
   * @throws org.tnas.formats.errors.ProjectException INVALID_EVENT if the input violates {@link EventChecks}
   */
  public EventBatch apply(EventBatch events, SensorGeometry geometry, long runSeed, String sampleId, int epoch) {
    return augment(events, geometry, runSeed, sampleId, epoch).events();
  }

  /** As {@link #apply}, also returning the geometry of the result (which resizing steps change). */
  public Augmented augment(EventBatch events, SensorGeometry geometry, long runSeed, String sampleId, int epoch) {
    ValidEvents current = augmentShared(events, geometry, runSeed, sampleId, epoch);
    return new Augmented(detach(current.events(), events), current.geometry());
  }

  /**
   * As {@link #augment} without the final copy: the result may share columns with {@code events}
   * (read-only), for callers that only read it (e.g. binning in {@link SpikingFerInput}).
   */
  ValidEvents augmentShared(EventBatch events, SensorGeometry geometry, long runSeed, String sampleId, int epoch) {
    Objects.requireNonNull(sampleId, "sampleId is null");
    return augmentShared(EventChecks.validate(events, geometry), runSeed, sampleId, epoch);
  }

  /**
   * As {@link #augment} for events checked before ({@link EventChecks#validate}, e.g. once when a
   * training sample is loaded): no input check, so a sample augmented every epoch is checked once.
   * The result shares no array with {@code events}.
   */
  public Augmented augment(ValidEvents events, long runSeed, String sampleId, int epoch) {
    Objects.requireNonNull(events, "events is null");
    ValidEvents current = augmentShared(events, runSeed, sampleId, epoch);
    return new Augmented(detach(current.events(), events.events()), current.geometry());
  }

  /** As {@link #augmentShared(EventBatch, SensorGeometry, long, String, int)} without the input check. */
  ValidEvents augmentShared(ValidEvents events, long runSeed, String sampleId, int epoch) {
    Objects.requireNonNull(events, "events is null");
    Objects.requireNonNull(sampleId, "sampleId is null");
    ValidEvents current = events;
    for (int i = 0; i < steps.size(); i++) {
      Draw draw = draw(steps.get(i), i, runSeed, sampleId, epoch);
      if (draw.fires()) {
        current = apply(steps.get(i).augmentation(), current, draw.seed());
      }
    }
    return current;
  }

  /**
   * One step: a built-in augmentation trusts its checked input and its own output; any other
   * implementation gets the plain events and has its output checked here.
   */
  private static ValidEvents apply(Augmentation augmentation, ValidEvents events, long seed) {
    if (augmentation instanceof BuiltInAugmentation builtIn) {
      return builtIn.apply(events, seed);
    }
    SensorGeometry output = augmentation.outputGeometry(events.geometry());
    return EventChecks.validate(augmentation.apply(events.events(), events.geometry(), seed), output);
  }

  /** {@code result}, with a copy of every column it still shares with {@code input}. */
  static EventBatch detach(EventBatch result, EventBatch input) {
    int n = result.size();
    boolean sharesX = result.x() == input.x();
    boolean sharesY = result.y() == input.y();
    boolean sharesT = result.t() == input.t();
    boolean sharesP = result.p() == input.p();
    if (result != input && !sharesX && !sharesY && !sharesT && !sharesP) {
      return result;
    }
    return EventBatch.wrap(
        sharesX ? Arrays.copyOf(result.x(), n) : result.x(),
        sharesY ? Arrays.copyOf(result.y(), n) : result.y(),
        sharesT ? Arrays.copyOf(result.t(), n) : result.t(),
        sharesP ? Arrays.copyOf(result.p(), n) : result.p(),
        n);
  }

  /** The indices of the steps that fire for this sample and epoch (the decisions {@link #apply} makes). */
  public List<Integer> firingSteps(long runSeed, String sampleId, int epoch) {
    Objects.requireNonNull(sampleId, "sampleId is null");
    List<Integer> firing = new ArrayList<>();
    for (int i = 0; i < steps.size(); i++) {
      if (draw(steps.get(i), i, runSeed, sampleId, epoch).fires()) {
        firing.add(i);
      }
    }
    return firing;
  }

  /**
   * The geometry after all steps that change it, assuming they fire. A pipeline whose geometry
   * changing steps have a probability below 1 yields samples of varying geometry: {@link
   * #hasFixedOutputGeometry} tells.
   */
  public SensorGeometry outputGeometry(SensorGeometry input) {
    SensorGeometry geometry = input;
    for (Step step : steps) {
      geometry = step.augmentation().outputGeometry(geometry);
    }
    return geometry;
  }

  /** Whether every sample leaves with the same geometry whatever fires. */
  public boolean hasFixedOutputGeometry(SensorGeometry input) {
    SensorGeometry geometry = input;
    for (Step step : steps) {
      SensorGeometry next = step.augmentation().outputGeometry(geometry);
      if (!next.equals(geometry) && step.probability() < 1) {
        return false;
      }
      geometry = next;
    }
    return true;
  }

  /** The textual form, parseable by {@link #parse}. */
  public String spec() {
    return steps.stream().map(Step::spec).collect(Collectors.joining("; "));
  }

  /**
   * Whether step {@code index} fires for this sample and epoch, and the seed it runs with: one
   * {@code SplittableRandom} of {@code Seeds.derive(runSeed, sampleId, epoch, index)} draws a
   * double (fires when below the step's probability), then the seed. Every runner of the pipeline's
   * steps draws them so, whether it then applies the step or only its choices.
   */
  static Draw draw(Step step, int index, long runSeed, String sampleId, int epoch) {
    SplittableRandom random = new SplittableRandom(Seeds.derive(runSeed, sampleId, epoch, index));
    boolean fires = random.nextDouble() < step.probability();
    return new Draw(fires, random.nextLong());
  }

  /** A step's firing decision and seed for one sample and epoch ({@link #draw}). */
  record Draw(boolean fires, long seed) {}
}
