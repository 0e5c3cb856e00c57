package org.tnas.pipelines.synthetic;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.tnas.formats.events.EventBatch;
import org.tnas.formats.samples.SampleRecord;
import org.tnas.formats.util.Seeds;
import org.tnas.pipelines.emulator.EmulatorParameters;
import org.tnas.pipelines.emulator.EventEmulator;

/**
 * Turns synthetic clips into labelled event samples: renders a {@link SyntheticClips} clip, runs the
 * {@link EventEmulator} on it (seed derived from the emulator parameters' seed and the sample id)
 * and describes it with a {@link SampleRecord} of dataset {@value SyntheticClips#DATASET}.
 *
 * <p>Split rule (deterministic, by subject so no subject is in two splits): subject =
 * {@code sampleIndex % 10}; subjects 0-6 train, 7 validation, 8-9 test. Stateless, thread safe.
 */
public final class SyntheticSamples {
  private SyntheticSamples() {}

  /** One synthetic sample: its events (t in microseconds) and its description. */
  public record Sample(EventBatch events, SampleRecord record) {
    public Sample {
      Objects.requireNonNull(events, "events is null");
      Objects.requireNonNull(record, "record is null");
    }
  }

  /** The kind of clip. */
  public enum Kind {
    /** Whole face, 6 Spiking-FER classes. */
    FACE,
    /** Single right eye with brow, 7 SEE classes. */
    EYE
  }

  /** The split of a sample index under the subject rule. */
  public static String splitOf(int sampleIndex) {
    int subject = sampleIndex % SyntheticClips.SUBJECTS;
    return subject < 7 ? "train" : subject == 7 ? "validation" : "test";
  }

  /**
   * The description of one sample: id {@code synthetic/<kind>/<class>/<sampleIndex>}, subject
   * {@code synthetic-<sampleIndex % 10>}, the split of {@link #splitOf}, and the test split of fold
   * {@code subject} (10 subject-wise folds, as Spiking-FER's).
   */
  public static SampleRecord record(
      Kind kind, int classIndex, int sampleIndex, long seed, int frames, int width, int height,
      EmulatorParameters emulatorParameters) {
    Objects.requireNonNull(kind, "kind is null");
    Objects.requireNonNull(emulatorParameters, "emulatorParameters is null");
    String labelName = (kind == Kind.FACE ? SyntheticClips.FACE_CLASSES : SyntheticClips.EYE_CLASSES).get(classIndex);
    String kindName = kind == Kind.FACE ? "face" : "eye";
    String sampleId = String.format(java.util.Locale.ROOT, "synthetic/%s/%s/%05d", kindName, labelName, sampleIndex);
    EmulatorParameters parameters = clipParameters(emulatorParameters, sampleId);
    Map<String, String> description = new LinkedHashMap<>(parameters.toMap());
    description.put("synthetic.kind", kindName);
    description.put("synthetic.seed", Long.toString(seed));
    description.put("synthetic.frames", Integer.toString(frames));
    description.put("synthetic.fps", Double.toString(SyntheticClips.FPS));
    description.put("width", Integer.toString(width));
    description.put("height", Integer.toString(height));
    int subject = sampleIndex % SyntheticClips.SUBJECTS;
    return new SampleRecord(sampleId, SyntheticClips.DATASET, String.format(java.util.Locale.ROOT, "synthetic-%02d", subject),
        classIndex, labelName, splitOf(sampleIndex), Set.of(subject), "synthetic:" + sampleId, description);
  }

  /** The clip of a sample, rendered. */
  public static FrameSequence clip(Kind kind, int classIndex, int sampleIndex, long seed, int frames, int width, int height) {
    return kind == Kind.FACE
        ? SyntheticClips.face(classIndex, sampleIndex, seed, frames, width, height)
        : SyntheticClips.eye(classIndex, sampleIndex, seed, frames, width, height);
  }

  /** The emulator parameters of one clip: the seed derives from the parameters' seed and the sample id. */
  public static EmulatorParameters clipParameters(EmulatorParameters emulatorParameters, String sampleId) {
    return emulatorParameters.withSeed(Seeds.derive(emulatorParameters.seed(), sampleId));
  }

  /** Renders and converts one sample. */
  public static Sample generate(
      Kind kind, int classIndex, int sampleIndex, long seed, int frames, int width, int height,
      EmulatorParameters emulatorParameters) {
    SampleRecord record = record(kind, classIndex, sampleIndex, seed, frames, width, height, emulatorParameters);
    FrameSequence clip = clip(kind, classIndex, sampleIndex, seed, frames, width, height);
    EventEmulator emulator = new EventEmulator(clipParameters(emulatorParameters, record.sampleId()), width, height);
    EventBatch events = new EventBatch(4096);
    for (int f = 0; f < clip.frameCount(); f++) {
      emulator.accept(clip.frames().get(f), clip.timeOf(f), events);
    }
    return new Sample(events, record);
  }
}
