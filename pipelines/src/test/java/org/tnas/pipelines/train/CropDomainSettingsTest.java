package org.tnas.pipelines.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.tnas.formats.config.StrictConfig;
import org.tnas.pipelines.study.StudySettings;
import org.tnas.udfs.core.CropDomain;

/** {@code train.crop-domain} and {@code study.crop-domain}: events by default, frames on request, nothing else. */
class CropDomainSettingsTest {
  private static TrainSettings train(String... pairs) {
    List<String> all = new java.util.ArrayList<>(List.of("train.shards=/s", "train.output=/o"));
    all.addAll(List.of(pairs));
    return TrainSettings.from(StrictConfig.builder(TrainSettings.KEYS).confPairs(all).build());
  }

  private static StudySettings study(String... pairs) {
    List<String> all = new java.util.ArrayList<>(List.of("study.shards=/s", "study.output=/o"));
    all.addAll(List.of(pairs));
    return StudySettings.from(StrictConfig.builder(StudySettings.KEYS).confPairs(all).build());
  }

  @Test
  void defaultIsTheEventDomain() {
    assertThat(train().cropDomain()).isEqualTo(CropDomain.EVENTS);
    assertThat(study().cropDomain()).isEqualTo(CropDomain.EVENTS);
  }

  @Test
  void framesIsMapped() {
    assertThat(train("train.crop-domain=frames").cropDomain()).isEqualTo(CropDomain.FRAMES);
    assertThat(train("train.crop-domain=events").cropDomain()).isEqualTo(CropDomain.EVENTS);
    assertThat(study("study.crop-domain=frames").cropDomain()).isEqualTo(CropDomain.FRAMES);
  }

  @Test
  void unknownValuesAndKeysAreRejected() {
    assertThatThrownBy(() -> train("train.crop-domain=pixels")).hasMessage("Invalid crop domain: pixels (expected events, frames or frames-binned)");
    assertThatThrownBy(() -> study("study.crop-domain=tensor")).hasMessage("Invalid crop domain: tensor (expected events, frames or frames-binned)");
    assertThatThrownBy(() -> train("train.crop-domains=frames")).hasMessageStartingWith("Invalid config key: train.crop-domains");
  }
}
