package org.tnas.search.data;

import java.io.Serial;
import java.io.Serializable;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.tnas.formats.samples.SampleRecord;
import org.tnas.udfs.core.AugmentationPipeline;
import org.tnas.udfs.core.CropDomain;
import org.tnas.udfs.core.FrameInput;
import org.tnas.udfs.core.FrameRepresentation;

/**
 * The training samples of a run, augmented afresh for every epoch: epoch {@code e} re-reads the
 * selected samples' events from the shard set, applies the {@link AugmentationPipeline} (each
 * sample's randomness derived from the run seed, its id and {@code e}) and encodes them, in the
 * order of {@code base}. Same seed, same epoch: the same tensors, locally or on an executor.
 * When the source clips its samples ({@link ShardDataSource#clip()}, SEE's protocol), every epoch
 * draws a fresh clip of each sample first: the effective pipeline is the clip followed by {@code
 * augmentation}, so training sees clips of the same length as validation and test.
 *
 * <p>The crop domain says where the pipeline's Crop and Mirror run: {@link CropDomain#EVENTS} (the
 * default) on the events, like every other step, before the source's representation encodes them;
 * {@link CropDomain#FRAMES} (Spiking-FER's order) on the binned frames, through {@link FrameInput}:
 * that needs the source's representation to be a {@link FrameRepresentation} and Crop and Mirror to
 * be the last steps; the clip stays an event step (it comes first). Small and serialisable.
 *
 * @param source the data recipe (shard set, representation, test split)
 * @param augmentation the augmentations; the empty pipeline without a clip gives {@code base}
 *     itself every epoch
 * @param seed the run seed of the augmentations
 * @param domain where the Crop and Mirror steps run
 */
public record AugmentedEpochs(ShardDataSource source, AugmentationPipeline augmentation, long seed, CropDomain domain)
    implements Serializable {
  @Serial private static final long serialVersionUID = 2L;

  /**
   * @throws IllegalArgumentException "Invalid crop domain: frames (...)" in the frames domain when the
   *     source's representation is not a {@link FrameRepresentation} or Crop and Mirror are not the
   *     pipeline's last steps
   */
  public AugmentedEpochs {
    Objects.requireNonNull(source, "source is null");
    Objects.requireNonNull(augmentation, "augmentation is null");
    Objects.requireNonNull(domain, "domain is null");
    if (domain.onFrames()) {
      if (!(source.representation() instanceof FrameRepresentation)) {
        throw new IllegalArgumentException("Invalid crop domain: " + domain.label() + " (needs a frame representation, not "
            + source.representation().getClass().getSimpleName() + ")");
      }
      domain.requireOrder(augmentation);
    }
  }

  /** The augmentations with Crop and Mirror on the events ({@link CropDomain#EVENTS}). */
  public AugmentedEpochs(ShardDataSource source, AugmentationPipeline augmentation, long seed) {
    this(source, augmentation, seed, CropDomain.EVENTS);
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
    Path shards = new Path(source.shardDir());
    Predicate<SampleRecord> selected = record -> wanted.contains(record.sampleId());
    LabelledTensorSet loaded;
    if (domain == CropDomain.EVENTS) {
      loaded = ShardTensorLoader.load(shards, conf, source.representation(), source.classCount(), selected,
          effectivePipeline(), seed, epoch);
    } else {
      FrameInput input = new FrameInput(effectivePipeline(), (FrameRepresentation) source.representation(), domain);
      loaded = ShardTensorLoader.load(shards, conf, source.representation(), source.classCount(), selected,
          (id, events, geometry) -> input.encode(events, geometry, seed, id, epoch));
    }
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
