package org.tnas.search.supernet;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.tnas.formats.fs.HadoopFiles;

/**
 * What determined a trained supernet (data digests, inputs, split, space, training settings, the
 * checkpoint's digest and the probe losses), stored as sorted {@code key=value} lines next to the
 * checkpoint so that a resumed run can tell whether the supernet it finds is the one it would
 * train. Immutable.
 *
 * @param values the entries, sorted by key
 */
public record TrainingIdentity(SortedMap<String, String> values) {
  /** The key holding the SHA-256 of the trained checkpoint's bytes. */
  public static final String CHECKPOINT_DIGEST = "checkpoint.sha256";
  /** The key holding the probe path's validation loss before training. */
  public static final String PROBE_LOSS_BEFORE = "probe.loss.before";
  /** The key holding the probe path's validation loss after training. */
  public static final String PROBE_LOSS_AFTER = "probe.loss.after";

  public TrainingIdentity {
    values = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(Objects.requireNonNull(values, "values is null")));
  }

  /** An identity of the given entries. */
  public static TrainingIdentity of(Map<String, String> values) {
    return new TrainingIdentity(new TreeMap<>(values));
  }

  /** A copy with one more (or a replaced) entry. */
  public TrainingIdentity with(String key, String value) {
    TreeMap<String, String> copy = new TreeMap<>(values);
    copy.put(key, value);
    return new TrainingIdentity(copy);
  }

  /** The value of {@code key}, or null. */
  public String get(String key) {
    return values.get(key);
  }

  /** The value of {@code key} as a number, NaN when absent. */
  public double number(String key) {
    String value = values.get(key);
    return value == null ? Double.NaN : Double.parseDouble(value);
  }

  /**
   * The entries of this identity that {@code stored} records differently, as {@code "key: stored ->
   * this"}; entries only {@code stored} has are not compared (results of training, not inputs).
   */
  public List<String> changesFrom(TrainingIdentity stored) {
    List<String> changes = new ArrayList<>();
    for (Map.Entry<String, String> entry : values.entrySet()) {
      String before = stored.values.get(entry.getKey());
      if (!entry.getValue().equals(before)) {
        changes.add(entry.getKey() + ": " + before + " -> " + entry.getValue());
      }
    }
    return changes;
  }

  /** Writes the identity atomically to {@code path}. */
  public void write(Path path, Configuration conf) {
    StringBuilder text = new StringBuilder();
    values.forEach((key, value) -> text.append(key).append('=').append(value).append('\n'));
    HadoopFiles.writeAtomically(path, conf, text.toString().getBytes(StandardCharsets.UTF_8));
  }

  /** Reads an identity written by {@link #write}. */
  public static TrainingIdentity read(Path path, Configuration conf) {
    TreeMap<String, String> values = new TreeMap<>();
    for (String line : new String(HadoopFiles.read(path, conf), StandardCharsets.UTF_8).split("\n")) {
      int equals = line.indexOf('=');
      if (equals > 0) {
        values.put(line.substring(0, equals), line.substring(equals + 1));
      }
    }
    return new TrainingIdentity(values);
  }
}
