package org.tnas.udfs.spark;

import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF10;
import org.apache.spark.sql.api.java.UDF3;
import org.apache.spark.sql.api.java.UDF6;
import org.apache.spark.sql.api.java.UDF8;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.tnas.formats.errors.ProjectException;
import org.tnas.formats.events.SensorGeometry;
import org.tnas.udfs.core.AugmentationPipeline;
import org.tnas.udfs.core.EventChecks;
import org.tnas.udfs.core.FrameMode;
import org.tnas.udfs.core.FrameRepresentation;
import org.tnas.udfs.core.FrameTensor;
import org.tnas.udfs.core.Frames;
import org.tnas.udfs.core.PixelRegion;
import org.tnas.udfs.core.Slicing;
import org.tnas.udfs.core.TtfsInputCoding;

/**
 * Registers the event SQL functions on a session ({@link #register(SparkSession)}). Each function is
 * a thin adapter: it converts Spark values to primitive arrays, calls the pure kernel of {@code
 * org.tnas.udfs.core}, and converts back. Any null argument gives a null result. Invalid input fails
 * the query with the kernel's message ({@code "Invalid event 3: x = 400 is outside the sensor
 * 320x240"}), wrapped by Spark. Event arguments are the array columns of a sample row ({@link
 * SampleRows}).
 *
 * <ul>
 *   <li>{@code to_frames(x, y, t, p, width, height, time_bins, mode, target_width, target_height)}:
 *       array&lt;float&gt; of {@code 2 * time_bins * target_height * target_width} values, channel
 *       {@code 2 * bin + polarity} ({@link FrameRepresentation}); mode {@code 'binary'} or {@code
 *       'count'}.
 *   <li>{@code slice_frames(x, y, t, p, width, height, slicing, mode)}: struct&lt;slices: int,
 *       frames: array&lt;float&gt;&gt; at sensor resolution; slicing as in {@link Slicing#spec()},
 *       e.g. {@code 'time_window=30000,overlap=10000,include_incomplete'}.
 *   <li>{@code augment_events(x, y, t, p, width, height, spec, run_seed, sample_id, epoch)}:
 *       struct&lt;x, y, t, p, width, height&gt; of the augmented events and their geometry ({@link AugmentationPipeline#parse}, e.g.
 *       {@code 'spiking_fer'}). Deterministic: all randomness is derived from the arguments
 *       (run_seed, sample_id, epoch), so it is NOT declared nondeterministic and may be re-evaluated
 *       safely.
 *   <li>{@code ttfs_spike_times(values, normalisation, scale)}: array&lt;float&gt; of spike times
 *       {@code 1 - x} ({@link TtfsInputCoding}); normalisation {@code 'none'}, {@code
 *       'sample_maximum'} or {@code 'fixed_scale'}.
 *   <li>{@code event_problem(x, y, t, p, width, height)}: null for a valid sample, else the message
 *       naming the first invalid event (for data-quality queries).
 * </ul>
 *
 * No function draws random numbers from anything but its arguments, so none is nondeterministic.
 * Registration is idempotent; the function objects are serialisable and hold no session state.
 */
public final class EventFunctions {
  /** Result type of {@code to_frames} and {@code ttfs_spike_times}. */
  public static final DataType FLOATS = DataTypes.createArrayType(DataTypes.FloatType, false);

  /** Result type of {@code slice_frames}. */
  public static final StructType SLICED_FRAMES = new StructType()
      .add("slices", DataTypes.IntegerType, false)
      .add("frames", FLOATS, false);

  private EventFunctions() {}

  /** Registers all functions on {@code spark} under the names above. */
  public static void register(SparkSession spark) {
    Objects.requireNonNull(spark, "spark is null");
    spark.udf().register("to_frames", new ToFrames(), FLOATS);
    spark.udf().register("slice_frames", new SliceFrames(), SLICED_FRAMES);
    spark.udf().register("augment_events", new AugmentEvents(), SampleRows.AUGMENTED_TYPE);
    spark.udf().register("ttfs_spike_times", new TtfsSpikeTimes(), FLOATS);
    spark.udf().register("event_problem", new EventProblem(), DataTypes.StringType);
  }

  static FrameMode mode(String text) {
    return switch (text.toLowerCase(Locale.ROOT)) {
      case "binary" -> FrameMode.BINARY;
      case "count" -> FrameMode.COUNT;
      default -> throw new IllegalArgumentException("Invalid frame mode: '" + text + "' (expected binary or count)");
    };
  }

  static SensorGeometry geometry(Number width, Number height) {
    return new SensorGeometry(width.intValue(), height.intValue());
  }

