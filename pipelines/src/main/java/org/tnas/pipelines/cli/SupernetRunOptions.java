package org.tnas.pipelines.cli;

import org.tnas.pipelines.pipeline.PipelineSettings;
import picocli.CommandLine.Option;

/**
 * The inputs of a command that runs on a trained supernet ({@code tnas search}, {@code tnas
 * ranking}): the output directory, the labelled shard set and the supernet checkpoint, all required,
 * and the {@code pipeline.*} settings they stand for.
 */
final class SupernetRunOptions {
  @Option(names = {"-o", "--output"}, required = true, paramLabel = "<dir>", description = "Output directory (pipeline.output).")
  String output;

  @Option(names = "--shards", required = true, paramLabel = "<dir>", description = "The labelled shard set (pipeline.shards).")
  String shards;

  @Option(names = "--supernet", required = true, paramLabel = "<checkpoint>", description = "The trained supernet (pipeline.supernet.checkpoint).")
  String supernet;

  /** The options as settings keys and values, followed by {@code more} (for {@link JobOptions#options}). */
  Object[] settings(Object... more) {
    Object[] all = new Object[6 + more.length];
    all[0] = PipelineSettings.OUTPUT;
    all[1] = output;
    all[2] = PipelineSettings.SHARDS;
    all[3] = shards;
    all[4] = PipelineSettings.SUPERNET;
    all[5] = supernet;
    System.arraycopy(more, 0, all, 6, more.length);
    return all;
  }
}
