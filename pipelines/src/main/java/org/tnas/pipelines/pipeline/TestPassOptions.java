package org.tnas.pipelines.pipeline;

import java.util.Locale;
import java.util.Objects;
import org.tnas.formats.samples.SampleRecord;
import org.tnas.formats.shards.SampleEntry;
import org.tnas.formats.shards.ShardInfo;
import org.tnas.pipelines.datasets.SeeAdapter;
import org.tnas.search.data.TestSplit;
import org.tnas.udfs.core.AugmentationPipeline;
import org.tnas.udfs.core.AugmentationSpecs;
import org.tnas.udfs.core.Augmentations;

/**
 * How the final model is tested ({@code pipeline.test.passes}, {@code pipeline.test.clip}): one pass
 * over whole test clips, or SEE's protocol - repeated passes, each drawing a random temporal clip of
 * every test sequence - summarised as mean and standard deviation over the passes.
 *
 * <p>What a user gets without setting anything: on SEE data (every test sample converted by the
 * {@code see} layout, in the pipeline or before) SEE's own protocol, 20 passes of 4-event-frame
 * clips ({@link #SEE_CLIP}); on any other data one pass over whole clips, as before. With a clip,
 * the clip applies to every use of the samples, because a net trained on whole sequences and
 * tested on 132 ms clips would be measuring the mismatch: supernet training and retraining draw a
 * fresh clip of every training sample each epoch (before their augmentations), the calibration and
 * validation samples (batch-norm calibration, the search's fitness, TTFS calibration) are one fixed
 * clip per sample, and test pass {@code k} draws each test sample's clip from {@code
 * Seeds.derive(Seeds.derive(pipeline.seed, "test-pass"), sampleId, k, 0)}: deterministic, the same
 * locally and on Spark, and independent of the training's clips.
 *
 * @param passes the passes asked for; 0 = automatic ({@value #SEE_PASSES} with a clip, 1 without)
 * @param clipChoice automatic, none or the given clip
 * @param clip the given clip ({@link ClipChoice#GIVEN}), else null
 */
public record TestPassOptions(int passes, ClipChoice clipChoice, Augmentations.TimeClip clip) {
  /** What {@code pipeline.test.clip} says. */
  public enum ClipChoice {
    /** SEE's clip on SEE data, none otherwise. */
    AUTO,
    /** Whole clips. */
    NONE,
    /** The given {@code time_clip}. */
    GIVEN
  }

  /** SEE's baseline clip: 4 event frames of 33 ms from a uniformly drawn start frame. */
  public static final Augmentations.TimeClip SEE_CLIP = Augmentations.TimeClip.ofFrames(4, 33_000);
  /** SEE's baseline averages this many test passes. */
  public static final int SEE_PASSES = 20;
  /** The most passes accepted. */
  public static final int MAX_PASSES = 10_000;

  public TestPassOptions {
    Objects.requireNonNull(clipChoice, "clipChoice is null");
    if (passes < 0 || passes > MAX_PASSES) {
      throw new IllegalArgumentException("Invalid pipeline.test.passes: " + passes + " (expected 0 = automatic, or 1.."
          + MAX_PASSES + ")");
    }
    if ((clipChoice == ClipChoice.GIVEN) != (clip != null)) {
      throw new IllegalArgumentException("Invalid pipeline.test.clip: " + clipChoice + " with clip " + clip);
    }
    if (clipChoice == ClipChoice.NONE && passes > 1) {
      throw new IllegalArgumentException("Invalid pipeline.test.passes: " + passes + " (pipeline.test.clip=none: every pass"
          + " would see the same whole test clips; set a clip, e.g. time_clip(duration=132000,step=33000))");
    }
  }

  /** One pass over whole clips. */
  public static TestPassOptions wholeClips() {
    return new TestPassOptions(1, ClipChoice.NONE, null);
  }

