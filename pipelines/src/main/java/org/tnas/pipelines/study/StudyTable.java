package org.tnas.pipelines.study;

import static org.tnas.formats.io.ArrowTableFiles.decimal;
import static org.tnas.formats.io.ArrowTableFiles.integer;
import static org.tnas.formats.io.ArrowTableFiles.setText;
import static org.tnas.formats.io.ArrowTableFiles.text;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.tnas.formats.fs.HadoopFiles;
import org.tnas.formats.io.ArrowTableFiles;

/**
 * The study's results table as an Arrow IPC file ({@code results.arrow}, one record batch, one row
 * per finished run, the columns of {@link StudyRow#HEADER} in order): {@code id utf8, phase utf8,
 * edas utf8, mask int32, fold int32, model utf8, war float64, uar float64, best_epoch int32, epochs
 * int32, seconds float64}. Spark-free; {@link StudyJob#dataFrame} is the Spark SQL adapter.
 * Stateless; each call owns and closes its allocator.
 */
public final class StudyTable {
  /** The file name inside the study directory. */
  public static final String FILE = "results.arrow";

  /** The schema of the file. */
  public static final Schema SCHEMA = new Schema(List.of(utf8("id"), utf8("phase"), utf8("edas"), int32("mask"), int32("fold"),
      utf8("model"), float64("war"), float64("uar"), int32("best_epoch"), int32("epochs"), float64("seconds")));

  private StudyTable() {}

  private static Field utf8(String name) {
    return new Field(name, FieldType.notNullable(ArrowType.Utf8.INSTANCE), null);
  }

  private static Field int32(String name) {
    return new Field(name, FieldType.notNullable(new ArrowType.Int(32, true)), null);
  }

  private static Field float64(String name) {
    return new Field(name, FieldType.notNullable(new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE)), null);
  }

  /** The Arrow IPC file bytes of {@code rows}. */
  public static byte[] toBytes(List<StudyRow> rows) {
    Objects.requireNonNull(rows, "rows is null");
    try {
      return ArrowTableFiles.write(SCHEMA, rows.size(), root -> {
        for (int i = 0; i < rows.size(); i++) {
          StudyRow row = rows.get(i);
          setText(root, "id", i, row.id());
          setText(root, "phase", i, row.phase());
          setText(root, "edas", i, row.edas());
          ((IntVector) root.getVector("mask")).setSafe(i, row.mask());
          ((IntVector) root.getVector("fold")).setSafe(i, row.fold());
          setText(root, "model", i, row.model());
          ((Float8Vector) root.getVector("war")).setSafe(i, row.war());
          ((Float8Vector) root.getVector("uar")).setSafe(i, row.uar());
          ((IntVector) root.getVector("best_epoch")).setSafe(i, row.bestEpoch());
          ((IntVector) root.getVector("epochs")).setSafe(i, row.epochs());
          ((Float8Vector) root.getVector("seconds")).setSafe(i, row.seconds());
        }
      });
    } catch (IOException e) {
      throw new IllegalStateException("Cannot encode the study table in memory: " + e.getMessage(), e);
    }
  }

  /** Writes the table atomically to {@code path}. */
  public static void write(List<StudyRow> rows, Path path, Configuration conf) {
    HadoopFiles.writeAtomically(path, conf, toBytes(rows));
  }

  /** Reads a table written by {@link #write}. */
  public static List<StudyRow> read(Path path, Configuration conf) {
    return fromBytes(HadoopFiles.read(path, conf), path.toString());
  }

  /**
   * Decodes table bytes; {@code source} names them in errors.
   *
   * @throws IllegalArgumentException when the bytes are not a study table
   */
  public static List<StudyRow> fromBytes(byte[] bytes, String source) {
    List<StudyRow> rows = new ArrayList<>();
    try {
      ArrowTableFiles.read(bytes, schema -> {
        if (!schema.equals(SCHEMA)) {
          throw new IllegalArgumentException("Invalid study table " + source + ": schema " + schema + ", expected " + SCHEMA);
        }
      }, root -> {
        for (int i = 0; i < root.getRowCount(); i++) {
          rows.add(new StudyRow(text(root, "id", i), text(root, "phase", i), text(root, "edas", i), integer(root, "mask", i),
              integer(root, "fold", i), text(root, "model", i), decimal(root, "war", i), decimal(root, "uar", i),
              integer(root, "best_epoch", i), integer(root, "epochs", i), decimal(root, "seconds", i)));
        }
      });
    } catch (IOException | RuntimeException e) {
      if (e instanceof IllegalArgumentException invalid && invalid.getMessage().startsWith("Invalid study table")) {
        throw invalid;
      }
      throw new IllegalArgumentException("Invalid study table " + source + ": " + e.getMessage(), e);
    }
    return rows;
  }
}
