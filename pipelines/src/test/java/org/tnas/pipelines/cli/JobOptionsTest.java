package org.tnas.pipelines.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tnas.formats.config.StrictConfig;
import org.tnas.pipelines.pipeline.PipelineSettings;

class JobOptionsTest {
  private static final Map<String, String> NO_RANKING = JobOptions.options(PipelineSettings.RANKING_SUBNETS, 0);

  @Test
  void aCommandDefaultReplacesTheKeyDefaultAndTheFileConfAndOptionsOverrideIt(@TempDir Path dir) throws Exception {
    JobOptions plain = new JobOptions();
    StrictConfig config = plain.config(PipelineSettings.KEYS, NO_RANKING, "tnas search", Map.of());
    assertThat(config.get(PipelineSettings.RANKING_SUBNETS)).isZero();
    assertThat(config.explicitValues()).containsEntry(PipelineSettings.RANKING_SUBNETS.name(), "0");
    assertThat(plain.config(PipelineSettings.KEYS, Map.of()).get(PipelineSettings.RANKING_SUBNETS))
        .isEqualTo(PipelineSettings.RANKING_SUBNETS.defaultValue());

    Path file = dir.resolve("job.properties");
    Files.writeString(file, "pipeline.ranking.subnets = 7\n", StandardCharsets.UTF_8);
    JobOptions fromFile = new JobOptions();
    fromFile.configFile = file;
    assertThat(fromFile.config(PipelineSettings.KEYS, NO_RANKING, "tnas search", Map.of())
        .get(PipelineSettings.RANKING_SUBNETS)).isEqualTo(7);

    JobOptions pair = new JobOptions();
    pair.configFile = file;
    pair.conf = List.of("pipeline.ranking.subnets=5", "spark.executor.memory=1g");
    assertThat(pair.config(PipelineSettings.KEYS, NO_RANKING, "tnas search", Map.of())
        .get(PipelineSettings.RANKING_SUBNETS)).isEqualTo(5);
    assertThat(pair.config(PipelineSettings.KEYS, NO_RANKING, "tnas search",
        JobOptions.options(PipelineSettings.RANKING_SUBNETS, 3)).get(PipelineSettings.RANKING_SUBNETS)).isEqualTo(3);
  }
}
