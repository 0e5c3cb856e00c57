package org.tnas.pipelines.datasets;

import java.io.Serial;
import java.io.Serializable;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The result of {@link DatasetAdapter#scan}: every candidate input under the root is either one
 * {@link ClipSpec} or one {@link Rejected}, so {@code candidateCount() == clips().size() +
 * rejected().size()} by construction and nothing is dropped silently. Immutable and serialisable.
 *
 * @param dataset the adapter's name
 * @param classNames the class names the clips' label indices refer to
 * @param clips usable clips, in scan order (natural name order of the layout's folders)
 * @param rejected unusable inputs with their reasons, in scan order
 */
public record Scan(String dataset, List<String> classNames, List<ClipSpec> clips, List<Rejected> rejected)
    implements Serializable {
  @Serial private static final long serialVersionUID = 1L;

  public Scan {
    Objects.requireNonNull(dataset, "dataset is null");
    classNames = List.copyOf(Objects.requireNonNull(classNames, "classNames is null"));
    clips = List.copyOf(Objects.requireNonNull(clips, "clips is null"));
    rejected = List.copyOf(Objects.requireNonNull(rejected, "rejected is null"));
    Set<String> ids = new HashSet<>();
    for (ClipSpec clip : clips) {
      if (!ids.add(clip.clipId())) {
        throw new IllegalArgumentException("Invalid scan: clip id " + clip.clipId() + " is listed twice");
      }
      if (clip.labelIndex() >= classNames.size() || !classNames.get(clip.labelIndex()).equals(clip.labelName())) {
        throw new IllegalArgumentException("Invalid label of " + clip.clipId() + ": " + clip.labelIndex() + " "
            + clip.labelName() + " is not in " + classNames);
      }
    }
  }

  /** How many candidate inputs were examined: clips + rejected. */
  public int candidateCount() {
    return clips.size() + rejected.size();
  }
}
