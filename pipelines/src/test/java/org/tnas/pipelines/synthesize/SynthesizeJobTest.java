package org.tnas.pipelines.synthesize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tnas.formats.events.EventBatch;
import org.tnas.formats.samples.SampleRecord;
import org.tnas.formats.shards.Manifest;
import org.tnas.formats.shards.SampleEvents;
import org.tnas.formats.shards.ShardDataset;
import org.tnas.formats.shards.ShardInfo;
import org.tnas.pipelines.convert.EmulatedEventReader;
import org.tnas.pipelines.emulator.EmulatorParameters;
import org.tnas.pipelines.emulator.EventEmulator;
import org.tnas.pipelines.synthetic.FrameSequence;
import org.tnas.pipelines.synthetic.SyntheticSamples;
import org.tnas.pipelines.video.TimedFrame;
import org.tnas.udfs.testing.LocalSpark;

class SynthesizeJobTest {
  private static final Configuration CONF = new Configuration();

  private static SynthesizeSettings settings(Path output, long seed) {
    return new SynthesizeSettings(output.toUri().toString(), "eye", 3, 12, 32, 24, "spiking-fer", seed, 4, 1L << 20, false);
  }

  @Test
  void writesEveryClipLabelledAndTheSameSeedGivesIdenticalShards(@TempDir Path dir) {
    SynthesizeResult first = SynthesizeJob.run(settings(dir.resolve("a"), 7), LocalSpark.session());
    SynthesizeResult second = SynthesizeJob.run(settings(dir.resolve("b"), 7), LocalSpark.session());
    SynthesizeResult other = SynthesizeJob.run(settings(dir.resolve("c"), 8), LocalSpark.session());
    assertThat(first.clips()).isEqualTo(21);
    assertThat(first.frames()).isEqualTo(21 * 12);
    assertThat(first.events()).isPositive().isEqualTo(second.events());

    Manifest a = Manifest.read(new org.apache.hadoop.fs.Path(first.output()), CONF);
    Manifest b = Manifest.read(new org.apache.hadoop.fs.Path(second.output()), CONF);
    Manifest c = Manifest.read(new org.apache.hadoop.fs.Path(other.output()), CONF);
    assertThat(a.shards()).extracting(ShardInfo::sha256).isEqualTo(b.shards().stream().map(ShardInfo::sha256).toList());
    assertThat(a.shards()).extracting(ShardInfo::sha256).isNotEqualTo(c.shards().stream().map(ShardInfo::sha256).toList());
    assertThat(a.sampleCount()).isEqualTo(21);
    assertThat(a.properties()).containsEntry("dataset", "synthetic").containsEntry("mode", "eye");

    try (ShardDataset dataset = ShardDataset.open(new org.apache.hadoop.fs.Path(first.output()), CONF)) {
      SampleEvents clip = dataset.sample("synthetic/eye/fear/00001");
      SampleRecord record = clip.entry().record();
      assertThat(record.dataset()).isEqualTo("synthetic");
      assertThat(record.labelIndex()).isEqualTo(2);
      assertThat(record.labelName()).isEqualTo("fear");
      assertThat(record.subject()).isEqualTo("synthetic-01");
      assertThat(record.testFolds()).containsExactly(1);
      assertThat(clip.geometry().width()).isEqualTo(32);
      assertThat(clip.events().isSorted()).isTrue();
    }
  }

  @Test
  void theEmulatedReaderStreamsOneFrameAtATimeAndMatchesTheStoredSample(@TempDir Path dir) {
    SynthesizeSettings settings = settings(dir.resolve("s"), 3);
    SyntheticSamples.Sample sample = settings.sample(5);
    FrameSequence clip = SyntheticSamples.clip(settings.kind(), 5 % 7, 5 / 7, 3, settings.frames(), 32, 24);
    EventEmulator emulator = new EventEmulator(SyntheticSamples.clipParameters(
        EmulatorParameters.preset("spiking-fer").withSeed(3), sample.record().sampleId()), 32, 24);
    java.util.Iterator<TimedFrame> frames = java.util.stream.IntStream.range(0, clip.frameCount())
        .mapToObj(f -> new TimedFrame(clip.frames().get(f), clip.timeOf(f))).iterator();
    EventBatch whole = new EventBatch();
    try (EmulatedEventReader reader = new EmulatedEventReader("clip", frames, null, emulator)) {
      EventBatch chunk = new EventBatch();
      int reads = 0;
      while (true) {
        chunk.clear();
        if (reader.read(chunk, 50) == 0) {
          break;
        }
        assertThat(chunk.size()).isLessThanOrEqualTo(50);
        whole.addAll(chunk);
        reads++;
      }
      assertThat(reader.framesRead()).isEqualTo(12);
      assertThat(reads).isGreaterThan(1);
    }
    SynthesizeJob.run(settings, LocalSpark.session());
    try (ShardDataset dataset = ShardDataset.open(new org.apache.hadoop.fs.Path(settings.output()), CONF)) {
      EventBatch stored = dataset.sample(sample.record().sampleId()).events();
      assertThat(stored.size()).isEqualTo(whole.size()).isEqualTo(sample.events().size());
      assertThat(java.util.Arrays.copyOf(stored.t(), stored.size())).isEqualTo(java.util.Arrays.copyOf(whole.t(), whole.size()));
      assertThat(java.util.Arrays.copyOf(stored.x(), stored.size())).isEqualTo(java.util.Arrays.copyOf(whole.x(), whole.size()));
      assertThat(java.util.Arrays.copyOf(stored.p(), stored.size())).isEqualTo(java.util.Arrays.copyOf(whole.p(), whole.size()));
    }
  }

  @Test
  void invalidSettingsAreNamed() {
    assertThatThrownBy(() -> new SynthesizeSettings("x", "mouth", 1, 12, 32, 24, "clean", 1, 1, 1, false))
        .hasMessage("Invalid synthetic mode: mouth (expected eye or face)");
    assertThatThrownBy(() -> new SynthesizeSettings("x", "eye", 1, 12, 32, 24, "blurry", 1, 1, 1, false))
        .hasMessage("Invalid preset: blurry");
    assertThat(SynthesizeSettings.KEYS).hasSize(11);
    assertThat(List.of(settings(Path.of("/tmp/x"), 1).sample(8).record().split(),
        settings(Path.of("/tmp/x"), 1).sample(7 * 7).record().split(),
        settings(Path.of("/tmp/x"), 1).sample(7 * 8).record().split())).containsExactly("train", "validation", "test");
  }
}
