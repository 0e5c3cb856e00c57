package org.tnas.udfs.core;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Parses the textual form of an {@link AugmentationPipeline}, used by the SQL functions and the
 * command line: steps separated by {@code ;}, each {@code name(key=value,...)@probability} where the
 * parameter list and the probability (default 1) are optional, e.g.
 *
 * <pre>hflip@0.5; background_noise(fraction=0.2)@0.5; event_drop; crop(min_scale=0.08)</pre>
 *
 * The preset {@code spiking_fer} expands to {@link AugmentationPipeline#spikingFer()}.
 *
 * <table>
 *   <caption>Names and parameters (defaults in brackets)</caption>
 *   <tr><td>crop</td><td>min_scale [0.08], max_scale [1], min_aspect [0.75], max_aspect [1.333]</td></tr>
 *   <tr><td>hflip</td><td>-</td></tr>
 *   <tr><td>background_noise</td><td>fraction [0.2] or severity (1..5)</td></tr>
 *   <tr><td>uniform_noise</td><td>count, or min_count and max_count</td></tr>
 *   <tr><td>polarity_flip</td><td>event_probability [1]</td></tr>
 *   <tr><td>time_reversal</td><td>invert_polarity [true]</td></tr>
 *   <tr><td>drop_by_time, drop_by_area, random_drop</td><td>ratio, or min_ratio and max_ratio</td></tr>
 *   <tr><td>event_drop</td><td>empty = restore | keep [restore]</td></tr>
 *   <tr><td>mirror</td><td>side = left | right | random [random]</td></tr>
 *   <tr><td>spatial_jitter</td><td>variance_x [1], variance_y [1], covariance [0], out_of_bounds = drop | clamp [drop]</td></tr>
 *   <tr><td>time_jitter</td><td>std (microseconds, required)</td></tr>
 *   <tr><td>time_clip</td><td>duration (microseconds, required), step [1] (microseconds between candidate starts)</td></tr>
 *   <tr><td>denoise</td><td>filter_time (microseconds, required)</td></tr>
 *   <tr><td>refractory</td><td>period (microseconds, required)</td></tr>
 *   <tr><td>center_crop, downsample</td><td>width, height (required)</td></tr>
 * </table>
 *
 * Unknown names, unknown or missing keys and malformed numbers are errors ({@code
 * IllegalArgumentException "Invalid ..."}). Stateless and thread safe.
 */
public final class AugmentationSpecs {
  private AugmentationSpecs() {}

  /** Parses a pipeline; an empty or blank text gives the empty pipeline. */
  public static AugmentationPipeline parse(String spec) {
    Objects.requireNonNull(spec, "spec is null");
    List<AugmentationPipeline.Step> steps = new ArrayList<>();
    for (String part : spec.split(";")) {
      String text = part.trim();
      if (text.isEmpty()) {
        continue;
      }
      double probability = 1;
      int at = text.lastIndexOf('@');
      if (at >= 0) {
        probability = number(text.substring(at + 1).trim(), "probability", text);
        text = text.substring(0, at).trim();
      }
      String name = text;
      Map<String, String> parameters = new LinkedHashMap<>();
      int open = text.indexOf('(');
      if (open >= 0) {
        if (!text.endsWith(")")) {
          throw new IllegalArgumentException("Invalid augmentation step: " + part.trim() + " (missing ')')");
        }
        name = text.substring(0, open).trim();
        String inside = text.substring(open + 1, text.length() - 1).trim();
        if (!inside.isEmpty()) {
          for (String pair : inside.split(",")) {
            int equals = pair.indexOf('=');
            String key = (equals < 0 ? pair : pair.substring(0, equals)).trim().toLowerCase(Locale.ROOT);
            String value = equals < 0 ? "true" : pair.substring(equals + 1).trim();
            if (key.isEmpty() || parameters.put(key, value) != null) {
              throw new IllegalArgumentException("Invalid parameter of " + name + ": '" + pair.trim() + "'");
            }
          }
        }
      }
      name = name.toLowerCase(Locale.ROOT);
      if (name.equals("spiking_fer")) {
        if (!parameters.isEmpty() || at >= 0) {
          throw new IllegalArgumentException("Invalid augmentation step: " + part.trim() + " (the preset takes no parameters or probability)");
        }
        steps.addAll(AugmentationPipeline.spikingFer().steps());
        continue;
      }
      steps.add(new AugmentationPipeline.Step(augmentation(name, parameters), probability));
    }
    return new AugmentationPipeline(steps);
  }

  /** One augmentation from its name and parameters. */
  public static Augmentation augmentation(String name, Map<String, String> parameters) {
    Parameters p = new Parameters(name, parameters);
    Augmentation result = switch (name) {
      case "crop" -> new Augmentations.Crop(
          p.real("min_scale", 0.08), p.real("max_scale", 1), p.real("min_aspect", 0.75), p.real("max_aspect", 4.0 / 3));
      case "hflip" -> new Augmentations.HorizontalFlip();
      case "background_noise" -> p.has("severity")
          ? Augmentations.BackgroundNoise.severity((int) p.integer("severity"))
          : new Augmentations.BackgroundNoise(p.real("fraction", 0.2));
      case "uniform_noise" -> p.has("count")
          ? new Augmentations.UniformNoise((int) p.integer("count"), (int) p.integer("count"))
          : new Augmentations.UniformNoise((int) p.integer("min_count"), (int) p.integer("max_count"));
      case "polarity_flip" -> new Augmentations.PolarityFlip(p.real("event_probability", 1));
      case "time_reversal" -> new Augmentations.TimeReversal(p.bool("invert_polarity", true));
      case "drop_by_time" -> new Augmentations.DropByTime(p.min("ratio"), p.max("ratio"));
      case "drop_by_area" -> new Augmentations.DropByArea(p.min("ratio"), p.max("ratio"));
      case "random_drop" -> new Augmentations.RandomDrop(p.min("ratio"), p.max("ratio"));
      case "event_drop" -> new Augmentations.EventDrop(switch (p.text("empty", "restore")) {
        case "restore" -> Augmentations.EmptyResult.RESTORE_ORIGINAL;
        case "keep" -> Augmentations.EmptyResult.KEEP_EMPTY;
        default -> throw new IllegalArgumentException("Invalid empty of event_drop: " + p.text("empty", "") + " (expected restore or keep)");
      });
      case "mirror" -> new Augmentations.Mirror(p.choice("side", Augmentations.MirrorSide.class, Augmentations.MirrorSide.RANDOM));
      case "spatial_jitter" -> new Augmentations.SpatialJitter(
          p.real("variance_x", 1), p.real("variance_y", 1), p.real("covariance", 0),
          p.choice("out_of_bounds", GeometryKernels.OutOfBounds.class, GeometryKernels.OutOfBounds.DROP));
      case "time_jitter" -> new Augmentations.TimeJitter(p.real("std", Double.NaN));
      case "time_clip" -> new Augmentations.TimeClip(p.integer("duration"), p.has("step") ? p.integer("step") : 1);
      case "denoise" -> new Augmentations.Denoise(p.integer("filter_time"));
      case "refractory" -> new Augmentations.RefractoryFilter(p.integer("period"));
      case "center_crop" -> new Augmentations.CenterCrop((int) p.integer("width"), (int) p.integer("height"));
      case "downsample" -> new Augmentations.Downsample((int) p.integer("width"), (int) p.integer("height"));
      default -> throw new IllegalArgumentException("Invalid augmentation: " + name);
    };
    p.requireAllUsed();
    return result;
  }

  private static double number(String text, String what, String context) {
    try {
      return Double.parseDouble(text);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("Invalid " + what + ": '" + text + "' in " + context, e);
    }
  }

  /** Typed access to one step's parameters, remembering which were read. */
  private static final class Parameters {
    private final String name;
    private final Map<String, String> values;
    private final java.util.Set<String> used = new java.util.HashSet<>();

    Parameters(String name, Map<String, String> values) {
      this.name = name;
      this.values = values;
    }

    boolean has(String key) {
      return values.containsKey(key);
    }

    String text(String key, String fallback) {
      used.add(key);
      return values.getOrDefault(key, fallback).toLowerCase(Locale.ROOT);
    }

    double real(String key, double fallback) {
      used.add(key);
      String value = values.get(key);
      if (value == null) {
        if (Double.isNaN(fallback)) {
          throw new IllegalArgumentException("Invalid " + name + ": missing " + key);
        }
        return fallback;
      }
      return number(value, key + " of " + name, name);
    }

    long integer(String key) {
      used.add(key);
      String value = values.get(key);
      if (value == null) {
        throw new IllegalArgumentException("Invalid " + name + ": missing " + key);
      }
      try {
        return Long.parseLong(value);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("Invalid " + key + " of " + name + ": '" + value + "'", e);
      }
    }

    boolean bool(String key, boolean fallback) {
      String value = text(key, Boolean.toString(fallback));
      return switch (value) {
        case "true" -> true;
        case "false" -> false;
        default -> throw new IllegalArgumentException("Invalid " + key + " of " + name + ": '" + value + "'");
      };
    }

    double min(String key) {
      return has(key) ? real(key, 0) : real("min_" + key, Double.NaN);
    }

    double max(String key) {
      return has(key) ? real(key, 0) : real("max_" + key, Double.NaN);
    }

    <E extends Enum<E>> E choice(String key, Class<E> type, E fallback) {
      String value = text(key, fallback.name());
      try {
        return Enum.valueOf(type, value.toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("Invalid " + key + " of " + name + ": '" + value + "'", e);
      }
    }

    void requireAllUsed() {
      for (String key : values.keySet()) {
        if (!used.contains(key)) {
          throw new IllegalArgumentException("Invalid parameter of " + name + ": " + key);
        }
      }
    }
  }
}
