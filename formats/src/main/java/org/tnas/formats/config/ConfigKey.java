package org.tnas.formats.config;

import java.util.Objects;
import java.util.function.Function;

/**
 * A typed configuration key with its default value and documentation. Keys are named {@code
 * area.sub-area.name} in lower-case kebab style (e.g. {@code search.population-size}).
 *
 * @param <T> the value type
 * @param name the key
 * @param defaultValue the default (may be null for "no default, required")
 * @param parser turns the textual value into T, throwing IllegalArgumentException when invalid
 * @param description one line of documentation, printed by {@code tnas ... --help-config}
 */
public record ConfigKey<T>(String name, T defaultValue, Function<String, T> parser, String description) {
  public ConfigKey {
    Objects.requireNonNull(name, "name is null");
    Objects.requireNonNull(parser, "parser is null");
    Objects.requireNonNull(description, "description is null");
    if (!name.matches("[a-z0-9]+(?:[.-][a-z0-9]+)*")) {
      throw new IllegalArgumentException("Invalid config key name: " + name);
    }
  }

  public static ConfigKey<String> string(String name, String defaultValue, String description) {
    return new ConfigKey<>(name, defaultValue, value -> value, description);
  }

  public static ConfigKey<Integer> integer(String name, Integer defaultValue, int min, int max, String description) {
    return new ConfigKey<>(name, defaultValue, value -> (int) parseWhole(name, value, min, max), description);
  }

  public static ConfigKey<Long> longInteger(String name, Long defaultValue, long min, long max, String description) {
    return new ConfigKey<>(name, defaultValue, value -> parseWhole(name, value, min, max), description);
  }

  private static long parseWhole(String name, String value, long min, long max) {
    long parsed;
    try {
      parsed = Long.parseLong(value.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("Invalid " + name + ": " + value + " (expected an integer)", e);
    }
    if (parsed < min || parsed > max) {
      throw new IllegalArgumentException("Invalid " + name + ": " + value + " (expected " + min + ".." + max + ")");
    }
    return parsed;
  }

  public static ConfigKey<Double> decimal(String name, Double defaultValue, double min, double max, String description) {
    return new ConfigKey<>(
        name,
        defaultValue,
        value -> {
          double parsed;
          try {
            parsed = Double.parseDouble(value.trim());
          } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Invalid " + name + ": " + value + " (expected a number)", e);
          }
          if (!(parsed >= min && parsed <= max)) {
            throw new IllegalArgumentException(
                "Invalid " + name + ": " + value + " (expected " + min + ".." + max + ")");
          }
          return parsed;
        },
        description);
  }

  public static ConfigKey<Boolean> bool(String name, Boolean defaultValue, String description) {
    return new ConfigKey<>(
        name,
        defaultValue,
        value -> {
          String v = value.trim().toLowerCase(java.util.Locale.ROOT);
          if (v.equals("true")) {
            return Boolean.TRUE;
          }
          if (v.equals("false")) {
            return Boolean.FALSE;
          }
          throw new IllegalArgumentException("Invalid " + name + ": " + value + " (expected true or false)");
        },
        description);
  }

  /** Parses a value for this key. */
  public T parse(String value) {
    return parser.apply(Objects.requireNonNull(value, "value is null"));
  }
}
