package org.tnas.pipelines.synthesize;

import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.tnas.formats.samples.SampleRecord;
import org.tnas.pipelines.convert.EmulatedEventReader;
import org.tnas.pipelines.convert.TimedFrame;
import org.tnas.pipelines.emulator.EmulatorParameters;
import org.tnas.pipelines.emulator.EventEmulator;
import org.tnas.pipelines.synthetic.FrameSequence;
import org.tnas.pipelines.synthetic.SyntheticClips;

/**
 * One synthetic clip as a sample: its record and its events (streamed from the emulator). Clip
 * {@code n} has class {@code n % classes} and sample index {@code n / classes}; its subject is
 * {@code sampleIndex % SUBJECTS}, it lies in the test split of fold {@code subject} (10
 * subject-wise folds, as Spiking-FER's) and its split is {@code test} for subjects 8 and 9, else
 * {@code train}.
 */
public final class SyntheticSamples {
  private SyntheticSamples() {}

  /** The record of clip {@code n}. */
  public static SampleRecord record(SynthesizeSettings settings, int n) {
    List<String> classes = settings.classNames();
    int classIndex = n % classes.size();
    int sampleIndex = n / classes.size();
    int subject = sampleIndex % SyntheticClips.SUBJECTS;
    Map<String, String> parameters = new TreeMap<>();
    parameters.put("generator", "SyntheticClips." + settings.mode());
    parameters.put("emulator_preset", settings.preset());
    parameters.put("seed", Long.toString(settings.seed()));
    parameters.put("frames", Integer.toString(settings.frames()));
    parameters.put("fps", Double.toString(SyntheticClips.FPS));
    parameters.put("size", settings.width() + "x" + settings.height());
    String id = String.format(Locale.ROOT, "%s-%s/%s/%04d", SyntheticClips.DATASET, settings.mode(), classes.get(classIndex), sampleIndex);
    return new SampleRecord(id, SyntheticClips.DATASET, String.format(Locale.ROOT, "subject-%02d", subject), classIndex,
        classes.get(classIndex), subject >= 8 ? "test" : "train", Set.of(subject), "synthetic:" + id, parameters);
  }

  /** The events of clip {@code n}, produced lazily. */
  public static EmulatedEventReader events(SynthesizeSettings settings, SampleRecord record, int n) {
    int classIndex = record.labelIndex();
    int sampleIndex = n / settings.classNames().size();
    FrameSequence clip = settings.mode().equals("face")
        ? SyntheticClips.face(classIndex, sampleIndex, settings.seed(), settings.frames(), settings.width(), settings.height())
        : SyntheticClips.eye(classIndex, sampleIndex, settings.seed(), settings.frames(), settings.width(), settings.height());
    EmulatorParameters parameters = EmulatorParameters.preset(settings.preset()).withSeed(settings.seed());
    EventEmulator emulator = EventEmulator.forClip(parameters, settings.width(), settings.height(), record.sampleId());
    Iterator<float[]> frames = clip.frames().iterator();
    Iterator<TimedFrame> timed = new Iterator<>() {
      private int index;

      @Override
      public boolean hasNext() {
        return frames.hasNext();
      }

      @Override
      public TimedFrame next() {
        return new TimedFrame(frames.next(), index++ / clip.fps());
      }
    };
    return new EmulatedEventReader(record.sourcePath(), timed, null, emulator);
  }
}