  private static boolean anyNull(Object... values) {
    for (Object value : values) {
      if (value == null) {
        return true;
      }
    }
    return false;
  }

  /** {@code to_frames}. */
  static final class ToFrames
      implements UDF10<Object, Object, Object, Object, Number, Number, Number, String, Number, Number, float[]> {
    private static final long serialVersionUID = 1L;

    @Override
    public float[] call(Object x, Object y, Object t, Object p, Number width, Number height, Number timeBins, String mode,
        Number targetWidth, Number targetHeight) {
      if (anyNull(x, y, t, p, width, height, timeBins, mode, targetWidth, targetHeight)) {
        return null;
      }
      FrameRepresentation representation =
          FrameRepresentation.timeBins(timeBins.intValue(), mode(mode), targetWidth.intValue(), targetHeight.intValue());
      return representation.encode(SampleRows.events(x, y, t, p), geometry(width, height));
    }
  }

  /** {@code slice_frames}. */
  static final class SliceFrames implements UDF8<Object, Object, Object, Object, Number, Number, String, String, Row> {
    private static final long serialVersionUID = 1L;

    @Override
    public Row call(Object x, Object y, Object t, Object p, Number width, Number height, String slicing, String mode) {
      if (anyNull(x, y, t, p, width, height, slicing, mode)) {
        return null;
      }
      SensorGeometry geometry = geometry(width, height);
      FrameTensor frames = Frames.toFrames(
          SampleRows.events(x, y, t, p), geometry, Slicing.parse(slicing), mode(mode), PixelRegion.of(geometry),
          geometry.width(), geometry.height());
      return RowFactory.create(frames.slices(), frames.values());
    }
  }

  /** {@code augment_events}; caches parsed pipelines per executor JVM. */
  static final class AugmentEvents
      implements UDF10<Object, Object, Object, Object, Number, Number, String, Number, String, Number, Row> {
    private static final long serialVersionUID = 1L;
    private static final Map<String, AugmentationPipeline> PIPELINES = new ConcurrentHashMap<>();

    @Override
    public Row call(Object x, Object y, Object t, Object p, Number width, Number height, String spec, Number runSeed,
        String sampleId, Number epoch) {
      if (anyNull(x, y, t, p, width, height, spec, runSeed, sampleId, epoch)) {
        return null;
      }
      AugmentationPipeline pipeline = PIPELINES.size() > 256
          ? AugmentationPipeline.parse(spec)
          : PIPELINES.computeIfAbsent(spec, AugmentationPipeline::parse);
      return SampleRows.augmentedValue(pipeline.augment(
          SampleRows.events(x, y, t, p), geometry(width, height), runSeed.longValue(), sampleId, epoch.intValue()));
    }
  }

  /** {@code ttfs_spike_times}. */
  static final class TtfsSpikeTimes implements UDF3<Object, String, Number, float[]> {
    private static final long serialVersionUID = 1L;

    @Override
    public float[] call(Object values, String normalisation, Number scale) {
      if (anyNull(values, normalisation, scale)) {
        return null;
      }
      TtfsInputCoding.Normalisation kind;
      try {
        kind = TtfsInputCoding.Normalisation.valueOf(normalisation.toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("Invalid normalisation: '" + normalisation + "' (expected none, sample_maximum or fixed_scale)", e);
      }
      return new TtfsInputCoding(kind, scale.doubleValue()).spikeTimes(floats(values));
    }
  }

  /** {@code event_problem}. */
  static final class EventProblem implements UDF6<Object, Object, Object, Object, Number, Number, String> {
    private static final long serialVersionUID = 1L;

    @Override
    public String call(Object x, Object y, Object t, Object p, Number width, Number height) {
      if (anyNull(x, y, t, p, width, height)) {
        return null;
      }
      try {
        EventChecks.requireValid(SampleRows.events(x, y, t, p), geometry(width, height));
        return null;
      } catch (ProjectException | IllegalArgumentException e) {
        return e.getMessage();
      }
    }
  }

  static float[] floats(Object values) {
    if (values instanceof float[] array) {
      return array.clone();
    }
    java.util.List<?> list = values instanceof scala.collection.Iterable<?> seq
        ? scala.jdk.javaapi.CollectionConverters.asJava(seq.toSeq())
        : (java.util.List<?>) values;
    float[] out = new float[list.size()];
    for (int i = 0; i < out.length; i++) {
      Object element = list.get(i);
      if (!(element instanceof Number number)) {
        throw new IllegalArgumentException("Invalid input value at " + i + ": " + element);
      }
      out[i] = number.floatValue();
    }
    return out;
  }
}
