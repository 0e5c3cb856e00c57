package org.tnas.search.results;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.ipc.ArrowFileReader;
import org.apache.arrow.vector.util.ByteArrayReadableSeekableByteChannel;
import org.junit.jupiter.api.Test;
import org.tnas.search.evaluation.EvaluationResult;
import org.tnas.search.evaluation.EvaluationStatus;

class ResultTableFitnessTest {
  private static EvaluationResult result(int index, EvaluationStatus status, double war, double uar) {
    return new EvaluationResult("run", 0, index, "D2:3x8S,3x8S", "hash" + index, 1, status,
        status == EvaluationStatus.OK ? "" : "BUDGET", status == EvaluationStatus.OK ? "" : "over budget", war, uar,
        List.of(war, uar), 1000, 2000, 300, 0.5, 0.1, "driver", 1);
  }

  @Test
  void theFitnessColumnHoldsTheRunsWeightingAndNaNForInvalidRows() throws Exception {
    List<EvaluationResult> rows = List.of(result(0, EvaluationStatus.OK, 0.8, 0.6),
        result(1, EvaluationStatus.INVALID, Double.NaN, Double.NaN), result(2, EvaluationStatus.OK, 0.5, 0.9));
    byte[] bytes = ResultTable.toBytes(rows, 0.25);
    try (BufferAllocator allocator = new RootAllocator();
        ArrowFileReader reader = new ArrowFileReader(new ByteArrayReadableSeekableByteChannel(bytes), allocator)) {
      assertThat(reader.loadNextBatch()).isTrue();
      Float8Vector fitness = (Float8Vector) reader.getVectorSchemaRoot().getVector("fitness");
      assertThat(fitness.get(0)).isEqualTo(0.25 * 0.6 + 0.75 * 0.8);
      assertThat(fitness.get(1)).isNaN();
      assertThat(fitness.get(2)).isEqualTo(0.25 * 0.9 + 0.75 * 0.5);
    }
    assertThat(ResultTable.fromBytes(bytes, "memory")).isEqualTo(rows);
    assertThat(ResultTable.columns()).containsSubsequence("war", "uar", "fitness", "per_class_recall");
    assertThatThrownBy(() -> ResultTable.toBytes(rows, 1.5)).hasMessage("Invalid lambda: 1.5");
  }
}
