package org.tnas.search.ranking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tnas.formats.events.EventBatch;
import org.tnas.formats.events.SensorGeometry;
import org.tnas.search.data.ShardDataSource;
import org.tnas.search.space.SearchSpace;
import org.tnas.search.supernet.SupernetConfig;
import org.tnas.udfs.core.AugmentationPipeline;
import org.tnas.udfs.core.CropDomain;
import org.tnas.udfs.core.FrameMode;
import org.tnas.udfs.core.FrameRepresentation;
import org.tnas.udfs.core.Representation;

/** The ranking study's trainings carry the crop domain, checked before any training runs. */
class StandaloneTrainingTest {
  private static final SearchSpace SPACE = SearchSpace.defaults(4, 10, 12, 2);
  private static final AugmentationPipeline SPIKING_FER = AugmentationPipeline.spikingFer();

  private record Flat() implements Representation {
    @Override
    public float[] encode(EventBatch events, SensorGeometry geometry) {
      return new float[4 * 10 * 12];
    }

    @Override
    public int channels() {
      return 4;
    }

    @Override
    public int height() {
      return 10;
    }

    @Override
    public int width() {
      return 12;
    }
  }

  private static ShardDataSource source(Representation representation) {
    return new ShardDataSource("/nowhere", representation, 2, 0, 0.25, 1, Map.of());
  }

  @Test
  void theCropDomainIsKeptAndCheckedUpFront() {
    ShardDataSource frames = source(FrameRepresentation.timeBins(2, FrameMode.BINARY, 12, 10));
    SupernetConfig recipe = SupernetConfig.defaults();
    assertThat(new StandaloneTraining(SPACE, frames, recipe, SPIKING_FER, CropDomain.FRAMES, 0.5, 1).cropDomain())
        .isEqualTo(CropDomain.FRAMES);
    assertThat(new StandaloneTraining(SPACE, frames, recipe, SPIKING_FER, 0.5, 1).cropDomain()).isEqualTo(CropDomain.EVENTS);
    assertThatThrownBy(() -> new StandaloneTraining(SPACE, source(new Flat()), recipe, SPIKING_FER, CropDomain.FRAMES, 0.5, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Invalid crop domain: frames (needs a frame representation, not Flat)");
    AugmentationPipeline cropFirst = AugmentationPipeline.parse("crop; hflip@0.5");
    assertThatThrownBy(() -> new StandaloneTraining(SPACE, frames, recipe, cropFirst, CropDomain.FRAMES, 0.5, 1))
        .hasMessageStartingWith("Invalid crop domain: frames (step 0 crop(");
    assertThat(new StandaloneTraining(SPACE, frames, recipe, cropFirst, CropDomain.EVENTS, 0.5, 1).augmentation()).isEqualTo(cropFirst);
  }
}
