package org.tnas.formats.shards;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.tnas.formats.errors.EventErrorCode;
import org.tnas.formats.errors.EventFormatException;
import org.tnas.formats.events.SensorGeometry;
import org.tnas.formats.samples.SampleRecord;

/**
 * JSON form of sample entries, shards and manifests (explicit snake_case field names, no Jackson
 * annotations on the records). Used for the shard footer and for manifest.json. Thread safe.
 */
final class ShardJson {
  static final ObjectMapper MAPPER = new ObjectMapper();

  private ShardJson() {}

  static ObjectNode entry(SampleEntry entry) {
    ObjectNode node = MAPPER.createObjectNode();
    SampleRecord record = entry.record();
    node.put("id", record.sampleId());
    node.put("dataset", record.dataset());
    node.put("subject", record.subject());
    node.put("label_index", record.labelIndex());
    node.put("label_name", record.labelName());
    node.put("split", record.split());
    ArrayNode folds = node.putArray("test_folds");
    record.testFolds().forEach(folds::add);
    node.put("source_path", record.sourcePath());
    ObjectNode parameters = node.putObject("parameters");
    record.parameters().forEach(parameters::put);
    node.put("width", entry.geometry().width());
    node.put("height", entry.geometry().height());
    node.put("events", entry.eventCount());
    node.put("on", entry.onCount());
    node.put("first_batch", entry.firstBatch());
    node.put("batches", entry.batchCount());
    node.put("min_t", entry.minTimestamp());
    node.put("max_t", entry.maxTimestamp());
    return node;
  }

  static SampleEntry entry(JsonNode node, String source) {
    try {
      TreeSet<Integer> folds = new TreeSet<>();
      for (JsonNode fold : array(node, "test_folds", source)) {
        folds.add(fold.asInt());
      }
      Map<String, String> parameters = new LinkedHashMap<>();
      Iterator<Map.Entry<String, JsonNode>> fields = object(node, "parameters", source).fields();
      while (fields.hasNext()) {
        Map.Entry<String, JsonNode> field = fields.next();
        parameters.put(field.getKey(), field.getValue().asText());
      }
      SampleRecord record =
          new SampleRecord(
              text(node, "id", source),
              text(node, "dataset", source),
              text(node, "subject", source),
              (int) number(node, "label_index", source),
              text(node, "label_name", source),
              text(node, "split", source),
              folds,
              text(node, "source_path", source),
              parameters);
      return new SampleEntry(
          record,
          new SensorGeometry((int) number(node, "width", source), (int) number(node, "height", source)),
          number(node, "events", source),
          number(node, "on", source),
          (int) number(node, "first_batch", source),
          (int) number(node, "batches", source),
          number(node, "min_t", source),
          number(node, "max_t", source));
    } catch (IllegalArgumentException e) {
      throw new EventFormatException(
          EventErrorCode.CORRUPT_SHARD, source, -1, "Invalid sample entry " + node.path("id").asText("?") + ": " + e.getMessage(), e);
    }
  }

  static String entries(List<SampleEntry> entries) {
    ArrayNode array = MAPPER.createArrayNode();
    entries.forEach(e -> array.add(entry(e)));
    return write(array);
  }

  static List<SampleEntry> entries(String json, String source) {
    JsonNode node = parse(json, source);
    if (!node.isArray()) {
      throw new EventFormatException(EventErrorCode.CORRUPT_SHARD, source, -1, "Invalid sample list: not a JSON array");
    }
    List<SampleEntry> entries = new ArrayList<>();
    for (JsonNode item : node) {
      entries.add(entry(item, source));
    }
    return entries;
  }

  static ObjectNode shard(ShardInfo shard) {
    ObjectNode node = MAPPER.createObjectNode();
    node.put("file", shard.fileName());
    node.put("writer", shard.writerId());
    node.put("samples", shard.sampleCount());
    node.put("events", shard.eventCount());
    node.put("bytes", shard.byteSize());
    node.put("sha256", shard.sha256());
    node.put("schema_version", shard.schemaVersion());
    node.put("min_t", shard.minTimestamp());
    node.put("max_t", shard.maxTimestamp());
    ArrayNode samples = node.putArray("sample_entries");
    shard.samples().forEach(e -> samples.add(entry(e)));
    return node;
  }

  static ShardInfo shard(JsonNode node, String source) {
    List<SampleEntry> entries = new ArrayList<>();
    for (JsonNode item : array(node, "sample_entries", source)) {
      entries.add(entry(item, source));
    }
    ShardInfo shard;
    try {
      shard =
          new ShardInfo(
              text(node, "file", source),
              text(node, "writer", source),
              number(node, "bytes", source),
              text(node, "sha256", source),
              (int) number(node, "schema_version", source),
              entries);
    } catch (IllegalArgumentException e) {
      throw new EventFormatException(EventErrorCode.CORRUPT_SHARD, source, -1, "Invalid shard entry: " + e.getMessage(), e);
    }
    // the redundant totals are there for humans and other tools; they must agree with the entries
    if (number(node, "samples", source) != shard.sampleCount() || number(node, "events", source) != shard.eventCount()) {
      throw new EventFormatException(
          EventErrorCode.CORRUPT_SHARD,
          source,
          -1,
          "Invalid shard entry " + shard.fileName() + ": totals (" + node.get("samples") + " samples, " + node.get("events")
              + " events) disagree with its sample entries (" + shard.sampleCount() + ", " + shard.eventCount() + ")");
    }
    return shard;
  }

  static JsonNode parse(String json, String source) {
    try {
      return MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      long offset = e.getLocation() == null ? -1 : e.getLocation().getCharOffset();
      throw new EventFormatException(
          EventErrorCode.CORRUPT_SHARD, source, offset, "Invalid JSON: " + e.getOriginalMessage(), e);
    }
  }

  static String write(JsonNode node) {
    try {
      return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Cannot write JSON: " + e.getMessage(), e);
    }
  }

  static String text(JsonNode node, String field, String source) {
    JsonNode value = node.get(field);
    if (value == null || !value.isTextual()) {
      throw missing(field, "a string", source);
    }
    return value.asText();
  }

  static long number(JsonNode node, String field, String source) {
    JsonNode value = node.get(field);
    if (value == null || !value.isIntegralNumber() || !value.canConvertToLong()) {
      throw missing(field, "an integer", source);
    }
    return value.asLong();
  }

  static JsonNode array(JsonNode node, String field, String source) {
    JsonNode value = node.get(field);
    if (value == null || !value.isArray()) {
      throw missing(field, "an array", source);
    }
    return value;
  }

  static JsonNode object(JsonNode node, String field, String source) {
    JsonNode value = node.get(field);
    if (value == null || !value.isObject()) {
      throw missing(field, "an object", source);
    }
    return value;
  }

  private static EventFormatException missing(String field, String what, String source) {
    return new EventFormatException(
        EventErrorCode.CORRUPT_SHARD, source, -1, "Invalid field " + field + ": missing or not " + what);
  }
}
