package org.tnas.udfs.spark;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.tnas.formats.events.EventBatch;
import org.tnas.formats.events.EventSchema;
import org.tnas.formats.events.SensorGeometry;
import org.tnas.formats.samples.SampleRecord;

/**
 * The "sample row": the ONE Spark schema of a sample with its events, one row per sample, defined
 * here once and used by the SQL functions ({@link EventFunctions}) and Dataset helpers ({@link
 * EventDatasets}).
 *
 * <table>
 *   <caption>Columns, in order</caption>
 *   <tr><td>sample_id</td><td>string, not null</td></tr>
 *   <tr><td>dataset, subject, label_name, split</td><td>string</td></tr>
 *   <tr><td>label_index</td><td>int (-1 = unlabelled)</td></tr>
 *   <tr><td>width, height</td><td>int, the sensor geometry</td></tr>
 *   <tr><td>x, y</td><td>array&lt;smallint&gt; (int16)</td></tr>
 *   <tr><td>t</td><td>array&lt;bigint&gt; (microseconds, sorted)</td></tr>
 *   <tr><td>p</td><td>array&lt;tinyint&gt; (0 = OFF, 1 = ON)</td></tr>
 * </table>
 *
 * The event columns follow {@link EventSchema} (same names, types and units), as parallel arrays.
 * Stateless and thread safe.
 */
public final class SampleRows {
  public static final String SAMPLE_ID = "sample_id";
  public static final String DATASET = "dataset";
  public static final String SUBJECT = "subject";
  public static final String LABEL_INDEX = "label_index";
  public static final String LABEL_NAME = "label_name";
  public static final String SPLIT = "split";
  public static final String WIDTH = "width";
  public static final String HEIGHT = "height";
  public static final String X = EventSchema.X;
  public static final String Y = EventSchema.Y;
  public static final String T = EventSchema.T;
  public static final String P = EventSchema.P;

  /** The events of one sample as a struct {@code <x, y, t, p>} of arrays. */
  public static final StructType EVENTS_TYPE = new StructType(new StructField[] {
      DataTypes.createStructField(X, DataTypes.createArrayType(DataTypes.ShortType, false), false),
      DataTypes.createStructField(Y, DataTypes.createArrayType(DataTypes.ShortType, false), false),
      DataTypes.createStructField(T, DataTypes.createArrayType(DataTypes.LongType, false), false),
      DataTypes.createStructField(P, DataTypes.createArrayType(DataTypes.ByteType, false), false)});

  /**
   * The augmented events of one sample and their geometry, struct {@code <x, y, t, p, width,
   * height>} (the result type of {@code augment_events}).
   */
  public static final StructType AUGMENTED_TYPE = EVENTS_TYPE
      .add(WIDTH, DataTypes.IntegerType, false)
      .add(HEIGHT, DataTypes.IntegerType, false);

  /** The sample row schema. */
  public static final StructType SCHEMA = new StructType(new StructField[] {
      DataTypes.createStructField(SAMPLE_ID, DataTypes.StringType, false),
      DataTypes.createStructField(DATASET, DataTypes.StringType, true),
      DataTypes.createStructField(SUBJECT, DataTypes.StringType, true),
      DataTypes.createStructField(LABEL_INDEX, DataTypes.IntegerType, false),
      DataTypes.createStructField(LABEL_NAME, DataTypes.StringType, true),
      DataTypes.createStructField(SPLIT, DataTypes.StringType, true),
      DataTypes.createStructField(WIDTH, DataTypes.IntegerType, false),
      DataTypes.createStructField(HEIGHT, DataTypes.IntegerType, false),
      EVENTS_TYPE.fields()[0], EVENTS_TYPE.fields()[1], EVENTS_TYPE.fields()[2], EVENTS_TYPE.fields()[3]});

  private SampleRows() {}

  /** One sample in memory: its description, its sensor and its events. */
  public record Sample(SampleRecord record, SensorGeometry geometry, EventBatch events) {
    public Sample {
      Objects.requireNonNull(record, "record is null");
      Objects.requireNonNull(geometry, "geometry is null");
      Objects.requireNonNull(events, "events is null");
    }
  }

