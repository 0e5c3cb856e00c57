package org.tnas.formats.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class EventBatchTest {
  @Test
  void eventsWrittenStraightIntoTheArraysAreAppendedByCount() {
    EventBatch batch = new EventBatch(2);
    batch.add(1, 2, 3, 1);
    batch.ensureRoom(3);
    for (int i = 0; i < 3; i++) {
      batch.x()[1 + i] = (short) (10 + i);
      batch.y()[1 + i] = (short) (20 + i);
      batch.t()[1 + i] = 30 + i;
      batch.p()[1 + i] = (byte) (i % 2);
    }
    batch.appendWritten(3);
    assertThat(batch.size()).isEqualTo(4);
    assertThat(batch.x()[3]).isEqualTo((short) 12);
    assertThat(batch.t()[2]).isEqualTo(31L);
    assertThatThrownBy(() -> batch.appendWritten(batch.t().length))
        .isInstanceOf(IndexOutOfBoundsException.class)
        .hasMessage("Invalid appended count: " + batch.t().length + " (size 4, capacity " + batch.t().length + ")");
    assertThatThrownBy(() -> batch.appendWritten(-1)).hasMessageStartingWith("Invalid appended count: -1");
    assertThat(batch.size()).isEqualTo(4);
  }
}
