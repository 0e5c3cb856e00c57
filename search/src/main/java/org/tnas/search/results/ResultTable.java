package org.tnas.search.results;

import static org.tnas.formats.io.ArrowTableFiles.decimal;
import static org.tnas.formats.io.ArrowTableFiles.integer;
import static org.tnas.formats.io.ArrowTableFiles.setText;
import static org.tnas.formats.io.ArrowTableFiles.text;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.complex.impl.UnionListWriter;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.tnas.formats.errors.ProjectException;
import org.tnas.formats.fs.HadoopFiles;
import org.tnas.formats.io.ArrowTableFiles;
import org.tnas.search.evaluation.EvaluationResult;
import org.tnas.search.evaluation.EvaluationStatus;

/**
 * The tidy results table of a search (SEARCH.md section 2): one row per evaluation, written as an
 * Arrow IPC file (one record batch) on any Hadoop file system. Columns, in order:
 *
 * <pre>
 * run_id utf8, generation int32, candidate_index int32, candidate_id utf8, genome utf8,
 * genome_hash utf8, seed int64, status utf8 (OK|INVALID|FAILED), error_type utf8, error_message utf8,
 * war float64, uar float64, fitness float64 (lambda x UAR + (1 - lambda) x WAR with the run's
 * lambda; NaN unless status is OK), per_class_recall list&lt;float64&gt;, synaptic_operations float64
 * (mean per sample), macs int64, parameters int64, spikes_per_neuron float64, wall_time_seconds
 * float64, executor_id utf8, attempt int32, relu_war float64, relu_uar float64
 * </pre>
 *
 * {@code war}, {@code uar}, {@code fitness} and {@code per_class_recall} are those of the net that
 * scores the run ({@code search.scoring.score}: the ReLU twin, or the TTFS net under the run's
 * hardware constraints); {@code relu_war} and {@code relu_uar} are always the ReLU twin's (equal to
 * {@code war} and {@code uar} in a ReLU-scored run). Tables of earlier versions, without the fitness
 * column or without the two ReLU-twin columns, are still read (their rows are of ReLU-scored runs:
 * the twin's scores are {@code war} and {@code uar}).
 *
 * Files are written atomically ({@link HadoopFiles#writeAtomically}); a run appends one file per
 * generation and never rewrites an older one. Spark reads them with any Arrow IPC reader, or via
 * {@link #read} on the driver. Stateless; each call owns and closes its allocator.
 */
public final class ResultTable {
  /** The schema of every results file. */
  public static final Schema SCHEMA = new Schema(List.of(
      utf8("run_id"), int32("generation"), int32("candidate_index"), utf8("candidate_id"), utf8("genome"),
      utf8("genome_hash"), int64("seed"), utf8("status"), utf8("error_type"), utf8("error_message"),
      float64("war"), float64("uar"), float64("fitness"),
      new Field("per_class_recall", FieldType.notNullable(ArrowType.List.INSTANCE), List.of(float64("item"))),
      float64("synaptic_operations"), int64("macs"), int64("parameters"), float64("spikes_per_neuron"),
      float64("wall_time_seconds"), utf8("executor_id"), int32("attempt"), float64("relu_war"),
      float64("relu_uar")));

  /** The schema of tables written before the ReLU-twin columns existed; still read. */
  static final Schema SCHEMA_WITHOUT_RELU_TWIN = new Schema(SCHEMA.getFields().stream()
      .filter(field -> !field.getName().startsWith("relu_")).toList());

  /** The schema of tables written before the fitness column existed; still read. */
  static final Schema SCHEMA_WITHOUT_FITNESS = new Schema(SCHEMA_WITHOUT_RELU_TWIN.getFields().stream()
      .filter(field -> !field.getName().equals("fitness")).toList());

  private ResultTable() {}

  private static Field utf8(String name) {
    return new Field(name, FieldType.notNullable(ArrowType.Utf8.INSTANCE), null);
  }

  private static Field int32(String name) {
    return new Field(name, FieldType.notNullable(new ArrowType.Int(32, true)), null);
  }

  private static Field int64(String name) {
    return new Field(name, FieldType.notNullable(new ArrowType.Int(64, true)), null);
  }

