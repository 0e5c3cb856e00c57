package org.tnas.udfs.spark;

import static org.apache.spark.sql.functions.col;

import java.util.Objects;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.api.java.UDF6;
import org.apache.spark.sql.api.java.UDF7;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.functions;
import org.tnas.formats.events.EventBatch;
import org.tnas.formats.events.SensorGeometry;
import org.tnas.udfs.core.AugmentationPipeline;
import org.tnas.udfs.core.Representation;

/**
 * Dataset helpers over sample rows ({@link SampleRows#SCHEMA}; extra columns are kept). Each helper
 * wraps a serialisable core object ({@link Representation}, {@link AugmentationPipeline}) in a
 * deterministic UDF column: the result depends only on the row and the arguments, so Spark may
 * re-evaluate it (task retries, speculation) without changing results. No session registration is
 * needed. Stateless and thread safe.
 */
public final class EventDatasets {
  private EventDatasets() {}

  /** Adds column {@code outputColumn}: the representation's flat input tensor (array&lt;float&gt;) of each sample. */
  public static Dataset<Row> encode(Dataset<Row> samples, Representation representation, String outputColumn) {
    Objects.requireNonNull(samples, "samples is null");
    Objects.requireNonNull(representation, "representation is null");
    Objects.requireNonNull(outputColumn, "outputColumn is null");
    UserDefinedFunction encode = functions.udf(new Encode(representation), EventFunctions.FLOATS);
    return samples.withColumn(outputColumn, encode.apply(eventColumns()));
  }

  /**
   * Replaces the event columns x, y, t, p (and width, height when the pipeline resizes) by the
   * augmented events of each sample, seeded by (runSeed, sample_id, epoch) exactly as {@link
   * AugmentationPipeline#apply}.
   */
  public static Dataset<Row> augment(Dataset<Row> samples, AugmentationPipeline pipeline, long runSeed, int epoch) {
    Objects.requireNonNull(samples, "samples is null");
    Objects.requireNonNull(pipeline, "pipeline is null");
    UserDefinedFunction augment = functions.udf(new Augment(pipeline, runSeed, epoch), SampleRows.AUGMENTED_TYPE);
    Column[] arguments = {col(SampleRows.X), col(SampleRows.Y), col(SampleRows.T), col(SampleRows.P),
        col(SampleRows.WIDTH), col(SampleRows.HEIGHT), col(SampleRows.SAMPLE_ID)};
    String temporary = "__augmented_events";
    Dataset<Row> result = samples.withColumn(temporary, augment.apply(arguments));
    for (String column : SampleRows.AUGMENTED_TYPE.fieldNames()) {
      result = result.withColumn(column, col(temporary + "." + column));
    }
    return result.drop(temporary);
  }

  private static Column[] eventColumns() {
    return new Column[] {col(SampleRows.X), col(SampleRows.Y), col(SampleRows.T), col(SampleRows.P),
        col(SampleRows.WIDTH), col(SampleRows.HEIGHT)};
  }

  private static final class Encode implements UDF6<Object, Object, Object, Object, Number, Number, float[]> {
    private static final long serialVersionUID = 1L;
    private final Representation representation;

    Encode(Representation representation) {
      this.representation = representation;
    }

    @Override
    public float[] call(Object x, Object y, Object t, Object p, Number width, Number height) {
      if (x == null || y == null || t == null || p == null || width == null || height == null) {
        return null;
      }
      return representation.encode(SampleRows.events(x, y, t, p), EventFunctions.geometry(width, height));
    }
  }

  private static final class Augment implements UDF7<Object, Object, Object, Object, Number, Number, String, Row> {
    private static final long serialVersionUID = 1L;
    private final AugmentationPipeline pipeline;
    private final long runSeed;
    private final int epoch;

    Augment(AugmentationPipeline pipeline, long runSeed, int epoch) {
      this.pipeline = pipeline;
      this.runSeed = runSeed;
      this.epoch = epoch;
    }

    @Override
    public Row call(Object x, Object y, Object t, Object p, Number width, Number height, String sampleId) {
      if (x == null || y == null || t == null || p == null || width == null || height == null || sampleId == null) {
        return null;
      }
      AugmentationPipeline.Augmented result =
          pipeline.augment(SampleRows.events(x, y, t, p), EventFunctions.geometry(width, height), runSeed, sampleId, epoch);
      return SampleRows.augmentedValue(result);
    }
  }
}
