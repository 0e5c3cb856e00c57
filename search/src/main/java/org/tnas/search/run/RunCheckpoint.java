package org.tnas.search.run;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.tnas.formats.errors.ProjectException;
import org.tnas.search.evaluation.EvaluationResult;
import org.tnas.search.evolution.StrategyState;

/**
 * The durable state of a run after a completed generation: the configuration hash and its
 * readable description (to name what changed on a refused resume), the code version, the strategy
 * state (population archive and RNG state), every result so far and the generation summaries.
 * Immutable and serialisable (Java serialisation with a class filter limited to this project and
 * java.*).
 */
public record RunCheckpoint(String configHash, Map<String, String> configuration, String codeVersion,
    StrategyState strategy, List<EvaluationResult> results, List<GenerationSummary> generations)
    implements Serializable {
  public RunCheckpoint {
    Objects.requireNonNull(configHash, "configHash is null");
    configuration = new TreeMap<>(Objects.requireNonNull(configuration, "configuration is null"));
    Objects.requireNonNull(codeVersion, "codeVersion is null");
    Objects.requireNonNull(strategy, "strategy is null");
    results = List.copyOf(Objects.requireNonNull(results, "results is null"));
    generations = List.copyOf(Objects.requireNonNull(generations, "generations is null"));
  }

  /** The serialised bytes. */
  public byte[] toBytes() {
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      try (ObjectOutputStream output = new ObjectOutputStream(bytes)) {
        output.writeObject(this);
      }
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new IllegalStateException("Cannot encode run checkpoint in memory: " + e.getMessage(), e);
    }
  }

  /** Decodes {@link #toBytes()}; {@code source} names the file in errors. */
  public static RunCheckpoint fromBytes(byte[] bytes, String source) {
    try (ObjectInputStream input = new ObjectInputStream(new ByteArrayInputStream(bytes))) {
      input.setObjectInputFilter(ObjectInputFilter.Config.createFilter("org.tnas.**;java.**;!*"));
      return (RunCheckpoint) input.readObject();
    } catch (IOException | ClassNotFoundException | ClassCastException e) {
      throw new ProjectException(SearchRunErrorCode.CORRUPT_RUN_CHECKPOINT, "Invalid run checkpoint " + source + ": "
          + e, e);
    }
  }
}
