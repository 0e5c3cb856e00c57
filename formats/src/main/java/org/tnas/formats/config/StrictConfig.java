package org.tnas.formats.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.TreeMap;
import org.tnas.formats.errors.ProjectException;

/**
 * Strict layered configuration: the values of declared {@link ConfigKey}s, resolved with the
 * precedence <b>command-line option &gt; {@code --conf key=value} &gt; configuration file &gt;
 * default</b>. A key that is not declared fails at start-up with {@code "Invalid config key: ..."}
 * naming the source and the known keys, so a typo never silently falls back to a default.
 *
 * <p>Immutable; build one with {@link #builder(List)}. Not meant to be serialised to executors:
 * jobs turn it into small typed records first.
 */
public final class StrictConfig {
  private final Map<String, ConfigKey<?>> keys;
  private final Map<String, String> values;
  private final Map<String, String> origins;

  private StrictConfig(Map<String, ConfigKey<?>> keys, Map<String, String> values, Map<String, String> origins) {
    this.keys = keys;
    this.values = values;
    this.origins = origins;
  }

  /** Starts a configuration over the declared keys. */
  public static Builder builder(List<ConfigKey<?>> declared) {
    return new Builder(declared);
  }

  /** The typed value of a key (its default when unset); fails if required and unset. */
  public <T> T get(ConfigKey<T> key) {
    Objects.requireNonNull(key, "key is null");
    if (!keys.containsKey(key.name())) {
      throw new IllegalArgumentException("Invalid config key: " + key.name() + " (not declared)");
    }
    String raw = values.get(key.name());
    if (raw == null) {
      if (key.defaultValue() == null) {
        throw new ProjectException(
            ConfigErrorCode.MISSING_CONFIG, "Cannot start: required setting " + key.name() + " is not set (" + key.description() + ")");
      }
      return key.defaultValue();
    }
    try {
      return key.parse(raw);
    } catch (IllegalArgumentException e) {
      throw new ProjectException(
          ConfigErrorCode.INVALID_CONFIG, e.getMessage() + " from " + origins.get(key.name()), e);
    }
  }

  /** Whether the key was set explicitly (not a default). */
  public boolean isSet(ConfigKey<?> key) {
    return values.containsKey(key.name());
  }

  /** All explicitly set values with their origins, sorted by key (for logs and run records). */
  public Map<String, String> explicitValues() {
    return Collections.unmodifiableMap(new TreeMap<>(values));
  }

  /** Resolved values of every declared key as text (defaults included), sorted by key. */
  public Map<String, String> resolved() {
    Map<String, String> all = new TreeMap<>();
    for (ConfigKey<?> key : keys.values()) {
      Object value = values.containsKey(key.name()) ? get(key) : key.defaultValue();
      all.put(key.name(), value == null ? "" : String.valueOf(value));
    }
    return all;
  }

  /** A documentation table of the declared keys: name, default, description. */
  public static String describe(List<ConfigKey<?>> declared) {
    StringBuilder text = new StringBuilder();
    for (ConfigKey<?> key : declared) {
      text.append(String.format(java.util.Locale.ROOT, "  %-36s %-14s %s%n",
          key.name(), key.defaultValue() == null ? "(required)" : String.valueOf(key.defaultValue()), key.description()));
    }
    return text.toString();
  }

  /** Builds a {@link StrictConfig}; apply layers from lowest to highest precedence. */
  public static final class Builder {
    private final Map<String, ConfigKey<?>> keys = new LinkedHashMap<>();
    private final Map<String, String> values = new LinkedHashMap<>();
    private final Map<String, String> origins = new LinkedHashMap<>();

    private Builder(List<ConfigKey<?>> declared) {
      for (ConfigKey<?> key : declared) {
        if (keys.put(key.name(), key) != null) {
          throw new IllegalArgumentException("Invalid config key: " + key.name() + " (declared twice)");
        }
      }
    }

    /** Layer: a Java properties file (lowest explicit precedence). */
    public Builder file(Path file) {
      Properties properties = new Properties();
      try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
        properties.load(reader);
      } catch (IOException e) {
        throw new ProjectException(ConfigErrorCode.INVALID_CONFIG, "Cannot read config file: " + file + ": " + e.getMessage(), e);
      }
      Map<String, String> entries = new TreeMap<>();
      for (String name : properties.stringPropertyNames()) {
        entries.put(name, properties.getProperty(name));
      }
      return layer(entries, "config file " + file);
    }

    /** Layer: {@code --conf key=value} pairs. */
    public Builder confPairs(List<String> pairs) {
      Map<String, String> entries = new LinkedHashMap<>();
      for (String pair : pairs) {
        int eq = pair.indexOf('=');
        if (eq <= 0) {
          throw new ProjectException(ConfigErrorCode.INVALID_CONFIG, "Invalid --conf entry: " + pair + " (expected key=value)");
        }
        entries.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
      }
      return layer(entries, "--conf");
    }

    /** Layer: values from dedicated command-line options (highest precedence); null values are skipped. */
    public Builder options(Map<String, String> entries) {
      Map<String, String> present = new LinkedHashMap<>();
      entries.forEach((k, v) -> {
        if (v != null) {
          present.put(k, v);
        }
      });
      return layer(present, "command line");
    }

    /** A generic layer whose later calls override earlier ones. */
    public Builder layer(Map<String, String> entries, String origin) {
      List<String> unknown = new ArrayList<>();
      for (String name : entries.keySet()) {
        if (!keys.containsKey(name)) {
          unknown.add(name);
        }
      }
      if (!unknown.isEmpty()) {
        throw new ProjectException(
            ConfigErrorCode.UNKNOWN_CONFIG_KEY,
            "Invalid config key: " + String.join(", ", unknown) + " (from " + origin + "; known keys: "
                + String.join(", ", new TreeMap<>(keys).keySet()) + ")");
      }
      entries.forEach((name, value) -> {
        values.put(name, value);
        origins.put(name, origin);
      });
      return this;
    }

    /** Validates every set value eagerly and returns the configuration. */
    public StrictConfig build() {
      StrictConfig config = new StrictConfig(Map.copyOf(keys), Map.copyOf(values), Map.copyOf(origins));
      for (String name : values.keySet()) {
        config.get(keys.get(name));
      }
      return config;
    }
  }
}
