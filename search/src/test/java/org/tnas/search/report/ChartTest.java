package org.tnas.search.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.awt.image.BufferedImage;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class ChartTest {
  @Test
  void generationAxesGetWholeNumberTicks() {
    assertThat(Chart.integerTicks(-0.1, 2.1)).containsExactly(0.0, 1.0, 2.0);
    assertThat(Chart.integerTicks(-0.3, 5.3)).containsExactly(0.0, 1.0, 2.0, 3.0, 4.0, 5.0);
    assertThat(Chart.integerTicks(-1, 41)).containsExactly(0.0, 10.0, 20.0, 30.0, 40.0);
    // the plain ticks of the same range would have halves
    assertThat(Chart.ticks(-0.1, 2.1)).contains(0.5);
  }

  @Test
  void logAxesTickWholeDecades() {
    assertThat(Chart.decadeTicks(2.3, 5.7)).containsExactly(3.0, 4.0, 5.0);
  }

  @Test
  void aChartWithALogAxisAndALegendRenders() throws Exception {
    Chart chart = new Chart("t", "SynOps", "WAR").logXWhenSpanningDecades()
        .add(new Chart.Series("candidates", new double[] {1e3, 1e4, 1e6, -1}, new double[] {0.2, 0.5, 0.9, 0.4}, false, true))
        .add(new Chart.Series("front", new double[] {1e3, 1e6}, new double[] {0.2, 0.9}, true, false));
    BufferedImage image = ImageIO.read(new ByteArrayInputStream(chart.png(600, 400)));
    assertThat(image.getWidth()).isEqualTo(600);
    assertThat(image.getHeight()).isEqualTo(400);
  }
}
