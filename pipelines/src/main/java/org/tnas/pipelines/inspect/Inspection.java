package org.tnas.pipelines.inspect;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.tnas.formats.events.EventStatistics;
import org.tnas.formats.events.SensorGeometry;

/**
 * What {@code tnas inspect} reports about one input.
 *
 * @param uri the inspected URI
 * @param kind {@code event-file}, {@code shard} or {@code dataset}
 * @param format the event format id (e.g. {@code evt3}) or {@code arrow}
 * @param geometry the sensor geometry, or null if neither declared nor inferable
 * @param geometrySource {@code declared} (from the file/metadata), {@code inferred} (max x/y + 1) or {@code unknown}
 * @param statistics event statistics over the whole input
 * @param extra further facts (sample count, shard count...), in print order
 */
public record Inspection(
    String uri,
    String kind,
    String format,
    SensorGeometry geometry,
    String geometrySource,
    EventStatistics statistics,
    Map<String, Object> extra) {
  public Inspection {
    Objects.requireNonNull(uri, "uri is null");
    Objects.requireNonNull(kind, "kind is null");
    Objects.requireNonNull(format, "format is null");
    Objects.requireNonNull(geometrySource, "geometrySource is null");
    Objects.requireNonNull(statistics, "statistics is null");
    extra = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(extra, "extra is null")));
  }

  /** Ordered key/value view used for text and JSON output. */
  public Map<String, Object> toMap() {
    Map<String, Object> map = new LinkedHashMap<>();
    map.put("uri", uri);
    map.put("kind", kind);
    map.put("format", format);
    map.put("width", geometry == null ? null : geometry.width());
    map.put("height", geometry == null ? null : geometry.height());
    map.put("geometry_source", geometrySource);
    map.putAll(statistics.toMap());
    map.putAll(extra);
    return map;
  }
}
