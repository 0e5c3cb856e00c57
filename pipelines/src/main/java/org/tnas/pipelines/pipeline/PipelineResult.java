package org.tnas.pipelines.pipeline;

import java.util.List;
import org.tnas.search.ranking.RankingStudy;
import org.tnas.search.run.FinalModel;
import org.tnas.search.run.RepeatedTestPasses;
import org.tnas.search.run.SearchResult;

/**
 * What {@code tnas pipeline} produced.
 *
 * @param shards the shard set used
 * @param classNames class names by label index
 * @param trainSamples training (calibration) samples
 * @param validationSamples validation samples (the search's fitness)
 * @param testSamples test samples (the final model's numbers)
 * @param supernetCheckpoint the trained supernet
 * @param supernetValidationLoss mean validation loss of a probe path before and after supernet training
 * @param search the search
 * @param baseline the random-search baseline, or null
 * @param finalModel the retrained winner mapped to TTFS
 * @param report the report directory
 * @param seconds wall time
 * @param ranking the ranking study, or null when it was switched off
 * @param warnings what a user must know before trusting the run (also at the top of the model card)
 * @param testPasses the final model's repeated test passes (SEE's protocol), or null for a single pass
 */
public record PipelineResult(String shards, List<String> classNames, int trainSamples, int validationSamples,
    int testSamples, String supernetCheckpoint, double[] supernetValidationLoss, SearchResult search,
    SearchResult baseline, FinalModel finalModel, String report, double seconds,
    RankingStudy ranking, List<String> warnings, RepeatedTestPasses.Result testPasses) {
  public PipelineResult {
    warnings = List.copyOf(warnings);
  }
}
