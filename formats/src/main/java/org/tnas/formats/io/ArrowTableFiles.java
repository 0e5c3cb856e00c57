package org.tnas.formats.io;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.function.Consumer;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowFileReader;
import org.apache.arrow.vector.ipc.ArrowFileWriter;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.arrow.vector.util.ByteArrayReadableSeekableByteChannel;
import org.apache.arrow.vector.util.Text;

/**
 * Small tables (search results, study runs) as Arrow IPC file bytes: one record batch written from
 * a filled root, every batch read back, and the typed cell accessors both sides use. The bytes are
 * a plain Arrow IPC file that pyarrow, Arrow C++ or Spark read.
 */
public final class ArrowTableFiles {
  private ArrowTableFiles() {}

  /** Fills the root's rows (the root is allocated, its row count set afterwards). */
  @FunctionalInterface
  public interface Filler {
    void fill(VectorSchemaRoot root) throws IOException;
  }

  /** Receives the root of each record batch read (valid until the next batch). */
  @FunctionalInterface
  public interface BatchReader {
    void batch(VectorSchemaRoot root) throws IOException;
  }

  /** One record batch of {@code rows} rows of {@code schema}, filled by {@code filler}, as IPC file bytes. */
  public static byte[] write(Schema schema, int rows, Filler filler) throws IOException {
    Objects.requireNonNull(schema, "schema is null");
    Objects.requireNonNull(filler, "filler is null");
    try (BufferAllocator allocator = new RootAllocator();
        VectorSchemaRoot root = VectorSchemaRoot.create(schema, allocator)) {
      root.allocateNew();
      filler.fill(root);
      root.setRowCount(rows);
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      try (ArrowFileWriter writer = new ArrowFileWriter(root, null, Channels.newChannel(bytes))) {
        writer.start();
        writer.writeBatch();
        writer.end();
      }
      return bytes.toByteArray();
    }
  }

  /**
   * Reads IPC file bytes: {@code schemaCheck} sees the file's schema first (it throws to refuse it),
   * then {@code reader} every record batch.
   */
  public static void read(byte[] bytes, Consumer<Schema> schemaCheck, BatchReader reader) throws IOException {
    Objects.requireNonNull(bytes, "bytes is null");
    try (BufferAllocator allocator = new RootAllocator();
        ArrowFileReader file = new ArrowFileReader(new ByteArrayReadableSeekableByteChannel(bytes), allocator)) {
      VectorSchemaRoot root = file.getVectorSchemaRoot();
      schemaCheck.accept(root.getSchema());
      while (file.loadNextBatch()) {
        reader.batch(root);
      }
    }
  }

  /** Writes a UTF-8 string cell. */
  public static void setText(VectorSchemaRoot root, String column, int row, String value) {
    ((VarCharVector) root.getVector(column)).setSafe(row, value.getBytes(StandardCharsets.UTF_8));
  }

  /** A UTF-8 string cell ("" for null). */
  public static String text(VectorSchemaRoot root, String column, int row) {
    Text text = ((VarCharVector) root.getVector(column)).getObject(row);
    return text == null ? "" : text.toString();
  }

  /** An int32 cell. */
  public static int integer(VectorSchemaRoot root, String column, int row) {
    return ((IntVector) root.getVector(column)).get(row);
  }

  /** A float64 cell. */
  public static double decimal(VectorSchemaRoot root, String column, int row) {
    return ((Float8Vector) root.getVector(column)).get(row);
  }
}