  /**
   * Parses the two settings: {@code clipText} is {@code auto}, {@code none} or one {@code
   * time_clip(duration=<µs>[,step=<µs>])} step of the augmentation syntax.
   *
   * @throws IllegalArgumentException "Invalid pipeline.test.clip: ..." or "Invalid pipeline.test.passes: ..."
   */
  public static TestPassOptions parse(int passes, String clipText) {
    String text = clipText.strip().toLowerCase(Locale.ROOT);
    if (text.equals("auto")) {
      return new TestPassOptions(passes, ClipChoice.AUTO, null);
    }
    if (text.equals("none")) {
      return new TestPassOptions(passes, ClipChoice.NONE, null);
    }
    AugmentationPipeline parsed;
    try {
      parsed = AugmentationSpecs.parse(text);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("Invalid pipeline.test.clip: " + clipText + " (" + e.getMessage() + ")", e);
    }
    if (parsed.steps().size() != 1 || !(parsed.steps().get(0).augmentation() instanceof Augmentations.TimeClip clip)
        || parsed.steps().get(0).probability() != 1) {
      throw new IllegalArgumentException("Invalid pipeline.test.clip: " + clipText
          + " (expected auto, none or one time_clip(duration=<microseconds>,step=<microseconds>))");
    }
    return new TestPassOptions(passes, ClipChoice.GIVEN, clip);
  }

  /** The settings' text form of the clip. */
  public String clipSpec() {
    return clipChoice == ClipChoice.GIVEN ? clip.spec() : clipChoice.name().toLowerCase(Locale.ROOT);
  }

  /**
   * The protocol of a run.
   *
   * @param passes test passes (at least 1)
   * @param clip the temporal clip of every use of the samples, or null for whole clips
   * @param origin why: the settings or the automatic choice, for the model card
   */
  public record Protocol(int passes, Augmentations.TimeClip clip, String origin) {
    public Protocol {
      Objects.requireNonNull(origin, "origin is null");
      if (passes < 1) {
        throw new IllegalArgumentException("Invalid test passes: " + passes);
      }
    }

    /** Whether the final model gets more than one pass (and a mean ± std section). */
    public boolean isRepeated() {
      return passes > 1;
    }
  }

  /** The protocol for a test split of these data: SEE's when every test sample was converted from SEE. */
  Protocol resolve(PipelineData data, TestSplit split) {
    boolean see = isSeeData(data, split);
    Augmentations.TimeClip resolvedClip = switch (clipChoice) {
      case GIVEN -> clip;
      case NONE -> null;
      case AUTO -> see ? SEE_CLIP : null;
    };
    if (resolvedClip == null && passes > 1) {
      throw new IllegalArgumentException("Invalid pipeline.test.passes: " + passes + " (pipeline.test.clip=auto gives no"
          + " clip on data that are not SEE's, so every pass would see the same whole test clips; set a clip, e.g."
          + " time_clip(duration=132000,step=33000))");
    }
    int resolvedPasses = passes > 0 ? passes : resolvedClip != null ? SEE_PASSES : 1;
    String origin = clipChoice == ClipChoice.AUTO && see ? "SEE's protocol (pipeline.test.clip=auto on SEE data)"
        : clipChoice == ClipChoice.GIVEN ? "pipeline.test.clip=" + clip.spec() : "whole clips";
    return new Protocol(resolvedPasses, resolvedClip, origin);
  }

  /** Whether the test split has samples and every one comes from the SEE layout. */
  static boolean isSeeData(PipelineData data, TestSplit split) {
    int test = 0;
    for (ShardInfo shard : data.manifest().shards()) {
      for (SampleEntry entry : shard.samples()) {
        SampleRecord record = entry.record();
        if (split.test().test(record)) {
          if (!record.dataset().equalsIgnoreCase(SeeAdapter.NAME)) {
            return false;
          }
          test++;
        }
      }
    }
    return test > 0;
  }
}
