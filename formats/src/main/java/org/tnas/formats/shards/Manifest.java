package org.tnas.formats.shards;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.tnas.formats.errors.EventErrorCode;
import org.tnas.formats.errors.EventFormatException;
import org.tnas.formats.errors.ProjectException;
import org.tnas.formats.events.EventSchema;
import org.tnas.formats.fs.HadoopFiles;

/**
 * The commit point of a shard set: {@code manifest.json} in the shard set directory lists every
 * visible shard with its sample count, event count, byte size, SHA-256, schema version and sample
 * entries. Readers see exactly these shards; anything else in the directory (shards of crashed
 * writers, {@code _temporary}) is ignored. Immutable and serialisable.
 *
 * <p>JSON layout (snake_case): {@code format} ({@value #FORMAT}), {@code manifest_version}, {@code
 * schema_version}, {@code samples}, {@code events}, {@code bytes}, {@code properties} (free
 * string pairs, e.g. the command that produced the set), {@code shards} (each: {@code file, writer,
 * samples, events, bytes, sha256, schema_version, min_t, max_t, sample_entries}).
 *
 * @param manifestVersion the version of this JSON layout ({@value #VERSION})
 * @param schemaVersion the event schema version of every shard
 * @param shards the shards, in reading order
 * @param properties free key/value pairs recorded with the set (sorted)
 */
