package org.tnas.pipelines.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tnas.pipelines.pipeline.PipelineSettings;

class JobOptionsTest {
  @Test
  void aKeyIsSetByAConfPairOrTheConfigFileOnly(@TempDir Path dir) throws Exception {
    JobOptions none = new JobOptions();
    none.conf = List.of("pipeline.ranking.seeds=2", "spark.executor.memory=1g");
    assertThat(none.sets(PipelineSettings.RANKING_SUBNETS)).isFalse();

    JobOptions pair = new JobOptions();
    pair.conf = List.of("pipeline.ranking.subnets=5");
    assertThat(pair.sets(PipelineSettings.RANKING_SUBNETS)).isTrue();

    Path file = dir.resolve("job.properties");
    Files.writeString(file, "# a comment\npipeline.ranking.subnets = 7\n", StandardCharsets.UTF_8);
    JobOptions fromFile = new JobOptions();
    fromFile.configFile = file;
    assertThat(fromFile.sets(PipelineSettings.RANKING_SUBNETS)).isTrue();
    assertThat(fromFile.sets(PipelineSettings.RANKING_SEEDS)).isFalse();

    JobOptions missing = new JobOptions();
    missing.configFile = dir.resolve("absent.properties");
    assertThatThrownBy(() -> missing.sets(PipelineSettings.RANKING_SUBNETS))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Cannot read --config-file");
  }
}
