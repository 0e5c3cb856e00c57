package org.tnas.pipelines.synthetic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tnas.pipelines.datasets.ClipSpec;
import org.tnas.pipelines.datasets.DatasetAdapters;
import org.tnas.pipelines.datasets.Scan;

class SeeLayoutSampleTest {
  @Test
  void theSampleIsAValidSeeLayoutWithLightingsSplitsAndLengths(@TempDir Path root) throws Exception {
    assertThat(SeeLayoutSample.write(root, 3, 7, 5, 9)).isEqualTo(21);
    Scan scan = DatasetAdapters.forName("see").scan(new org.apache.hadoop.fs.Path(root.toUri()), new Configuration());
    assertThat(scan.rejected()).isEmpty();
    assertThat(scan.clips()).hasSize(21);
    assertThat(scan.clips()).extracting(ClipSpec::split).containsOnly("train", "test");
    assertThat(scan.clips().stream().filter(clip -> clip.split().equals("test")).count()).isEqualTo(7);
    assertThat(scan.clips()).extracting(clip -> clip.attributes().get("lighting")).containsOnly("normal", "overexposed", "low");
    assertThat(scan.clips()).allSatisfy(clip -> assertThat(clip.sources().size()).isBetween(4, 8));
    // the same seed writes the same bytes
    Path again = Files.createDirectories(root.resolveSibling(root.getFileName() + "-again"));
    SeeLayoutSample.write(again, 3, 7, 5, 9);
    assertThat(Files.readString(again.resolve("emotion.json"))).isEqualTo(Files.readString(root.resolve("emotion.json")));
    assertThatThrownBy(() -> SeeLayoutSample.write(root, 1, 1, 2, 9))
        .hasMessage("Invalid frame range: 2..9 (expected 3 <= min <= max <= 1000)");
  }
}