public record Manifest(int manifestVersion, int schemaVersion, List<ShardInfo> shards, Map<String, String> properties)
    implements java.io.Serializable {
  /** The manifest file name inside a shard set directory. */
  public static final String FILE_NAME = "manifest.json";
  /** The directory of files being written; never read. */
  public static final String TEMPORARY_DIRECTORY = "_temporary";
  /** The value of the {@code format} field. */
  public static final String FORMAT = "tnas-event-shards";
  /** The manifest layout version this build writes and reads. */
  public static final int VERSION = 1;

  public Manifest {
    Objects.requireNonNull(shards, "shards is null");
    Objects.requireNonNull(properties, "properties is null");
    if (manifestVersion != VERSION) {
      throw new IllegalArgumentException("Invalid manifest version: " + manifestVersion + " (this build reads " + VERSION + ")");
    }
    if (schemaVersion != EventSchema.VERSION) {
      throw new IllegalArgumentException("Invalid schema version: " + schemaVersion + " (this build reads " + EventSchema.VERSION + ")");
    }
    shards = List.copyOf(shards);
    properties = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(properties));
    Map<String, String> files = new HashMap<>();
    Map<String, String> owners = new HashMap<>();
    for (ShardInfo shard : shards) {
      if (shard.schemaVersion() != schemaVersion) {
        throw new IllegalArgumentException(
            "Invalid schema version of shard " + shard.fileName() + ": " + shard.schemaVersion() + " (expected " + schemaVersion + ")");
      }
      if (files.put(shard.fileName(), shard.fileName()) != null) {
        throw new IllegalArgumentException("Invalid shard list: " + shard.fileName() + " is listed twice");
      }
      for (SampleEntry entry : shard.samples()) {
        String previous = owners.put(entry.sampleId(), shard.fileName());
        if (previous != null) {
          throw new IllegalArgumentException(
              "Invalid shard set: duplicate sample id " + entry.sampleId() + " in " + previous + " and " + shard.fileName());
        }
      }
    }
  }

  /** Number of samples over all shards. */
  public long sampleCount() {
    return shards.stream().mapToLong(ShardInfo::sampleCount).sum();
  }

  /** Number of events over all shards. */
  public long eventCount() {
    return shards.stream().mapToLong(ShardInfo::eventCount).sum();
  }

  /** Total size of the shard files in bytes. */
  public long byteSize() {
    return shards.stream().mapToLong(ShardInfo::byteSize).sum();
  }

  /** All sample ids, shard by shard in file order. */
  public List<String> sampleIds() {
    List<String> ids = new ArrayList<>();
    shards.forEach(s -> ids.addAll(s.sampleIds()));
    return ids;
  }

  /** The JSON text of this manifest. */
  public String toJson() {
    ObjectNode node = ShardJson.MAPPER.createObjectNode();
    node.put("format", FORMAT);
    node.put("manifest_version", manifestVersion);
    node.put("schema_version", schemaVersion);
    node.put("samples", sampleCount());
    node.put("events", eventCount());
    node.put("bytes", byteSize());
    ObjectNode props = node.putObject("properties");
    properties.forEach(props::put);
    var array = node.putArray("shards");
    shards.forEach(s -> array.add(ShardJson.shard(s)));
    return ShardJson.write(node) + "\n";
  }

  /**
   * Parses a manifest.
   *
   * @param json the JSON text
   * @param source the file it came from, used in messages
   * @throws EventFormatException (CORRUPT_SHARD) naming the source when the JSON is malformed, a
   *     field is missing, the version is not {@value #VERSION} or a sample id repeats
   */
  public static Manifest fromJson(String json, String source) {
    Objects.requireNonNull(json, "json is null");
    Objects.requireNonNull(source, "source is null");
    JsonNode node = ShardJson.parse(json, source);
    if (!node.isObject() || !FORMAT.equals(node.path("format").asText())) {
      throw new EventFormatException(EventErrorCode.CORRUPT_SHARD, source, -1, "Invalid manifest: format is not " + FORMAT);
    }
    long version = ShardJson.number(node, "manifest_version", source);
    if (version != VERSION) {
      throw new EventFormatException(
          EventErrorCode.CORRUPT_SHARD, source, -1, "Invalid manifest version: " + version + " (this build reads " + VERSION + ")");
    }
    long schemaVersion = ShardJson.number(node, "schema_version", source);
    if (schemaVersion != EventSchema.VERSION) {
      throw new EventFormatException(
          EventErrorCode.CORRUPT_SHARD,
          source,
          -1,
          "Invalid schema version: " + schemaVersion + " (this build reads " + EventSchema.VERSION + ")");
    }
    List<ShardInfo> shards = new ArrayList<>();
    for (JsonNode shard : ShardJson.array(node, "shards", source)) {
      shards.add(ShardJson.shard(shard, source));
    }
    Map<String, String> properties = new LinkedHashMap<>();
    Iterator<Map.Entry<String, JsonNode>> fields = ShardJson.object(node, "properties", source).fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> field = fields.next();
      properties.put(field.getKey(), field.getValue().asText());
    }
    Manifest manifest;
    try {
      manifest = new Manifest(VERSION, (int) schemaVersion, shards, properties);
    } catch (IllegalArgumentException e) {
      throw new EventFormatException(EventErrorCode.CORRUPT_SHARD, source, -1, e.getMessage(), e);
    }
    long samples = ShardJson.number(node, "samples", source);
    long events = ShardJson.number(node, "events", source);
    long bytes = ShardJson.number(node, "bytes", source);
    if (samples != manifest.sampleCount() || events != manifest.eventCount() || bytes != manifest.byteSize()) {
      throw new EventFormatException(
          EventErrorCode.CORRUPT_SHARD,
          source,
          -1,
          "Invalid manifest: totals (" + samples + " samples, " + events + " events, " + bytes + " bytes) disagree with its shards ("
              + manifest.sampleCount() + ", " + manifest.eventCount() + ", " + manifest.byteSize() + ")");
    }
    return manifest;
  }

  /**
   * Commits a shard set: checks that the shards' sample ids are unique and that every listed shard
   * exists in {@code dir} with its recorded size, then writes {@code manifest.json} atomically ({@link
   * HadoopFiles#writeAtomically}: a hidden temporary file, then renamed). Called once, by the driver, with the union of the {@link
   * ShardInfo}s returned by every writer's {@link ShardSetWriter#finish()}.
   *
   * @throws ProjectException CORRUPT_SHARD with a clear message on a duplicate sample id, a missing
   *     or resized shard, or an existing manifest (a shard set is committed once); IO_FAILURE when
   *     the file system fails
   */
  public static Manifest commit(Path dir, Configuration conf, List<ShardInfo> shards, Map<String, String> properties) {
    Objects.requireNonNull(dir, "dir is null");
    Objects.requireNonNull(conf, "conf is null");
    Objects.requireNonNull(shards, "shards is null");
    Objects.requireNonNull(properties, "properties is null");
    Manifest manifest;
    try {
      manifest = new Manifest(VERSION, EventSchema.VERSION, shards, properties);
    } catch (IllegalArgumentException e) {
      throw new ProjectException(EventErrorCode.CORRUPT_SHARD, "Cannot commit manifest in " + dir + ": " + e.getMessage(), e);
    }
    Path target = new Path(dir, FILE_NAME);
    try {
      FileSystem fs = dir.getFileSystem(conf);
      for (ShardInfo shard : manifest.shards()) {
        Path file = new Path(dir, shard.fileName());
        FileStatus status;
        try {
          status = fs.getFileStatus(file);
        } catch (FileNotFoundException e) {
          throw new ProjectException(
              EventErrorCode.CORRUPT_SHARD, "Cannot commit manifest: shard " + shard.fileName() + " does not exist in " + dir);
        }
        if (status.getLen() != shard.byteSize()) {
          throw new ProjectException(
              EventErrorCode.CORRUPT_SHARD,
              "Cannot commit manifest: shard " + shard.fileName() + " has " + status.getLen() + " bytes, its writer reported " + shard.byteSize());
        }
      }
      if (fs.exists(target)) {
        throw new ProjectException(EventErrorCode.CORRUPT_SHARD, "Cannot commit manifest: " + target + " already exists");
      }
      HadoopFiles.writeAtomically(target, conf, manifest.toJson().getBytes(StandardCharsets.UTF_8), HadoopFiles.Existing.KEEP);
      ShardIo.deleteIfEmpty(fs, new Path(dir, TEMPORARY_DIRECTORY));
      return manifest;
    } catch (IOException e) {
      throw ShardIo.failure("commit manifest " + target, e);
    }
  }

  /**
   * Reads and validates {@code dir/manifest.json}.
   *
   * @throws ProjectException CORRUPT_SHARD when the manifest is absent (the set was never
   *     committed), malformed, or of another version; IO_FAILURE when the file system fails
   */
  public static Manifest read(Path dir, Configuration conf) {
    Objects.requireNonNull(dir, "dir is null");
    Objects.requireNonNull(conf, "conf is null");
    Path file = new Path(dir, FILE_NAME);
    try {
      FileSystem fs = dir.getFileSystem(conf);
      byte[] bytes;
      try (InputStream in = fs.open(file)) {
        bytes = in.readAllBytes();
      } catch (FileNotFoundException e) {
        throw new ProjectException(
            EventErrorCode.CORRUPT_SHARD, "Cannot open shard set: " + file + " does not exist (the set was never committed)");
      }
      return fromJson(new String(bytes, StandardCharsets.UTF_8), file.toString());
    } catch (IOException e) {
      throw ShardIo.failure("read manifest " + file, e);
    }
  }

  /** The entry of a sample and the shard holding it, if the manifest lists the id. */
  public Optional<Location> locate(String sampleId) {
    Objects.requireNonNull(sampleId, "sampleId is null");
    for (ShardInfo shard : shards) {
      for (SampleEntry entry : shard.samples()) {
        if (entry.sampleId().equals(sampleId)) {
          return Optional.of(new Location(shard, entry));
        }
      }
    }
    return Optional.empty();
  }

  /** A sample's entry together with its shard. */
  public record Location(ShardInfo shard, SampleEntry entry) implements java.io.Serializable {
    public Location {
      Objects.requireNonNull(shard, "shard is null");
      Objects.requireNonNull(entry, "entry is null");
    }
  }
}
