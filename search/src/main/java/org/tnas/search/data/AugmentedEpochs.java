package org.tnas.search.data;

import java.io.Serial;
import java.io.Serializable;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.tnas.udfs.core.AugmentationPipeline;

/**
 * The training samples of a run, augmented afresh for every epoch: epoch {@code e} re-reads the
 * selected samples' events from the shard set, applies the {@link AugmentationPipeline} (each
 * sample's randomness derived from the run seed, its id and {@code e}) and encodes them, in the
 * order of {@code base}. Same seed, same epoch: the same tensors, locally or on an executor.
 * When the source clips its samples ({@link ShardDataSource#clip()}, SEE's protocol), every epoch
 * draws a fresh clip of each sample first: the effective pipeline is the clip followed by {@code
 * augmentation}, so training sees clips of the same length as validation and test. Small and
 * serialisable.
 *
 * @param source the data recipe (shard set, representation, test split)
 * @param augmentation the augmentations; the empty pipeline without a clip gives {@code base}
 *     itself every epoch
 * @param seed the run seed of the augmentations
 */
public record AugmentedEpochs(ShardDataSource source, AugmentationPipeline augmentation, long seed)
    implements Serializable {
  @Serial private static final long serialVersionUID = 1L;

  public AugmentedEpochs {
    Objects.requireNonNull(source, "source is null");
    Objects.requireNonNull(augmentation, "augmentation is null");
  }

  /** True when no augmentation is configured and the source draws no clip. */
  public boolean isOff() {
    return augmentation.steps().isEmpty() && source.clip() == null;
  }

  /** The pipeline applied every epoch: the source's clip (if any), then {@code augmentation}. */
  public AugmentationPipeline effectivePipeline() {
    if (source.clip() == null) {
      return augmentation;
    }
    List<AugmentationPipeline.Step> steps = new java.util.ArrayList<>();
    steps.add(new AugmentationPipeline.Step(source.clip(), 1));
    steps.addAll(augmentation.steps());
    return new AugmentationPipeline(steps);
  }

  /** The samples of {@code base} (by id, in its order), augmented for {@code epoch}. */
  public LabelledTensorSet epoch(LabelledTensorSet base, int epoch) {
    if (isOff()) {
      return base;
    }
    Configuration conf = new Configuration();
    source.hadoopSettings().forEach(conf::set);
    Set<String> wanted = new HashSet<>(base.sampleIds());
    LabelledTensorSet loaded = ShardTensorLoader.load(new Path(source.shardDir()), conf, source.representation(),
        source.classCount(), record -> wanted.contains(record.sampleId()), effectivePipeline(), seed, epoch);
    Map<String, Integer> index = new HashMap<>();
    List<String> ids = loaded.sampleIds();
    for (int i = 0; i < ids.size(); i++) {
      index.put(ids.get(i), i);
    }
    int[] order = new int[base.size()];
    for (int i = 0; i < order.length; i++) {
      order[i] = index.get(base.sampleId(i));
    }
    return loaded.subset(order);
  }
}
