package org.tnas.formats.events;

import java.util.List;
import java.util.Map;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * The ONE canonical event schema of the project, defined once.
 *
 * <table>
 *   <caption>Columns, in order</caption>
 *   <tr><th>name</th><th>type</th><th>unit / range</th></tr>
 *   <tr><td>{@value #X}</td><td>int16</td><td>pixel column, 0 &lt;= x &lt; width</td></tr>
 *   <tr><td>{@value #Y}</td><td>int16</td><td>pixel row, 0 &lt;= y &lt; height</td></tr>
 *   <tr><td>{@value #T}</td><td>int64</td><td>microseconds, non-decreasing within a sample</td></tr>
 *   <tr><td>{@value #P}</td><td>int8</td><td>polarity, 1 = ON (brighter), 0 = OFF</td></tr>
 * </table>
 *
 * <p>Every reader normalises to it at the boundary (polarity -1/+1 becomes 0/1, timestamps become
 * microseconds). Sensor width and height travel as schema metadata ({@value #META_WIDTH},
 * {@value #META_HEIGHT}) next to {@value #META_VERSION}.
 */
public final class EventSchema {
  public static final String X = "x";
  public static final String Y = "y";
  public static final String T = "t";
  public static final String P = "p";

  /** Version of the event and shard layout; bump on any incompatible change. */
  public static final int VERSION = 1;

  public static final String META_VERSION = "tnas.schema.version";
  public static final String META_WIDTH = "tnas.sensor.width";
  public static final String META_HEIGHT = "tnas.sensor.height";

  /** The polarity value of an ON event. */
  public static final byte ON = 1;
  /** The polarity value of an OFF event. */
  public static final byte OFF = 0;

  private static final Field X_FIELD = notNull(X, new ArrowType.Int(16, true));
  private static final Field Y_FIELD = notNull(Y, new ArrowType.Int(16, true));
  private static final Field T_FIELD = notNull(T, new ArrowType.Int(64, true));
  private static final Field P_FIELD = notNull(P, new ArrowType.Int(8, true));

  private EventSchema() {}

  /** The four event fields x, y, t, p in canonical order. */
  public static List<Field> eventFields() {
    return List.of(X_FIELD, Y_FIELD, T_FIELD, P_FIELD);
  }

  /** The bare event schema (no metadata). */
  public static Schema arrowSchema() {
    return new Schema(eventFields());
  }

  /** The event schema with the version and, if known, the sensor geometry as metadata. */
  public static Schema arrowSchema(SensorGeometry geometry) {
    return new Schema(eventFields(), metadata(geometry));
  }

  /** The schema metadata entries for a geometry (which may be null). */
  public static Map<String, String> metadata(SensorGeometry geometry) {
    if (geometry == null) {
      return Map.of(META_VERSION, Integer.toString(VERSION));
    }
    return Map.of(
        META_VERSION, Integer.toString(VERSION),
        META_WIDTH, Integer.toString(geometry.width()),
        META_HEIGHT, Integer.toString(geometry.height()));
  }

  private static Field notNull(String name, ArrowType type) {
    return new Field(name, FieldType.notNullable(type), null);
  }
}
