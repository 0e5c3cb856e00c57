package org.tnas.pipelines.pipeline;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.tnas.formats.fs.HadoopFiles;
import org.tnas.formats.shards.SampleEntry;
import org.tnas.formats.shards.ShardInfo;
import org.tnas.search.run.FinalModel;
import org.tnas.search.run.RepeatedTestPasses;
import org.tnas.search.ttfs.TtfsMapper;
import org.tnas.search.ttfs.TtfsNetwork;

/**
 * After {@link FinalStage}: SEE's test protocol ({@link TestPassOptions}) - the final model's TTFS
 * net (the retrained weights mapped with the training inputs, as {@link FinalModel#build} maps them)
 * evaluated on {@code protocol.passes()} passes over the test split, pass {@code k} with each test
 * sample's clip drawn from {@code (testSeed, sample id, k)} ({@link FoldInputs#testPass}); summarised
 * as mean ± std by {@link RepeatedTestPasses}. Writes {@value #TABLE} (one row per pass) and
 * {@value #SUMMARY} (metric, mean, std, passes) into the report directory and returns the model
 * card's section. Nothing happens for a single pass or without a final model.
 */
final class TestPassesStage {
  /** One row per pass. */
  static final String TABLE = "test-passes.csv";
  /** Mean and standard deviation of every metric over the passes. */
  static final String SUMMARY = "test-passes-summary.csv";

  private TestPassesStage() {}

  /**
   * @param passes the passes' scores, or null when the run has a single pass
   * @param section the model card's section (empty for none)
   */
  record Result(RepeatedTestPasses.Result passes, String section) {
    static final Result NONE = new Result(null, "");
  }

  /**
   * @param ttfs the TTFS stage's result, or null: when it fine-tuned the net under the {@code ttfs.*}
   *     constraints, the passes test that constrained net (what the hardware runs); with constraints
   *     but no fine-tuning, the transferred net under them; else the exact TTFS net
   */
  static Result run(PipelineSettings settings, PipelineData data, FoldInputs inputs, FinalModel model,
      org.tnas.search.run.TtfsStudy.Result ttfs, String root, Configuration conf) {
    TestPassOptions.Protocol protocol = inputs.protocol();
    if (model == null || inputs.test() == null || !protocol.isRepeated()) {
      return Result.NONE;
    }
    TtfsNetwork network = TtfsMapper.map(model.weights(), inputs.data().calibration().inputs());
    org.tnas.search.ttfs.HardwareConstraints hardware = settings.search().hardware();
    org.tnas.search.ttfs.TtfsSimulator simulator = hardware.simulator(network);
    String tested = hardware.exact() ? "the exact TTFS net" : "the transferred TTFS net under " + hardware.describe();
    if (ttfs != null) {
      for (org.tnas.search.run.TtfsFineTuning.Scored row : ttfs.strategies()) {
        if (row.strategy().equals("relu+transfer+finetune")) {
          simulator = new org.tnas.search.ttfs.TtfsSimulator(row.network(), row.timeBits());
          tested = "the TTFS net fine-tuned under " + hardware.describe();
        }
      }
    }
    Map<String, String> groupOf = groups(settings.groupBy(), data);
    RepeatedTestPasses.Result passes = RepeatedTestPasses.evaluate(simulator, protocol.passes(),
        k -> inputs.testPass(k, conf), groupOf::get);
    Path report = new Path(root + "/" + ReportStage.DIRECTORY);
    int classes = data.classNames().size();
    HadoopFiles.writeAtomically(new Path(report, TABLE), conf, passes.toCsv(classes).getBytes(StandardCharsets.UTF_8));
    HadoopFiles.writeAtomically(new Path(report, SUMMARY), conf, passes.summaryCsv().getBytes(StandardCharsets.UTF_8));
    String description = String.format(Locale.ROOT, "%s: the final model (" + tested + ") on %d passes over the %d test samples;"
        + " pass k tests every sample on its own temporal clip %s, drawn from (pipeline.seed %d, sample, k); training"
        + " drew a fresh clip per epoch, validation and calibration one fixed clip per sample. Mean and sample standard"
        + " deviation over the passes (%s per pass, %s the summary).", protocol.origin(), protocol.passes(),
        inputs.test().size(), protocol.clip().spec(), settings.seed(), TABLE, SUMMARY);
    return new Result(passes, passes.toMarkdown("Test passes: mean ± std over " + protocol.passes() + " passes",
        description, data.classNames(), settings.groupBy().isEmpty() ? "group" : settings.groupBy()));
  }

  /** Each sample's value of the group-by parameter (samples without it are absent). */
  static Map<String, String> groups(String groupBy, PipelineData data) {
    Map<String, String> groupOf = new HashMap<>();
    if (groupBy.isEmpty()) {
      return groupOf;
    }
    for (ShardInfo shard : data.manifest().shards()) {
      for (SampleEntry entry : shard.samples()) {
        String value = entry.record().parameters().get(groupBy);
        if (value != null) {
          groupOf.put(entry.sampleId(), value);
        }
      }
    }
    return groupOf;
  }
}