  /** The row of one sample (event arrays are copied). */
  public static Row toRow(SampleRecord record, SensorGeometry geometry, EventBatch events) {
    Objects.requireNonNull(record, "record is null");
    Objects.requireNonNull(geometry, "geometry is null");
    Objects.requireNonNull(events, "events is null");
    int n = events.size();
    return RowFactory.create(
        record.sampleId(), record.dataset(), record.subject(), record.labelIndex(), record.labelName(), record.split(),
        geometry.width(), geometry.height(),
        Arrays.copyOf(events.x(), n), Arrays.copyOf(events.y(), n), Arrays.copyOf(events.t(), n), Arrays.copyOf(events.p(), n));
  }

  /** A Dataset of sample rows built on the driver (for tests, small inputs and examples). */
  public static Dataset<Row> createDataset(SparkSession spark, List<Sample> samples) {
    Objects.requireNonNull(spark, "spark is null");
    List<Row> rows = new ArrayList<>(samples.size());
    for (Sample sample : samples) {
      rows.add(toRow(sample.record(), sample.geometry(), sample.events()));
    }
    return spark.createDataFrame(rows, SCHEMA);
  }

  /** The sensor geometry of a sample row. */
  public static SensorGeometry geometry(Row row) {
    return new SensorGeometry(row.getInt(row.fieldIndex(WIDTH)), row.getInt(row.fieldIndex(HEIGHT)));
  }

  /** The events of a sample row (a new batch). */
  public static EventBatch events(Row row) {
    return events(row.get(row.fieldIndex(X)), row.get(row.fieldIndex(Y)), row.get(row.fieldIndex(T)), row.get(row.fieldIndex(P)));
  }

  /**
   * Events from the four array values as Spark hands them to Java code (Scala sequences of boxed
   * values, Java lists or primitive arrays).
   *
   * @throws IllegalArgumentException "Invalid event arrays: ..." if the lengths differ or an element is null
   */
  public static EventBatch events(Object x, Object y, Object t, Object p) {
    long[] xs = longs(x, X);
    long[] ys = longs(y, Y);
    long[] ts = longs(t, T);
    long[] ps = longs(p, P);
    if (ys.length != xs.length || ts.length != xs.length || ps.length != xs.length) {
      throw new IllegalArgumentException("Invalid event arrays: lengths x=" + xs.length + ", y=" + ys.length + ", t=" + ts.length + ", p=" + ps.length);
    }
    int n = xs.length;
    short[] ox = new short[n];
    short[] oy = new short[n];
    byte[] op = new byte[n];
    for (int i = 0; i < n; i++) {
      ox[i] = (short) xs[i];
      oy[i] = (short) ys[i];
      op[i] = (byte) ps[i];
    }
    return EventBatch.wrap(ox, oy, ts, op, n);
  }

  /** The struct value {@code <x, y, t, p, width, height>} of an augmentation result. */
  static Row augmentedValue(org.tnas.udfs.core.AugmentationPipeline.Augmented result) {
    EventBatch events = result.events();
    int n = events.size();
    return RowFactory.create(
        Arrays.copyOf(events.x(), n), Arrays.copyOf(events.y(), n), Arrays.copyOf(events.t(), n), Arrays.copyOf(events.p(), n),
        result.geometry().width(), result.geometry().height());
  }

  private static long[] longs(Object value, String column) {
    Objects.requireNonNull(value, column + " is null");
    if (value instanceof short[] a) {
      long[] out = new long[a.length];
      for (int i = 0; i < a.length; i++) {
        out[i] = a[i];
      }
      return out;
    }
    if (value instanceof long[] a) {
      return a.clone();
    }
    if (value instanceof byte[] a) {
      long[] out = new long[a.length];
      for (int i = 0; i < a.length; i++) {
        out[i] = a[i];
      }
      return out;
    }
    java.util.Iterator<?> iterator;
    int size;
    if (value instanceof scala.collection.Iterable<?> seq) {
      iterator = scala.jdk.javaapi.CollectionConverters.asJava(seq.iterator());
      size = seq.knownSize() >= 0 ? seq.knownSize() : seq.size();
    } else if (value instanceof java.util.List<?> list) {
      iterator = list.iterator();
      size = list.size();
    } else {
      throw new IllegalArgumentException("Invalid event array " + column + ": " + value.getClass().getName());
    }
    long[] out = new long[size];
    int i = 0;
    while (iterator.hasNext()) {
      Object element = iterator.next();
      if (!(element instanceof Number number)) {
        throw new IllegalArgumentException("Invalid event arrays: " + column + "[" + i + "] is " + element);
      }
      out[i++] = number.longValue();
    }
    return out;
  }
}
