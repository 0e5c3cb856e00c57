package org.tnas.pipelines.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tnas.formats.config.StrictConfig;
import org.tnas.formats.events.EventSchema;
import org.tnas.formats.shards.Manifest;
import org.tnas.search.data.TestSplit;
import org.tnas.search.space.SearchSpace;
import org.tnas.search.supernet.SupernetConfig;
import org.tnas.search.supernet.TrainingIdentity;
import org.tnas.udfs.core.CropDomain;

/** {@code pipeline.crop-domain}: parsed and checked with the settings, and part of the supernet's resume identity. */
class PipelineCropDomainTest {
  private static PipelineSettings of(String... pairs) {
    Map<String, String> values = new HashMap<>(Map.of("pipeline.output", "/r"));
    for (int i = 0; i < pairs.length; i += 2) {
      values.put(pairs[i], pairs[i + 1]);
    }
    return PipelineSettings.from(StrictConfig.builder(PipelineSettings.KEYS).layer(values, "test").build());
  }

  @Test
  void eventsByDefaultFramesOnRequest() {
    assertThat(of().training().cropDomain()).isEqualTo(CropDomain.EVENTS);
    assertThat(of("pipeline.crop-domain", "frames").training().cropDomain()).isEqualTo(CropDomain.FRAMES);
    assertThat(of("pipeline.crop-domain", " Events ").training().cropDomain()).isEqualTo(CropDomain.EVENTS);
    // Spiking-FER's pipeline ends with crop and mirror: it runs in the frames domain
    PipelineSettings spikingFer = of("pipeline.crop-domain", "frames", "pipeline.supernet.augmentation", "spiking_fer",
        "pipeline.retrain.augmentation", "hflip@0.5; crop; mirror@0.5");
    assertThat(spikingFer.training().cropDomain()).isEqualTo(CropDomain.FRAMES);
    assertThat(PipelineSettings.KEYS).contains(PipelineSettings.CROP_DOMAIN);
  }

  @Test
  void anInvalidValueIsRejectedNamingTheKey() {
    assertThatThrownBy(() -> of("pipeline.crop-domain", "pixels"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Invalid pipeline.crop-domain: pixels (Invalid crop domain: pixels (expected events, frames or frames-binned))");
    assertThatThrownBy(() -> of("pipeline.crop-domains", "frames")).hasMessageStartingWith("Invalid config key: pipeline.crop-domains");
  }

  @Test
  void framesRejectsACropOrMirrorThatIsNotTrailingWhenTheSettingsAreParsed() {
    assertThatThrownBy(() -> of("pipeline.crop-domain", "frames", "pipeline.supernet.augmentation", "crop; hflip@0.5"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("Invalid pipeline.crop-domain: frames with pipeline.supernet.augmentation=crop(")
        .hasMessageContaining("(Invalid crop domain: frames (step 0 crop(")
        .hasMessageContaining("crop and mirror must be the last steps");
    assertThatThrownBy(() -> of("pipeline.crop-domain", "frames", "pipeline.retrain.augmentation", "mirror@0.5; crop; mirror"))
        .hasMessageStartingWith("Invalid pipeline.crop-domain: frames with pipeline.retrain.augmentation=mirror(")
        .hasMessageContaining("(two mirror steps: ");
    // the same pipelines are fine in the events domain
    assertThat(of("pipeline.supernet.augmentation", "crop; hflip@0.5").supernetAugmentation().steps()).hasSize(2);
  }

  @Test
  void theSupernetsResumeIdentityHoldsTheCropDomain() {
    SearchSpace space = SpaceChoice.SMALL.create(12, 16, 16, 3);
    SupernetConfig training = SupernetConfig.defaults();
    Manifest manifest = new Manifest(Manifest.VERSION, EventSchema.VERSION, List.of(), Map.of());
    TrainingIdentity events = SupernetStage.identity(space, training, manifest, of(), TestSplit.ofFold(0));
    TrainingIdentity frames = SupernetStage.identity(space, training, manifest, of("pipeline.crop-domain", "frames"),
        TestSplit.ofFold(0));
    assertThat(events.get(SupernetStage.CROP_DOMAIN)).isEqualTo("events");
    assertThat(frames.changesFrom(events)).containsExactly("training.crop-domain: events -> frames");
    assertThat(events.changesFrom(frames)).containsExactly("training.crop-domain: frames -> events");
    assertThat(events.changesFrom(events)).isEmpty();
    // an identity written before the key existed was trained on the events: it resumes there only
    Map<String, String> old = new HashMap<>(events.values());
    old.remove(SupernetStage.CROP_DOMAIN);
    TrainingIdentity stored = SupernetStage.recorded(TrainingIdentity.of(old));
    assertThat(events.changesFrom(stored)).isEmpty();
    assertThat(frames.changesFrom(stored)).containsExactly("training.crop-domain: events -> frames");
    assertThat(SupernetStage.recorded(frames)).isEqualTo(frames);
  }
}
