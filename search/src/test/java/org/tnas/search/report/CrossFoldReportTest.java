package org.tnas.search.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.imageio.ImageIO;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tnas.search.metrics.ClassificationMetrics;
import org.tnas.search.results.FoldScore;

class CrossFoldReportTest {
  @Test
  void theCrossFoldReportHasAFoldTableASummaryTableAndABarChart(@TempDir java.nio.file.Path dir) throws Exception {
    List<FoldScore> scores = List.of(new FoldScore(3, 0.6, 0.5, List.of(0.5, 0.5), 1000, 0.25),
        new FoldScore(7, 0.8, 0.7, List.of(1.0, 0.4), 3000, 0.75));
    SearchReport.writeCrossFold(new org.apache.hadoop.fs.Path(dir.toUri()), new Configuration(), scores,
        List.of("D2:3x8N,3x8N", "D2:5x16N,3x8S"), List.of("happy", "fear"));

    assertThat(Files.readAllLines(dir.resolve(SearchReport.CROSS_FOLD_TABLE))).containsExactly(
        "fold,genome,war,uar,synops,spikes_per_neuron",
        "3,\"D2:3x8N,3x8N\",0.600000,0.500000,1000.0,0.250000",
        "7,\"D2:5x16N,3x8S\",0.800000,0.700000,3000.0,0.750000");
    List<String> summary = Files.readAllLines(dir.resolve(SearchReport.CROSS_FOLD_SUMMARY));
    assertThat(summary.get(0)).isEqualTo("metric,mean,std,folds");
    // sample standard deviation of 0.6 and 0.8: 0.1414
    assertThat(summary).contains("war,0.700000,0.141421,2", "uar,0.600000,0.141421,2",
        "synaptic_operations,2000.000000,1414.213562,2", "recall[1],0.450000,0.070711,2");
    assertThat(Files.readString(dir.resolve(SearchReport.CROSS_FOLD_CARD)))
        .contains("| 3 | `D2:3x8N,3x8N` | 0.6000 | 0.5000 | 1000 | 0.250 |")
        .contains("| war | 0.7000 | 0.1414 | 2 |")
        .contains("recall[c] is the recall of class c: 0 = happy, 1 = fear.");
    BufferedImage chart = ImageIO.read(new ByteArrayInputStream(Files.readAllBytes(dir.resolve(SearchReport.CROSS_FOLD_CHART))));
    assertThat(chart.getWidth()).isEqualTo(900);
    assertThat(chart.getHeight()).isEqualTo(520);
  }

  @Test
  void barsAreFilledFromZeroAndErrorWhiskersAreDrawn() throws Exception {
    Chart chart = new Chart("bars", "x", "y").categories(List.of("a", "b"));
    chart.add(Chart.Series.bars("v", new double[] {0, 1}, new double[] {1.0, 0.5}, 0.5, new double[] {Double.NaN, 0.25}));
    BufferedImage image = ImageIO.read(new ByteArrayInputStream(chart.png(400, 300)));
    // plot area: left 80, right 20, top 40, bottom 60 -> 300 x 200 px; x range -0.6..1.6; y range 0..1 padded by 5 %
    int barA = 80 + (int) Math.round(0.6 / 2.2 * 300);
    int barB = 80 + (int) Math.round(1.6 / 2.2 * 300);
    assertThat(image.getRGB(barA + 10, pixelY(0.05)) & 0xFFFFFF).isEqualTo(0x1f77b4);
    assertThat(image.getRGB(barA + 10, pixelY(0.95)) & 0xFFFFFF).isEqualTo(0x1f77b4);
    assertThat(image.getRGB(barB + 10, pixelY(0.05)) & 0xFFFFFF).isEqualTo(0x1f77b4);
    assertThat(image.getRGB(barB + 10, pixelY(-0.03)) & 0xFFFFFF).isNotEqualTo(0x1f77b4);
    // above bar b (0.5): background, except for the black whisker (up to 0.75) at its centre
    assertThat(image.getRGB(barB + 10, pixelY(0.65)) & 0xFFFFFF).isNotEqualTo(0x1f77b4);
    assertThat(image.getRGB(barB, pixelY(0.65)) & 0xFFFFFF).isEqualTo(0x000000);
    assertThat(image.getRGB(barB, pixelY(0.85)) & 0xFFFFFF).isNotEqualTo(0x000000);

    assertThatThrownBy(() -> Chart.Series.bars("v", new double[] {0}, new double[] {1}, 0.5, new double[] {1, 2}))
        .hasMessage("Invalid series v: 1 y values, 2 errors");
    assertThatThrownBy(() -> Chart.Series.bars("v", new double[] {0}, new double[] {1}, -1, null))
        .hasMessage("Invalid bar width of series v: -1.0");
  }

  private static int pixelY(double value) {
    return 40 + 200 - (int) Math.round((value + 0.05) / 1.1 * 200);
  }

  @Test
  void theModelCardGroupSectionListsEachGroupsAccuracy() {
    Map<String, ClassificationMetrics> groups = new TreeMap<>();
    groups.put("hdr", new ClassificationMetrics(new long[][] {{1, 1}, {0, 2}}));
    groups.put("normal", new ClassificationMetrics(new long[][] {{2, 0}, {0, 2}}));
    assertThat(SearchReport.groupSection("source.lighting", groups)).isEqualTo("""

        ### By source.lighting (TTFS, test split)

        | source.lighting | samples | WAR | UAR |
        |---|---|---|---|
        | hdr | 4 | 0.7500 | 0.7500 |
        | normal | 4 | 1.0000 | 1.0000 |
        """);
    assertThat(SearchReport.groupSection("source.lighting", Map.of())).isEmpty();
  }
}
