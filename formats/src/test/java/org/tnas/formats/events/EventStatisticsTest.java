package org.tnas.formats.events;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class EventStatisticsTest {
  @Test
  void summarisesAcrossBatchesAndMerges() {
    EventBatch first = new EventBatch(4);
    first.add(3, 4, 100, 1);
    first.add(5, 1, 90, 0);
    EventBatch second = new EventBatch(4);
    second.add(9, 2, 120, 1);
    second.add(0, 7, 130, 1);

    EventStatistics streamed = new EventStatistics();
    streamed.accept(first);
    streamed.accept(second);
    assertThat(streamed.count()).isEqualTo(4);
    assertThat(streamed.onCount()).isEqualTo(3);
    assertThat(streamed.offCount()).isEqualTo(1);
    assertThat(streamed.firstTimestamp()).contains(100L);
    assertThat(streamed.lastTimestamp()).contains(130L);
    assertThat(streamed.minTimestamp()).contains(90L);
    assertThat(streamed.maxTimestamp()).contains(130L);
    assertThat(streamed.timestampDecreases()).isEqualTo(1);
    assertThat(streamed.inferredGeometry()).contains(new SensorGeometry(10, 8));

    EventStatistics a = new EventStatistics();
    a.accept(first);
    EventStatistics b = new EventStatistics();
    b.accept(second);
    a.merge(b);
    assertThat(a.toMap()).isEqualTo(streamed.toMap());
  }

  @Test
  void emptyStreamHasNoTimestampsOrGeometry() {
    EventStatistics empty = new EventStatistics();
    empty.accept(new EventBatch(0));
    assertThat(empty.count()).isZero();
    assertThat(empty.firstTimestamp()).isEmpty();
    assertThat(empty.inferredGeometry()).isEmpty();
  }
}
