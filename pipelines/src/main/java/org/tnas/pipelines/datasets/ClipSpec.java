package org.tnas.pipelines.datasets;

import java.io.Serial;
import java.io.Serializable;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One usable, labelled clip found by a {@link DatasetAdapter}: where its frames or video are and
 * what it is. Immutable and serialisable (small: paths and strings only), so a list of them can be
 * shipped to Spark executors.
 *
 * @param clipId unique id within the scan; for the Spiking-FER datasets the benchmark's {@code
 *     <subject>/<sequence 3 digits>} (e.g. {@code S005/001}) so it joins with {@code folds.csv};
 *     for SEE the sequence name; for the generic layout the path under the root without extension
 * @param dataset the adapter's {@link DatasetAdapter#name()}
 * @param subject subject id ({@code S005}, {@code P001}, SEE's {@code 001}); empty if unknown
 * @param sequence the sequence part of the id ({@code 001}); empty if the layout has none
 * @param labelIndex index into the adapter's class names (0-based, never negative: unlabelled
 *     inputs are rejected, not listed)
 * @param labelName the class name at {@code labelIndex}
 * @param kind what the sources are
 * @param location the clip as one path: the video file, or the frame folder
 * @param sources the video (exactly one) or the frame files in play order (natural name order)
 * @param framesPerSecond the recording's frame rate when the layout documents it (Oulu-CASIA 25,
 *     SEE event frames 1000/33); 0 when unknown (read it from the video or use the job's setting)
 * @param attributes layout-specific facts (SEE: {@code lighting}, {@code sex}, {@code age}, ...;
 *     CK+: {@code label_file}, ...), sorted
 * @param split {@code train} or {@code test} when the dataset fixes one (SEE), else empty
 */
public record ClipSpec(
    String clipId,
    String dataset,
    String subject,
    String sequence,
    int labelIndex,
    String labelName,
    SourceKind kind,
    String location,
    List<String> sources,
    double framesPerSecond,
    Map<String, String> attributes,
    String split)
    implements Serializable {
  @Serial private static final long serialVersionUID = 1L;

  public ClipSpec {
    Objects.requireNonNull(clipId, "clipId is null");
    Objects.requireNonNull(dataset, "dataset is null");
    Objects.requireNonNull(subject, "subject is null");
    Objects.requireNonNull(sequence, "sequence is null");
    Objects.requireNonNull(labelName, "labelName is null");
    Objects.requireNonNull(kind, "kind is null");
    Objects.requireNonNull(location, "location is null");
    Objects.requireNonNull(sources, "sources is null");
    Objects.requireNonNull(attributes, "attributes is null");
    Objects.requireNonNull(split, "split is null");
    if (clipId.isEmpty()) {
      throw new IllegalArgumentException("Invalid clip id: empty");
    }
    if (labelIndex < 0) {
      throw new IllegalArgumentException("Invalid label index: " + labelIndex);
    }
    if (labelName.isEmpty()) {
      throw new IllegalArgumentException("Invalid label name: empty");
    }
    if (sources.isEmpty()) {
      throw new IllegalArgumentException("Invalid sources of " + clipId + ": empty");
    }
    if (kind == SourceKind.VIDEO_FILE && sources.size() != 1) {
      throw new IllegalArgumentException("Invalid sources of " + clipId + ": a video clip has one file, found " + sources.size());
    }
    if (!(framesPerSecond >= 0) || Double.isInfinite(framesPerSecond)) {
      throw new IllegalArgumentException("Invalid frames per second: " + framesPerSecond);
    }
    sources = List.copyOf(sources);
    attributes = Collections.unmodifiableSortedMap(new TreeMap<>(attributes));
  }

  /** Whether the layout documents the recording's frame rate ({@link #framesPerSecond()} > 0). */
  public boolean hasKnownFrameRate() {
    return framesPerSecond > 0;
  }

  /** Whether the sources are a list of frame images (intensity or event frames). */
  public boolean isFrameSequence() {
    return kind != SourceKind.VIDEO_FILE;
  }
}
