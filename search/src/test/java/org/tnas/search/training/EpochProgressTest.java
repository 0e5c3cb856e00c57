package org.tnas.search.training;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class EpochProgressTest {
  @Test
  void printsTheTrainersLineWithItsDetailsAndTheEtaOfTheEpochsLeft() {
    List<String> lines = new ArrayList<>();
    EpochProgress progress = EpochProgress.of(40, 5, lines::add); // resumed after 5 epochs: 1 trained here
    progress.report(5, 0.048012, 0.048012, 1.7, 0.301, "val loss 1.6000 WAR 41.7%", 39.44, 2.0);
    assertThat(lines).containsExactly("epoch 6/40 lr 0.04801 | train loss 1.7000 acc 30.1% | val loss 1.6000 WAR 41.7%"
        + " | 39.4 samples/s | 2.0 s | ETA 1m08s");
  }

  @Test
  void showsARateThatChangedWithinTheEpochAsARangeAndCountsOnlyTheEpochsTrainedHere() {
    List<String> lines = new ArrayList<>();
    EpochProgress progress = EpochProgress.of(4, 2, lines::add);
    progress.report(2, 0.01, 0.005, 2.25, 0.2, "", 100, 3.0);
    progress.report(3, 0.005, 0.005, 2.0, 0.25, "", 100, 1.0);
    assertThat(lines).containsExactly(
        "epoch 3/4 lr 0.01000..0.00500 | train loss 2.2500 acc 20.0% | 100.0 samples/s | 3.0 s | ETA 3s",
        "epoch 4/4 lr 0.00500 | train loss 2.0000 acc 25.0% | 100.0 samples/s | 1.0 s | ETA 0s");
  }
}