  private static Field float64(String name) {
    return new Field(name, FieldType.notNullable(new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE)), null);
  }

  /** The Arrow IPC file bytes of {@code results}, fitness weighted by {@code lambda} (the weight of UAR). */
  public static byte[] toBytes(List<EvaluationResult> results, double lambda) {
    Objects.requireNonNull(results, "results is null");
    if (!(lambda >= 0 && lambda <= 1)) {
      throw new IllegalArgumentException("Invalid lambda: " + lambda);
    }
    try {
      return ArrowTableFiles.write(SCHEMA, results.size(), root -> {
        UnionListWriter recall = ((ListVector) root.getVector("per_class_recall")).getWriter();
        for (int row = 0; row < results.size(); row++) {
          EvaluationResult r = results.get(row);
          setText(root, "run_id", row, r.runId());
          ((IntVector) root.getVector("generation")).setSafe(row, r.generation());
          ((IntVector) root.getVector("candidate_index")).setSafe(row, r.candidateIndex());
          setText(root, "candidate_id", row, r.candidateId());
          setText(root, "genome", row, r.genome());
          setText(root, "genome_hash", row, r.genomeHash());
          ((BigIntVector) root.getVector("seed")).setSafe(row, r.seed());
          setText(root, "status", row, r.status().name());
          setText(root, "error_type", row, r.errorType());
          setText(root, "error_message", row, r.errorMessage());
          ((Float8Vector) root.getVector("war")).setSafe(row, r.war());
          ((Float8Vector) root.getVector("uar")).setSafe(row, r.uar());
          ((Float8Vector) root.getVector("fitness")).setSafe(row, r.fitness(lambda));
          recall.setPosition(row);
          recall.startList();
          for (double value : r.perClassRecall()) {
            recall.float8().writeFloat8(value);
          }
          recall.endList();
          ((Float8Vector) root.getVector("synaptic_operations")).setSafe(row, r.synapticOperations());
          ((BigIntVector) root.getVector("macs")).setSafe(row, r.macs());
          ((BigIntVector) root.getVector("parameters")).setSafe(row, r.parameters());
          ((Float8Vector) root.getVector("spikes_per_neuron")).setSafe(row, r.spikesPerNeuron());
          ((Float8Vector) root.getVector("wall_time_seconds")).setSafe(row, r.wallTimeSeconds());
          setText(root, "executor_id", row, r.executorId());
          ((IntVector) root.getVector("attempt")).setSafe(row, r.attempt());
          ((Float8Vector) root.getVector("relu_war")).setSafe(row, r.reluTwin().war());
          ((Float8Vector) root.getVector("relu_uar")).setSafe(row, r.reluTwin().uar());
        }
        recall.setValueCount(results.size());
      });
    } catch (IOException e) {
      throw new IllegalStateException("Cannot encode results in memory: " + e.getMessage(), e);
    }
  }


  /** Writes the table atomically to {@code path}, with the fitness column weighted by {@code lambda}. */
  public static void write(List<EvaluationResult> results, double lambda, Path path, Configuration conf) {
    HadoopFiles.writeAtomically(path, conf, toBytes(results, lambda));
  }

  /**
   * Reads a table written by {@link #write} (the fitness column is derived and not returned; tables
   * of earlier versions without it or without the ReLU-twin columns are read too).
   */
  public static List<EvaluationResult> read(Path path, Configuration conf) {
    return fromBytes(HadoopFiles.read(path, conf), path.toString());
  }

  /** Decodes table bytes; {@code source} names them in errors. */
  public static List<EvaluationResult> fromBytes(byte[] bytes, String source) {
    List<EvaluationResult> results = new ArrayList<>();
    try {
      ArrowTableFiles.read(bytes, schema -> {
        if (!schema.equals(SCHEMA) && !schema.equals(SCHEMA_WITHOUT_RELU_TWIN) && !schema.equals(SCHEMA_WITHOUT_FITNESS)) {
          throw new ProjectException(ResultsErrorCode.CORRUPT_RESULTS, "Invalid results table " + source + ": schema "
              + schema + ", expected " + SCHEMA);
        }
      }, root -> {
        boolean withTwin = root.getSchema().equals(SCHEMA);
        ListVector recall = (ListVector) root.getVector("per_class_recall");
        for (int row = 0; row < root.getRowCount(); row++) {
          List<Double> values = new ArrayList<>();
          for (Object value : recall.getObject(row)) {
            values.add((Double) value);
          }
          results.add(new EvaluationResult(text(root, "run_id", row), integer(root, "generation", row),
              integer(root, "candidate_index", row), text(root, "genome", row), text(root, "genome_hash", row),
              ((BigIntVector) root.getVector("seed")).get(row), EvaluationStatus.valueOf(text(root, "status", row)),
              text(root, "error_type", row), text(root, "error_message", row), decimal(root, "war", row),
              decimal(root, "uar", row), values, decimal(root, "synaptic_operations", row),
              ((BigIntVector) root.getVector("macs")).get(row), ((BigIntVector) root.getVector("parameters")).get(row),
              decimal(root, "spikes_per_neuron", row), decimal(root, "wall_time_seconds", row),
              text(root, "executor_id", row), integer(root, "attempt", row),
              withTwin ? new EvaluationResult.ReluTwin(decimal(root, "relu_war", row), decimal(root, "relu_uar", row))
                  : null));
        }
      });
    } catch (IOException | RuntimeException e) {
      if (e instanceof ProjectException p) {
        throw p;
      }
      throw new ProjectException(ResultsErrorCode.CORRUPT_RESULTS, "Invalid results table " + source + ": "
          + e.getMessage(), e);
    }
    return results;
  }




  /** Column names in order (for docs and Spark queries). */
  public static List<String> columns() {
    List<String> names = new ArrayList<>();
    for (Field field : SCHEMA.getFields()) {
      names.add(field.getName());
    }
    return names;
  }

  static FieldVector vector(VectorSchemaRoot root, String name) {
    return root.getVector(name);
  }
}
