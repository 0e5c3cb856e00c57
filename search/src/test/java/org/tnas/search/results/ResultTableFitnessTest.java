package org.tnas.search.results;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.channels.Channels;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowFileReader;
import org.apache.arrow.vector.ipc.ArrowFileWriter;
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

  @Test
  void theReluTwinColumnsHoldTheTwinsScoresAndTablesWithoutThemAreStillRead() throws Exception {
    EvaluationResult relu = result(0, EvaluationStatus.OK, 0.8, 0.6);
    // a TTFS-scored row: its score 0.5/0.4, its ReLU twin's 0.8/0.6
    EvaluationResult ttfs = new EvaluationResult("run", 0, 1, "D2:3x8S,3x8S", "hash1", 1, EvaluationStatus.OK, "", "",
        0.5, 0.4, List.of(0.5, 0.3), 1000, 2000, 300, 0.5, 0.1, "driver", 1, new EvaluationResult.ReluTwin(0.8, 0.6));
    List<EvaluationResult> rows = List.of(relu, ttfs);
    byte[] bytes = ResultTable.toBytes(rows, 0.5);
    try (BufferAllocator allocator = new RootAllocator();
        ArrowFileReader reader = new ArrowFileReader(new ByteArrayReadableSeekableByteChannel(bytes), allocator)) {
      assertThat(reader.loadNextBatch()).isTrue();
      Float8Vector reluWar = (Float8Vector) reader.getVectorSchemaRoot().getVector("relu_war");
      Float8Vector reluUar = (Float8Vector) reader.getVectorSchemaRoot().getVector("relu_uar");
      assertThat(List.of(reluWar.get(0), reluUar.get(0), reluWar.get(1), reluUar.get(1))).containsExactly(0.8, 0.6, 0.8, 0.6);
    }
    assertThat(ResultTable.fromBytes(bytes, "memory")).isEqualTo(rows);
    assertThat(ResultTable.fromBytes(bytes, "memory").get(1).reluFitness(0.5)).isEqualTo(0.7);
    assertThat(ResultTable.columns()).endsWith("attempt", "relu_war", "relu_uar");
    byte[] before = rewrite(bytes, ResultTable.SCHEMA_WITHOUT_RELU_TWIN);
    // the tables of earlier versions were all of ReLU-scored runs: the twin's scores are war and uar
    assertThat(ResultTable.fromBytes(before, "table before the twin")).containsExactly(relu,
        new EvaluationResult("run", 0, 1, "D2:3x8S,3x8S", "hash1", 1, EvaluationStatus.OK, "", "", 0.5, 0.4,
            List.of(0.5, 0.3), 1000, 2000, 300, 0.5, 0.1, "driver", 1));
  }

  /** {@code bytes} rewritten with the columns of {@code schema} only (the layout of an earlier version). */
  private static byte[] rewrite(byte[] bytes, org.apache.arrow.vector.types.pojo.Schema schema) throws Exception {
    try (BufferAllocator allocator = new RootAllocator();
        ArrowFileReader reader = new ArrowFileReader(new ByteArrayReadableSeekableByteChannel(bytes), allocator)) {
      reader.loadNextBatch();
      VectorSchemaRoot full = reader.getVectorSchemaRoot();
      try (VectorSchemaRoot old = VectorSchemaRoot.create(schema, allocator)) {
        for (FieldVector vector : old.getFieldVectors()) {
          full.getVector(vector.getName()).makeTransferPair(vector).transfer();
        }
        old.setRowCount(full.getRowCount());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ArrowFileWriter writer = new ArrowFileWriter(old, null, Channels.newChannel(out))) {
          writer.start();
          writer.writeBatch();
          writer.end();
        }
        return out.toByteArray();
      }
    }
  }

  @Test
  void aTableWrittenBeforeTheFitnessColumnIsStillRead() throws Exception {
    List<EvaluationResult> rows = List.of(result(0, EvaluationStatus.OK, 0.8, 0.6));
    byte[] withFitness = ResultTable.toBytes(rows, 0.5);
    byte[] without;
    try (BufferAllocator allocator = new RootAllocator();
        ArrowFileReader reader = new ArrowFileReader(new ByteArrayReadableSeekableByteChannel(withFitness), allocator)) {
      reader.loadNextBatch();
      VectorSchemaRoot full = reader.getVectorSchemaRoot();
      // the layout of earlier versions: every column but fitness, written from that schema
      try (VectorSchemaRoot old = VectorSchemaRoot.create(ResultTable.SCHEMA_WITHOUT_FITNESS, allocator)) {
        for (FieldVector vector : old.getFieldVectors()) {
          full.getVector(vector.getName()).makeTransferPair(vector).transfer();
        }
        old.setRowCount(full.getRowCount());
        assertThat(old.getSchema().getFields()).noneMatch(field -> field.getName().equals("fitness"));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ArrowFileWriter writer = new ArrowFileWriter(old, null, Channels.newChannel(bytes))) {
          writer.start();
          writer.writeBatch();
          writer.end();
        }
        without = bytes.toByteArray();
      }
    }
    assertThat(ResultTable.fromBytes(without, "old table")).isEqualTo(rows);
  }
}
