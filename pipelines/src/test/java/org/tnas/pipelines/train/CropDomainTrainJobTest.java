package org.tnas.pipelines.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tnas.formats.config.StrictConfig;
import org.tnas.pipelines.synthesize.SynthesizeJob;
import org.tnas.pipelines.synthesize.SynthesizeSettings;
import org.tnas.udfs.core.CropDomain;
import org.tnas.udfs.testing.LocalSpark;

/** {@code tnas train} with {@code train.crop-domain=frames}: a tiny run trains on the frame-domain inputs. */
class CropDomainTrainJobTest {
  @Test
  void aTinyRunTrainsWithCropAndMirrorOnFrames(@TempDir Path directory) {
    String shards = directory.resolve("faces").toUri().toString();
    SynthesizeJob.run(new SynthesizeSettings(shards, "face", 3, 8, 48, 48, "spiking-fer", 3, 6, 1L << 20, false), LocalSpark.session());
    TrainSettings settings = TrainSettings.from(StrictConfig.builder(TrainSettings.KEYS).confPairs(List.of(
        "train.shards=" + shards, "train.output=" + directory.resolve("run").toUri(), "train.model=ann", "train.edas=all",
        "train.crop-domain=frames", "train.epochs=1", "train.batch-size=4", "train.width-multiplier=0.125",
        "train.blocks-per-stage=1", "train.input-size=16", "train.time-steps=2", "train.event-count=200", "train.threads=1")).build());
    assertThat(settings.cropDomain()).isEqualTo(CropDomain.FRAMES);
    List<String> progress = new ArrayList<>();
    TrainJob.Outcome outcome = TrainJob.run(settings, new Configuration(), progress::add);
    assertThat(progress.get(0)).contains("EDAs hflip+noise+reverse+polflip+crop+eventdrop+mirror (crop domain frames)");
    assertThat(outcome.result().epochs()).hasSize(1);
  }
}
