package org.tnas.pipelines.synthesize;

import java.util.Objects;

/**
 * What {@code tnas synthesize} produced.
 *
 * @param output the committed shard set
 * @param clips clips converted
 * @param frames frames emulated
 * @param events events written
 * @param shards shard files
 * @param seconds wall time
 */
public record SynthesizeResult(String output, int clips, long frames, long events, int shards, double seconds) {
  public SynthesizeResult {
    Objects.requireNonNull(output, "output is null");
  }
}
